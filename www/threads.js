// Main-thread handle on the threads coordinator (threads-worker.js). Calls go
// through Comlink; the main thread only ever awaits, never blocks. A run uses
// it through `forRun(signal)`: if that run is cancelled or overruns its
// deadline, the coordinator is terminated (a rayon job cannot be interrupted
// from outside) and the next call starts a fresh one.
// A panic on one of its threads aborts that thread and leaves the job it
// belonged to unfinished: the Rust panic hook announces it on a
// BroadcastChannel of this coordinator's generation, and `onCrash` hears it
// at once. A late message from a coordinator already replaced is never heard,
// because each generation has its own channel, closed with it.
import * as Comlink from './vendor/comlink.mjs';
import { stopped, within } from './errors.js';

const WORKER_URL = new URL('./threads-worker.js', import.meta.url);
/**
 * How long the pool may take to start. It starts in ~1 s; a browser that
 * does not start its nested workers (Firefox ESR under a WebDriver BiDi
 * driver, at times) would leave a run waiting to its deadline: past this,
 * the run says so and the next one starts a fresh coordinator.
 */
const START_MS = 20_000;

let generation = 0;
const PAGE = `concurrency-playground-crash-${crypto.randomUUID()}`;

export class ThreadsCoordinator {
  #threads;
  #current = null;
  #onCrash;

  /** `onCrash(message)` is called when a thread of the pool panics. */
  constructor(threads, onCrash = () => {}) {
    this.#threads = threads;
    this.#onCrash = onCrash;
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
          reject(stopped('threads_worker', { message: e.message || 'script error' }));
        });
      });
      const name = `${PAGE}-${++generation}`;
      const crashes = new BroadcastChannel(name);
      crashes.onmessage = (event) => {
        this.terminate();
        this.#onCrash(String(event.data));
      };
      const ready = within(Promise.race([api.start(this.#threads, name), failed]), START_MS, 'threads_start', { seconds: String(START_MS / 1000) });
      this.#current = { worker, api, ready, crashes };
      ready.catch(() => this.terminate());
    }
    await this.#current.ready;
    return this.#current.api;
  }

  /** The running coordinator's proxy, or null (none is started for this). */
  running() {
    return this.#current ? this.#current.ready.then(() => this.#current?.api, () => null) : Promise.resolve(null);
  }

  /**
   * The coordinator's proxy for one run: the first call ties the coordinator
   * to `signal`, so an abort terminates it and its pool.
   */
  forRun(signal) {
    let bound = false;
    return () => {
      if (!bound) {
        bound = true;
        signal.addEventListener('abort', () => this.terminate(), { once: true });
      }
      return this.api();
    };
  }

  terminate() {
    if (!this.#current) return;
    this.#current.crashes.close();
    this.#current.api[Comlink.releaseProxy]?.();
    this.#current.worker.terminate();
    this.#current = null;
  }
}
