// Interop: Alibaba Cloud's own RPC client (@alicloud/pop-core RPCClient) drives the real `thumbgate serve` as
// the ICE endpoint (Version 2020-11-09): SubmitSnapshotJob by POST form, GetSnapshotJob polled to Success,
// every URL GetSnapshotUrls returns downloaded, ListSnapshotJobs; a wrong AccessKeySecret gets
// SignatureDoesNotMatch through the client.
// Usage: node ice_sdk_interop.js <thumbgate binary> <scratch dir>
'use strict';

const assert = require('assert');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const RPCClient = require('@alicloud/pop-core').RPCClient;

const KEY_ID = 'LTAI5tInteropKey0001';
const KEY_SECRET = 'interopIceSecret0000000000000000';

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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const [binary, scratch] = process.argv.slice(2);
  if (!binary || !scratch) throw new Error('usage: node ice_sdk_interop.js <thumbgate> <scratch dir>');
  const dir = path.resolve(scratch, 'ice-sdk-interop-' + process.pid);
  fs.rmSync(dir, { recursive: true, force: true });
  const bucketDir = path.join(dir, 'media', 'oss', 'in', 'videos');
  fs.mkdirSync(bucketDir, { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
    'testsrc2=size=320x240:rate=25:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    path.join(bucketDir, 'clip.mp4')]);
  const config = {
    listen: '127.0.0.1:0',
    data_dir: path.join(dir, 'data'),
    media_root: path.join(dir, 'media'),
    aliyun_ice: {
      access_keys: [{ access_key_id: KEY_ID, access_key_secret: KEY_SECRET }],
      input_buckets: [{ name: 'in-bucket', root: 'oss/in' }],
      output_bucket: { name: 'out-bucket', folder: 'ice-out' },
      templates: { 'interop-normal': { Type: 'Normal', FrameType: 'normal', Count: 3, Interval: 1 } },
    },
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));

  const { child, port } = await startServer(binary, dir);
  try {
    const endpoint = 'http://127.0.0.1:' + port;
    const client = new RPCClient({ accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, endpoint, apiVersion: '2020-11-09' });

    // 1. SubmitSnapshotJob by POST form, object parameters as JSON strings.
    const submitted = await client.request('SubmitSnapshotJob', {
      Input: JSON.stringify({ Type: 'OSS', Media: 'oss://in-bucket/videos/clip.mp4' }),
      Output: JSON.stringify({ Type: 'OSS', Media: 'oss://out-bucket/interop/frame-{Count}.jpg' }),
      TemplateConfig: JSON.stringify({ TemplateId: 'interop-normal', OverwriteParams: { Width: 160 } }),
      Name: 'interop job',
      UserData: JSON.stringify({ from: 'pop-core' }),
    }, { method: 'POST' });
    assert.ok(submitted.RequestId, 'SubmitSnapshotJob: RequestId');
    assert.ok(submitted.JobId, 'SubmitSnapshotJob: JobId');
    console.log('ok: SubmitSnapshotJob (POST) -> JobId ' + submitted.JobId);

    // 2. GetSnapshotJob (GET) until it is no longer Init.
    let job;
    for (let i = 0; i < 600; ++i) {
      job = (await client.request('GetSnapshotJob', { JobId: submitted.JobId })).SnapshotJob;
      if (job.Status !== 'Init') break;
      await sleep(100);
    }
    assert.strictEqual(job.Status, 'Success', 'GetSnapshotJob: ' + JSON.stringify(job));
    assert.strictEqual(job.Name, 'interop job');
    assert.strictEqual(job.UserData, JSON.stringify({ from: 'pop-core' }));
    assert.strictEqual(job.Count, 3);
    console.log('ok: GetSnapshotJob -> Success, Count 3');

    // 3. GetSnapshotUrls: every URL downloads as a 160x120 JPEG.
    const urls = await client.request('GetSnapshotUrls', { JobId: submitted.JobId, Timeout: 600 });
    assert.strictEqual(urls.Total, 3, 'GetSnapshotUrls: Total');
    assert.strictEqual(urls.SnapshotUrls.length, 3, 'GetSnapshotUrls: SnapshotUrls');
    for (const url of urls.SnapshotUrls) {
      const fetched = await fetch(url);
      const body = Buffer.from(await fetched.arrayBuffer());
      assert.strictEqual(fetched.status, 200, url + ': ' + body.toString());
      assert.deepStrictEqual(jpegSize(body), { width: 160, height: 120 }, url);
    }
    console.log('ok: GetSnapshotUrls -> 3 URLs, each a 160x120 JPEG');

    // 4. ListSnapshotJobs lists it.
    const list = await client.request('ListSnapshotJobs', { PageSize: 10 });
    assert.ok(list.Jobs.some((j) => j.JobId === submitted.JobId), 'ListSnapshotJobs: ' + JSON.stringify(list));
    console.log('ok: ListSnapshotJobs lists the job');

    // 5. A wrong secret: the client reports SignatureDoesNotMatch (GET and POST).
    const wrong = new RPCClient({ accessKeyId: KEY_ID, accessKeySecret: 'notTheSecret0000000000000000000', endpoint,
      apiVersion: '2020-11-09' });
    for (const method of ['GET', 'POST']) {
      let error = null;
      try {
        await wrong.request('GetSnapshotJob', { JobId: submitted.JobId }, { method });
      } catch (e) {
        error = e;
      }
      assert.ok(error, 'wrong secret (' + method + '): the call succeeded');
      assert.strictEqual(error.code, 'SignatureDoesNotMatch', 'wrong secret (' + method + '): ' + error);
      assert.ok(error.data.RequestId && error.data.HostId, 'wrong secret: error shape ' + JSON.stringify(error.data));
    }
    console.log('ok: wrong AccessKeySecret -> SignatureDoesNotMatch');
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
