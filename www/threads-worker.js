// The coordinator: the one Worker that loads the threads build (www/pkg-threads/)
// and owns its rayon pool. rayon's own workers are spawned from here by
// wasm-bindgen-rayon and share this instance's WebAssembly.Memory. Blocking
// waits (Atomics.wait) are allowed in a worker, never on the main thread,
// which is why nothing of the threads build is ever loaded there.
import init, * as wasm from './pkg-threads/concurrency_playground.js';
import * as Comlink from './vendor/comlink.mjs';

let started = null;
let poolSize = 0;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

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
      poolSize = threads;
      return threads;
    })();
    return started;
  },
  /**
   * Pool.map over files on the rayon pool. Files are read here, one or two
   * ahead of the free threads, so only a few sit in memory at once; each
   * result row goes back as soon as every file is done, in input order.
   */
  async grayscaleBatch(files, maxPixels, onProgress) {
    const batch = new wasm.GrayBatch(maxPixels);
    const rows = new Array(files.length);
    const ahead = poolSize + 1;
    let next = 0;
    let inFlight = 0;
    let done = 0;
    const finish = (row) => {
      rows[row.index] = row;
      done += 1;
      onProgress?.(done, files.length);
    };
    try {
      while (done < files.length) {
        while (inFlight < ahead && next < files.length) {
          const i = next++;
          const { file, name } = files[i];
          let bytes;
          try {
            bytes = new Uint8Array(await file.arrayBuffer());
          } catch (err) {
            finish({ index: i, name, error: `${name}: could not be read (${err.message})` });
            continue;
          }
          batch.push(i, name, bytes);
          inFlight += 1;
        }
        await tick();
        for (const row of batch.poll()) {
          inFlight -= 1;
          finish(row);
        }
      }
    } finally {
      batch.free();
    }
    return Comlink.transfer(rows, rows.filter((r) => r.output).map((r) => r.output.buffer));
  },
  counter: (threads, iterations, variant) => wasm.counter_threads(threads, iterations, variant),
  map(workers, n) {
    const r = wasm.map_threads(workers, n);
    return Comlink.transfer(r, [r.values.buffer, r.finished.buffer]);
  },
  tasks: (count, crash) => wasm.tasks_threads(count, crash),
  memoryBytes: () => wasm.memory_bytes(),
  queue: (items, variant) => wasm.queue_threads(items, variant),
  benchThreads(width, height, workers, reps) {
    return wasm.bench_threads(width, height, workers, reps);
  },
  grayscale(rgba, width, height, workers) {
    const result = wasm.grayscale_threads(rgba, width, height, workers);
    return Comlink.transfer(result, [result.gray.buffer]);
  },
};

Comlink.expose(api);
