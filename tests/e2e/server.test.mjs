// The development server (tools/serve.py): loopback only, GET/HEAD only,
// nothing outside the site, the isolation headers, the wasm MIME type and
// the latency endpoint's checks.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startServer } from './harness.mjs';

/** A raw request, path sent exactly as given (no normalisation by a client library). */
function raw(url, { method = 'GET', path } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path: path ?? u.pathname + u.search }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tools/serve.py', () => {
  let server;
  before(async () => {
    server = await startServer({ isolation: true });
  });
  after(() => server?.close());

  test('binds to loopback and sends COOP, COEP, DIP, CORP, ACAO and the wasm MIME type', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await raw(server.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(page.headers['cross-origin-embedder-policy'], 'require-corp');
    assert.equal(page.headers['document-isolation-policy'], 'isolate-and-require-corp');
    assert.equal(page.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(page.headers['access-control-allow-origin'], '*');
    const wasm = await raw(`${server.url}pkg/concurrency_playground_bg.wasm`);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
  });

  test('refuses every way out of the site', async () => {
    for (const path of ['/../build.sh', '/%2e%2e/build.sh', '/%2E%2E%2Fbuild.sh', '/%252e%252e/build.sh', '/pkg/../../Cargo.toml', '/..%5cbuild.sh', '/%00']) {
      const r = await raw(server.url, { path });
      assert.ok(r.status === 403 || r.status === 404 || r.status === 400, `${path} → ${r.status}`);
      assert.ok(!r.body.includes('#!/usr/bin/env bash') && !r.body.includes('[package]'), `${path} leaked a file`);
    }
  });

  test('answers only GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const r = await raw(server.url, { method });
      assert.equal(r.status, 501, method);
    }
    assert.equal((await raw(server.url, { method: 'HEAD' })).status, 200);
  });

  test('the latency endpoint checks its parameters', async () => {
    const ok = await raw(`${server.url}sim/delay?ms=5&bytes=10&status=404`);
    assert.deepEqual([ok.status, ok.body.length], [404, 10]);
    for (const q of ['ms=-1', 'ms=999999', 'bytes=abc', 'status=99', 'bytes=99999999999']) {
      assert.equal((await raw(`${server.url}sim/delay?${q}`)).status, 400, q);
    }
  });
});
