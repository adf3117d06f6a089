// Interop: Tencent's own COS Node SDK (cos-nodejs-sdk-v5) fetches GetSnapshot images from the real
// `thumbgate serve`, through a custom domain bound to the bucket and through the gateway as its HTTP proxy,
// and a wrong SecretKey gets SignatureDoesNotMatch.
// Usage: node cos_sdk_interop.js <thumbgate binary> <scratch dir>
'use strict';

const assert = require('assert');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const COS = require('cos-nodejs-sdk-v5');

const BUCKET = 'examplebucket-1250000000';
const REGION = 'ap-beijing';
const SECRET_ID = 'AKIDinteropinteropinteropinterop0000';
const SECRET_KEY = 'interopSecretKey0000000000000000';

function fail(message) {
  console.error('FAIL: ' + message);
  process.exitCode = 1;
}

/// Width and height from a JPEG's first SOF marker, or null.
function jpegSize(buf) {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1];
    const length = buf.readUInt16BE(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  return null;
}

/// Width and height from a PNG's IHDR, or null.
function pngSize(buf) {
  const magic = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(magic)) return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

function startServer(binary, dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['serve', '--config', path.join(dir, 'config.json')], { cwd: dir });
    let output = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + output)), 30000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error('server exited with ' + code + ': ' + output)));
  });
}

function getSnapshot(cos, query) {
  return new Promise((resolve) => {
    cos.getObject({ Bucket: BUCKET, Region: REGION, Key: 'videos/clip.mp4', Query: query }, (err, data) =>
      resolve({ err, data }));
  });
}

function errorCode(err) {
  return (err && (err.code || (err.error && err.error.Code))) || '';
}

async function main() {
  const [binary, scratch] = process.argv.slice(2);
  if (!binary || !scratch) throw new Error('usage: node cos_sdk_interop.js <thumbgate> <scratch dir>');
  const dir = path.resolve(scratch, 'cos-sdk-interop-' + process.pid);
  fs.rmSync(dir, { recursive: true, force: true });
  const bucketDir = path.join(dir, 'media', 'cos', 'examplebucket', 'videos');
  fs.mkdirSync(bucketDir, { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
    'testsrc2=size=320x240:rate=25:duration=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    path.join(bucketDir, 'clip.mp4')]);
  const config = {
    listen: '127.0.0.1:0',
    data_dir: path.join(dir, 'data'),
    media_root: path.join(dir, 'media'),
    cos: {
      buckets: [{ name: BUCKET, region: REGION, root: 'cos/examplebucket', acl: 'private', domains: ['localhost'] }],
      credentials: [{ secret_id: SECRET_ID, secret_key: SECRET_KEY }],
    },
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));

  const { child, port } = await startServer(binary, dir);
  try {
    // 1. A custom domain bound to the bucket (resolves to loopback), with its port.
    const viaDomain = new COS({
      SecretId: SECRET_ID, SecretKey: SECRET_KEY, Protocol: 'http:', Domain: 'localhost:' + port, Timeout: 30000,
    });
    let r = await getSnapshot(viaDomain, { 'ci-process': 'snapshot', time: 1, width: 160 });
    if (r.err) {
      fail('custom domain: ' + JSON.stringify(r.err));
    } else {
      const size = jpegSize(r.data.Body);
      assert.ok(size, 'custom domain: the body is not a JPEG');
      assert.deepStrictEqual(size, { width: 160, height: 120 }, 'custom domain: JPEG size');
      assert.strictEqual(r.data.headers['content-type'], 'image/jpeg');
      assert.ok(r.data.headers['x-cos-request-id'], 'custom domain: x-cos-request-id');
      console.log('ok: custom domain localhost:' + port + ' -> JPEG ' + size.width + 'x' + size.height);
    }

    // 2. The gateway as the SDK's HTTP proxy: absolute-form targets for <bucket>.cos.<region>.myqcloud.com.
    const viaProxy = new COS({
      SecretId: SECRET_ID, SecretKey: SECRET_KEY, Protocol: 'http:', Proxy: 'http://127.0.0.1:' + port, Timeout: 30000,
    });
    r = await getSnapshot(viaProxy, { 'ci-process': 'snapshot', time: '2.5' });
    if (r.err) {
      fail('proxy: ' + JSON.stringify(r.err));
    } else {
      const size = jpegSize(r.data.Body);
      assert.deepStrictEqual(size, { width: 320, height: 240 }, 'proxy: JPEG size');
      console.log('ok: proxy -> JPEG ' + size.width + 'x' + size.height);
    }
    r = await getSnapshot(viaProxy, { 'ci-process': 'snapshot', time: 1, height: 60, format: 'png', mode: 'keyframe' });
    if (r.err) {
      fail('proxy png: ' + JSON.stringify(r.err));
    } else {
      assert.deepStrictEqual(pngSize(r.data.Body), { width: 80, height: 60 }, 'proxy: PNG size');
      assert.strictEqual(r.data.headers['content-type'], 'image/png');
      console.log('ok: proxy -> PNG 80x60');
    }

    // 3. A wrong SecretKey is refused with COS's own error, as the SDK reports it.
    const wrongKey = new COS({
      SecretId: SECRET_ID, SecretKey: 'notTheSecretKey000000000000000000', Protocol: 'http:',
      Proxy: 'http://127.0.0.1:' + port, Timeout: 30000,
    });
    r = await getSnapshot(wrongKey, { 'ci-process': 'snapshot', time: 1 });
    if (!r.err) {
      fail('wrong key: the snapshot was served');
    } else {
      assert.strictEqual(r.err.statusCode, 403, 'wrong key: status');
      assert.strictEqual(errorCode(r.err), 'SignatureDoesNotMatch', 'wrong key: ' + JSON.stringify(r.err));
      console.log('ok: wrong SecretKey -> 403 SignatureDoesNotMatch');
    }

    // 3b. A presigned URL from the SDK (signature in the query), fetched by a plain HTTP client.
    const url = await new Promise((resolve, reject) => viaDomain.getObjectUrl({
      Bucket: BUCKET, Region: REGION, Key: 'videos/clip.mp4', Sign: true,
      Query: { 'ci-process': 'snapshot', time: '0.5', width: 64 },
    }, (err, data) => (err ? reject(err) : resolve(data.Url))));
    const fetched = await fetch(url);
    const body = Buffer.from(await fetched.arrayBuffer());
    if (fetched.status !== 200) {
      fail('presigned URL ' + url + ': ' + fetched.status + ' ' + body.toString());
    } else {
      assert.deepStrictEqual(jpegSize(body), { width: 64, height: 48 }, 'presigned URL: JPEG size');
      console.log('ok: presigned URL -> JPEG 64x48');
    }

    // 4. An unknown SecretId through the custom domain.
    const unknownId = new COS({
      SecretId: 'AKIDnobodynobodynobodynobody000000', SecretKey: SECRET_KEY, Protocol: 'http:',
      Domain: 'localhost:' + port, Timeout: 30000,
    });
    r = await getSnapshot(unknownId, { 'ci-process': 'snapshot', time: 1 });
    assert.ok(r.err, 'unknown SecretId: the snapshot was served');
    assert.strictEqual(errorCode(r.err), 'InvalidAccessKeyId', 'unknown id: ' + JSON.stringify(r.err));
    console.log('ok: unknown SecretId -> InvalidAccessKeyId');
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
  if (!process.exitCode) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exitCode = 1;
});
