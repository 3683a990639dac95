// map: ThreadPoolExecutor(max_workers=W).map(square, range(n))
// (src/demos/map.rs). Results in input order; `finished` is the order the
// items actually completed in, so the difference can be seen.
import { checkBackend, defaultBackend, handOut, lanes, number } from './common.js';

const MAX_ITEM_EVENTS = 400;
export const defaults = (info) => ({ workers: 4, n: 40, backend: defaultBackend(info) });

export async function run(params, ctx) {
  const p = { ...defaults(ctx.info), ...params };
  checkBackend(p.backend, ['threads', 'processes'], ctx.info);
  ctx.wasm.map_check(number(p.workers), number(p.n));
  const checked = { workers: p.workers, n: p.n, backend: p.backend };
  const t0 = ctx.now();
  if (p.backend === 'threads') {
    ctx.onAbort(() => ctx.coordinator.terminate());
    const out = await (await ctx.coordinator.api()).map(p.workers, p.n);
    return { started_at: t0, params: checked, value: Array.from(out.values), finished: Array.from(out.finished), events: lanes(out.events, 'thread') };
  }
  const finished = [];
  const items = Array.from({ length: p.n }, (_, i) => i);
  const rows = await handOut(ctx, p.workers, items, async (api, w, x) => {
    const r = await api.mapSquare(x, w);
    finished.push(x);
    return { ...r, worker: w };
  });
  let events = rows.map((r) => r.event);
  if (p.n > MAX_ITEM_EVENTS) {
    // One bar per worker, from its first start to its last end.
    const per = new Map();
    rows.forEach((r) => {
      const e = per.get(r.worker) ?? { lane: r.worker, label: '', start_ms: Infinity, end_ms: -Infinity, ok: true, items: 0 };
      e.start_ms = Math.min(e.start_ms, r.event.start_ms);
      e.end_ms = Math.max(e.end_ms, r.event.end_ms);
      e.items += 1;
      per.set(r.worker, e);
    });
    events = [...per.values()].map(({ items, ...e }) => ({ ...e, label: `worker ${e.lane}: ${items} items` }));
  }
  return { started_at: t0, params: checked, value: rows.map((r) => r.value), finished, events: lanes(events, 'process') };
}

export default { name: 'map', defaults, run };
