// A process-style worker: its own plain wasm instance and its own memory, like
// one process of a multiprocessing.Pool. Data arrives and leaves by
// postMessage (structured clone, or transfer for big buffers): nothing shared.
import init, * as wasm from './pkg/concurrency_playground.js';
import * as Comlink from './vendor/comlink.mjs';
import { zipSync } from './vendor/fflate.js';

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
  /** One encoded file (a File or Blob: cloning it to a worker is cheap) → a result row. */
  async grayscaleFile(file, name, index, maxPixels, lane) {
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (err) {
      return { index, name, error: `${name}: could not be read (${err.message})` };
    }
    const row = wasm.grayscale_file(bytes, name, index, maxPixels, lane);
    return row.output ? Comlink.transfer(row, [row.output.buffer]) : row;
  },
  grayscaleSampleFile(width, height, seed, format) {
    const bytes = wasm.grayscale_sample_file(width, height, seed, format);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  /** A .zip of `entries` ({name, bytes}), stored uncompressed: PNG and JPEG are compressed already. */
  zip(entries) {
    const files = {};
    for (const { name, bytes } of entries) files[name] = [bytes, { level: 0 }];
    const zipped = zipSync(files);
    return Comlink.transfer(zipped, [zipped.buffer]);
  },
  grayscaleSample(width, height, seed) {
    const rgba = wasm.grayscale_sample(width, height, seed);
    return Comlink.transfer(rgba, [rgba.buffer]);
  },
};

Comlink.expose(api);
