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
  counterLocal: (iterations, lane, task) => wasm.counter_local(iterations, lane, task),
  mapSquare: (x, lane) => wasm.map_square(x, lane),
  tasksJob: (i, lane, crash = -1) => wasm.tasks_job(i, lane, crash),
  memoryBytes: () => wasm.memory_bytes(),
  blockingBusy: (ms) => wasm.blocking_busy(ms),

  /** Producer: items 0..n−1 down the port, then `null` — the close / sentinel. */
  queueProduce(port, items, lane) {
    const start_ms = wasm.now_ms();
    for (let item = 0; item < items; item++) port.postMessage(item);
    port.postMessage(null);
    port.close();
    return { lane, label: `producer: send ${items}, close`, start_ms, end_ms: wasm.now_ms(), ok: true };
  },

  /**
   * Consumer: `close` reads until the sentinel; `poll_empty` makes the
   * tutorial's mistake — it reads what has arrived and, the first time a turn
   * of the event loop brings nothing new, decides the queue is empty and stops.
   */
  async queueConsume(port, variant, lane) {
    const tally = new wasm.QueueTally();
    const start_ms = wasm.now_ms();
    await new Promise((resolve) => {
      if (variant === 'close') {
        port.onmessage = ({ data }) => (data === null ? resolve() : tally.take(data));
      } else {
        let arrived = 0;
        port.onmessage = ({ data }) => {
          arrived += 1;
          if (data !== null) tally.take(data);
        };
        const poll = () => {
          if (arrived === 0) return resolve();
          arrived = 0;
          setTimeout(poll, 0);
        };
        setTimeout(poll, 0);
      }
      port.start();
    });
    port.close();
    const label = variant === 'close' ? 'consumer: receive until closed' : 'consumer: receive while not empty';
    const result = { received: tally.received, in_order: tally.in_order, event: { lane, label, start_ms, end_ms: wasm.now_ms(), ok: true } };
    tally.free();
    return result;
  },

  grayscaleSample(width, height, seed) {
    const rgba = wasm.grayscale_sample(width, height, seed);
    return Comlink.transfer(rgba, [rgba.buffer]);
  },
};

Comlink.expose(api);
