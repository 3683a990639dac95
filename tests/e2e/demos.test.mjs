// counter, tasks, map and queue end to end, isolated and not: values checked
// against expectations computed here, events per worker, bad parameters
// named, and each panel's Run button showing what the API returned.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ms, num, openDemo, playgroundPage, runPanel } from './harness.mjs';

const taskSum = (i) => {
  const size = 1_500_000 * (1 + (i % 3));
  return (size * (size - 1)) / 2;
};

for (const isolation of [true, false]) {
  describe(`demos, ${isolation ? 'isolated' : 'no isolation'}`, () => {
    const env = playgroundPage({ isolation });
    const run = (name, params) => env.page.evaluate(([n, p]) => window.playground.run(n, p), [name, params]);
    const backends = isolation ? ['threads', 'processes'] : ['processes'];

    test('counter: mutex, atomic and local are exact; racy loses what its threads saw themselves overwrite', async () => {
      for (const backend of backends) {
        const variants = backend === 'threads' ? ['mutex', 'atomic', 'local'] : ['local'];
        for (const variant of variants) {
          for (const [threads, iterations] of [[1, 1], [2, 100_000], [3, 33_333], [4, 250_000]]) {
            const r = await run('counter', { backend, variant, threads, iterations });
            assert.equal(r.ok, true, r.error);
            assert.equal(r.value, threads * iterations, `${backend} ${variant} ${threads}×${iterations}`);
            assert.equal(r.expected, threads * iterations);
            assert.equal(r.lost, 0);
            assert.equal(r.events.length, threads);
            const prefix = backend === 'threads' ? 'thread ' : 'process ';
            assert.ok(r.events.every((e) => e.lane.startsWith(prefix) && e.end_ms >= e.start_ms));
          }
        }
      }
      if (isolation) {
        for (let k = 0; k < 3; k++) {
          const r = await run('counter', { backend: 'threads', variant: 'racy', threads: 2, iterations: 1_000_000 });
          assert.equal(r.ok, true, r.error);
          assert.ok(r.value >= 1 && r.value <= 2_000_000, String(r.value));
          // Two measurements made apart — the counter read at the end, and
          // the updates each thread saw its own writes replace — account
          // for every one of the test's 2 × 1 000 000 increments.
          assert.equal(r.value + r.lost, 2 * 1_000_000, JSON.stringify({ value: r.value, lost: r.lost }));
        }
      }
      // Private work between increments keeps every count exact, on each back end.
      for (const backend of backends) {
        const r = await run('counter', { backend, variant: backend === 'threads' ? 'mutex' : 'local', threads: 2, iterations: 2000, work: 5 });
        assert.deepEqual([r.ok, r.value, r.params.work], [true, 4000, 5], r.error);
      }
      const shared = await run('counter', { backend: 'processes', variant: 'mutex' });
      assert.equal(shared.ok, false);
      assert.match(shared.error, /`variant`.*shared/);
    });

    test('tasks: every result matches the formula, in input order, on every back end', async () => {
      const want = Array.from({ length: 12 }, (_, i) => taskSum(i));
      const cases = [...backends.map((backend) => ({ backend })), { backend: 'processes', mode: 'per_task' }, { backend: 'processes', mode: 'pool' }];
      for (const params of cases) {
        const r = await run('tasks', params);
        assert.equal(r.ok, true, r.error);
        assert.deepEqual(r.value, want, JSON.stringify(params));
        assert.equal(r.events.length, 12);
        const lanes = new Set(r.events.map((e) => e.lane));
        if (params.mode === 'per_task') assert.equal(lanes.size, 12, 'a worker per task');
        else assert.ok(lanes.size <= r.workers, `${lanes.size} lanes for ${r.workers} workers`);
      }
    });

    test('map: squares in input order whatever the finishing order', async () => {
      for (const backend of backends) {
        for (const [workers, n] of [[1, 5], [3, 40], [4, 600]]) {
          const r = await run('map', { backend, workers, n });
          assert.equal(r.ok, true, r.error);
          assert.deepEqual(r.value, Array.from({ length: n }, (_, x) => x * x));
          assert.deepEqual([...r.finished].sort((a, b) => a - b), Array.from({ length: n }, (_, x) => x));
          assert.ok(r.events.length <= Math.max(n <= 400 ? n : workers, 1));
          assert.ok(new Set(r.events.map((e) => e.lane)).size <= workers);
        }
      }
    });

    test('queue: close delivers every item in order; poll_empty accounts for what it lost', async () => {
      for (const backend of backends) {
        for (const items of [0, 3, 50_000]) {
          const r = await run('queue', { backend, items, variant: 'close' });
          assert.equal(r.ok, true, r.error);
          assert.deepEqual(r.value, { received: items, lost: 0 });
          assert.equal(r.in_order, true);
          assert.equal(r.events.length, 2);
        }
        // Items per message on processes: one, an odd size, more than there are.
        if (backend === 'processes') {
          for (const batch of [1, 7, 100_000]) {
            const b = await run('queue', { backend, items: 10_001, variant: 'close', batch });
            assert.deepEqual([b.value, b.in_order, b.params.batch], [{ received: 10_001, lost: 0 }, true, batch], `batch ${batch}`);
          }
        }
        // What the consumer never took is counted where it stayed — in the
        // queue — apart from what it received; together, every item sent.
        const r = await run('queue', { backend, items: 50_000, variant: 'poll_empty' });
        assert.equal(r.ok, true, r.error);
        assert.equal(r.value.received + r.value.lost, 50_000, JSON.stringify(r.value));
        assert.equal(r.in_order, true);
      }
    });

    test('bad parameters are named, and the next run works', async () => {
      const bad = [
        ['counter', { threads: 0 }, 'threads'],
        ['counter', { threads: 65 }, 'threads'],
        ['counter', { iterations: 1e9 }, 'iterations'],
        ['counter', { iterations: 'many' }, 'iterations'],
        ['counter', { variant: 'spinlock' }, 'variant'],
        ['counter', { backend: 'gpu' }, 'backend'],
        ['tasks', { tasks: 0 }, 'tasks'],
        ['tasks', { tasks: Number.NaN }, 'tasks'],
        ['tasks', { backend: 'processes', mode: 'fork' }, 'mode'],
        ['map', { workers: 99 }, 'workers'],
        ['map', { n: 0 }, 'n'],
        ['map', { n: 2.5 }, 'n'],
        ['queue', { items: -1 }, 'items'],
        ['queue', { items: 1e7 }, 'items'],
        ['queue', { variant: 'peek' }, 'variant'],
        // Refused even where the chosen back end or mode would ignore them.
        ['grayscale', { backend: 'single', workers: -1 }, 'workers'],
        ['grayscale', { shape: 'split', max_pixels: 0 }, 'max_pixels'],
        ['grayscale', { shape: 'batch', width: 0 }, 'width'],
        ['tasks', { backend: 'threads', mode: 'fork' }, 'mode'],
        ['fetch', { mode: 'gather', limit: 0 }, 'limit'],
        ['counter', { backend: 'processes', variant: 'local', threads: 2.5 }, 'threads'],
        ['counter', { work: 1001 }, 'work'],
        ['counter', { work: -1 }, 'work'],
      ];
      if (!isolation) bad.push(['counter', { backend: 'threads' }, 'backend']);
      for (const [name, params, param] of bad) {
        const r = await run(name, params);
        assert.equal(r.ok, false, `${name} ${JSON.stringify(params)}`);
        assert.ok(r.error.includes(`\`${param}\``), `${name} ${JSON.stringify(params)} → ${r.error}`);
        // A stable code and the parameter's name, for scripts that do not read words.
        assert.ok(['param_range', 'param_choice', 'param_invalid', 'backend_unavailable'].includes(r.error_code), `${name} ${JSON.stringify(params)} → ${r.error_code}`);
        assert.equal(r.error_args.name, param, `${name} ${JSON.stringify(params)}`);
      }
      // The arguments of a range error are the limits Rust checked against.
      const range = await run('counter', { threads: 65 });
      assert.deepEqual([range.error_code, range.error_args], ['param_range', { name: 'threads', min: '1', max: '64', got: '65' }]);
      const unknown = await run('nope', {});
      assert.deepEqual([unknown.error_code, unknown.error_args.demo], ['unknown_demo', 'nope']);
      const good = await run('counter', { backend: 'processes', variant: 'local', threads: 2, iterations: 10 });
      assert.equal(good.value, 20);
    });

    test('each panel runs from its button and shows what the API returned', async () => {
      // Keep the result each panel's own button receives from the API.
      await env.page.evaluate(() => {
        const run = window.playground.run;
        window.playground.run = async (...args) => (window.lastResult = await run(...args));
      });
      const listed = (xs) => `${xs.slice(0, 12).join(', ')}${xs.length > 12 ? `, … (${xs.length} in all)` : ''}`;
      // What each panel must show, computed here from the raw result.
      const expected = {
        counter: (r) => ({ 'lost updates': `${num(r.lost)} of ${num(r.params.threads * r.params.iterations)}`, 'final count': num(r.value), expected: num(r.expected), total: ms(r.total_ms) }),
        tasks: (r) => ({ workers: num(r.workers), total: ms(r.total_ms) }),
        map: (r) => ({ 'results (input order)': listed(r.value), 'finishing order': listed(r.finished), total: ms(r.total_ms) }),
        queue: (r) => ({ received: num(r.value.received), lost: num(r.value.lost), 'in order': r.in_order ? 'yes' : 'no', total: ms(r.total_ms) }),
        blocking: (r) => ({ 'frames dropped': num(r.value.dropped_frames), 'longest gap between frames': ms(r.value.longest_gap_ms), total: ms(r.total_ms) }),
      };
      for (const [id, want] of Object.entries(expected)) {
        await openDemo(env.page, id);
        if (id === 'blocking') await env.page.fill('#blocking-form [name=ms]', '100');
        const status = await runPanel(env.page, id);
        assert.match(status, /^Done/, `${id}: ${status}`);
        const { shown, result, bars } = await env.page.evaluate((i) => {
          const dl = document.getElementById(`${i}-figures`);
          const terms = [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent]);
          return { shown: Object.fromEntries(terms), result: window.lastResult, bars: document.querySelectorAll(`#${i}-timeline svg:first-of-type rect`).length };
        }, id);
        assert.equal(result.demo, id);
        for (const [term, value] of Object.entries(want(result))) assert.equal(shown[term], value, `${id}: ${term}`);
        assert.equal(bars, result.events.length, `${id}: one bar per event`);
      }
      // And the values themselves are right: map squares in input order.
      const map = await env.page.textContent('#map-figures');
      assert.ok(map.includes('0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121'), map);
    });

    test('no console errors and no page errors', () => {
      assert.deepEqual(env.errors, []);
    });
  });
}
