// semaphore, condition and pipe end to end through playground.run, isolated
// and not, checked against expectations written here: at most `limit`
// inside at once recomputed from the bars, the wall time bounded below by
// the rounds the semaphore forces, every item and message counted, the
// correct condition never going wrong, bad parameters named, and what needs
// threads refused in words where there are none.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { playgroundPage, runPanel } from './harness.mjs';

/** The most bars that overlap at any instant (an end at the same time as a start counts first). */
function mostAtOnce(bars) {
  const edges = bars.flatMap((e) => [[e.start_ms, 1], [e.end_ms, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let [now, most] = [0, 0];
  for (const [, d] of edges) {
    now += d;
    most = Math.max(most, now);
  }
  return most;
}

for (const isolation of [true, false]) {
  describe(`waiting on one another, ${isolation ? 'isolated' : 'no isolation'}`, () => {
    const env = playgroundPage({ isolation });
    const run = (name, params) => env.page.evaluate(([n, p]) => window.playground.run(n, p), [name, params]);

    test('semaphore: 12 tasks of 100 ms, limit 3 — never more than 3 inside, each task once, at least 400 ms', async () => {
      const r = await run('semaphore', { tasks: 12, limit: 3, ms: 100 });
      if (!isolation) {
        assert.equal(r.ok, false);
        assert.equal(r.error_code, 'needs_threads');
        assert.match(r.error, /needs threads \(shared memory\)/);
        return;
      }
      assert.equal(r.ok, true, r.error);
      const inside = r.events.filter((e) => !e.waiting);
      const waits = r.events.filter((e) => e.waiting);
      assert.equal(mostAtOnce(inside), 3, 'recomputed from the bars');
      assert.equal(r.value.peak, 3, 'the tasks\' own high-water mark');
      assert.deepEqual(inside.map((e) => e.lane).sort(), Array.from({ length: 12 }, (_, i) => `task ${i}`).sort(), 'each task inside once');
      assert.equal(waits.length, 12);
      for (const e of inside) assert.ok(e.end_ms - e.start_ms >= 99, `${e.label}: ${e.end_ms - e.start_ms} ms inside`);
      assert.ok(r.total_ms >= 4 * 100, `${r.total_ms} ms: four rounds of three`);
      // With a limit as large as the tasks, nobody waits for long: all are inside together.
      const open = await run('semaphore', { tasks: 6, limit: 6, ms: 50 });
      assert.equal(mostAtOnce(open.events.filter((e) => !e.waiting)), 6);
    });

    test('condition: every item exactly once for several P, Q, C; while never goes wrong, if does', async () => {
      const cases = [[2, 2, 4, 10_000], [1, 3, 1, 5_000], [4, 1, 2, 3_000], [3, 3, 16, 4_000]];
      for (const [producers, consumers, capacity, items] of cases) {
        const r = await run('condition', { variant: 'while', producers, consumers, capacity, items });
        if (!isolation) {
          assert.equal(r.error_code, 'needs_threads');
          return;
        }
        assert.equal(r.ok, true, r.error);
        assert.equal(r.value.sent, producers * items);
        assert.equal(r.value.received, producers * items);
        assert.equal(r.value.checksum_ok, true);
        assert.deepEqual(r.went_wrong, { took_from_empty: 0, overfilled: 0 });
        assert.equal(r.events.length, producers + consumers);
      }
      // Checked once, with `if`: four consumers woken together on a buffer of one.
      let wrong = 0;
      for (let attempt = 0; attempt < 5 && wrong === 0; attempt++) {
        const r = await run('condition', { variant: 'if_not_while', producers: 2, consumers: 4, capacity: 1, items: 20_000 });
        assert.equal(r.ok, true, r.error);
        assert.equal(r.value.received, r.value.sent, 'nothing lost or taken twice, even so');
        wrong += r.went_wrong.took_from_empty + r.went_wrong.overfilled;
      }
      assert.ok(wrong > 0, 'the if variant went wrong in none of five runs');
    });

    test('pipe: every message of the ping-pong counted, between processes and (isolated) between threads', async () => {
      const r = await run('pipe', { rounds: 2_000 });
      assert.equal(r.ok, true, r.error);
      assert.deepEqual([r.value.processes.answered, r.value.processes.pinged], [2_000, 2_000]);
      assert.ok(r.value.processes.round_trip_us > 0);
      const lanes = new Set(r.events.map((e) => e.lane));
      if (isolation) {
        assert.deepEqual([r.value.threads.answered, r.value.threads.pinged], [2_000, 2_000]);
        assert.ok(r.value.threads.round_trip_us > 0);
        assert.deepEqual([...lanes].sort(), ['process 0', 'process 1', 'thread 0', 'thread 1']);
      } else {
        assert.equal(r.value.threads, null);
        assert.deepEqual([...lanes].sort(), ['process 0', 'process 1']);
      }
    });

    test('bad parameters are named, and each panel runs from its button', async () => {
      const bad = [
        ['semaphore', { limit: 0 }, 'limit'],
        ['semaphore', { tasks: 25 }, 'tasks'],
        ['semaphore', { ms: 0 }, 'ms'],
        ['semaphore', { ms: 'slow' }, 'ms'],
        ['condition', { producers: 0 }, 'producers'],
        ['condition', { consumers: 9 }, 'consumers'],
        ['condition', { capacity: 0 }, 'capacity'],
        ['condition', { items: 1.5 }, 'items'],
        ['condition', { variant: 'until' }, 'variant'],
        ['pipe', { rounds: 0 }, 'rounds'],
        ['pipe', { rounds: 1e7 }, 'rounds'],
      ];
      for (const [name, params, param] of bad) {
        const r = await run(name, params);
        assert.equal(r.ok, false, `${name} ${JSON.stringify(params)}`);
        assert.equal(r.error_args.name, param, `${name} ${JSON.stringify(params)} → ${r.error}`);
        assert.ok(r.error.includes(`\`${param}\``), r.error);
      }
      for (const id of ['semaphore', 'condition', 'pipe']) {
        const status = await runPanel(env.page, id);
        if (isolation || id === 'pipe') assert.match(status, /^Done: /, `${id}: ${status}`);
        else assert.match(status, /^Error: this lesson needs threads \(shared memory\)/, `${id}: ${status}`);
      }
      assert.deepEqual(env.errors, []);
    });
  });
}
