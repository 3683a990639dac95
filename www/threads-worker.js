// The coordinator: the one Worker that loads the threads build (www/pkg-threads/)
// and owns its rayon pool. rayon's own workers are spawned from here by
// wasm-bindgen-rayon and share this instance's WebAssembly.Memory. Blocking
// waits (Atomics.wait) are allowed in a worker, never on the main thread,
// which is why nothing of the threads build is ever loaded there.
import init, * as wasm from './pkg-threads/concurrency_playground.js';
import * as Comlink from './vendor/comlink.mjs';

let started = null;

const api = {
  /** Instantiates the module and starts a rayon pool of `threads` workers (once). */
  async start(threads) {
    started ??= (async () => {
      await init();
      await wasm.initThreadPool(threads);
      return threads;
    })();
    return started;
  },
  grayscale(rgba, width, height, workers) {
    const result = wasm.grayscale_threads(rgba, width, height, workers);
    return Comlink.transfer(result, [result.gray.buffer]);
  },
};

Comlink.expose(api);
