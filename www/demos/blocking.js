// blocking — "don't block the event loop" (Rust lesson:
// src/demos/blocking/lesson.rs). A ticker paints on every animation frame
// while D ms of CPU work runs on the main thread in one piece, on the main
// thread in slices that yield, or in a worker; the frames it managed to
// paint are the measurement.
import { fmtMs } from '../format.js';
import { number, text } from './common.js';

const FRAME_MS = 1000 / 60;
/** Resolves on the next animation frame. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

export default {
  name: 'blocking',
  group: 'coroutines',
  python: 'blocking.py',
  controls: ['where', 'ms'],
  defaults: () => ({}),

  async run(p, ctx) {
    const c = ctx.wasm.blocking_check(number(p.ms), text(p.where));
    const frames = [];
    let ticking = true;
    const tick = (t) => {
      frames.push(performance.timeOrigin + t);
      p.onFrame?.(t);
      if (ticking) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    await nextFrame();
    await nextFrame();
    const start = ctx.now();
    let lane = 'main thread';
    if (c.where === 'main') {
      ctx.wasm.blocking_busy(c.ms); // <- blocks the page
    } else if (c.where === 'sliced') {
      await ctx.wasm.blocking_sliced(c.ms); // <- yields between slices
    } else {
      lane = 'worker';
      await (await ctx.pool.worker(0)).blocking.busy(c.ms); // <- off the main thread
    }
    const end = ctx.now();
    await nextFrame();
    ticking = false;
    const stats = ctx.wasm.blocking_frames(new Float64Array(frames), start, end, FRAME_MS);
    const painted = frames.filter((t) => t > start && t < end);
    return {
      started_at: start,
      params: { ms: c.ms, where: c.where },
      value: { longest_gap_ms: stats.longest_gap_ms, dropped_frames: stats.dropped_frames },
      frames: painted.length,
      events: [
        { lane, label: `${c.ms} ms of work`, start_ms: start, end_ms: end, ok: true },
        ...painted.map((t) => ({ lane: 'frames painted', label: 'frame', start_ms: t, end_ms: t + 1, ok: true })),
      ],
    };
  },

  /** In a process worker: the same work, off the main thread. */
  process: {
    busy: ({ wasm }, ms) => wasm.blocking_busy(ms),
  },

  view: {
    title: 'Blocking — don\'t block the event loop',
    python: 'time.sleep() inside a coroutine',
    intro: [
      'The dot below moves on every animation frame. Run D ms of CPU work on the main thread in one piece and no frame can be painted until it ends — the browser\'s version of calling time.sleep() in a coroutine, or of the GIL. ',
      'sliced does the same work in ~4 ms slices and yields to the event loop between them (await asyncio.sleep(0)); worker does it in a Web Worker, off the main thread. The longest gap between painted frames and the frames dropped are measured, not estimated.',
    ].join(''),
    facts: [
      { text: 'In a coroutine, time.sleep() or a long computation stalls every task on the loop; await asyncio.sleep() yields, and asyncio.to_thread() (3.9) or loop.run_in_executor() moves blocking work off the loop — as sliced and worker do here.', url: 'https://docs.python.org/3/library/asyncio-dev.html#running-blocking-code' },
    ],
    lanes: () => 2,
    labels: {
      where: ['Where the work runs', { main: 'main thread, in one piece', sliced: 'main thread, sliced', worker: 'a worker' }],
      ms: ['Work', null, 'ms'],
    },
    decorate(section) {
      const track = document.createElement('div');
      track.className = 'ticker';
      track.setAttribute('aria-hidden', 'true');
      const dot = document.createElement('span');
      dot.className = 'dot';
      track.append(dot);
      section.querySelector('form').after(track);
      return { onFrame: (t) => { dot.style.transform = `translateX(${(t / 4) % 300}px)`; } };
    },
    headline: (r) => `${r.params.ms} ms of work on ${r.params.where}: longest frame gap ${fmtMs(r.value.longest_gap_ms)}, ${r.value.dropped_frames} frame(s) dropped.`,
    figures: [
      ['longest gap between frames', (r) => fmtMs(r.value.longest_gap_ms)],
      ['frames dropped', (r) => String(r.value.dropped_frames)],
      ['frames painted during the work', (r) => String(r.frames)],
      ['total', (r) => fmtMs(r.total_ms)],
    ],
  },
};
