// semaphore — the tutorial's pool_sema (Rust lesson:
// src/demos/semaphore/lesson.rs): N tasks started at once on the wait pool,
// a thread each (a task waiting at the semaphore holds its thread), at most
// `limit` inside at a time. Threads only: the semaphore is shared memory.
import { fmtMs, num } from '../format.js';
import { t } from '../i18n.js';
import { reasonWords } from '../errors.js';
import { number, lanes, needsThreads, waitPool } from './common.js';

export default {
  name: 'semaphore',
  group: 'threads',
  python: 'semaphore.py',
  controls: ['tasks', 'limit', 'ms'],
  defaults: () => ({}),

  async run(p, ctx) {
    const c = ctx.wasm.semaphore_check(number(p.tasks), number(p.limit), number(p.ms));
    needsThreads(ctx.info);
    const threads = await ctx.threads();
    await waitPool(threads, c.tasks); // a thread per task, running before the clock starts
    const t0 = ctx.now();
    const out = await threads.semaphore.run(c.tasks, c.limit, c.ms); // <- N threads, one semaphore
    // A task's wait at the semaphore is drawn, and counted apart from its time inside.
    const events = lanes(out.events, 'task').map((e) => (e.label.endsWith(': waits') ? { ...e, waiting: true } : e));
    return { started_at: t0, params: { tasks: c.tasks, limit: c.limit, ms: c.ms }, value: { peak: out.peak, ran: out.ran }, refused: out.refused, ideal_ms: c.ideal_ms, events };
  },

  /** In the threads coordinator: the tasks on the wait pool. */
  threads: {
    run: ({ wasm }, tasks, limit, ms) => wasm.semaphore_threads(tasks, limit, ms),
  },

  view: {
    name: 'semaphore.name',
    title: 'semaphore.title',
    python: 'threading.BoundedSemaphore(limit)',
    intro: 'semaphore.intro',
    labels: {
      tasks: ['semaphore.tasks'],
      limit: ['semaphore.limit'],
      ms: ['semaphore.ms', null, 'unit.ms'],
    },
    facts: [
      { text: 'semaphore.fact.tutorial', url: 'https://docs.python.org/3/library/threading.html#semaphore-objects' },
      { text: 'semaphore.fact.bounded', url: 'https://docs.python.org/3/library/threading.html#threading.BoundedSemaphore' },
    ],
    note: (info) => (info.threads ? '' : t('panel.threads_only', { reason: reasonWords(info) })),
    lanes: (p) => p.tasks,
    headline: (r) => t('semaphore.headline', { count: r.value.ran, peak: r.value.peak, limit: r.params.limit, time: fmtMs(r.total_ms), ideal: fmtMs(r.ideal_ms) }),
    // Two figures, one row: the timeline of twelve lanes below stays in view.
    figures: [
      ['semaphore.fig.peak', (r) => t('figure.of', { part: num(r.value.peak), whole: num(r.params.limit) })],
      ['figure.total', (r) => fmtMs(r.total_ms)],
    ],
  },
};
