// The benchmark's in-browser half, loaded into the served page by run.mjs
// after window.playground is ready. Each function returns raw per-repetition
// milliseconds; run.mjs turns them into the table.
import * as wasm from '../pkg/concurrency_playground.js';
import { ThreadsCoordinator } from '../threads.js';

const pg = () => window.playground;

/** The plain JavaScript version a teacher might write, over ImageData. */
function jsGray(rgba, out) {
  for (let i = 0, j = 0; j < out.length; i += 4, j++) {
    out[j] = (9798 * rgba[i] + 19235 * rgba[i + 1] + 3735 * rgba[i + 2] + 16384) >> 15;
  }
}

function timeReps(reps, fn) {
  const times = [];
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times;
}

async function runReps(reps, params) {
  const times = [];
  for (let r = 0; r < reps; r++) {
    const result = await pg().run('grayscale', params);
    if (!result.ok) throw new Error(`${params.backend}: ${result.error}`);
    times.push(result.total_ms);
  }
  return times;
}

/** Kernel-only timings on a width × height RGBA image. */
export async function kernels({ width, height, reps }) {
  const info = await pg().ready;
  const n = info.workers;
  const rgba = wasm.grayscale_sample(width, height, 1);
  const image = new ImageData(new Uint8ClampedArray(rgba.buffer), width, height);
  const out = new Uint8Array(width * height);
  const rows = [];
  jsGray(image.data, out); // warm-up, so the JIT has compiled the loop
  rows.push({ name: 'JS loop over ImageData (main thread)', times: timeReps(reps, () => jsGray(image.data, out)) });
  for (const [kernel, label] of [['image', 'image crate grayscale (wasm)'], ['scalar', 'our scalar kernel (wasm)'], ['simd', 'our SIMD kernel (wasm simd128)']]) {
    wasm.bench_kernel(kernel, width, height, 1);
    rows.push({ name: label, times: Array.from(wasm.bench_kernel(kernel, width, height, reps)) });
  }
  if (info.threads) {
    const coordinator = new ThreadsCoordinator(n);
    try {
      const api = await coordinator.api();
      for (const workers of [...new Set([1, 2, n])]) {
        await api.benchThreads(width, height, workers, 1);
        rows.push({ name: `rayon pool, ${workers} worker(s), kernel only`, workers, times: Array.from(await api.benchThreads(width, height, workers, reps)) });
      }
      // The same on 4× the pixels: handing bands to the pool and waking its
      // threads is a fixed cost, so the share it takes shrinks as work grows.
      const [bigW, bigH] = [2 * width, 2 * height];
      for (const workers of [1, 2]) {
        await api.benchThreads(bigW, bigH, workers, 1);
        rows.push({ name: `rayon pool on ${bigW}×${bigH}, ${workers} worker(s), kernel only`, workers, bytes: bigW * bigH * 4, times: Array.from(await api.benchThreads(bigW, bigH, workers, reps)) });
      }
    } finally {
      coordinator.terminate();
    }
  }
  // The split as the page runs it: a seeded sample made where each back end
  // keeps it (in shared memory on threads, in the page for processes), then
  // timed with every copy the back end makes, to its workers and back.
  // The back ends take turns, one run each, so that whatever else the
  // machine is doing at the time weighs on both alike.
  const params = { shape: 'split', width, height, seed: 1 };
  const backends = info.threads ? ['threads', 'processes'] : ['processes'];
  const times = Object.fromEntries(backends.map((b) => [b, []]));
  for (let r = -1; r < reps; r++) {
    for (const backend of backends) {
      const [ms] = await runReps(1, { ...params, backend, workers: n });
      if (r >= 0) times[backend].push(ms); // the first round warms each up
    }
  }
  for (const backend of backends) {
    rows.push({ name: `split, ${backend}, ${n} workers, incl. copies to and from workers`, kind: 'split', backend, times: times[backend] });
  }
  return { workers: n, bytes: width * height * 4, rows };
}

/** A batch result's mean milliseconds per converted file in each stage. */
function stageMeans(result) {
  const done = result.value.filter((v) => v.stages);
  const mean = (key) => done.reduce((sum, v) => sum + v.stages[key], 0) / done.length;
  return { decode: mean('decode_ms'), luma: mean('luma_ms'), encode: mean('encode_ms'), decoders: [...new Set(done.map((v) => v.decoder))] };
}

/**
 * The batch of `count` sample JPEGs through every back end, with the
 * browser's decoder and with ours: total ms per repetition, and the stages
 * per file of the last repetition. Returns the files too.
 */
