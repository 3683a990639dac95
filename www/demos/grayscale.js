// grayscale: the multiprocessing.Pool.map image job, in two shapes and on
// three back ends.
//   shape 'batch' — one task per file: decode → luma → encode, as Pool.map
//                   hands out paths; results in input order.
//   shape 'split' — one image cut into bands of rows, a band per worker.
//   backend 'threads'   — one rayon pool over shared memory (threads build);
//           'processes' — N workers with their own memory; data goes out and
//                         comes back by postMessage, like Pool.map pickling;
//           'single'    — everything on one worker, the baseline.
// The Rust core (src/demos/grayscale.rs) checks the numbers and names the
// parameter at fault; this file routes work and assembles results.
import * as Comlink from '../vendor/comlink.mjs';
import { ParamError } from '../playground.js';
import { checkBackend, defaultBackend, number } from './common.js';

export const BACKENDS = ['threads', 'processes', 'single'];
export const SHAPES = ['split', 'batch'];
/** Files above this size get an error row instead of being read. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_PIXELS = 64 * 1024 * 1024;
const SAMPLE = { width: 1024, height: 768, count: 16 };

export function defaults(info) {
  return {
    shape: 'split',
    width: 1600,
    height: 1200,
    seed: 1,
    backend: defaultBackend(info),
    workers: info.workers,
    max_pixels: DEFAULT_MAX_PIXELS,
    count: SAMPLE.count,
  };
}

export async function run(params, ctx) {
  const p = { ...defaults(ctx.info), shape: params.files ? 'batch' : 'split', ...params };
  if (!SHAPES.includes(p.shape)) {
    throw new ParamError(`parameter \`shape\` must be one of ${SHAPES.join(', ')}; got ${JSON.stringify(p.shape)}`);
  }
  checkBackend(p.backend, BACKENDS, ctx.info);
  if (p.onProgress !== undefined && typeof p.onProgress !== 'function') {
    throw new ParamError('parameter `onProgress` must be a function (done, total)');
  }
  return p.shape === 'batch' ? runBatch(p, ctx) : runSplit(p, ctx);
}

// ---- shape 'split': one image, bands of rows ----------------------------

async function runSplit(p, ctx) {
  const rgba = p.rgba;
  if (rgba !== undefined && !(rgba instanceof Uint8Array || rgba instanceof Uint8ClampedArray)) {
    throw new ParamError('parameter `rgba` must be a Uint8Array or Uint8ClampedArray of width × height × 4 bytes');
  }
  const workers = p.backend === 'single' ? 1 : p.workers;
  ctx.wasm.grayscale_check(number(p.width), number(p.height), number(workers), rgba ? rgba.length : -1);
  const { width, height } = p;
  if (!rgba && !(Number.isInteger(p.seed) && p.seed >= 0 && p.seed <= 0xffffffff)) {
    throw new ParamError(`parameter \`seed\` must be a whole number from 0 to ${0xffffffff}; got ${String(p.seed)}`);
  }

  // The input in a buffer of our own: never detach or alias the caller's.
  const input = rgba
    ? new Uint8Array(rgba.buffer.slice(rgba.byteOffset, rgba.byteOffset + rgba.length))
    : await (await ctx.pool.worker(0)).grayscaleSample(width, height, p.seed);

  const t0 = ctx.now();
  const out =
    p.backend === 'threads'
      ? await splitOnThreads(input, width, height, workers, ctx)
      : await splitOnProcesses(input, width, height, workers, p.backend, ctx);
  const checked = { shape: 'split', width, height, backend: p.backend, workers };
  if (rgba) checked.rgba = `${rgba.constructor.name}(${rgba.length})`;
  else checked.seed = p.seed;
  return {
    started_at: t0,
    params: checked,
    value: ctx.wasm.grayscale_checksum(out.gray),
    gray: out.gray,
    rgba: input,
    width,
    height,
    events: out.events,
  };
}

async function splitOnThreads(input, width, height, workers, ctx) {
  ctx.onAbort(() => ctx.coordinator.terminate());
  const api = await ctx.coordinator.api();
  const result = await api.grayscale(input, width, height, workers);
  return {
    gray: result.gray,
    events: result.events.map((e) => ({ ...e, lane: `thread ${e.lane}` })),
  };
}

async function splitOnProcesses(input, width, height, workers, backend, ctx) {
  ctx.onAbort(() => ctx.pool.terminate());
  await ctx.pool.resize(workers);
  const flat = ctx.wasm.grayscale_bands(height, workers);
  const gray = new Uint8Array(width * height);
  const events = [];
  const lane = laneName(backend);
  await Promise.all(
    Array.from({ length: flat.length / 2 }, async (_, i) => {
      const [start, end] = [flat[2 * i], flat[2 * i + 1]];
      const worker = i % workers;
      const api = await ctx.pool.worker(worker);
      const rows = input.slice(start * width * 4, end * width * 4);
      const label = `rows ${start}–${end - 1}`;
      const result = await api.grayscaleBand(Comlink.transfer(rows, [rows.buffer]), worker, label);
      gray.set(result.gray, start * width);
      events.push(...result.events.map((e) => ({ ...e, lane: lane(worker) })));
    }),
  );
  return { gray, events };
}

const laneName = (backend) => (backend === 'single' ? () => 'single worker' : (i) => `process ${i}`);

// ---- shape 'batch': Pool.map over files ----------------------------------

/** The files of a batch as `{file, name}`, or sample files made for it. */
async function batchInputs(p, ctx) {
  if (p.files === undefined) {
    // No files given: make a batch of photo-like JPEGs, as the page's
    // "sample images" button does.
    return sampleFiles(p.count, ctx).then((files) => files.map((file) => ({ file, name: file.name })));
  }
  const list = p.files instanceof FileList ? [...p.files] : p.files;
  if (!Array.isArray(list)) {
    throw new ParamError('parameter `files` must be an array (or FileList) of File or Blob objects');
  }
  if (list.length === 0) throw new ParamError('parameter `files` is empty: give at least one PNG or JPEG file');
  return list.map((file, i) => {
    if (!(file instanceof Blob)) {
      throw new ParamError(`parameter \`files\`: item ${i} is ${file === null ? 'null' : typeof file}, not a File or Blob`);
    }
    return { file, name: typeof file.name === 'string' && file.name ? file.name : `image-${i + 1}` };
  });
}

