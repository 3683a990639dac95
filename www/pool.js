// The process-style pool: N Web Workers, each with its own plain wasm instance
// (www/pkg/), the browser's multiprocessing.Pool. Workers start lazily, are
// reused across runs, and a worker that was terminated (cancel, deadline) is
// replaced on next use, so a stopped run never leaves the pool broken.
import * as Comlink from './vendor/comlink.mjs';

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
      const worker = new Worker(WORKER_URL, { type: 'module', name: `process ${i}` });
      const api = Comlink.wrap(worker);
      const failed = new Promise((_, reject) => {
        worker.addEventListener('error', (e) => {
          e.preventDefault();
          reject(new Error(`process worker ${i} failed to start: ${e.message || 'script error'}`));
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

  #drop(i) {
    const slot = this.#slots[i];
    if (!slot) return;
    slot.api[Comlink.releaseProxy]?.();
    slot.worker.terminate();
    this.#slots[i] = null;
  }
}
