// The reliability suite: every parameter of every demo given bad values
// through the API and through the panels; 200 files at once, broken ones
// among them; a crash inside a worker on purpose; 100 consecutive runs of
// every demo. It counts what it tried and prints the tally, and every bad
// input must be answered by an error that names its parameter, with the next
// good run succeeding — nothing lost, nothing left hanging.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { openDemo, playgroundPage, runPanel } from './harness.mjs';
import { badFiles, makeImage } from './images.mjs';

/** Numeric parameters: name, valid range, and the context that makes them count. */
const NUMERIC = {
  counter: { base: { variant: 'mutex' }, params: { threads: [1, 64], iterations: [1, 1e8], work: [0, 1000] } },
  tasks: { base: { tasks: 12 }, params: { tasks: [1, 256], crash: [-1, 11] } },
  map: { base: {}, params: { workers: [1, 64], n: [1, 100_000] } },
  queue: { base: {}, params: { items: [0, 1e6], batch: [1, 100_000] } },
  fetch: { base: { mode: 'limited' }, params: { count: [1, 5000], ms: [0, 60_000], bytes: [0, 16 * 1024 * 1024], limit: [1, 1000], timeout_ms: [1, 600_000], max_bytes: [1, 2 ** 32 - 1] } },
  blocking: { base: { where: 'worker' }, params: { ms: [1, 10_000] } },
  grayscale: { base: { shape: 'split' }, params: { width: [1, 16_384], height: [1, 16_384], workers: [1, 64], seed: [0, 2 ** 32 - 1], deadline_ms: [1, 600_000] } },
  'grayscale batch': { demo: 'grayscale', base: { shape: 'batch' }, params: { count: [1, 256], max_pixels: [1, 2 ** 32 - 1] } },
};
/** Choice parameters and their valid values. */
const CHOICES = {
  counter: { variant: ['mutex', 'atomic', 'racy', 'local'], backend: ['threads', 'processes'] },
  tasks: { mode: ['per_task', 'pool'], backend: ['threads', 'processes'] },
  map: { backend: ['threads', 'processes'] },
  queue: { variant: ['close', 'poll_empty'], backend: ['threads', 'processes'] },
  fetch: { mode: ['sequential', 'gather', 'limited'] },
  blocking: { where: ['main', 'sliced', 'worker'] },
  grayscale: { shape: ['split', 'batch'], backend: ['threads', 'processes', 'single'] },
};
/** A good run of each demo, small enough to repeat many times. */
const GOOD = {
  counter: { threads: 2, iterations: 1000 },
  tasks: { tasks: 4, mode: 'pool' },
  map: { workers: 2, n: 20 },
  queue: { items: 50 },
  fetch: { count: 4, ms: 1 },
  blocking: { where: 'sliced', ms: 5 },
  grayscale: { width: 64, height: 48, seed: 3 },
};

/** The bad values for a whole-number parameter valid on [min, max]. */
function badNumbers([min, max]) {
  const values = [min - 1, max + 1, -1e9, 1e12, 2.5 + min, Number.NaN, Number.POSITIVE_INFINITY, '7', 'abc', null, undefined, true, {}];
  if (min > 0) values.push(0, -1);
  return values.filter((v, i) => values.indexOf(v) === i && !(typeof v === 'number' && v >= min && v <= max && Number.isInteger(v)));
}
const show = (v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v) ?? 'undefined');

/**
 * Memory after a garbage collection: the wasm memory of every instance (the
 * page's, the threads back end's, each process worker's — playground.memory())
 * and the main thread's JS heap (Chrome DevTools Protocol).
 */
async function measure(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(async () => (await window.playground.memory()).total);
    return { wasm, js: usedSize };
  } finally {
    await cdp.detach();
  }
}
const mib = (m) => `wasm ${(m.wasm / 2 ** 20).toFixed(1)} MiB, JS heap ${(m.js / 2 ** 20).toFixed(1)} MiB`;
/** Wasm memory never shrinks, so any growth would be kept: allow 8 MiB; the JS heap 25 % + 8 MiB. */
function assertNear(before, now, what) {
  assert.ok(now.wasm <= before.wasm + 8 * 2 ** 20, `${what}: wasm memory grew from ${before.wasm} to ${now.wasm} bytes`);
  assert.ok(now.js <= before.js * 1.25 + 8 * 2 ** 20, `${what}: JS heap grew from ${before.js} to ${now.js} bytes`);
}

