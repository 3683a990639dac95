// grayscale — the multiprocessing.Pool.map image job, in two shapes and on
// three back ends (Rust lesson: src/demos/grayscale/lesson.rs).
//   shape 'split' — one image cut into bands of rows, a band per worker.
//   shape 'batch' — one task per file: decode → luma → encode, as Pool.map
//                   hands out paths; results in input order.
//   backend 'threads'   — one rayon pool over shared memory;
//           'processes' — N workers with their own memory; data goes out and
//                         comes back by postMessage, like Pool.map pickling;
//           'single'    — everything on one worker, the baseline.
import * as Comlink from '../vendor/comlink.mjs';
import { ParamError } from '../errors.js';
import { t } from '../i18n.js';
import { defaultBackend, number, text, offered, timed } from './common.js';
import { prepare } from './grayscale-codec.js';

/** Files above this size get an error row instead of being read. */
const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** The threads batch reads files further ahead while those ahead add up to less than this (see `batch`). */
const AHEAD_BYTES = 32 * 1024 * 1024;
/** The sample photos: their size, and the quality a camera or phone typically writes. */
const SAMPLE = { width: 1024, height: 768, quality: 0.92 };
/** On the threads coordinator: the split's picture and its gray, in shared memory between calls. */
let shared = null;
/** Frees them once the run is done with them: a big picture should not hold the memory a batch needs. */
const release = () => {
  shared?.free();
  shared = null;
};

