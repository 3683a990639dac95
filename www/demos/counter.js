// counter — T threads add 1 to one shared counter I times (Rust lesson:
// src/demos/counter/lesson.rs). threads: the rayon pool, one memory, all four
// variants. processes: only `local` — workers with their own memory cannot
// share a counter at all; each counts privately and sends its count back.
import { ParamError } from '../errors.js';
import { busyPerLane, fmtMs, num } from '../format.js';
import { t } from '../i18n.js';
import { defaultBackend, lanes, number, text, offered } from './common.js';

export default {
  name: 'counter',
  group: 'threads',
  python: 'counter.py',
  controls: ['variant', 'backend', 'threads', 'iterations', 'work'],
  defaults: (info) => ({ variant: info.threads ? 'mutex' : 'local', backend: defaultBackend(info) }),

  async run(p, ctx) {
    const c = ctx.wasm.counter_check(number(p.threads), number(p.iterations), text(p.variant), text(p.backend), number(p.work));
    offered(c.backend, ctx.info);
    if (c.backend === 'processes' && c.shares_memory) {
      throw new ParamError('variant_needs_shared_memory', { name: 'variant', variant: c.variant });
    }
    const params = { threads: c.threads, iterations: c.iterations, variant: c.variant, backend: c.backend, ...(c.work > 0 && { work: c.work }) };
    const t0 = ctx.now();
    if (c.backend === 'threads') {
      // One memory: the pool's threads all increment the same counter.
      const out = await (await ctx.threads()).counter.run(c.threads, c.iterations, c.variant, c.work); // <- one memory, one counter
      return { started_at: t0, params, value: out.value, expected: out.expected, lost: out.lost, events: lanes(out.events, 'thread') };
    }
    // Own memories: each process counts privately; the counts come back by
    // message and are added up here. Nothing is shared, so nothing is lost.
    const tasks = Array.from({ length: c.threads }, (_, i) => i);
    const rows = await ctx.pool.map(c.threads, tasks, (worker, w, task) => worker.counter.local(c.iterations, c.work, w, task)); // <- a private count per process
    const value = rows.reduce((sum, r) => sum + r.value, 0); // <- added up from the messages
    return { started_at: t0, params, value, expected: c.expected, lost: 0, events: lanes(rows.map((r) => r.event), 'process') };
  },

  /** In a process worker: one private count. */
  process: {
    local: ({ wasm }, iterations, work, lane, task) => wasm.counter_local(iterations, work, lane, task),
  },
  /** In the threads coordinator: the whole run on the rayon pool. */
  threads: {
    run: ({ wasm }, threads, iterations, variant, work) => wasm.counter_threads(threads, iterations, variant, work),
  },

  view: {
    name: 'counter.name',
    title: 'counter.title',
    python: 'threading.Thread + threading.Lock',
    intro: 'counter.intro',
    labels: {
      variant: ['counter.variant', { mutex: 'counter.variant.mutex', atomic: 'counter.variant.atomic', racy: 'counter.variant.racy', local: 'counter.variant.local' }],
      threads: ['counter.threads'],
      iterations: ['counter.iterations'],
      work: ['counter.work', null, 'unit.us'],
    },
    // Processes share no memory: only `local` can run there.
    adjust(form) {
      const processes = form.elements.backend.value === 'processes';
      for (const option of form.elements.variant.options) option.disabled = processes && option.value !== 'local';
      if (processes) form.elements.variant.value = 'local';
    },
    /** Python as it is today, each with its source; `tutorial` marks where the tutorial and a measurement disagree. */
    facts: [
      { tutorial: true, text: 'counter.fact.race', url: 'https://docs.python.org/3/howto/free-threading-python.html' },
      { text: 'counter.fact.free_threading', url: 'https://docs.python.org/3/whatsnew/3.14.html' },
      { text: 'counter.fact.lock', url: 'https://docs.python.org/3/library/threading.html#lock-objects' },
    ],
    /** How many lanes a run of these parameters draws: the timeline keeps their room. */
    lanes: (p, info) => (p.backend === 'threads' ? Math.min(p.threads, info.workers) : p.threads),
    // Beside the real run: be the scheduler of two threads, step by step.
    extra: () => import('./counter-steps.js'),
    headline: (r) => t('counter.headline', { threads: r.params.threads, iterations: r.params.iterations, expected: r.expected, value: r.value, count: r.lost }),
    figures: [
      ['counter.fig.lost', (r) => t('figure.of', { part: num(r.lost), whole: num(r.expected) })],
      ['counter.fig.value', (r) => num(r.value)],
      ['counter.fig.expected', (r) => num(r.expected)],
      ['figure.total', (r) => fmtMs(r.total_ms)],
      ['counter.fig.per_increment', (r) => t('unit.ns_value', { value: num((r.total_ms * 1e6) / r.expected, 1) })],
      ['figure.busy', (r) => busyPerLane(r.events)],
    ],
  },
};