describe('reliability', () => {
  const env = playgroundPage({ isolation: true });
  const tally = { api: 0, ui: 0, files: 0, answered: 0, recovered: 0 };
  const run = (name, params) => env.page.evaluate(([n, p]) => window.playground.run(n, p), [name, params]);
  // A bad value must reach run() as itself: undefined and NaN do not survive
  // Playwright's serialisation in an object, so they are rebuilt in the page.
  const runBad = (name, base, key, value) => env.page.evaluate(([n, b, k, v, tag]) => {
    const decoded = tag === 'undefined' ? undefined : tag === 'NaN' ? Number.NaN : tag === 'Infinity' ? Number.POSITIVE_INFINITY : v;
    return window.playground.run(n, { ...b, [k]: decoded });
  }, [name, base, key, value ?? null, value === undefined ? 'undefined' : Number.isNaN(value) ? 'NaN' : value === Number.POSITIVE_INFINITY ? 'Infinity' : 'value']);

  after(() => {
    console.log(`reliability: ${tally.api} bad parameter values through the API, ${tally.ui} through the panels, `
      + `${tally.files} bad files; ${tally.answered} answered with an error naming what was wrong, `
      + `${tally.recovered} good runs right after them all succeeded`);
  });

  test('every parameter of every demo: bad values answered ok:false naming the parameter; the next run succeeds', async () => {
    const cases = [];
    for (const [label, { demo = label, base, params }] of Object.entries(NUMERIC)) {
      for (const [key, range] of Object.entries(params)) for (const value of badNumbers(range)) cases.push([demo, base, key, value]);
    }
    for (const [demo, params] of Object.entries(CHOICES)) {
      for (const key of Object.keys(params)) {
        for (const value of ['nope', '', 42, null, undefined, ['threads'], params[key][0].toUpperCase()]) cases.push([demo, {}, key, value]);
      }
    }
    // Typed-array and list parameters.
    cases.push(['grayscale', { width: 4, height: 4 }, 'rgba', 'not pixels']);
    cases.push(['grayscale', { width: 4, height: 4 }, 'rgba', [1, 2, 3]]);
    cases.push(['grayscale', { shape: 'batch' }, 'files', 'a.png']);
    cases.push(['grayscale', { shape: 'batch' }, 'files', []]);
    cases.push(['grayscale', { shape: 'batch' }, 'files', [null]]);
    cases.push(['fetch', {}, 'urls', 42]);
    cases.push(['fetch', {}, 'urls', []]);
    cases.push(['fetch', {}, 'urls', [42]]);
    const failures = [];
    for (const [demo, base, key, value] of cases) {
      const r = await runBad(demo, base, key, value);
      tally.api++;
      if (!r.ok && r.error.includes(`\`${key}\``)) tally.answered++;
      else failures.push(`${demo} ${key}=${show(value)}: ${r.ok ? 'ok:true' : r.error}`);
      const next = await run(demo, GOOD[demo]);
      if (next.ok) tally.recovered++;
      else failures.push(`${demo}: the good run after ${key}=${show(value)} failed: ${next.error}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(tally.api >= 250, `${tally.api} cases`);
  });

  test('through the panels: out-of-range fields give the same error in the status line; fixed, the run works', async () => {
    const { page } = env;
    const failures = [];
    for (const [id, field, values] of [
      ['counter', 'threads', ['0', '-5', '65', '1e12', '', '2.5']],
      ['counter', 'iterations', ['0', '100000001']],
      ['tasks', 'tasks', ['0', '257', '']],
      ['map', 'workers', ['0', '65']],
      ['map', 'n', ['0', '100001']],
      ['queue', 'items', ['-1', '1000001']],
      ['fetch', 'count', ['0', '5001']],
      ['fetch', 'ms', ['-1', '60001']],
      ['fetch', 'timeout_ms', ['0']],
      ['blocking', 'ms', ['0', '10001']],
    ]) {
      const input = `#${id}-form [name=${field}]`;
      await openDemo(page, id);
      const good = await page.inputValue(input);
      for (const value of values) {
        await page.fill(input, value);
        const status = await runPanel(page, id);
        tally.ui++;
        if (status.startsWith('Error: ') && status.includes(`\`${field}\``)) tally.answered++;
        else failures.push(`${id} ${field}=${JSON.stringify(value)}: ${status}`);
      }
      await page.fill(input, good);
      const after = await runPanel(page, id);
      if (after.startsWith('Done')) tally.recovered++;
      else failures.push(`${id}: ${after} after restoring ${field}=${good}`);
    }
    // Bad URLs typed into the fetch panel: each its own error row.
    await openDemo(page, 'fetch');
    await page.fill('#fetch-form [name=urls]', 'javascript:alert(1)\nfile:///etc/passwd\nhttp://[::1\nsim/delay?ms=1&status=404\nsim/delay?ms=1');
    await runPanel(page, 'fetch');
    const errors = await page.$$eval('#fetch-table tbody tr', (trs) => trs.map((tr) => tr.cells[4].textContent));
    tally.ui += 4;
    tally.answered += errors.slice(0, 4).filter(Boolean).length;
    assert.equal(errors.length, 5);
    assert.ok(errors.slice(0, 4).every(Boolean) && errors[4] === '', JSON.stringify(errors));
    await page.fill('#fetch-form [name=urls]', '');
    assert.deepEqual(failures, []);
  });

  test('200 files at once, broken ones among them: an error row each, the rest converted, memory back near its start', async () => {
    const { page } = env;
    const png = await makeImage(page, { width: 160, height: 120, type: 'image/png', seed: 5 });
    const jpg = await makeImage(page, { width: 160, height: 120, type: 'image/jpeg', seed: 6 });
    const bad = badFiles(png, jpg);
    const files = Array.from({ length: 200 }, (_, i) => {
      if (i % 40 === 7) {
        const [name, bytes] = bad[(i - 7) / 40];
        return [`${i}-${name}`, bytes];
      }
      return i % 2 ? [`${i}.jpg`, jpg] : [`${i}.png`, png];
    });
    await page.evaluate((list) => {
      window.files200 = list.map(([name, bytes]) => new File([new Uint8Array(bytes)], name));
    }, files.map(([n, b]) => [n, Array.from(b)]));
    const batch = (backend) => page.evaluate(async (b) => {
      const r = await window.playground.run('grayscale', { files: window.files200, backend: b });
      return { ok: r.ok, error: r.error, rows: r.value?.map((v) => ({ name: v.name, error: v.error, w: v.width, h: v.height, out: v.output?.length ?? 0 })) };
    }, backend);
    const memory = () => measure(page);
    for (const backend of ['threads', 'processes']) {
      await batch(backend); // warm-up: pools start and their memories grow to their working size
      const before = await memory();
      for (let round = 0; round < 2; round++) {
        const r = await batch(backend);
        assert.equal(r.ok, true, r.error);
        assert.equal(r.rows.length, 200);
        assert.deepEqual(r.rows.map((row) => row.name), files.map(([n]) => n), 'input order');
        for (const [i, row] of r.rows.entries()) {
          if (i % 40 === 7) {
            tally.files++;
            assert.ok(row.error?.startsWith(`${row.name}: `), `${backend} ${row.name}: ${row.error}`);
            tally.answered++;
          } else {
            assert.deepEqual([row.error, row.w, row.h], [undefined, 160, 120], `${backend} ${row.name}`);
            assert.ok(row.out > 0);
          }
        }
      }
      const afterRuns = await memory();
      console.log(`200 files on ${backend}: ${mib(before)} → ${mib(afterRuns)} after two more batches`);
      assertNear(before, afterRuns, backend);
    }
    await page.evaluate(() => delete window.files200);
    // The tab still works after it all: a small run on each back end, its
    // squares checked against the test's own.
    for (const backend of ['threads', 'processes']) {
      const after = await run('map', { backend, workers: 2, n: 30 });
      assert.equal(after.ok, true, after.error);
      assert.deepEqual(after.value, Array.from({ length: 30 }, (_, x) => x * x), `${backend} after the batches`);
    }
  });

  test('a crash inside a worker on purpose ends the run with an error at once; the pool works again', async () => {
    for (const params of [{ backend: 'threads' }, { backend: 'processes', mode: 'pool' }, { backend: 'processes', mode: 'per_task' }]) {
      for (const crash of [0, 5, 11]) {
        const r = await run('tasks', { ...params, crash, deadline_ms: 30_000 });
        assert.equal(r.ok, false);
        assert.match(r.error, new RegExp(`task ${crash} crashed`), r.error);
        assert.ok(r.total_ms < 10_000, `took ${r.total_ms} ms: the crash was not noticed until the deadline`);
        const next = await run('tasks', { ...params, tasks: 12 });
        assert.equal(next.ok, true, next.error);
        assert.equal(next.value.length, 12);
      }
    }
    // From the panel: the crash is reported in the status line, and the next run works.
    const { page } = env;
    await openDemo(page, 'tasks');
    await page.fill('#tasks-form [name=crash]', '3');
    assert.match(await runPanel(page, 'tasks'), /^Error: .*task 3 crashed/);
    await page.fill('#tasks-form [name=crash]', '-1');
    assert.match(await runPanel(page, 'tasks'), /^Done: 12 tasks/);
    // The only errors the crashes leave are the traps themselves.
    const unexpected = env.errors.filter((e) => e !== 'pageerror: unreachable');
    assert.deepEqual(unexpected, []);
    env.errors.length = 0;
  });

  test('100 consecutive runs of every demo (and both batch shapes): wasm memory, JS heap and worker count stay bounded', async () => {
    const { page } = env;
    const memory = () => measure(page);
    // Counted by the browser (Playwright), not by our own bookkeeping; a
    // terminated worker leaves the list a moment later, so wait for it.
    const workers = async (bound) => {
      for (let i = 0; i < 40 && page.workers().length > bound; i++) await page.waitForTimeout(50);
      return page.workers().length;
    };
    const demos = { ...GOOD, 'grayscale batch': null, 'tasks per_task': null };
    const params = (name) => {
      if (name === 'grayscale batch') return ['grayscale', { shape: 'batch', count: 2 }];
      if (name === 'tasks per_task') return ['tasks', { tasks: 4, backend: 'processes', mode: 'per_task' }];
      return [name, GOOD[name]];
    };
    // Warm-up: every pool started once.
    for (const name of Object.keys(demos)) assert.equal((await run(...params(name))).ok, true, name);
    const start = { memory: await memory(), workers: page.workers().length };
    const seen = [];
    for (const name of Object.keys(demos)) {
      const results = await page.evaluate(async ([n, p]) => {
        const out = [];
        for (let i = 0; i < 100; i++) {
          const r = await window.playground.run(n, p);
          if (!r.ok) out.push(`run ${i}: ${r.error}`);
        }
        return out;
      }, params(name));
      assert.deepEqual(results, [], `${name}: every one of 100 runs ok`);
      const count = await workers(start.workers);
      seen.push(`${name}: ${count}`);
      assert.ok(count <= start.workers, `${name}: ${count} workers after 100 runs, ${start.workers} at the start`);
    }
    const end = { memory: await memory(), workers: await workers(start.workers) };
    console.log(`900 runs: ${mib(start.memory)} → ${mib(end.memory)}; workers ${start.workers} → ${end.workers} (${seen.join(', ')})`);
    assertNear(start.memory, end.memory, '900 runs');
  });

  test('no console errors and no page errors', () => {
    assert.deepEqual(env.errors, []);
  });
});
