// The admin console in headless Chromium against the real `thumbgate serve`: sign in, the overview, find a
// finished ZEGO task by its id, its pictures, then retry a failed task from its page and see it succeed.
// Started by tests/browser/admin_console_browser_test.cpp, which made both tasks.
// Usage: node admin_console_spec.js <server base URL> <admin token> <ZEGO task id> <failed task id>
//                                   <screenshot folder>
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const [baseUrl, token, zegoTaskId, failedTaskId, shotDir] = process.argv.slice(2);
if (!baseUrl || !token || !zegoTaskId || !failedTaskId || !shotDir) {
  console.error('usage: node admin_console_spec.js BASE_URL TOKEN ZEGO_TASK_ID FAILED_TASK_ID SCREENSHOT_DIR');
  process.exit(2);
}
const consoleUrl = baseUrl.replace(/\/$/, '') + '/admin/';
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 390, height: 844 };
const TASK_TIMEOUT_MS = 90000;

function log(message) {
  console.log(new Date().toISOString() + ' ' + message);
}

/** Everything the page reports that must not happen: script errors and CSP violations. */
function watch(page, problems, tag) {
  page.on('pageerror', (e) => problems.push(tag + ': script error: ' + e.message));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(tag + ': ' + text);
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 401/.test(text)) {
      log(tag + ' console error: ' + text);
    }
  });
}

async function shot(page, name) {
  const file = path.join(shotDir, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  log('screenshot ' + file);
}

/** The page is no wider than its viewport (nothing to scroll sideways). */
async function assertNoSidewaysScroll(page, what) {
  const { scroll, viewport } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, viewport: window.innerWidth,
  }));
  assert.ok(scroll <= viewport, what + ': page is ' + scroll + ' px wide in a ' + viewport + ' px viewport');
}

async function signIn(page) {
  await page.goto(consoleUrl);
  await page.waitForSelector('#token', { state: 'visible' });
  // A wrong token is refused on the form.
  await page.fill('#token', 'not-the-admin-token-0000');
  await page.click('#signin');
  await page.waitForSelector('#signin-error', { state: 'visible' });
  assert.ok((await page.textContent('#signin-error')).length > 0);
  await page.fill('#token', token);
  await page.click('#signin');
  await page.waitForSelector('#overview .card', { state: 'visible' });
}

/** Filters the task list by one id and opens that task's page from its row. */
async function openTaskFromList(page, id) {
  await page.click('#nav-tasks');
  await page.waitForSelector('#filter-id', { state: 'visible' });
  await page.fill('#filter-id', id);
  await page.selectOption('#filter-status', '');
  await page.click('#apply-filters');
  // The filtered page replaces the unfiltered one: exactly one row, this task's.
  await page.waitForFunction((taskId) => {
    const rows = document.querySelectorAll('#tasks-table tbody tr');
    return rows.length === 1 && rows[0].dataset.taskId === taskId;
  }, id);
  await page.locator(`#tasks-table tr[data-task-id="${id}"] a`).first().click();
  await page.waitForFunction((taskId) => location.hash === '#/task/' + encodeURIComponent(taskId), id);
}

async function waitStatus(page, status) {
  await page.waitForFunction((want) => document.querySelector('#task-status').textContent === want, status,
    { timeout: TASK_TIMEOUT_MS });
}

/** Every output image of the task page is loaded and has pixels. */
async function assertImagesLoaded(page) {
  await page.waitForSelector('.output-img', { state: 'attached', timeout: TASK_TIMEOUT_MS });
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.output-img')).every((i) => i.complete),
    null, { timeout: 30000 });
  const widths = await page.$$eval('.output-img', (imgs) => imgs.map((i) => i.naturalWidth));
  assert.ok(widths.length > 0, 'the task page shows its images');
  widths.forEach((w, i) => assert.ok(w > 0, 'output image ' + i + ' has naturalWidth ' + w));
  return widths.length;
}

