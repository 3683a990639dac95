// fetch and blocking end to end: the overlap lesson in loose time bounds,
// every failure kind as its own row beside good URLs, the page showing what
// the API returned, and the frames the ticker managed to paint.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { launch, ms, openPlayground, pageOptions, runPanel, startServer } from './harness.mjs';

/** Another origin (another port) that sends no CORS header. */
function startForeignServer() {
  return new Promise((resolve) => {
    const server = createServer((_, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('not for you');
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

for (const isolation of [true, false]) {
  describe(`fetch and blocking, ${isolation ? 'isolated' : 'no isolation'}`, () => {
    let server, foreign, browser, page, errors, info;
    const run = (name, params) => page.evaluate(([n, p]) => window.playground.run(n, p), [name, params]);
    before(async () => {
      server = await startServer({ isolation });
      foreign = await startForeignServer();
      browser = await launch();
      ({ page, errors, info } = await openPlayground(browser, server.url, pageOptions({ isolation })));
    });
    after(async () => {
      await browser?.close();
      server?.close();
      foreign?.close();
    });

    test(isolation ? 'a first run after ready waits for the service worker, which answers sim/delay' : 'with service workers blocked, the page says so', async () => {
      if (isolation) {
        // An isolated page's `ready` does not wait for the worker: on a
        // first visit it may still be installing (null) or already in control.
        assert.notEqual(info.service_worker, false);
        // A first visit of its own (a new context), the run asked for the
        // moment `ready` settles (its event), before the worker has taken
        // control. The worker answers 20 requests at once; the development
        // server, over the browser's 6 connections to it, in 4 waves
        // (840–970 ms here when the run did not wait for the worker).
        const fresh = await browser.newPage();
        await fresh.addInitScript(() => {
          addEventListener('playground:ready', () => {
            window.firstRun = window.playground.run('fetch', { mode: 'gather', count: 20, ms: 200 });
          });
        });
        await fresh.goto(server.url);
        await fresh.waitForFunction(() => window.firstRun);
        const first = await fresh.evaluate(() => window.firstRun);
        await fresh.close();
        assert.equal(first.ok, true, first.error);
        assert.ok(first.value.every((row) => row.status === 200), JSON.stringify(first.value[0]));
        assert.ok(first.total_ms < 600, `gather ${first.total_ms}`);
        const offline = await page.evaluate(() => window.playground.offline);
        assert.equal(offline.error, undefined, offline.error);
        assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);
      } else {
        assert.equal(info.service_worker, false);
        assert.match(info.reason, /service worker that adds them is not running \(service workers are disabled/);
      }
    });

    test('sequential, gather and limited(5) over 20 × 100 ms: overlap, in input order', async () => {
      const seq = await run('fetch', { mode: 'sequential' });
      const all = await run('fetch', { mode: 'gather' });
      const lim = await run('fetch', { mode: 'limited', limit: 5 });
      for (const r of [seq, all, lim]) {
        assert.equal(r.ok, true, r.error);
        assert.equal(r.value.length, 20);
        assert.ok(r.value.every((row) => row.status === 200 && row.bytes === 2048 && !row.error), JSON.stringify(r.value[0]));
        assert.deepEqual(r.events.map((e) => e.lane), Array.from({ length: 20 }, (_, i) => `request ${i}`));
      }
      assert.ok(seq.total_ms >= 20 * 100, `sequential ${seq.total_ms}`);
      // Without the service worker the development server answers, and the
      // browser opens at most 6 connections to one HTTP/1.1 host: 4 waves.
      // (The first of these runs waited for the worker to take control.)
      const waves = isolation ? 1 : Math.ceil(20 / 6);
      assert.ok(all.total_ms < (waves + 3) * 100, `gather ${all.total_ms}`);
      assert.ok(lim.total_ms >= 4 * 100 && lim.total_ms < 8 * 100, `limited ${lim.total_ms}`);
      assert.deepEqual([seq.ideal_ms, all.ideal_ms, lim.ideal_ms], [2000, 100, 400]);
      // limited(5): never more than 5 requests in flight at any moment.
      const edges = lim.events.flatMap((e) => [[e.start_ms, 1], [e.end_ms, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let inFlight = 0;
      for (const [, d] of edges) {
        inFlight += d;
        assert.ok(inFlight <= 5, `${inFlight} in flight`);
      }
    });

    test('each failure kind is its own row, and the good URLs still succeed', async () => {
      const foreignUrl = `http://127.0.0.1:${foreign.address().port}/`;
      const urls = [
        'sim/delay?ms=10&bytes=5',
        'javascript:alert(1)',
        'file:///etc/passwd',
        'http://[::1',
        'sim/delay?ms=1&status=404',
        'sim/delay?ms=1&status=500',
        'http://127.0.0.1:1/',
        foreignUrl,
        'sim/delay?ms=3000',
        'sim/delay?ms=1&bytes=200000',
        'data:text/plain,hello',
        'sim/delay?ms=20&bytes=7',
      ];
      const r = await run('fetch', { urls, timeout_ms: 800, max_bytes: 100_000 });
      assert.equal(r.ok, true, r.error);
      const rows = r.value;
      assert.deepEqual(rows.map((row) => row.url.replace(server.url, '')), [
        'sim/delay?ms=10&bytes=5', ...urls.slice(1, 4), 'sim/delay?ms=1&status=404', 'sim/delay?ms=1&status=500',
        'http://127.0.0.1:1/', foreignUrl, 'sim/delay?ms=3000', 'sim/delay?ms=1&bytes=200000', 'data:text/plain,hello', 'sim/delay?ms=20&bytes=7',
      ]);
      const [good, js, file, bad, nf, ise, refused, cors, slow, big, data, good2] = rows;
      assert.deepEqual([good.status, good.bytes, good.error], [200, 5, undefined]);
      assert.match(js.error, /javascript: URLs run code/);
      assert.match(file.error, /file: URLs cannot be fetched/);
      assert.match(bad.error, /not a valid URL/);
      assert.equal(nf.status, 404);
      assert.match(nf.error, /^HTTP 404$/);
      assert.equal(ise.status, 500);
      assert.match(ise.error, /^HTTP 500/);
      assert.match(refused.error, /network error or CORS refusal/);
      assert.match(cors.error, /CORS.*Access-Control-Allow-Origin/);
      assert.match(slow.error, /timed out after 800 ms/);
      assert.match(big.error, /larger than the cap of 100000 bytes/);
      assert.deepEqual([data.status, data.bytes, data.error], [200, 5, undefined]);
      assert.deepEqual([good2.status, good2.bytes, good2.error], [200, 7, undefined]);
      assert.equal(r.failed, 9);
    });

    test('1 000 concurrent simulated requests all succeed, in input order', async () => {
      const r = await run('fetch', { count: 1000, ms: 50, bytes: 64, mode: 'gather' });
      assert.equal(r.ok, true, r.error);
      assert.equal(r.value.length, 1000);
      assert.equal(r.failed, 0, JSON.stringify(r.value.find((v) => v.error)));
      assert.equal(r.events.at(-1).lane, 'request 999');
    });

    test('cancel aborts every request in flight', async () => {
      const r = await page.evaluate(async () => {
        const running = window.playground.run('fetch', { count: 50, ms: 5000 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        window.playground.cancel();
        const first = await running;
        const next = await window.playground.run('fetch', { count: 3, ms: 10 });
        return { ok: first.ok, error: first.error, total: first.total_ms, next: next.ok };
      });
      assert.deepEqual([r.ok, r.error, r.next], [false, 'cancelled', true]);
      assert.ok(r.total < 2000, `cancel took ${r.total} ms`);
    });

    test('bad parameters are named', async () => {
      for (const [params, name] of [
        [{ mode: 'parallel' }, 'mode'], [{ mode: 'limited', limit: 0 }, 'limit'], [{ count: 0 }, 'count'],
        [{ ms: -1 }, 'ms'], [{ timeout_ms: 0 }, 'timeout_ms'], [{ max_bytes: Number.NaN }, 'max_bytes'],
        [{ urls: 42 }, 'urls'], [{ urls: [] }, 'urls'],
      ]) {
        const r = await run('fetch', params);
        assert.equal(r.ok, false, JSON.stringify(params));
        assert.ok(r.error.includes(`\`${name}\``), `${JSON.stringify(params)} → ${r.error}`);
      }
      for (const [params, name] of [[{ ms: 0 }, 'ms'], [{ where: 'gpu' }, 'where']]) {
        const r = await run('blocking', params);
        assert.ok(!r.ok && r.error.includes(`\`${name}\``), r.error);
      }
    });

    test('the fetch panel shows the timings the API returned', async () => {
      // Keep the result the panel's own button receives from the API.
      await page.evaluate(() => {
        const run = window.playground.run;
        window.playground.run = async (...args) => (window.lastResult = await run(...args));
      });
      await runPanel(page, 'fetch');
      const { status, figures, rows, result } = await page.evaluate(() => ({
        status: document.getElementById('fetch-status').textContent,
        figures: document.getElementById('fetch-figures').textContent,
        rows: [...document.querySelectorAll('#fetch-table tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)),
        result: { total_ms: window.lastResult.total_ms, ideal_ms: window.lastResult.ideal_ms, value: window.lastResult.value },
      }));
      assert.equal(status, `Done: 20 requests, 0 failed, gather in ${ms(result.total_ms)} (ideal ${ms(result.ideal_ms)}).`);
      assert.ok(figures.includes(`total${ms(result.total_ms)}`) && figures.includes(`ideal${ms(result.ideal_ms)}`), figures);
      assert.deepEqual(rows.map((r) => [r[1], r[2], r[3]]), result.value.map((v) => [v.url, String(v.status), String(v.bytes)]));
    });

    test('blocking: only the main-thread loop stops the frames', async () => {
      const main = await run('blocking', { where: 'main', ms: 400 });
      const sliced = await run('blocking', { where: 'sliced', ms: 400 });
      const worker = await run('blocking', { where: 'worker', ms: 400 });
      for (const r of [main, sliced, worker]) assert.equal(r.ok, true, r.error);
      assert.ok(main.value.longest_gap_ms >= 350, `main: ${JSON.stringify(main.value)}`);
      assert.ok(main.value.dropped_frames >= 15, `main: ${JSON.stringify(main.value)}`);
      for (const r of [sliced, worker]) {
        assert.ok(r.value.longest_gap_ms < 150, `${r.params.where}: ${JSON.stringify(r.value)}`);
        assert.ok(r.frames >= 10, `${r.params.where}: ${r.frames} frames`);
      }
    });

    test('no console errors and no page errors (beyond the failed requests made on purpose)', () => {
      assert.deepEqual(errors, []);
      assert.ok(errors.network.length <= 5, errors.network.join('\n'));
    });
  });
}
