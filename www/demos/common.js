// Helpers every demo's routing file shares: parameter defaults and checks
// that belong to the JavaScript side (the back end), and the process pool's
// "hand out items to free workers" loop — Pool.map's scheduling.
import { ParamError } from '../playground.js';

/** A number parameter as given, or NaN for anything that is not a number. */
export const number = (value) => (typeof value === 'number' ? value : Number.NaN);

/** Checks `backend` against `allowed` and against what this page offers. */
export function checkBackend(backend, allowed, info) {
  if (!allowed.includes(backend)) {
    throw new ParamError(`parameter \`backend\` must be one of ${allowed.join(', ')}; got ${JSON.stringify(backend)}`);
  }
  if (backend === 'threads' && !info.threads) {
    throw new ParamError(`parameter \`backend\`: threads are not available here because ${info.reason}; use backend "processes"`);
  }
}

export const defaultBackend = (info) => (info.threads ? 'threads' : 'processes');

/**
 * Runs `job(worker, item)` for every item on `workers` pool workers, each
 * worker taking the next item when it is free. Stops handing out items once
 * the run is aborted. Results land at their item's index.
 */
export async function handOut(ctx, workers, items, job) {
  ctx.onAbort(() => ctx.pool.terminate());
  await ctx.pool.resize(Math.max(ctx.pool.size, workers));
  const results = new Array(items.length);
  let next = 0;
  let failure = null;
  // After a failure no new item is handed out, and the run waits for the
  // items already in flight, so nothing keeps running into the next run.
  const settled = await Promise.allSettled(
    Array.from({ length: workers }, async (_, w) => {
      const api = await ctx.pool.worker(w);
      while (next < items.length && !ctx.signal.aborted && !failure) {
        const i = next++;
        try {
          results[i] = await job(api, w, items[i], i);
        } catch (err) {
          failure ??= err;
          throw err;
        }
      }
    }),
  );
  const rejected = settled.find((s) => s.status === 'rejected');
  if (failure || rejected) throw failure ?? rejected.reason;
  return results;
}

/** Numeric lanes from Rust as names: `thread 0`, `process 1`, … */
export const lanes = (events, kind) => events.map((e) => ({ ...e, lane: `${kind} ${e.lane}` }));
