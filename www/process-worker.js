// A process-style worker: its own plain wasm instance and its own memory, like
// one process of a multiprocessing.Pool. Data arrives and leaves by
// postMessage (structured clone, or transfer for big buffers): nothing shared.
import init, * as wasm from './pkg/concurrency_playground.js';
import * as Comlink from './vendor/comlink.mjs';

let ready = null;

const api = {
  // The main thread compiles the module once and hands it to every worker.
  async init(module) {
    ready ??= init({ module_or_path: module });
    await ready;
    return true;
  },
  grayscaleBand(rgba, lane, label) {
    const result = wasm.grayscale_band(rgba, lane, label);
    return Comlink.transfer(result, [result.gray.buffer]);
  },
  grayscaleSample(width, height, seed) {
    const rgba = wasm.grayscale_sample(width, height, seed);
    return Comlink.transfer(rgba, [rgba.buffer]);
  },
};

Comlink.expose(api);
