// A process-style worker: its own plain wasm instance and its own memory, like
// one process of a multiprocessing.Pool. Data arrives and leaves by
// postMessage (structured clone, or transfer for big buffers): nothing shared.
// What a demo runs here is written in that demo's descriptor (its `process`
// functions); this file only gathers them from the registry, so adding a
// demo does not touch it.
import init, * as wasm from './pkg/concurrency_playground.js';
import * as Comlink from './vendor/comlink.mjs';
import { zipSync } from './vendor/fflate.js';
import { DEMOS } from './demos/index.js';

let ready = null;
const self = { wasm };

const api = {
  // The main thread compiles the module once and hands it to every worker.
  async init(module) {
    ready ??= init({ module_or_path: module });
    await ready;
    return true;
  },
  memoryBytes: () => wasm.memory_bytes(),
  /** A .zip of `entries` ({name, bytes}), stored uncompressed: PNG and JPEG are compressed already. */
  zip(entries) {
    const files = {};
    for (const { name, bytes } of entries) files[name] = [bytes, { level: 0 }];
    const zipped = zipSync(files);
    return Comlink.transfer(zipped, [zipped.buffer]);
  },
};

// api.counter.local(…) runs the counter descriptor's `process.local(self, …)`.
for (const demo of DEMOS) {
  if (!demo.process) continue;
  api[demo.name] = Object.fromEntries(Object.entries(demo.process).map(([name, fn]) => [name, (...args) => fn(self, ...args)]));
}

Comlink.expose(api);