export async function batch({ count, reps }) {
  const info = await pg().ready;
  const made = await pg().run('grayscale', { shape: 'batch', count, backend: 'single', codec: 'wasm' });
  if (!made.ok) throw new Error(made.error);
  const files = made.inputs;
  batchFiles = files;
  const rows = [];
  for (const backend of info.modes) {
    for (const codec of ['browser', 'wasm']) {
      const workers = backend === 'single' ? 1 : info.workers;
      const params = { files, backend, codec, workers };
      await runReps(1, params);
      // The goal's row: run.mjs times it through batchOnce, in turn with Python's batch.
      const alternated = backend === 'threads' && codec === 'browser';
      const runs = [];
      for (let r = 0; r < (alternated ? 0 : reps); r++) runs.push(await batchRun(params));
      rows.push({ name: `batch of ${count} JPEGs, ${backend}${backend === 'single' ? '' : `, ${workers} workers`}, ${codec === 'browser' ? "browser's decoder" : 'our wasm decoder'}`, backend, codec, workers, files: count, alternated, stages: runs.at(-1)?.stages ?? null, times: runs.map((r) => r.ms) });
    }
  }
  const encoded = await Promise.all(files.map(async (f) => {
    const bytes = new Uint8Array(await f.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { name: f.name, base64: btoa(binary) };
  }));
  return { rows, files: encoded };
}

/** The files `batch` made, for `batchOnce`. */
let batchFiles = null;

/**
 * One run of the threads batch with the browser's decoder over the files
 * `batch` made: `{ms, stages}`. run.mjs alternates it with Python's batch.
 */
export async function batchOnce() {
  const info = await pg().ready;
  return batchRun({ files: batchFiles, backend: 'threads', codec: 'browser', workers: info.workers });
}

/** One run of the batch with `params`: `{ms, stages}`; a file that fails stops the benchmark. */
async function batchRun(params) {
  const r = await pg().run('grayscale', params);
  if (!r.ok || r.failed) throw new Error(`${params.backend}/${params.codec}: ${r.error ?? `${r.failed} file(s) failed`}`);
  return { ms: r.total_ms, stages: stageMeans(r) };
}

/** counter at T = 1, 2, N with `iterations` each: total ms per run. */
export async function counters({ iterations, reps }) {
  const info = await pg().ready;
  const rows = [];
  const threads = [...new Set([1, 2, info.workers])];
  const cases = [];
  if (info.threads) {
    for (const variant of ['mutex', 'atomic', 'racy', 'local']) for (const t of threads) cases.push({ backend: 'threads', variant, threads: t });
  }
  for (const t of threads) cases.push({ backend: 'processes', variant: 'local', threads: t });
  for (const c of cases) {
    const params = { ...c, iterations };
    await runDemo('counter', params, 1);
    rows.push({ name: `counter ${c.variant}, ${c.backend}, T = ${c.threads}`, ...c, increments: c.threads * iterations, times: await runDemo('counter', params, reps) });
  }
  // The GIL as a number: 1 µs of private work before each increment, T = 1 and 2.
  if (info.threads) {
    for (const t of [1, 2]) {
      const params = { backend: 'threads', variant: 'mutex', threads: t, iterations: WORK_I, work: 1 };
      await runDemo('counter', params, 1);
      rows.push({ name: `counter mutex, threads, work = 1 µs, T = ${t}`, kind: 'work', threads: t, increments: t * WORK_I, times: await runDemo('counter', params, reps) });
    }
  }
  return rows;
}

/** Increments per thread in the rows with private work (1 µs each). */
export const WORK_I = 100_000;

/** map and queue throughput on every back end: total ms per run. */
export async function throughput({ n, items, reps }) {
  const info = await pg().ready;
  const rows = [];
  for (const backend of info.threads ? ['threads', 'processes'] : ['processes']) {
    const mapParams = { backend, workers: info.workers, n };
    await runDemo('map', mapParams, 1);
    rows.push({ name: `map ${n} squares, ${backend}, W = ${info.workers}`, kind: 'map', backend, items: n, times: await runDemo('map', mapParams, reps) });
    const queueParams = { backend, items, variant: 'close' };
    await runDemo('queue', queueParams, 1);
    rows.push({ name: `queue ${items} items, ${backend}`, kind: 'queue', backend, items, times: await runDemo('queue', queueParams, reps) });
    if (backend === 'processes') {
      // One message per item: what a message between processes costs.
      const single = { ...queueParams, batch: 1 };
      await runDemo('queue', single, 1);
      rows.push({ name: `queue ${items} items, processes, a message per item`, kind: 'queue', backend, items, times: await runDemo('queue', single, reps) });
    }
  }
  return rows;
}

async function runDemo(name, params, reps) {
  const times = [];
  for (let r = 0; r < reps; r++) {
    const result = await pg().run(name, params);
    if (!result.ok) throw new Error(`${name} ${JSON.stringify(params)}: ${result.error}`);
    times.push(result.total_ms);
  }
  return times;
}

/**
 * A plain JavaScript fetch loop: what a teacher might write instead. With
 * `options`, each request also gets what ours gives it (src/demos/fetch/browser.rs):
 * a signal that fires on a timeout or when the run is cancelled, and
 * `cache: 'no-store'` (one signal for the loop, where ours makes one per
 * millisecond). That loop is not a goal: it shows how much of the
 * difference is the browser handling those options rather than our code.
 */
async function plainGather(urls, options = false) {
  const start = performance.now();
  const init = options ? { cache: 'no-store', signal: AbortSignal.any([new AbortController().signal, AbortSignal.timeout(10_001)]) } : undefined;
  await Promise.all(urls.map((u) => fetch(u, init).then((r) => r.arrayBuffer())));
  return performance.now() - start;
}

/**
 * gather of n × ms requests against the page's latency endpoint (answered by
 * its service worker): our fetch path and a plain JS fetch loop.
 */
export async function fetches({ counts, ms, bytes, reps }) {
  const rows = [];
  for (const [where, prefix, ns] of [['service worker', '', counts]]) {
    for (const n of ns) {
      const urls = Array.from({ length: n }, () => new URL(`${prefix}sim/delay?ms=${ms}&bytes=${bytes}`, document.baseURI).href);
      const [ours, plain, options] = [[], [], []];
      const runs = [
        async () => {
          const result = await pg().run('fetch', { urls, mode: 'gather' });
          if (!result.ok || result.failed) throw new Error(`fetch ${n} via ${where}: ${result.error ?? `${result.failed} failed, e.g. ${result.value.find((v) => v.error).error}`}`);
          ours.push(result.total_ms);
        },
        async () => plain.push(await plainGather(urls)),
        async () => options.push(await plainGather(urls, true)),
      ];
      await pg().run('fetch', { urls: urls.slice(0, 2), mode: 'gather' });
      // The three take turns, each repetition starting with the next one.
      for (let r = 0; r < reps; r++) {
        for (let k = 0; k < runs.length; k++) await runs[(r + k) % runs.length]();
      }
      rows.push({ name: `gather ${n} × ${ms} ms, our fetch path, ${where}`, n, where, kind: 'ours', ideal: ms, times: ours });
      rows.push({ name: `gather ${n} × ${ms} ms, plain JS fetch loop, ${where}`, n, where, kind: 'plain', ideal: ms, times: plain });
      rows.push({ name: `gather ${n} × ${ms} ms, plain JS loop with our request options, ${where}`, n, where, kind: 'plain options', ideal: ms, times: options });
    }
  }
  return rows;
}

/**
 * pipe's ping-pong (`rounds` round trips between two processes, and between
 * two threads where there are threads) and semaphore's 12 × 100 ms, limit 3:
 * `{processes, threads, semaphore}`, milliseconds per repetition.
 */
export async function waiting({ rounds, reps }) {
  const info = await pg().ready;
  const out = { processes: [], threads: [], semaphore: [] };
  await pg().run('pipe', { rounds: 100 }); // warm-up: workers and the wait pool started
  for (let r = 0; r < reps; r++) {
    const pipe = await pg().run('pipe', { rounds });
    if (!pipe.ok) throw new Error(`pipe: ${pipe.error}`);
    out.processes.push((pipe.value.processes.round_trip_us * rounds) / 1000);
    if (pipe.value.threads) out.threads.push((pipe.value.threads.round_trip_us * rounds) / 1000);
    if (info.threads) {
      const sema = await pg().run('semaphore', { tasks: 12, limit: 3, ms: 100 });
      if (!sema.ok) throw new Error(`semaphore: ${sema.error}`);
      out.semaphore.push(sema.total_ms);
    }
  }
  return out;
}

/** Page-level figures: navigation to `ready` and to the first result, from this page load. */
export async function pageFigures() {
  const info = await pg().ready;
  // The moment `ready` resolved, marked by the page itself: this function
  // starts later, when the driver gets round to calling it.
  const readyAt = performance.getEntriesByName('playground:ready')[0]?.startTime ?? performance.now();
  const result = await pg().run('counter', { backend: info.threads ? 'threads' : 'processes', variant: info.threads ? 'mutex' : 'local' });
  return { ready_ms: readyAt, first_result_ms: performance.now(), ok: result.ok };
}
