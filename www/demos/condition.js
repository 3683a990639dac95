// condition — a bounded buffer with threading.Condition (Rust lesson:
// src/demos/condition/lesson.rs): P producers and Q consumers on the wait
// pool, a thread each (they wait on one another). Threads only: a Condition
// is shared memory; between processes the same job is a Queue.
import { fmtMs, num } from '../format.js';
import { t } from '../i18n.js';
import { reasonWords } from '../errors.js';
import { lanes, needsThreads, number, text, waitPool } from './common.js';

export default {
  name: 'condition',
  group: 'threads',
  python: 'condition.py',
  controls: ['variant', 'producers', 'consumers', 'capacity', 'items'],
  defaults: () => ({}),

  async run(p, ctx) {
    const c = ctx.wasm.condition_check(number(p.producers), number(p.consumers), number(p.capacity), number(p.items), text(p.variant));
    needsThreads(ctx.info);
    const threads = await ctx.threads();
    await waitPool(threads, c.producers + c.consumers); // a thread each, running before the clock starts
    const t0 = ctx.now();
    const out = await threads.condition.run(c.producers, c.consumers, c.capacity, c.items, c.variant); // <- one buffer, one Condition
    const params = { variant: c.variant, producers: c.producers, consumers: c.consumers, capacity: c.capacity, items: c.items };
    const { sent, received } = out;
    return {
      started_at: t0,
      params,
      value: { sent: sent.items, received: received.items, checksum_ok: sent.sum === received.sum },
      waited: { full: sent.waited, empty: received.waited },
      went_wrong: { took_from_empty: received.took_from_empty, overfilled: sent.overfilled },
      events: lanes(out.events, 'thread'),
    };
  },

  /** In the threads coordinator: the producers and consumers on the wait pool. */
  threads: {
    run: ({ wasm }, producers, consumers, capacity, items, variant) => wasm.condition_threads(producers, consumers, capacity, items, variant),
  },

  view: {
    name: 'condition.name',
    title: 'condition.title',
    python: 'threading.Condition',
    intro: 'condition.intro',
    labels: {
      variant: ['condition.variant', { while: 'condition.variant.while', if_not_while: 'condition.variant.if_not_while' }],
      producers: ['condition.producers'],
      consumers: ['condition.consumers'],
      capacity: ['condition.capacity'],
      items: ['condition.items'],
    },
    facts: [
      { text: 'condition.fact.while', url: 'https://docs.python.org/3/library/threading.html#condition-objects' },
      { text: 'condition.fact.queue', url: 'https://docs.python.org/3/library/queue.html' },
    ],
    // A Condition is shared memory: on processes there is none, and the job is a Queue's.
    note: (info) => (info.threads ? t('condition.note') : `${t('panel.threads_only', { reason: reasonWords(info) })} ${t('condition.note')}`),
    lanes: (p) => p.producers + p.consumers,
    headline: (r) => {
      const wrong = r.went_wrong.took_from_empty + r.went_wrong.overfilled;
      const words = { received: r.value.received, sent: r.value.sent, wrong, took: r.went_wrong.took_from_empty, overfilled: r.went_wrong.overfilled };
      return t(wrong ? 'condition.headline_wrong' : 'condition.headline', words);
    },
    // Two rows of figures: the timeline stays in view beside the code.
    figures: [
      ['condition.fig.wrong', (r) => num(r.went_wrong.took_from_empty + r.went_wrong.overfilled)],
      ['condition.fig.received', (r) => t(r.value.checksum_ok ? 'figure.of' : 'condition.fig.checksum_bad', { part: num(r.value.received), whole: num(r.value.sent) })],
      ['condition.fig.full', (r) => num(r.waited.full)],
      ['condition.fig.empty', (r) => num(r.waited.empty)],
      ['figure.total', (r) => fmtMs(r.total_ms)],
    ],
  },
};