/** `count` sample photo-like JPEGs (1024 × 768), made on the pool's workers. */
export async function sampleFiles(count, ctx, { width = SAMPLE.width, height = SAMPLE.height } = {}) {
  ctx.wasm.grayscale_check_batch(1, 1, number(count));
  const workers = Math.max(1, Math.min(ctx.info.workers, count));
  await ctx.pool.resize(Math.max(ctx.pool.size, workers));
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const api = await ctx.pool.worker(i % workers);
      const bytes = await api.grayscaleSampleFile(width, height, i + 1, 'jpeg');
      const name = `sample-${String(i + 1).padStart(2, '0')}.jpg`;
      return new File([bytes], name, { type: 'image/jpeg' });
    }),
  );
}

async function runBatch(p, ctx) {
  const workers = p.backend === 'single' ? 1 : p.workers;
  // `count` only means something without `files` (samples are made).
  ctx.wasm.grayscale_check_batch(number(workers), number(p.max_pixels), p.files === undefined ? number(p.count) : undefined);
  const inputs = await batchInputs(p, ctx);

  const rows = new Array(inputs.length);
  // Progress from the threads coordinator arrives by message and can lag
  // behind its result: count here, catch up before returning, and ignore
  // stragglers, so onProgress sees 1 … N exactly once, all before the result.
  let done = 0;
  let closed = false;
  const progress = () => {
    if (closed || done >= inputs.length) return;
    done += 1;
    p.onProgress?.(done, inputs.length);
  };
  // Files too big to read are refused here, by size, before any work.
  const work = [];
  inputs.forEach(({ file, name }, index) => {
    if (file.size > MAX_FILE_BYTES) {
      rows[index] = { index, name, error: `${name}: the file is ${(file.size / 2 ** 20).toFixed(0)} MiB; the limit is ${MAX_FILE_BYTES / 2 ** 20} MiB` };
      progress();
    } else work.push({ index, file, name });
  });

  const t0 = ctx.now();
  let lane = (e) => e.lane;
  if (p.backend === 'threads') {
    ctx.onAbort(() => ctx.coordinator.terminate());
    const api = await ctx.coordinator.api();
    const out = await api.grayscaleBatch(
      work.map(({ file, name }) => ({ file, name })),
      p.max_pixels,
      Comlink.proxy(() => progress()),
    );
    out.forEach((row, i) => {
      rows[work[i].index] = { ...row, index: work[i].index };
    });
    lane = (e) => `thread ${e.lane}`;
  } else {
    ctx.onAbort(() => ctx.pool.terminate());
    await ctx.pool.resize(workers);
    let next = 0;
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        while (next < work.length && !ctx.signal.aborted) {
          const { index, file, name } = work[next++];
          try {
            const api = await ctx.pool.worker(w);
            rows[index] = await api.grayscaleFile(file, name, index, p.max_pixels, w);
          } catch (err) {
            if (ctx.signal.aborted) throw err;
            // A trap leaves that instance in an unknown state: replace the
            // worker, keep the error on this file's row, go on with the rest.
            ctx.pool.restart(w);
            rows[index] = { index, name, error: `${name}: the worker failed while converting it (${err.message})` };
          }
          progress();
        }
      }),
    );
    lane = ((name) => (e) => name(e.lane))(laneName(p.backend));
  }
  if (!ctx.signal.aborted) while (done < inputs.length) progress();
  closed = true;

  const value = rows.map((row) =>
    row.error
      ? { name: row.name, error: row.error }
      : { name: row.name, width: row.width, height: row.height, output_name: row.output_name, output: row.output },
  );
  const events = rows.filter((r) => r.event).map((r) => ({ ...r.event, lane: lane(r.event) }));
  const failed = value.filter((v) => v.error).length;
  const checked = { shape: 'batch', backend: p.backend, workers, max_pixels: p.max_pixels, files: inputs.length };
  return { started_at: t0, params: checked, value, inputs: inputs.map((i) => i.file), converted: value.length - failed, failed, events };
}

export default { name: 'grayscale', defaults, run };
