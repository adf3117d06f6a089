// The player URLs as a web page uses them: one <img> per format (JPEG, PNG, WebP, AVIF, thumbnail.auto, an
// animated GIF and WebP, storyboard sheets) in headless Chromium, each image's natural size checked against
// what its URL asks for. Started by tests/browser/player_images_browser_test.cpp.
// Usage: node player_images_spec.js <server base URL> <screenshot folder>
'use strict';

const assert = require('assert');
const path = require('path');
const { chromium } = require('playwright-core');

const [baseUrl, shotDir] = process.argv.slice(2);
if (!baseUrl || !shotDir) {
  console.error('usage: node player_images_spec.js BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
const base = baseUrl.replace(/\/$/, '');

// The clip is 320x240; [URL, natural width, natural height].
const IMAGES = [
  ['/v/clip.mp4/thumbnail.jpg?width=160', 160, 120],
  ['/v/clip.mp4/thumbnail.png?width=120&height=120&fit_mode=pad', 120, 120],
  ['/v/clip.mp4/thumbnail.webp?width=200&height=100&fit_mode=crop', 200, 100],
  ['/v/clip.mp4/thumbnail.avif?width=160&rotate=90', 160, 213],
  ['/v/clip.mp4/thumbnail.auto?width=96', 96, 72],
  ['/v/clip.mp4/animated.gif?start=1&end=2&width=160', 160, 120],
  ['/v/clip.mp4/animated.webp?start=1&end=2&width=120', 120, 90],
  ['/v/clip.mp4/storyboard.jpg?tiles=4&columns=2&width=64', 128, 96],
  ['/v/clip.mp4/storyboard.webp?tiles=4&columns=2&width=64', 128, 96],
  ['/v/clip.mp4/storyboard.avif?tiles=4&columns=2&width=64', 128, 96],
];

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push('script error: ' + e.message));
    const types = {};
    page.on('response', (r) => { types[r.url()] = r.headers()['content-type']; });
    // A page of the gateway's origin (its /healthz), holding the images.
    await page.goto(base + '/healthz');
    await page.setContent('<!doctype html><body>' + IMAGES.map(([url], i) =>
      `<figure><img id="i${i}" src="${base + url}" alt=""><figcaption>${url.replace(/&/g, '&amp;')}</figcaption></figure>`)
      .join('') + '</body>');
    const sizes = await page.evaluate(async (count) => {
      const out = [];
      for (let i = 0; i < count; ++i) {
        const img = document.getElementById('i' + i);
        try {
          await img.decode();
        } catch (e) {
          out.push({ error: String(e) });
          continue;
        }
        out.push({ width: img.naturalWidth, height: img.naturalHeight });
      }
      return out;
    }, IMAGES.length);
    IMAGES.forEach(([url, width, height], i) => {
      assert.ok(!sizes[i].error, url + ' did not decode: ' + sizes[i].error);
      assert.deepStrictEqual([sizes[i].width, sizes[i].height], [width, height], url);
      console.log(`${url}: ${sizes[i].width}x${sizes[i].height}`);
    });
    // thumbnail.auto: Chromium's image requests accept AVIF, so that is what its <img> got.
    const auto = types[base + IMAGES[4][0]];
    assert.strictEqual(auto, 'image/avif', 'thumbnail.auto answered ' + auto);
    await page.screenshot({ path: path.join(shotDir, 'player-images.png'), fullPage: true });
    assert.deepStrictEqual(problems, []);
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
