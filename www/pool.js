// The process-style pool: N Web Workers, each with its own plain wasm instance
// (www/pkg/), the browser's multiprocessing.Pool. Workers start lazily and are
// reused across runs. A run sees the pool through `forRun(signal)`: whatever
// it starts is stopped if the run is cancelled or passes its deadline, and a
// stopped worker is replaced on next use, so a stopped run never leaves the
// pool broken. Cancellation lives here, not in each demo.
import * as Comlink from './vendor/comlink.mjs';
import { stopped } from './errors.js';

const WORKER_URL = new URL('./process-worker.js', import.meta.url);

export class ProcessPool {
  #module;
  #slots = [];

  /** @param {Promise<WebAssembly.Module>} module the plain module, compiled once */
  constructor(module) {
    this.#module = module;
  }

  get size() {
    return this.#slots.length;
  }

  /** The proxy of worker `i`, started (and its wasm instantiated) if need be. */
  async worker(i) {
    while (this.#slots.length <= i) this.#slots.push(null);
    if (!this.#slots[i]) {
      let worker;
      try {
        worker = new Worker(WORKER_URL, { type: 'module', name: `process ${i}` });
      } catch (err) {
        // A frame sandboxed without allow-same-origin may not start workers at all.
        throw stopped('no_workers', { message: err.message });
      }
      const api = Comlink.wrap(worker);
      const failed = new Promise((_, reject) => {
        worker.addEventListener('error', (e) => {
          e.preventDefault();
          reject(stopped('worker_start', { n: String(i), message: e.message || 'script error' }));
        });
      });
      const ready = Promise.race([api.init(await this.#module), failed]);
      this.#slots[i] = { worker, api, ready };
      try {
        await ready;
      } catch (err) {
        this.#drop(i);
        throw err;
      }
    }
    await this.#slots[i].ready;
    return this.#slots[i].api;
  }

  /** The proxies of the workers running now (none is started for this). */
  async running() {
    const slots = this.#slots.filter(Boolean);
    await Promise.allSettled(slots.map((s) => s.ready));
    return slots.map((s) => s.api);
  }

  /** Starts workers 0..n-1 (in parallel) and stops any beyond them. */
  async resize(n) {
    for (let i = this.#slots.length - 1; i >= n; i--) this.#drop(i);
    await Promise.all(Array.from({ length: n }, (_, i) => this.worker(i)));
  }

  /** Replaces worker `i` (stopped now, started again on next use). */
  restart(i) {
    this.#drop(i);
  }

  /** Stops every worker now (work in flight is lost); they restart on demand. */
  terminate() {
    for (let i = 0; i < this.#slots.length; i++) this.#drop(i);
    this.#slots = [];
  }

  /**
   * This pool as one run uses it: the first use ties the pool to `signal`,
   * so an abort stops every worker at once (a wasm call cannot be
   * interrupted from outside; terminating its worker can).
   */
  forRun(signal) {
    let bound = false;
    const bind = () => {
      if (bound) return;
      bound = true;
      signal.addEventListener('abort', () => this.terminate(), { once: true });
    };
    const pool = this;
    return {
      get size() {
        return pool.size;
      },
      worker: (i) => (bind(), pool.worker(i)),
      resize: (n) => (bind(), pool.resize(n)),
      restart: (i) => pool.restart(i),
      /**
       * Pool.map's scheduling: `job(api, w, item, i)` for every item on
       * `workers` workers, each taking the next item when it is free. After a
       * failure or an abort no new item is handed out, and the run waits for
       * the items in flight. Results land at their item's index.
       */
      async map(workers, items, job) {
        bind();
        await pool.resize(Math.max(pool.size, workers));
        const results = new Array(items.length);
        let next = 0;
        let failure = null;
        const settled = await Promise.allSettled(
          Array.from({ length: workers }, async (_, w) => {
            const api = await pool.worker(w);
            while (next < items.length && !signal.aborted && !failure) {
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
      },
    };
  }

  #drop(i) {
    const slot = this.#slots[i];
    if (!slot) return;
    slot.api[Comlink.releaseProxy]?.();
    slot.worker.terminate();
    this.#slots[i] = null;
  }
}
