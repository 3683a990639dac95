// Main-thread handle on the threads coordinator (threads-worker.js). Calls go
// through Comlink; the main thread only ever awaits, never blocks. A run that
// is cancelled or overruns its deadline terminates the coordinator (a rayon
// job cannot be interrupted from outside); the next call starts a fresh one.
import * as Comlink from './vendor/comlink.mjs';

const WORKER_URL = new URL('./threads-worker.js', import.meta.url);

export class ThreadsCoordinator {
  #threads;
  #current = null;

  constructor(threads) {
    this.#threads = threads;
  }

  get threads() {
    return this.#threads;
  }

  /** The coordinator's proxy, with its pool started. Rejects if it cannot start. */
  async api() {
    if (!this.#current) {
      const worker = new Worker(WORKER_URL, { type: 'module', name: 'threads coordinator' });
      const api = Comlink.wrap(worker);
      const failed = new Promise((_, reject) => {
        worker.addEventListener('error', (e) => {
          e.preventDefault();
          reject(new Error(`the threads worker failed: ${e.message || 'script error'}`));
        });
      });
      const ready = Promise.race([api.start(this.#threads), failed]);
      this.#current = { worker, api, ready };
      ready.catch(() => this.terminate());
    }
    await this.#current.ready;
    return this.#current.api;
  }

  terminate() {
    if (!this.#current) return;
    this.#current.api[Comlink.releaseProxy]?.();
    this.#current.worker.terminate();
    this.#current = null;
  }
}
