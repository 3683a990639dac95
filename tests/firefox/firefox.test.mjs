// A second browser: Debian's Firefox ESR, driven by puppeteer-core over
// WebDriver BiDi (no browser download). Smoke tests of what Chromium's suite
// checks in depth: ready, every demo on every back end with its value checked
// against an expectation computed here, isolated and not, and the panel
// embedded in course pages on another site (isolated, where Firefox gives it
// threads; and not, where Firefox — which ignores Document-Isolation-Policy —
// runs it on processes and says why). No console error, no page error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { randomRgba, referenceGray, startServer } from '../e2e/harness.mjs';
import { checkWaiting, WAITING } from './waiting.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const taskSum = (i) => {
  const size = 1_500_000 * (1 + (i % 3));
  return (size * (size - 1)) / 2;
};

/** Firefox, with service workers off where a test must see the page without isolation. */
const launch = (serviceWorkers = true) => puppeteer.launch({
  browser: 'firefox',
  executablePath: FIREFOX,
  headless: true,
  extraPrefsFirefox: serviceWorkers ? {} : { 'dom.serviceWorkers.enabled': false },
});

/** A page that records console and page errors. */
async function open(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 30_000 });
  return { page, errors };
}

const run = (page, name, params) => page.evaluate((n, p) => window.playground.run(n, p).then((r) => {
  // Typed arrays and files do not cross the driver: keep what the checks read.
  const { rgba, gray, inputs, ...rest } = r;
  return { ...rest, gray: gray ? Array.from(gray) : undefined, value: Array.isArray(r.value) ? r.value.map((v) => (v && v.output ? { ...v, output: v.output.length } : v)) : r.value };
}), name, params);

/**
 * The demos whose threads wait on one another (the wait pool) and the Pipe.
 * Under this driver (WebDriver BiDi) Firefox ESR often starts none of a
 * worker's nested workers, empty ones too, which is what the wait pool's 24
 * are; opened by hand it starts them in well under a second, and
 * undriven.test.mjs checks these demos strictly in a Firefox nothing drives.
 * So here a waiting demo either gives the values expected or, within the
 * 20 s the page allows, the error that says so (`wait_pool`, or
 * `threads_start` when the coordinator's own pool, restarted after that
 * error, does not start either) — never a hang to its deadline, never a
 * wrong value. Which one happened is printed.
 */
async function waitingDemos(page, modes) {
  const started = (r, name) => {
    if (r.ok) return true;
    // The same problem a step earlier: the pool's own workers, restarted after a wait_pool error.
    assert.ok(['wait_pool', 'threads_start'].includes(r.error_code), `${name}: ${r.error}`);
    assert.ok(r.total_ms < 30_000, `${name}: gave up after ${r.total_ms} ms`);
    console.log(`# Firefox: ${name}: ${r.error}`);
    return false;
  };
  // semaphore and condition need threads; pipe runs on processes too.
  for (const [name, params] of WAITING) {
    if (name !== 'pipe' && !modes.includes('threads')) continue;
    const r = await run(page, name, params);
    if (started(r, name)) checkWaiting(name, r, modes.includes('threads'));
  }
}

/** Every demo on every back end `modes` offers, each value against its expectation. */
async function everyDemo(page, modes) {
  const backends = ['threads', 'processes'].filter((b) => modes.includes(b));
  for (const backend of backends) {
    for (const variant of backend === 'threads' ? ['mutex', 'atomic', 'local'] : ['local']) {
      const r = await run(page, 'counter', { backend, variant, threads: 2, iterations: 50_000 });
      assert.equal(r.value, 100_000, `counter ${backend} ${variant}: ${r.error}`);
    }
    if (backend === 'threads') {
      const racy = await run(page, 'counter', { backend, variant: 'racy', threads: 2, iterations: 200_000 });
      assert.equal(racy.value + racy.lost, 400_000, 'racy: counted and lost account for every increment');
    }
    for (const mode of backend === 'threads' ? ['pool'] : ['per_task', 'pool']) {
      const r = await run(page, 'tasks', { backend, mode, tasks: 6 });
      assert.deepEqual(r.value, Array.from({ length: 6 }, (_, i) => taskSum(i)), `tasks ${backend} ${mode}: ${r.error}`);
    }
    const map = await run(page, 'map', { backend, workers: 2, n: 30 });
    assert.deepEqual(map.value, Array.from({ length: 30 }, (_, x) => x * x), `map ${backend}: ${map.error}`);
    const queue = await run(page, 'queue', { backend, items: 10_000, variant: 'close' });
    assert.deepEqual(queue.value, { received: 10_000, lost: 0 }, `queue ${backend}: ${queue.error}`);
    const polled = await run(page, 'queue', { backend, items: 10_000, variant: 'poll_empty' });
    assert.equal(polled.value.received + polled.value.lost, 10_000, `queue poll_empty ${backend}`);
  }
  // Grayscale: the same pixels on every back end, against the luma written here.
  const rgba = randomRgba(64 * 40, 7);
  const want = Array.from(referenceGray(rgba));
  for (const backend of [...backends, 'single']) {
    const r = await page.evaluate((b, px) => window.playground.run('grayscale', { backend: b, workers: 2, width: 64, height: 40, rgba: new Uint8Array(px) })
      .then((x) => ({ ok: x.ok, error: x.error, gray: x.gray && Array.from(x.gray) })), backend, Array.from(rgba));
    assert.equal(r.ok, true, `grayscale split ${backend}: ${r.error}`);
    assert.deepEqual(r.gray, want, `grayscale split ${backend}`);
    const batch = await run(page, 'grayscale', { shape: 'batch', backend, workers: 2, count: 2 });
    assert.equal(batch.ok, true, `grayscale batch ${backend}: ${batch.error}`);
    assert.deepEqual(batch.value.map((v) => [v.width, v.height, v.output > 0]), [[1024, 768, true], [1024, 768, true]]);
  }
  const fetched = await run(page, 'fetch', { count: 5, ms: 50, mode: 'gather' });
  assert.deepEqual(fetched.value.map((row) => row.status), [200, 200, 200, 200, 200], `fetch: ${fetched.error}`);
  for (const where of ['main', 'sliced', ...(modes.includes('processes') ? ['worker'] : [])]) {
    const r = await run(page, 'blocking', { ms: 100, where });
    assert.equal(r.ok, true, `blocking ${where}: ${r.error}`);
  }
}

