// www/ on a static host that sends no special headers (Python's stock
// http.server): the service worker isolates the page after one automatic
// reload and caches it for offline use; with service workers blocked the page
// falls back to process-style workers and says why.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openPlayground, serverAndBrowser } from './harness.mjs';

/** Counts the main frame's loads of `page` from now on. */
function countLoads(page) {
  const counter = { loads: 0 };
  page.on('framenavigated', (frame) => frame === page.mainFrame() && counter.loads++);
  return counter;
}

describe('static host, service workers allowed', () => {
  const env = serverAndBrowser({ plain: true });
  let page, errors, info, loads;

  test('one automatic reload, then cross-origin isolated with threads', async () => {
    const fresh = await env.browser.newPage();
    loads = countLoads(fresh);
    ({ page, errors, info } = await openPlayground({ newPage: async () => fresh }, env.server.url));
    assert.equal(loads.loads, 2, `the page loaded ${loads.loads} time(s)`);
    assert.equal(info.isolated, true);
    assert.equal(info.threads, true, info.reason);
    assert.equal(info.service_worker, true);
    assert.match(await page.textContent('#mode'), /^Threads: shared memory/);
    const counter = await page.evaluate(() => window.playground.run('counter', { variant: 'mutex', threads: 2, iterations: 20_000 }));
    assert.equal(counter.ok, true, counter.error);
    assert.equal(counter.value, 40_000);
    await page.waitForTimeout(500);
    assert.equal(loads.loads, 2, 'no further reloads');
  });

  test('the service worker answers sim/delay, so gather overlaps on a host with no endpoints', async () => {
    const r = await page.evaluate(() => window.playground.run('fetch', { mode: 'gather' }));
    assert.equal(r.ok, true, r.error);
    assert.equal(r.failed, 0, JSON.stringify(r.value.find((v) => v.error)));
    assert.ok(r.total_ms < 4 * 100, `gather ${r.total_ms}`);
  });

  test('every file of the build is cached, and the page says it works offline', async () => {
    const cached = await page.evaluate(() => window.playground.offline);
    assert.equal(cached.error, undefined, cached.error);
    assert.ok(cached.files > 25, JSON.stringify(cached));
    await page.waitForFunction(() => document.getElementById('offline').textContent.startsWith('Available offline'));
  });

  test('offline — the server gone — a reload still starts the page, isolated, and runs demos', async () => {
    env.server.close();
    await env.server.exited;
    // Proof the network is really gone for this origin.
    const down = await page.evaluate((url) => fetch(`${url}precache.json?probe`, { cache: 'no-store' }).then(() => 'up', () => 'down'), env.server.url);
    assert.equal(down, 'down');
    // A file this page (started online) loads only now comes from the cache:
    // the service worker sends a starting page's files to the network
    // directly, but not once the page is ready. (The browser's HTTP cache
    // could answer too: it is emptied first.)
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
    await page.selectOption('#language', 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && /[\u4e00-\u9fff]/.test(document.getElementById('mode').textContent));
    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    const again = await page.evaluate(() => window.playground.ready);
    assert.equal(again.isolated, true);
    assert.equal(again.threads, true, again.reason);
    for (const [demo, params] of [
      ['counter', { variant: 'mutex', threads: 2, iterations: 10_000 }],
      ['grayscale', { width: 64, height: 48, seed: 1, backend: 'threads' }],
      ['map', { backend: 'processes' }],
      ['fetch', { count: 5, ms: 20 }],
    ]) {
      const r = await page.evaluate(([n, p]) => window.playground.run(n, p), [demo, params]);
      assert.equal(r.ok, true, `${demo}: ${r.error}`);
    }
    await page.waitForFunction(() => document.getElementById('offline').textContent.startsWith('Available offline'));
    // Only the probe above may fail, as a network error, not a console error.
    assert.deepEqual(errors, []);
    assert.ok(errors.network.length <= 2, errors.network.join('\n'));
  });
});

describe('static host, service workers blocked', () => {
  const env = serverAndBrowser({ plain: true });

  test('no reload; processes only, and the page says why', async () => {
    const page = await env.browser.newPage({ serviceWorkers: 'block' });
    const loads = countLoads(page);
    const opened = await openPlayground({ newPage: async () => page }, env.server.url);
    const { info, errors } = opened;
    assert.equal(loads.loads, 1);
    assert.deepEqual([info.isolated, info.threads, info.service_worker], [false, false, false]);
    assert.deepEqual(info.modes, ['processes', 'single']);
    const mode = await page.textContent('#mode');
    assert.match(mode, /^No shared memory here — the server did not send the Cross-Origin-Opener-Policy.*service workers are disabled in this browser.*Thread demos run on process-style workers/);
    const r = await page.evaluate(() => window.playground.run('counter', { variant: 'local', threads: 2, iterations: 1000 }));
    assert.equal(r.ok, true, r.error);
    assert.equal(r.value, 2000);
    await page.waitForFunction(() => document.getElementById('offline').textContent === 'Not available offline: no service worker controls this page.');
    // The fetch panel says why its simulated requests fail here, and they do, each in its row.
    assert.match(await page.textContent('#fetch-note'), /answered by the page's service worker, which is not running here/);
    const fetched = await page.evaluate(() => window.playground.run('fetch', { count: 2, ms: 1 }));
    assert.equal(fetched.ok, true, fetched.error);
    assert.deepEqual(fetched.value.map((row) => row.status), [404, 404]);
    assert.equal(errors.network.length, 2, errors.network.join('\n'));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
