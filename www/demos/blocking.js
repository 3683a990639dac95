// blocking: "don't block the event loop" (src/demos/blocking.rs). A ticker
// paints on every animation frame while D ms of CPU work runs on the main
// thread in one piece, on the main thread in slices that yield, or in a
// worker; the frames it managed to paint are the measurement.
import { number } from './common.js';

const FRAME_MS = 1000 / 60;
export const defaults = () => ({ ms: 500, where: 'main' });

/** Resolves on the next animation frame. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

export async function run(params, ctx) {
  const p = { ...defaults(), ...params };
  const ms = ctx.wasm.blocking_check(number(p.ms), String(p.where));
  const frames = [];
  let ticking = true;
  const tick = (t) => {
    frames.push(performance.timeOrigin + t);
    params.onFrame?.(t);
    if (ticking) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  await nextFrame();
  await nextFrame();
  const start = ctx.now();
  let lane = 'main thread';
  if (p.where === 'main') {
    ctx.wasm.blocking_busy(ms);
  } else if (p.where === 'sliced') {
    await ctx.wasm.blocking_sliced(ms);
  } else {
    lane = 'worker';
    ctx.onAbort(() => ctx.pool.terminate());
    await (await ctx.pool.worker(0)).blockingBusy(ms);
  }
  const end = ctx.now();
  await nextFrame();
  ticking = false;
  const stats = ctx.wasm.blocking_frames(new Float64Array(frames), start, end, FRAME_MS);
  const painted = frames.filter((t) => t > start && t < end);
  return {
    started_at: start,
    params: { ms, where: p.where },
    value: { longest_gap_ms: stats.longest_gap_ms, dropped_frames: stats.dropped_frames },
    frames: painted.length,
    events: [
      { lane, label: `${ms} ms of work`, start_ms: start, end_ms: end, ok: true },
      ...painted.map((t) => ({ lane: 'frames painted', label: 'frame', start_ms: t, end_ms: t + 1, ok: true })),
    ],
  };
}

export default { name: 'blocking', defaults, run };