async function main() {
  fs.mkdirSync(shotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  const problems = [];
  try {
    const context = await browser.newContext({ viewport: WIDE });
    const page = await context.newPage();
    page.setDefaultTimeout(30000);
    watch(page, problems, 'wide');

    log('sign in');
    await signIn(page);
    // Both tasks were created within the last hour.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#overview tr[data-status] td.num'))
      .reduce((sum, td) => sum + Number(td.textContent), 0) >= 2);
    await shot(page, 'overview-1280');

    log('find the ZEGO task ' + zegoTaskId);
    await openTaskFromList(page, zegoTaskId);
    await waitStatus(page, 'SUCCEEDED');
    const images = await assertImagesLoaded(page);
    log(images + ' output images loaded');
    // The request as received, as the API gives it (null when the adapter stored none).
    const detail = await page.evaluate(async (id) =>
      (await fetch('api/tasks/' + encodeURIComponent(id), { cache: 'no-store' })).json(), zegoTaskId);
    const requestText = await page.textContent('#task-request');
    if (detail.task.request === null) {
      assert.strictEqual(requestText, 'Not recorded.');
    } else {
      assert.ok(requestText.includes('MediaThumbnails'), 'the request as received: ' + requestText);
    }
    assert.ok(!(await page.textContent('body')).includes(token), 'the admin token is not on the page');
    assert.ok(!requestText.includes('Signature='), 'no signature on the page');
    assert.ok(await page.locator('#task-timeline li').count() >= 2, 'the timeline');
    assert.ok(await page.locator('#task-attempts tbody tr').count() >= 1, 'the attempts');
    await shot(page, 'zego-task-1280');

    log('redeliver its callback');
    const callback = page.locator('#task-callbacks .callback').first();
    await callback.waitFor({ state: 'visible' });
    // The receiver refused the first POST; the sender's retry got through. The page refreshes until then.
    await page.waitForFunction(() => {
      const state = document.querySelector('#task-callbacks .callback .status');
      return state && state.textContent === 'delivered';
    }, null, { timeout: TASK_TIMEOUT_MS });
    const deliveries = await callback.locator('tbody tr').count();
    assert.ok(deliveries >= 2, 'a failed delivery and its retry are listed, got ' + deliveries);
    assert.ok((await callback.locator('tbody').textContent()).includes('500'), 'the refused delivery shows HTTP 500');
    await callback.locator('button', { hasText: 'Redeliver' }).click();
    await page.waitForFunction((before) => {
      const cb = document.querySelector('#task-callbacks .callback');
      return cb && cb.querySelectorAll('tbody tr').length > before &&
        cb.querySelector('.status').textContent === 'delivered';
    }, deliveries, { timeout: TASK_TIMEOUT_MS });

    log('retry the failed task ' + failedTaskId);
    await openTaskFromList(page, failedTaskId);
    await waitStatus(page, 'FAILED');
    const failedAttempts = await page.locator('#task-attempts tbody tr').count();
    assert.ok(failedAttempts >= 1, 'the failed attempt is listed');
    assert.ok((await page.textContent('#task-attempts')).length > 0);
    await page.waitForSelector('#retry', { state: 'visible' });
    assert.ok(await page.locator('#cancel').isHidden(), 'a failed task cannot be canceled');
    await shot(page, 'failed-task-1280');
    await page.click('#retry');
    await waitStatus(page, 'SUCCEEDED');
    await assertImagesLoaded(page);
    assert.ok(await page.locator('#task-attempts tbody tr').count() > failedAttempts, 'the retry is a new attempt');
    assert.ok(await page.locator('#retry').isHidden(), 'a succeeded task offers no retry');
    await shot(page, 'retried-task-1280');

    log('bulk retry asks the count first');
    await page.click('#nav-tasks');
    await page.fill('#filter-id', '');
    await page.selectOption('#filter-status', 'SUCCEEDED');
    await page.click('#apply-filters');
    await page.waitForFunction((ids) => {
      const rows = Array.from(document.querySelectorAll('#tasks-table tbody tr'));
      return rows.length === 2 && ids.every((id) => rows.some((r) => r.dataset.taskId === id));
    }, [zegoTaskId, failedTaskId]);
    await page.check('#select-all');
    await page.click('#bulk-retry');
    await page.waitForSelector('#bulk-confirm', { state: 'visible' });
    // Succeeded tasks cannot be retried: the count is 0 and there is nothing to confirm.
    assert.ok((await page.textContent('#bulk-confirm-text')).startsWith('None of the selected tasks'));
    assert.ok(await page.locator('#bulk-confirm-yes').isHidden(), 'nothing to confirm');
    await page.click('#bulk-confirm-no');
    await context.close();

    log('390 px wide');
    const phone = await browser.newContext({ viewport: NARROW, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    small.setDefaultTimeout(30000);
    watch(small, problems, 'narrow');
    await signIn(small);
    await assertNoSidewaysScroll(small, 'overview');
    await shot(small, 'overview-390');
    await small.click('#nav-tasks');
    await small.waitForSelector(`#tasks-table tr[data-task-id="${zegoTaskId}"]`, { state: 'visible' });
    // The table is one card per task: rows are blocks, the header row is not shown.
    assert.strictEqual(await small.$eval('#tasks-table tbody tr', (tr) => getComputedStyle(tr).display), 'block');
    assert.ok(await small.locator('#tasks-table thead').isHidden(), 'no table header on a phone');
    await assertNoSidewaysScroll(small, 'tasks');
    await shot(small, 'tasks-390');
    await small.locator(`#tasks-table tr[data-task-id="${zegoTaskId}"] a`).first().click();
    await waitStatus(small, 'SUCCEEDED');
    await assertImagesLoaded(small);
    await assertNoSidewaysScroll(small, 'task page');
    await shot(small, 'zego-task-390');

    log('sign out');
    await small.click('#signout');
    await small.waitForSelector('#token', { state: 'visible' });
    const status = await small.evaluate(async () => (await fetch('api/overview')).status);
    assert.strictEqual(status, 401, 'signed out: the API refuses the old session');
    await phone.close();
  } finally {
    await browser.close();
  }
  assert.deepStrictEqual(problems, [], 'script errors or CSP violations');
  log('PASS');
}

main().catch((e) => {
  console.error('FAIL: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