export default {
  name: 'grayscale',
  group: 'processes',
  python: 'grayscale.py',
  controls: ['shape', 'backend', 'codec', 'workers', 'width', 'height', 'seed'],
  // Given files and no shape, the job is a batch of them.
  defaults: (info, given) => ({ backend: defaultBackend(info), workers: info.workers, shape: given.files !== undefined ? 'batch' : 'split' }),

  async run(p, ctx) {
    const rgba = p.rgba;
    if (rgba !== undefined && !(rgba instanceof Uint8Array || rgba instanceof Uint8ClampedArray)) {
      throw new ParamError('rgba_type', { name: 'rgba' });
    }
    if (p.onProgress !== undefined && typeof p.onProgress !== 'function') {
      throw new ParamError('on_progress_type', { name: 'onProgress' });
    }
    const c = ctx.wasm.grayscale_check(text(p.shape), text(p.backend), text(p.codec), number(p.workers), number(p.width), number(p.height), number(p.seed), rgba ? rgba.length : -1, number(p.count), number(p.max_pixels));
    offered(c.backend, ctx.info);
    return c.shape === 'batch' ? runBatch(p, c, ctx) : runSplit(rgba, c, ctx);
  },

  process: {
    /** One band of rows, in this worker's own memory; the gray band goes back transferred. */
    band({ wasm }, rgba, lane, label) {
      const result = wasm.grayscale_band(rgba, lane, label);
      return Comlink.transfer(result, [result.gray.buffer]);
    },
    /**
     * One encoded file (a File or Blob: cloning it to a worker is cheap) →
     * a result row: decoded by the browser or by us (`codec`), then our luma
     * and encoder, all in this worker.
     */
    async file({ wasm }, file, name, index, maxPixels, lane, codec) {
      const got = await prepare(wasm, { file, name, index, maxPixels, codec, lane });
      if (got.row) return got.row;
      const px = got.pixels;
      const row = px
        ? wasm.grayscale_pixels(px.data, px.layout, px.offsets, name, index, px.format, px.width, px.height, px.decode_ms, px.started_ms, lane)
        : wasm.grayscale_file(got.bytes, name, index, maxPixels, lane);
      row.decoder = px ? 'browser' : 'wasm';
      return row.output ? Comlink.transfer(row, [row.output.buffer]) : row;
    },
    sample({ wasm }, width, height, seed) {
      const rgba = wasm.grayscale_sample(width, height, seed);
      return Comlink.transfer(rgba, [rgba.buffer]);
    },
    /** A sample photo as a JPEG file, written by the browser's own encoder (our module carries none for colour). */
    async sampleFile({ wasm }, width, height, seed) {
      const rgba = wasm.grayscale_sample(width, height, seed);
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer), width, height), 0, 0);
      return canvas.convertToBlob({ type: 'image/jpeg', quality: SAMPLE.quality });
    },
  },

  threads: {
    /** A sample made straight into shared memory, before the clock starts. */
    sample({ wasm }, width, height, seed) {
      release();
      shared = wasm.SharedImage.sample(width, height, seed);
    },
    /**
     * The split in shared memory: the caller's pixels copied in once (a
     * sample is there already), every thread writing into the one gray
     * buffer, and the gray copied out once. The copies are on the timeline.
     */
    split({ wasm }, rgba, width, workers) {
      const copies = [];
      const copy = (label, work) => timed(copies, 'coordinator', label, work);
      if (rgba) {
        release();
        shared = copy('copy in', () => wasm.SharedImage.copy_of(rgba, width)); // <- the one copy into shared memory
      }
      const events = shared.split(workers);
      const gray = copy('copy out', () => shared.gray()); // <- and the one copy out
      const out = { gray, value: shared.checksum(), events: [...events.map((e) => ({ ...e, lane: `thread ${e.lane}` })), ...copies] };
      // The caller has their pixels: nothing here needs the shared copy any more.
      if (rgba) release();
      return Comlink.transfer(out, [gray.buffer]);
    },
    /** A sample's pixels, copied out for the page to show (after the clock). */
    pixels() {
      const rgba = shared.rgba();
      release();
      return Comlink.transfer(rgba, [rgba.buffer]);
    },
    /**
     * Pool.map over files on the rayon pool. Files are read (and, with codec
     * 'browser', decoded by the browser) here, a few ahead of the free
     * threads, so only a few sit in shared memory at once; the rows go back,
     * in input order, when every file is done.
     */
    async batch({ wasm, threads }, files, maxPixels, codec, onProgress) {
      const batch = new wasm.GrayBatch(maxPixels);
      const rows = new Array(files.length);
      const decoders = new Array(files.length);
      const decodes = []; // the browser decoder's own bars: it works beside the threads
      let [next, inFlight, inFlightBytes, done] = [0, 0, 0, 0];
      const fileSize = (index) => files[index].file.size;
      // The browser's decoder writes each frame straight into shared memory.
      const frameBuffer = (bytes) => new wasm.FrameBuffer(bytes);
      // Enough files ahead that a thread which finishes one finds the next
      // decoded and waiting (the browser decodes beside the pool, and the
      // polls below come a few ms apart); few enough that big pictures never
      // crowd the shared memory: the pool's width plus one, and twice that
      // while the files ahead add up to under AHEAD_BYTES.
      const ahead = () => inFlight < threads + 1 || (inFlight < 2 * (threads + 1) && inFlightBytes < AHEAD_BYTES);
      const finish = (row) => {
        rows[row.index] = { ...row, decoder: decoders[row.index] };
        [inFlight, inFlightBytes] = [inFlight - 1, inFlightBytes - fileSize(row.index)];
        done += 1;
        onProgress?.(done, files.length);
      };
      const feed = async (index) => {
        const { file, name } = files[index];
        const got = await prepare(wasm, { file, name, index, maxPixels, codec, lane: 0, frameBuffer });
        if (got.row) {
          finish(got.row);
        } else if (got.pixels) {
          const px = got.pixels;
          decoders[index] = 'browser';
          decodes.push({ lane: 'browser decoder', label: name, start_ms: px.started_ms, end_ms: px.started_ms + px.decode_ms, ok: true });
          batch.push_frame(index, name, px.format, px.width, px.height, px.buffer, px.layout, px.offsets, px.decode_ms); // <- already in shared memory; a free thread takes it
        } else {
          decoders[index] = 'wasm';
          batch.push(index, name, got.bytes); // <- into shared memory; a free thread takes it
        }
      };
      try {
        while (done < files.length) {
          while (ahead() && next < files.length) {
            const i = next++;
            [inFlight, inFlightBytes] = [inFlight + 1, inFlightBytes + fileSize(i)];
            feed(i).catch((err) => {
              finish({ index: i, name: files[i].name, error_code: 'file_unreadable', error_args: { name: files[i].name, message: err.message } });
            });
          }
          await new Promise((resolve) => setTimeout(resolve, 1));
          for (const row of batch.poll()) finish(row);
        }
      } finally {
        batch.free();
      }
      const out = { rows, decodes };
      return Comlink.transfer(out, rows.filter((r) => r.output).map((r) => r.output.buffer));
    },
  },

  view: { name: 'grayscale.name', panel: () => import('./grayscale-panel.js') },
};

