// Helpers every demo descriptor shares: reading numbers as given, the
// back-end choice (which the browser decides is on offer), and lane names.
import { ParamError } from '../errors.js';

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
  const instead = info.modes.includes('processes') ? '; use backend "processes"' : '';
  throw new ParamError(`parameter \`backend\`: the ${backend} back end is not available here because ${info.reason}${instead}`, 'backend_unavailable', { name: 'backend', backend, reason: info.reason });
}

export const defaultBackend = (info) => (info.threads ? 'threads' : 'processes');

/** Numeric lanes from Rust as names: `thread 0`, `process 1`, … */
export const lanes = (events, kind) => events.map((e) => ({ ...e, lane: `${kind} ${e.lane}` }));

/** `xs` as a short list: the first `n`, then how many in all. */
export const list = (xs, n = 12) => `${xs.slice(0, n).join(', ')}${xs.length > n ? `, … (${xs.length} in all)` : ''}`;
