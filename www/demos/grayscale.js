// grayscale: the multiprocessing.Pool.map image job on three back ends.
//   threads   — one rayon pool over shared memory (the threads build);
//   processes — N workers with their own memory; rows go out and come back
//               by postMessage, like pickled arguments to Pool.map;
//   single    — the whole image on one worker, the baseline.
// Parameters are checked by the Rust core (src/demos/grayscale.rs), which
// names the parameter at fault; this file only routes and assembles.
import * as Comlink from '../vendor/comlink.mjs';
import { ParamError } from '../playground.js';

export const BACKENDS = ['threads', 'processes', 'single'];

export function defaults(info) {
  return {
    width: 1600,
    height: 1200,
    seed: 1,
    backend: info.threads ? 'threads' : 'processes',
    workers: info.workers,
  };
}

/** A number parameter as given, or NaN for anything that is not a number. */
const number = (value) => (typeof value === 'number' ? value : Number.NaN);

export async function run(params, ctx) {
  const p = { ...defaults(ctx.info), ...params };
  if (!BACKENDS.includes(p.backend)) {
    throw new ParamError(`parameter \`backend\` must be one of ${BACKENDS.join(', ')}; got ${JSON.stringify(p.backend)}`);
  }
  if (p.backend === 'threads' && !ctx.info.threads) {
    throw new ParamError(`parameter \`backend\`: threads are not available here because ${ctx.info.reason}; use backend "processes"`);
  }
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
      ? await onThreads(input, width, height, workers, ctx)
      : await onProcesses(input, width, height, workers, p.backend, ctx);
  const compute_ms = ctx.now() - t0;

  const checked = { width, height, backend: p.backend, workers };
  if (rgba) checked.rgba = `${rgba.constructor.name}(${rgba.length})`;
  else checked.seed = p.seed;
  return {
    params: checked,
    value: ctx.wasm.grayscale_checksum(out.gray),
    gray: out.gray,
    rgba: input,
    width,
    height,
    compute_ms,
    events: out.events,
  };
}

async function onThreads(input, width, height, workers, ctx) {
  ctx.onAbort(() => ctx.coordinator.terminate());
  const api = await ctx.coordinator.api();
  const result = await api.grayscale(input, width, height, workers);
  return {
    gray: result.gray,
    events: result.events.map((e) => ({ ...e, lane: `thread ${e.lane}` })),
  };
}

async function onProcesses(input, width, height, workers, backend, ctx) {
  ctx.onAbort(() => ctx.pool.terminate());
  await ctx.pool.resize(workers);
  const flat = ctx.wasm.grayscale_bands(height, workers);
  const gray = new Uint8Array(width * height);
  const events = [];
  const lane = backend === 'single' ? () => 'single worker' : (i) => `process ${i}`;
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

export default { name: 'grayscale', defaults, run };