// ---- shape 'split': one image, bands of rows ----------------------------

async function runSplit(rgba, c, ctx) {
  const { width, height, workers } = c;
  const params = { shape: 'split', width, height, backend: c.backend, workers };
  if (rgba) params.rgba = `${rgba.constructor.name}(${rgba.length})`;
  else params.seed = c.seed;
  if (c.backend === 'threads') {
    // The picture lives in the threads instance's shared memory: a sample is
    // made there before the clock; the caller's pixels are copied in on it.
    const api = await ctx.threads();
    if (!rgba) await api.grayscale.sample(width, height, c.seed);
    const t0 = ctx.now();
    // The caller's buffer is theirs: a copy of it travels (transferred) to the coordinator.
    const mine = rgba && new Uint8Array(rgba);
    const out = await api.grayscale.split(mine ? Comlink.transfer(mine, [mine.buffer]) : undefined, width, workers);
    const ended_at = ctx.now();
    const input = rgba ? new Uint8Array(rgba) : await api.grayscale.pixels();
    return { started_at: t0, ended_at, params, value: out.value, gray: out.gray, rgba: input, width, height, events: out.events };
  }
  // The input in a buffer of our own: never detach or alias the caller's.
  const input = rgba
    ? new Uint8Array(rgba.buffer.slice(rgba.byteOffset, rgba.byteOffset + rgba.length))
    : await (await ctx.pool.worker(0)).grayscale.sample(width, height, c.seed);
  const t0 = ctx.now();
  const out = await splitOnProcesses(input, c, ctx);
  const ended_at = ctx.now();
  return { started_at: t0, ended_at, params, value: ctx.wasm.grayscale_checksum(out.gray), gray: out.gray, rgba: input, width, height, events: out.events };
}

/** A band of rows to each process, by message; the gray bands come back and are put together here. */
async function splitOnProcesses(input, c, ctx) {
  const { width, height, workers } = c;
  await ctx.pool.resize(workers);
  const flat = ctx.wasm.grayscale_bands(height, workers);
  const gray = new Uint8Array(width * height);
  const events = [];
  const lane = laneName(c.backend);
  const copy = (label, work) => timed(events, 'main thread', label, work);
  await Promise.all(
    Array.from({ length: flat.length / 2 }, async (_, i) => {
      const [start, end] = [flat[2 * i], flat[2 * i + 1]];
      const worker = i % workers;
      const api = await ctx.pool.worker(worker);
      const rows = copy('copy rows out', () => input.slice(start * width * 4, end * width * 4)); // <- a copy, sent away
      const result = await api.grayscale.band(Comlink.transfer(rows, [rows.buffer]), worker, `rows ${start}–${end - 1}`);
      copy('copy gray back', () => gray.set(result.gray, start * width)); // <- and a copy back
      events.push(...result.events.map((e) => ({ ...e, lane: lane(worker) })));
    }),
  );
  return { gray, events };
}

const laneName = (backend) => (backend === 'single' ? () => 'single worker' : (i) => `process ${i}`);

// ---- shape 'batch': Pool.map over files ----------------------------------

