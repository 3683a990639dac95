// The coordinator: the one Worker that loads the threads build (www/pkg-threads/)
// and owns its rayon pool. rayon's own workers are spawned from here by
// wasm-bindgen-rayon and share this instance's WebAssembly.Memory. Blocking
// waits (Atomics.wait) are allowed in a worker, never on the main thread,
// which is why nothing of the threads build is ever loaded there. What a demo
// runs here is written in that demo's descriptor (its `threads` functions);
// this file only gathers them from the registry.
import init, * as wasm from './pkg-threads/concurrency_playground.js';
import * as Comlink from './vendor/comlink.mjs';
import { DEMOS } from './demos/index.js';

let started = null;
const self = { wasm, threads: 0 };

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
  benchThreads: (width, height, workers, reps) => wasm.bench_threads(width, height, workers, reps),
};

// api.counter.run(…) runs the counter descriptor's `threads.run(self, …)`.
for (const demo of DEMOS) {
  if (!demo.threads) continue;
  api[demo.name] = Object.fromEntries(Object.entries(demo.threads).map(([name, fn]) => [name, (...args) => fn(self, ...args)]));
}

Comlink.expose(api);
