// Interop: requests signed by Huawei Cloud's own SDK signer (AKSKSigner of @huaweicloud/huaweicloud-sdk-core,
// the signer every huaweicloud-sdk-* service client uses) create, query and cancel MPC thumbnail tasks on the
// real `thumbgate serve`; a wrong SK gets 401 APIGW.0301.
// Usage: node mpc_sdk_interop.js <thumbgate binary> <scratch dir>
'use strict';

const assert = require('assert');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');

const AK = 'HWAKINTEROP000000001';
const SK = 'HWSKinteropSecretKey00000000000000000000';
const PROJECT = '0a1b2c3d4e5f';

function startServer(binary, dir, configName = 'config.json') {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['serve', '--config', path.join(dir, configName)], { cwd: dir });
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

/// Signs {method, queryParams, data} with the SDK's signer as its HcClient does, sends it, and resolves
/// {status, body (parsed JSON or null)}.
function call(port, sk, method, queryParams, data) {
  const credentials = new BasicCredentials().withAk(AK).withSk(sk).withProjectId(PROJECT);
  const endpoint = 'http://127.0.0.1:' + port + '/v1/' + PROJECT + '/thumbnails';
  const headers = { 'X-Project-Id': PROJECT };
  if (data !== undefined) headers['Content-Type'] = 'application/json;charset=UTF-8';
  const signed = AKSKSigner.sign({ method, endpoint, headers, queryParams, data }, credentials);
  const query = [];
  for (const [key, value] of Object.entries(queryParams || {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      query.push(encodeURIComponent(key) + '=' + encodeURIComponent(String(v)));
    }
  }
  const body = data !== undefined ? JSON.stringify(data) : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, method,
      path: '/v1/' + PROJECT + '/thumbnails' + (query.length ? '?' + query.join('&') : ''),
      headers: body !== undefined ? { ...signed, 'Content-Length': Buffer.byteLength(body) } : signed,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        resolve({ status: res.statusCode, body: parsed, text });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function createBody(para) {
  return {
    input: { bucket: 'media-bucket', location: 'cn-north-4', object: 'videos/clip.mp4' },
    output: { bucket: 'thumb-bucket', location: 'cn-north-4', object: 'thumbs/' },
    thumbnail_para: para,
  };
}

async function main() {
  const [binary, scratch] = process.argv.slice(2);
  if (!binary || !scratch) throw new Error('usage: node mpc_sdk_interop.js <thumbgate> <scratch dir>');
  const dir = path.resolve(scratch, 'mpc-sdk-interop-' + process.pid);
  fs.rmSync(dir, { recursive: true, force: true });
  const videos = path.join(dir, 'media', 'obs', 'videos');
  fs.mkdirSync(videos, { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
    'testsrc2=size=320x240:rate=25:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    path.join(videos, 'clip.mp4')]);
  const config = {
    listen: '127.0.0.1:0',
    data_dir: path.join(dir, 'data'),
    media_root: path.join(dir, 'media'),
    huawei_mpc: {
      credentials: [{ access_key: AK, secret_key: SK, project_id: PROJECT }],
      input_buckets: [{ name: 'media-bucket', root: 'obs' }],
      output_buckets: [{ name: 'thumb-bucket', root: path.join(dir, 'out') }],
    },
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));

  const { child, port } = await startServer(binary, dir);
  try {
    // 1. Create: TIME every 2 s.
    let r = await call(port, SK, 'POST', undefined, createBody({ type: 'TIME', time: 2, output_filename: 'pic' }));
    assert.strictEqual(r.status, 200, 'create: ' + r.text);
    const taskId = r.body.task_id;
    assert.ok(taskId, 'create: task_id');
    console.log('ok: create -> task_id ' + taskId);

    // 2. Query until it has finished.
    let task = null;
    for (let i = 0; i < 300; i++) {
      r = await call(port, SK, 'GET', { task_id: [taskId] });
      assert.strictEqual(r.status, 200, 'query: ' + r.text);
      task = r.body.task_array[0];
      if (task && ['SUCCEEDED', 'FAILED', 'CANCELED'].includes(task.status)) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    assert.strictEqual(task.status, 'SUCCEEDED', 'query: ' + JSON.stringify(task));
    const pics = task.thumbnail_info.map((p) => p.pic_name);
    assert.deepStrictEqual(pics, ['pic_0.jpg', 'pic_2.jpg']);
    for (const pic of pics) {
      assert.ok(fs.statSync(path.join(dir, 'out', 'thumbs', taskId, pic)).size > 100, pic);
    }
    console.log('ok: query -> SUCCEEDED with ' + pics.join(', '));

    // 3. Several ids and paging, as the SDK sends arrays.
    const second = (await call(port, SK, 'POST', undefined, createBody({ type: 'DOTS', dots: [1] }))).body.task_id;
    r = await call(port, SK, 'GET', { task_id: [taskId, second], page: 0, size: 10 });
    assert.strictEqual(r.status, 200, 'query two: ' + r.text);
    assert.strictEqual(r.body.total, 2);
    console.log('ok: query of two ids -> total 2');

    // 4. Cancel: a finished task is refused with an MPC error; the call itself is signed and accepted.
    for (let i = 0; i < 300; i++) {
      r = await call(port, SK, 'GET', { task_id: [second] });
      if (r.body.task_array[0].status === 'SUCCEEDED') break;
      await new Promise((done) => setTimeout(done, 100));
    }
    r = await call(port, SK, 'DELETE', { task_id: second });
    assert.strictEqual(r.status, 400, 'cancel finished: ' + r.text);
    assert.strictEqual(r.body.error_code, 'MPC.10202');
    console.log('ok: cancel of a finished task -> 400 MPC.10202');

    // 5. Cancel of a waiting task, on a second server without workers (its tasks stay WAITING).
    const idle = { ...config, data_dir: path.join(dir, 'data-idle'), workers: 0 };
    fs.writeFileSync(path.join(dir, 'config-idle.json'), JSON.stringify(idle));
    const waiting = await startServer(binary, dir, 'config-idle.json');
    try {
      const id = (await call(waiting.port, SK, 'POST', undefined, createBody({ type: 'TIME', time: 1 }))).body.task_id;
      r = await call(waiting.port, SK, 'GET', { task_id: [id] });
      assert.strictEqual(r.body.task_array[0].status, 'WAITING');
      r = await call(waiting.port, SK, 'DELETE', { task_id: id });
      assert.strictEqual(r.status, 204, 'cancel waiting: ' + r.text);
      r = await call(waiting.port, SK, 'GET', { task_id: [id] });
      assert.strictEqual(r.body.task_array[0].status, 'CANCELED');
      console.log('ok: cancel of a waiting task -> 204, then CANCELED');
    } finally {
      waiting.child.removeAllListeners('exit');
      waiting.child.kill('SIGTERM');
    }

    // 6. A wrong SK.
    r = await call(port, 'HWSKwrongwrongwrongwrongwrongwrong00000', 'GET', { task_id: [taskId] });
    assert.strictEqual(r.status, 401, 'wrong SK: ' + r.text);
    assert.strictEqual(r.body.error_code, 'APIGW.0301');
    console.log('ok: wrong SK -> 401 APIGW.0301');
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
