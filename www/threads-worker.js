// The coordinator: the one Worker that loads the threads build (www/pkg-threads/)
// and owns its rayon pool, and the wait pool for demos whose threads block. rayon's own workers are spawned from here by
// wasm-bindgen-rayon and share this instance's WebAssembly.Memory. Blocking
// waits (Atomics.wait) are allowed in a worker, never on the main thread,
// which is why nothing of the threads build is ever loaded there. What a demo
// runs here is written in that demo's descriptor (its `threads` functions);
// this file only gathers them from the registry.
import init, * as wasm from './pkg-threads/concurrency_playground.js';
import * as Comlink from './vendor/comlink.mjs';
import { DEMOS } from './demos/index.js';

let started = null;
let waiting = null;
const self = { wasm, threads: 0 };
// The wait pool's workers, kept referenced while the pool lives.
let waitWorkers = [];

/**
 * The wait pool (src/web/waitpool.rs): rayon threads that may block on one
 * another, each on a worker of its own (wait-worker.js) on this instance's
 * module and memory. Started once, on first use; resolves once at least
 * `needed` of its threads run, so no task waits for a thread still starting.
 */
async function waitPool(needed) {
  waiting ??= (async () => {
    const [module, memory, count] = wasm.wait_pool_init();
    waitWorkers = await Promise.all(Array.from({ length: count }, (_, i) => new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./wait-worker.js', import.meta.url), { type: 'module', name: `wait thread ${i}` });
      worker.onmessage = () => resolve(worker);
      worker.onerror = (e) => reject(new Error(`wait thread ${i} failed to start: ${e.message || 'script error'}`));
      worker.postMessage({ module, memory });
    })));
    wasm.wait_pool_build();
    return count;
  })();
  const count = await waiting;
  const want = Math.min(needed ?? count, count);
  for (const deadline = Date.now() + 20_000; wasm.wait_pool_started() < want;) {
    if (Date.now() > deadline) throw new Error(`only ${wasm.wait_pool_started()} of the ${want} threads this run needs have started in the wait pool`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return wasm.wait_pool_started();
}

const api = {
  /**
   * Instantiates the module and starts a rayon pool of `threads` workers
   * (once); a panic on any of its threads is announced on `crashChannel`.
   */
  async start(threads, crashChannel) {
    started ??= (async () => {
      await init();
      wasm.report_panics_to(crashChannel);
      await wasm.initThreadPool(threads);
      self.threads = threads;
      return threads;
    })();
    return started;
  },
  memoryBytes: () => wasm.memory_bytes(),
  waitPool,
  benchThreads: (width, height, workers, reps) => wasm.bench_threads(width, height, workers, reps),
};

// api.counter.run(…) runs the counter descriptor's `threads.run(self, …)`.
for (const demo of DEMOS) {
  if (!demo.threads) continue;
  api[demo.name] = Object.fromEntries(Object.entries(demo.threads).map(([name, fn]) => [name, (...args) => fn(self, ...args)]));
}

Comlink.expose(api);
