// map — ThreadPoolExecutor(max_workers=W).map(square, range(n)) (Rust
// lesson: src/demos/map/lesson.rs). Results in input order; `finished` is the
// order the items actually completed in, so the difference can be seen.
import { busyPerLane, fmtMs, list } from '../format.js';
import { t } from '../i18n.js';
import { defaultBackend, lanes, number, text, offered } from './common.js';

export default {
  name: 'map',
  group: 'threads',
  python: 'map.py',
  controls: ['backend', 'workers', 'n'],
  defaults: (info) => ({ backend: defaultBackend(info) }),

  async run(p, ctx) {
    const c = ctx.wasm.map_check(number(p.workers), number(p.n), text(p.backend));
    offered(c.backend, ctx.info);
    const params = { workers: c.workers, n: c.n, backend: c.backend };
    const t0 = ctx.now();
    if (c.backend === 'threads') {
      const out = await (await ctx.threads()).map.run(c.workers, c.n);
      return { started_at: t0, params, value: out.values, finished: out.finished, events: lanes(out.events, 'thread') };
    }
    // Each number travels to a free worker and its square travels back; the
    // result goes into the number's own slot, so input order is kept here too.
    const finished = [];
    const items = Array.from({ length: c.n }, (_, i) => i);
    const rows = await ctx.pool.map(c.workers, items, async (worker, w, x) => {
      const r = await worker.map.square(x, w); // <- the number goes out, its square comes back
      finished.push(x);
      return { ...r, worker: w };
    });
    return { started_at: t0, params, value: rows.map((r) => r.value), finished, events: lanes(perWorker(rows, c), 'process') };
  },

  /** In a process worker: one number squared. */
  process: {
    square: ({ wasm }, x, lane) => wasm.map_square(x, lane),
  },
  /** In the threads coordinator: the executor on the rayon pool. */
  threads: {
    run: ({ wasm }, workers, n) => wasm.map_threads(workers, n),
  },

  view: {
    name: 'map.name',
    title: 'map.title',
    python: 'ThreadPoolExecutor(max_workers=W).map(square, numbers)',
    intro: 'map.intro',
    labels: { workers: ['map.workers'], n: ['map.n'] },
    facts: [
      { tutorial: true, text: 'map.fact.cpu_bound', url: 'https://docs.python.org/3/glossary.html#term-global-interpreter-lock' },
      { text: 'map.fact.interpreters', url: 'https://peps.python.org/pep-0734/' },
    ],
    lanes: (p, info) => Math.min(p.workers, p.n, p.backend === 'threads' ? info.workers : p.workers),
    headline: (r) => t('map.headline', { count: r.value.length, workers: r.params.workers, time: fmtMs(r.total_ms) }),
    figures: [
      ['map.fig.results', (r) => list(r.value)],
      ['map.fig.finished', (r) => list(r.finished)],
      ['figure.total', (r) => fmtMs(r.total_ms)],
      ['figure.busy', (r) => busyPerLane(r.events)],
    ],
  },
};

/** One bar per item, or past `max_item_events` items one bar per worker. */
function perWorker(rows, c) {
  if (c.n <= c.max_item_events) return rows.map((r) => r.event);
  const per = new Map();
  for (const r of rows) {
    const e = per.get(r.worker) ?? { lane: r.worker, label: '', start_ms: Infinity, end_ms: -Infinity, ok: true, items: 0 };
    e.start_ms = Math.min(e.start_ms, r.event.start_ms);
    e.end_ms = Math.max(e.end_ms, r.event.end_ms);
    e.items += 1;
    per.set(r.worker, e);
  }
  return [...per.values()].map(({ items, ...e }) => ({ ...e, label: `worker ${e.lane}: ${items} items` }));
}
