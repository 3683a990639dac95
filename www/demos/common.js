// Helpers every demo descriptor shares: reading numbers as given, the
// back-end choice (which the browser decides is on offer), and lane names.
import { ParamError, reasonWords, within } from '../errors.js';

/** A number parameter as given, or NaN for anything that is not a number. */
export const number = (value) => (typeof value === 'number' ? value : Number.NaN);

/** A choice parameter as given: a string, or a visibly wrong one. */
export const text = (value) => (typeof value === 'string' ? value : `${String(value)} (${typeof value})`);

/**
 * Refuses a back end this page cannot offer: `threads` without shared
 * memory, any worker in a frame sandboxed without allow-same-origin (the name
 * itself is checked in Rust with the other parameters).
 */
export function offered(backend, info) {
  if (info.modes.includes(backend)) return;
  throw new ParamError(info.modes.includes('processes') ? 'backend_unavailable' : 'backend_none', { name: 'backend', backend, reason: reasonWords(info) });
}

/** Refuses a run that needs threads (shared memory) where there are none. */
export function needsThreads(info) {
  if (!info.threads) throw new ParamError('needs_threads', { reason: reasonWords(info) });
}

/** How long a run waits for the wait pool's threads before giving up (and the pool starts afresh). */
const WAIT_POOL_MS = 20_000;

/**
 * Resolves once `needed` threads of the wait pool run (started on first
 * use, before the run's clock). A pool that does not start in time is an
 * error, not a run that waits for its deadline.
 */
export function waitPool(threads, needed) {
  return within(threads.waitPool(needed), WAIT_POOL_MS, 'wait_pool', { needed: String(needed), seconds: String(WAIT_POOL_MS / 1000) });
}

/** Runs `work`, adding its bar (`lane`, `label`) on the clock every worker shares to `events`; returns what `work` returned. */
export function timed(events, lane, label, work) {
  const start_ms = performance.timeOrigin + performance.now();
  const out = work();
  events.push({ lane, label, start_ms, end_ms: performance.timeOrigin + performance.now(), ok: true });
  return out;
}

export const defaultBackend = (info) => (info.threads ? 'threads' : 'processes');

/** Numeric lanes from Rust as names: `thread 0`, `process 1`, … */
export const lanes = (events, kind) => events.map((e) => ({ ...e, lane: `${kind} ${e.lane}` }));