describe('Firefox ESR', () => {
  const servers = {};
  before(async () => {
    [servers.isolated, servers.plain, servers.course] = await Promise.all([
      startServer({ isolation: true }), startServer({ isolation: false }), startServer({ course: true }),
    ]);
  });
  after(() => Object.values(servers).forEach((s) => s?.close()));

  test('cross-origin isolated: threads on, every demo on every back end', async () => {
    const browser = await launch();
    try {
      const { page, errors } = await open(browser, servers.isolated.url);
      const info = await page.evaluate(() => window.playground.ready.then((i) => ({ ...i })));
      assert.deepEqual([info.isolated, info.threads, info.isolation], [true, true, 'headers'], JSON.stringify(info));
      // The strict checks first, on the pool the page started: a waiting
      // demo whose wait pool this driver leaves unstarted makes the next run
      // start a fresh pool, which under it at times does not start either
      // (1 run in ~20 here: the counter on threads then failed).
      await everyDemo(page, info.modes);
      await waitingDemos(page, info.modes);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test('without isolation (and without service workers): processes, with the reason said', async () => {
    const browser = await launch(false);
    try {
      const { page, errors } = await open(browser, servers.plain.url);
      const info = await page.evaluate(() => window.playground.ready.then((i) => ({ ...i })));
      assert.deepEqual([info.isolated, info.threads], [false, false]);
      assert.match(await page.$eval('#mode', (m) => m.textContent), /^No shared memory here — the server did not send/);
      const refused = await run(page, 'counter', { backend: 'threads' });
      assert.match(refused.error, /`backend`: the threads back end is not available here/);
      await everyDemo(page, info.modes);
      await waitingDemos(page, info.modes);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  for (const isolated of [true, false]) {
    test(`embedded in a${isolated ? ' cross-origin isolated' : ' plain'} course page on another site`, async () => {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const src = `${servers.isolated.url}?demo=counter&variant=local&threads=2&iterations=5000&embed`;
        await page.goto(`${servers.course.url}?isolated=${isolated ? 1 : 0}&src=${encodeURIComponent(src)}`);
        const handle = await page.waitForSelector('#demo');
        let frame = null;
        for (let i = 0; i < 150 && !frame; i++) {
          frame = await handle.contentFrame();
          const ready = frame && await frame.evaluate(() => document.body?.dataset.ready === 'true').catch(() => false);
          if (!ready) {
            frame = null;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
        assert.ok(frame, 'the framed playground became ready');
        const info = await frame.evaluate(() => window.playground.ready.then((i) => ({ ...i })));
        // Firefox isolates a frame only inside an isolated page: it ignores Document-Isolation-Policy.
        assert.equal(info.threads, isolated, JSON.stringify(info));
        // Done, or (threads only) the error a run gives when the pool's
        // nested workers do not start, which this driver causes at times:
        // undriven.test.mjs checks threads in such a frame strictly. On a
        // timeout, say what the panel said instead.
        const settled = isolated ? /^Done|the thread pool did not start within/ : /^Done/;
        await frame.waitForFunction((pattern) => new RegExp(pattern).test(document.getElementById('counter-status').textContent), { timeout: 40_000 }, settled.source).catch(async (err) => {
          const status = await frame.$eval('#counter-status', (s) => s.textContent).catch(() => '(unreadable)');
          throw new Error(`${err.message}; the counter's status: ${status}`);
        });
        const status = await frame.$eval('#counter-status', (s) => s.textContent);
        if (!status.startsWith('Done')) {
          console.log(`# Firefox (driven): the framed counter on threads: ${status}`);
        } else {
          assert.equal(status, 'Done: 2 × 5000 = 10,000 expected; counted 10,000; 0 updates lost.');
        }
        if (!isolated) {
          assert.match(info.reason, /in a frame/);
        } else if (status.startsWith('Done')) {
          const r = await frame.evaluate(() => window.playground.run('counter', { backend: 'threads', variant: 'mutex', threads: 4, iterations: 25_000 }).then((x) => x.value));
          assert.equal(r, 100_000);
        }
        assert.deepEqual(errors, []);
      } finally {
        await browser.close();
      }
    });
  }
});
