// blocking — "don't block the event loop" (Rust lesson:
// src/demos/blocking/lesson.rs). A ticker paints on every animation frame
// while D ms of CPU work runs on the main thread in one piece, on the main
// thread in slices that yield, or in a worker; the frames it managed to
// paint are the measurement.
import { fmtMs, num } from '../format.js';
import { el } from '../dom.js';
import { t } from '../i18n.js';
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
    name: 'blocking.name',
    title: 'blocking.title',
    python: 'time.sleep() inside a coroutine',
    intro: 'blocking.intro',
    facts: [
      { text: 'blocking.fact.to_thread', url: 'https://docs.python.org/3/library/asyncio-dev.html#running-blocking-code' },
    ],
    lanes: () => 2,
    labels: {
      where: ['blocking.where', { main: 'blocking.where.main', sliced: 'blocking.where.sliced', worker: 'blocking.where.worker' }],
      ms: ['blocking.ms', null, 'unit.ms'],
    },
    decorate(section) {
      const dot = el('span', { class: 'dot' });
      section.querySelector('form').after(el('div', { class: 'ticker', 'aria-hidden': 'true' }, dot));
      return { onFrame: (time) => { dot.style.transform = `translateX(${(time / 4) % 300}px)`; } };
    },
    headline: (r) => t('blocking.headline', { ms: r.params.ms, where: t(`blocking.where.${r.params.where}`), gap: fmtMs(r.value.longest_gap_ms), count: r.value.dropped_frames }),
    figures: [
      ['blocking.fig.gap', (r) => fmtMs(r.value.longest_gap_ms)],
      ['blocking.fig.dropped', (r) => num(r.value.dropped_frames)],
      ['blocking.fig.painted', (r) => num(r.frames)],
      ['figure.total', (r) => fmtMs(r.total_ms)],
    ],
  },
};
