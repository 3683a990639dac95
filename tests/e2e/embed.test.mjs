// Embedding in course sites, as a course author would. A matrix: the course
// page {same origin, another site} × {cross-origin isolated, not} × the
// playground's host {the dev server, a static host applying the build's
// _headers, a static host that sends no headers (our service worker only)},
// each cell's expectation written below. Then the embed protocol (resize,
// ready, results, runs asked by the parent) with embed.js, sandboxed frames,
// and window.playground at DOMContentLoaded on a static host's first visit.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launch, ROOT, startServer } from './harness.mjs';

const EMBED = '?demo=counter&variant=local&threads=2&iterations=5000&embed';
const SAME_ORIGIN_PARENT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title><link rel="icon" href="data:,"></head>
<body><h1>Week 3: threads</h1>
<iframe id="demo" src="../${EMBED}" width="1000" height="500" allow="cross-origin-isolated" title="Concurrency Playground: counter"></iframe>
<script src="../embed.js"></script>
</body></html>`;

/**
 * Each cell: [parent, parent isolated?, host, expected]. expected is
 * {isolated, threads, isolation} for the framed page, 'refused' when the
 * browser must refuse the frame before any script of ours runs, or a reason
 * why the cell cannot exist.
 */
const MATRIX = [
  // Same origin: the course page is a page of the playground's own host, so
  // it gets that host's headers.
  ['same', true, 'dev', { isolated: true, threads: true }],
  ['same', true, 'headers', { isolated: true, threads: true }],
  ['same', true, 'plain', 'impossible: a host that sends no headers cannot make a page of its own isolated'],
  ['same', false, 'dev', 'impossible: the dev server isolates every page of its own'],
  ['same', false, 'headers', 'impossible: the _headers rule "/*" isolates every page of the site'],
  // Our service worker controls the same-origin frame and adds
  // Document-Isolation-Policy: the frame isolates itself after one reload.
  ['same', false, 'plain', { isolated: true, threads: true, isolation: 'service-worker' }],
  // Another site, isolated: the frame needs CORP cross-origin, which the dev
  // server and _headers send; a host that sends nothing is refused.
  ['other', true, 'dev', { isolated: true, threads: true }],
  ['other', true, 'headers', { isolated: true, threads: true }],
  ['other', true, 'plain', 'refused'],
  // Another site, not isolated (a Moodle or Canvas page): DIP isolates the
  // frame on its own in Chromium; with no headers there is no way (no service
  // worker for a cross-site frame), so processes, and the page says why.
  ['other', false, 'dev', { isolated: true, threads: true, isolation: 'document-isolation-policy' }],
  ['other', false, 'headers', { isolated: true, threads: true, isolation: 'document-isolation-policy' }],
  ['other', false, 'plain', { isolated: false, threads: false }],
];

/** The frame's page once its playground is ready (surviving one reload), or null if it never becomes one. */
async function framedPlayground(page, timeout = 30_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const frame = page.frames().find((f) => f !== page.mainFrame());
    if (frame && !frame.url().startsWith('chrome-error:')) {
      try {
        const info = await frame.evaluate(() => (window.playground ? window.playground.ready.then((i) => ({ ...i })) : null));
        if (info) {
          await frame.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
          return { frame, info };
        }
      } catch {
        // The frame navigated (the one reload); look again.
      }
    }
    await page.waitForTimeout(200);
  }
  return null;
}

describe('embedded in course pages', () => {
  const hosts = {};
  let course;
  let browser;
  before(async () => {
    await mkdir(path.join(ROOT, 'www/e2e'), { recursive: true });
    await writeFile(path.join(ROOT, 'www/e2e/parent.html'), SAME_ORIGIN_PARENT);
    [hosts.dev, hosts.headers, hosts.plain, course] = await Promise.all([
      startServer({ isolation: true }), startServer({ headersFile: true }), startServer({ plain: true }), startServer({ course: true }),
    ]);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    for (const s of [...Object.values(hosts), course]) s?.close();
  });

  for (const [parent, isolated, host, expected] of MATRIX) {
    const name = `${parent === 'same' ? 'same-origin' : 'other-site'} ${isolated ? 'isolated' : 'plain'} course page, ${host} host`;
    // A cell that cannot exist is listed as skipped, with the reason, not passed.
    const impossible = typeof expected === 'string' && expected.startsWith('impossible') ? expected : false;
    test(name, { skip: impossible }, async () => {
      // A fresh context each: no service worker or storage carried over.
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && !/^Failed to load resource/.test(m.text()) && errors.push(m.text()));
      const site = hosts[host].url;
      const url = parent === 'same'
        ? `${site}e2e/parent.html`
        : `${course.url}?isolated=${isolated ? 1 : 0}&src=${encodeURIComponent(`${site}${EMBED}`)}`;
      await page.goto(url);
      if (expected === 'refused') {
        const found = await framedPlayground(page, 5_000);
        assert.equal(found, null, 'the isolated course page must refuse a frame without CORP');
        const frame = page.frames().find((f) => f !== page.mainFrame());
        assert.ok(!frame || frame.url().startsWith('chrome-error:') || frame.url() === 'about:blank', frame?.url());
      } else {
        const found = await framedPlayground(page);
        assert.ok(found, 'the framed playground became ready');
        const { frame, info } = found;
        assert.equal(info.isolated, expected.isolated, JSON.stringify(info));
        assert.equal(info.threads, expected.threads, JSON.stringify(info));
        if (expected.isolation) assert.equal(info.isolation, expected.isolation);
        const mode = await frame.textContent('#mode');
        if (info.threads) {
          assert.match(mode, /^Threads: shared memory across \d+ workers \(this page is cross-origin isolated by /);
          const r = await frame.evaluate(() => window.playground.run('counter', { backend: 'threads', variant: 'mutex', threads: 4, iterations: 25_000 }));
          assert.equal(r.ok, true, r.error);
          assert.equal(r.value, 4 * 25_000);
        } else {
          // It says why, and runs on processes.
          assert.match(info.reason, /in a frame/);
          assert.match(mode, /^No shared memory here — this page is in a frame/);
          const r = await frame.evaluate(() => window.playground.run('counter', { backend: 'processes', variant: 'local', threads: 2, iterations: 5000 }));
          assert.equal(r.value, 10_000);
        }
        // The panel ran from its address and shows one lesson.
        await frame.waitForFunction(() => /^Done/.test(document.getElementById('counter-status').textContent));
        const visible = await frame.$$eval('section.demo', (s) => s.filter((x) => x.offsetParent !== null).map((x) => x.id));
        assert.deepEqual(visible, ['counter']);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('the embed protocol: ready, resize (embed.js sizes the frame), results, and runs asked by the course page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    // Record every message the frame posts, from before it loads.
    await page.addInitScript(() => {
      window.messages = [];
      window.addEventListener('message', (e) => window.messages.push(e.data));
    });
    const site = hosts.dev.url;
    await page.goto(`${course.url}?isolated=0&src=${encodeURIComponent(`${site}${EMBED}`)}&embed=${encodeURIComponent(`${site}embed.js`)}`);
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'playground:result'), null, { timeout: 30_000 });
    const messages = await page.evaluate(() => window.messages);
    const ready = messages.find((m) => m.type === 'playground:ready');
    assert.deepEqual(Object.keys(ready).sort(), ['isolated', 'isolation', 'modes', 'threads', 'type']);
    assert.equal(ready.threads, true);
    const first = messages.find((m) => m.type === 'playground:result');
    assert.deepEqual(first, { type: 'playground:result', demo: 'counter', ok: true, total_ms: first.total_ms, summary: '2 × 5000 = 10,000 expected; counted 10,000; 0 updates lost.' });
    // embed.js sized the frame to the last height it was told, and the frame shows no scrollbar of its own.
    await page.waitForTimeout(500);
    const sized = await page.evaluate(() => {
      const resizes = window.messages.filter((m) => m.type === 'playground:resize');
      const frame = document.getElementById('demo');
      return { told: resizes.at(-1)?.height, count: resizes.length, height: frame.clientHeight };
    });
    assert.ok(sized.count >= 1 && sized.told > 200, JSON.stringify(sized));
    assert.equal(Math.round(sized.height), Math.round(sized.told));
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const scroll = await frame.evaluate(() => ({ page: document.documentElement.scrollHeight - innerHeight, run: (() => {
      const pane = document.querySelector('#counter-run-pane');
      return pane.scrollHeight - pane.clientHeight;
    })() }));
    assert.ok(scroll.page <= 1 && scroll.run <= 1, `no inner scrollbar: ${JSON.stringify(scroll)}`);
    // A run asked by the course page, and one with a bad parameter: the same error as the API's.
    const asked = await page.evaluate(() => window.ConcurrencyPlayground.run(document.getElementById('demo'), 'map', { backend: 'processes', workers: 2, n: 5 }));
    assert.deepEqual({ ...asked, total_ms: 0 }, { type: 'playground:result', demo: 'map', ok: true, total_ms: 0, summary: asked.summary, id: asked.id });
    assert.match(asked.summary, /^5 squares with 2 workers in [\d.]+ ms; results in input order\.$/);
    const bad = await page.evaluate(() => window.ConcurrencyPlayground.run(document.getElementById('demo'), 'counter', { threads: 0 }));
    const api = await frame.evaluate(() => window.playground.run('counter', { threads: 0 }));
    assert.equal(bad.ok, false);
    assert.equal(bad.error, api.error);
    assert.match(bad.error, /`threads`/);
    // Events on the iframe element, for course pages' own scripts. Results of
    // runs made before may still be on their way: this run's is known by its id.
    const heard = await page.evaluate(async () => {
      const frameEl = document.getElementById('demo');
      const seen = [];
      frameEl.addEventListener('playground:result', (e) => seen.push(e.detail));
      const result = await window.ConcurrencyPlayground.run(frameEl, 'queue', { backend: 'processes' });
      return seen.filter((d) => d.id === result.id).map((d) => d.demo);
    });
    assert.deepEqual(heard, ['queue']);
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const sandbox of ['allow-scripts allow-same-origin', 'allow-scripts']) {
    test(`a frame sandboxed with "${sandbox}" renders, runs what it can and says what the sandbox blocks`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${course.url}?isolated=0&sandbox=${encodeURIComponent(sandbox)}&src=${encodeURIComponent(`${hosts.dev.url}?demo=fetch&count=5&ms=50&embed`)}`);
      const found = await framedPlayground(page);
      assert.ok(found, 'the sandboxed frame is not blank');
      const { frame, info } = found;
      // The fetch lesson runs on the page's own event loop in either sandbox.
      await frame.waitForFunction(() => /^(Done|Error)/.test(document.getElementById('fetch-status').textContent), null, { timeout: 30_000 });
      assert.match(await frame.textContent('#fetch-status'), /^Done: 5 requests, 0 failed/);
      if (sandbox.includes('allow-same-origin')) {
        assert.equal(info.threads, true, JSON.stringify(info));
        const r = await frame.evaluate(() => window.playground.run('counter', { backend: 'threads', variant: 'mutex', threads: 2, iterations: 1000 }));
        assert.equal(r.value, 2000);
      } else {
        assert.deepEqual(info.modes, []);
        assert.match(info.reason, /sandboxed without allow-same-origin/);
        assert.match(await frame.textContent('#mode'), /sandboxed without allow-same-origin/);
        const r = await frame.evaluate(() => window.playground.run('counter', { backend: 'processes', variant: 'local' }));
        assert.equal(r.ok, false);
        assert.match(r.error, /`backend`.*sandboxed without allow-same-origin/);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('window.playground exists at DOMContentLoaded on a static host\'s first visit, and playground:ready follows', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      const seen = JSON.parse(sessionStorage.getItem('seen') ?? '[]');
      document.addEventListener('DOMContentLoaded', () => {
        seen.push(typeof window.playground);
        sessionStorage.setItem('seen', JSON.stringify(seen));
      });
      window.addEventListener('playground:ready', (e) => sessionStorage.setItem('ready-event', JSON.stringify(e.detail.threads)));
    });
    await page.goto(hosts.plain.url);
    await page.waitForFunction(() => sessionStorage.getItem('ready-event') !== null, null, { timeout: 30_000 });
    const seen = await page.evaluate(() => JSON.parse(sessionStorage.getItem('seen')));
    assert.ok(seen.length >= 1 && seen.every((t) => t === 'object'), JSON.stringify(seen));
    await context.close();
  });
});