/** The files of a batch as `{file, name}`, or sample files made for it. */
async function batchInputs(p, c, ctx) {
  if (p.files === undefined) return (await sampleFiles(c.count, ctx)).map((file) => ({ file, name: file.name }));
  const list = p.files instanceof FileList ? [...p.files] : p.files;
  if (!Array.isArray(list)) throw new ParamError('files_type', { name: 'files' });
  if (list.length === 0) throw new ParamError('files_empty', { name: 'files' });
  return list.map((file, i) => {
    if (!(file instanceof Blob)) throw new ParamError('files_item', { name: 'files', index: String(i), type: file === null ? 'null' : typeof file });
    return { file, name: typeof file.name === 'string' && file.name ? file.name : `image-${i + 1}` };
  });
}

/** `count` sample photo-like JPEGs (1024 × 768), made on the pool's workers. */
async function sampleFiles(count, ctx, { width = SAMPLE.width, height = SAMPLE.height } = {}) {
  const workers = Math.max(1, Math.min(ctx.info.workers, count));
  await ctx.pool.resize(Math.max(ctx.pool.size, workers));
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const api = await ctx.pool.worker(i % workers);
      const blob = await api.grayscale.sampleFile(width, height, i + 1);
      return new File([blob], `sample-${String(i + 1).padStart(2, '0')}.jpg`, { type: 'image/jpeg' });
    }),
  );
}

async function runBatch(p, c, ctx) {
  const inputs = await batchInputs(p, c, ctx);
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
      rows[index] = { index, name, error_code: 'file_too_big', error_args: { name, size: (file.size / 2 ** 20).toFixed(0), limit: String(MAX_FILE_BYTES / 2 ** 20) } };
      progress();
    } else work.push({ index, file, name });
  });

  const t0 = ctx.now();
  let lane;
  let extra = [];
  if (c.backend === 'threads') {
    const out = await (await ctx.threads()).grayscale.batch(work.map(({ file, name }) => ({ file, name })), c.max_pixels, c.codec, Comlink.proxy(() => progress()));
    out.rows.forEach((row, i) => {
      rows[work[i].index] = { ...row, index: work[i].index };
    });
    extra = out.decodes;
    lane = (e) => `thread ${e.lane}`;
  } else {
    // Each free process takes the next file; a file travels to it and its gray output back.
    await ctx.pool.resize(c.workers);
    let next = 0;
    await Promise.all(
      Array.from({ length: c.workers }, async (_, w) => {
        while (next < work.length && !ctx.signal.aborted) {
          const { index, file, name } = work[next++];
          try {
            rows[index] = await (await ctx.pool.worker(w)).grayscale.file(file, name, index, c.max_pixels, w, c.codec);
          } catch (err) {
            if (ctx.signal.aborted) throw err;
            // A trap leaves that instance in an unknown state: replace the
            // worker, keep the error on this file's row, go on with the rest.
            ctx.pool.restart(w);
            rows[index] = { index, name, error_code: 'file_worker_failed', error_args: { name, message: err.message } };
          }
          progress();
        }
      }),
    );
    const name = laneName(c.backend);
    lane = (e) => name(e.lane);
  }
  if (!ctx.signal.aborted) while (done < inputs.length) progress();
  closed = true;

  // A file's error in the page's language, from its code (Rust's or ours).
  const value = rows.map((row) => (row.error_code
    ? { name: row.name, error: t(`error.${row.error_code}`, row.error_args), error_code: row.error_code, error_args: row.error_args }
    : { name: row.name, width: row.width, height: row.height, output_name: row.output_name, output: row.output, decoder: row.decoder, stages: row.stages }));
  const events = [...rows.filter((r) => r.event).map((r) => ({ ...r.event, lane: lane(r.event) })), ...extra];
  const failed = value.filter((v) => v.error).length;
  const params = { shape: 'batch', backend: c.backend, codec: c.codec, workers: c.workers, max_pixels: c.max_pixels, files: inputs.length };
  return { started_at: t0, params, value, inputs: inputs.map((i) => i.file), converted: value.length - failed, failed, events };
}
