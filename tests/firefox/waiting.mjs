// The lessons whose threads wait on one another (the wait pool) and pipe,
// as both Firefox suites run them: their parameters, and what each result
// must be, worked out from those parameters.
import assert from 'node:assert/strict';

/** [demo, params]: small enough for a smoke test. */
export const WAITING = [
  ['semaphore', { tasks: 8, limit: 2, ms: 40 }],
  ['condition', { producers: 2, consumers: 2, capacity: 3, items: 5_000 }],
  ['pipe', { rounds: 1_000 }],
];

/** Checks demo `name`'s result `r`; `threads`: whether pipe also ran its threads. */
export function checkWaiting(name, r, threads) {
  const p = Object.fromEntries(WAITING)[name];
  if (name === 'semaphore') {
    // `limit` permits for `tasks` tasks: ⌈tasks / limit⌉ rounds, never more than `limit` at once.
    assert.deepEqual(r.value, { peak: p.limit, ran: p.tasks }, 'semaphore');
    const rounds = Math.ceil(p.tasks / p.limit);
    assert.ok(r.total_ms >= rounds * p.ms, `semaphore: ${r.total_ms} ms for ${rounds} rounds of ${p.ms} ms`);
  } else if (name === 'condition') {
    assert.deepEqual([r.value.received, r.value.checksum_ok, r.went_wrong], [p.producers * p.items, true, { took_from_empty: 0, overfilled: 0 }], 'condition');
  } else {
    assert.deepEqual([r.value.processes.pinged, r.value.processes.answered], [p.rounds, p.rounds], 'pipe between processes');
    if (threads) assert.deepEqual([r.value.threads.pinged, r.value.threads.answered], [p.rounds, p.rounds], 'pipe between threads');
  }
}
