// One thread of the wait pool (src/web/waitpool.rs): the threads build,
// instantiated on the coordinator's module and memory, then given one of the
// pool's threads to run. It never returns while the pool lives.
import init, * as wasm from './pkg-threads/concurrency_playground.js';

self.onmessage = async ({ data: { module, memory } }) => {
  await init({ module_or_path: module, memory });
  postMessage('ready');
  wasm.wait_pool_thread();
};
