// fetch — asyncio.gather over aiohttp downloads (Rust lesson:
// src/demos/fetch/lesson.rs), on the page's own event loop: no worker, no
// thread, one loop with many requests in flight. Without `urls`, `count`
// requests to the built-in latency endpoint (sim/delay), whose ideal time is
// known.
import { errorWords, ParamError } from '../errors.js';
import { fmtMs, num } from '../format.js';
import { t } from '../i18n.js';
import { number, text } from './common.js';

const MAX_URLS = 5_000;

export default {
  name: 'fetch',
  group: 'coroutines',
  python: 'fetch.py',
  controls: ['mode', 'limit', 'count', 'ms', 'bytes', 'timeout_ms', 'urls'],
  defaults: () => ({}),

  async run(p, ctx) {
    const simulated = p.urls === undefined || p.urls === null || p.urls === '';
    const c = ctx.wasm.fetch_check(text(p.mode), number(p.limit), number(p.count), number(p.ms), number(p.bytes), number(p.timeout_ms), number(p.max_bytes), simulated);
    const urls = simulated ? c.urls : urlList(p.urls);
    const params = simulated
      ? { count: c.count, ms: c.ms, bytes: c.bytes, mode: c.mode, limit: c.limit, timeout_ms: c.timeout_ms, max_bytes: c.max_bytes }
      : { urls: urls.length, mode: c.mode, limit: c.limit, timeout_ms: c.timeout_ms, max_bytes: c.max_bytes };
    // The service worker answers sim/delay; on a first visit it may still be
    // taking control of the page, and the clock starts once it has.
    if (simulated) await ctx.serviceWorker;
    const t0 = ctx.now();
    // The run's abort signal reaches every request: cancel() aborts them all.
    const out = await ctx.wasm.fetch_run(urls, document.baseURI, c.mode, c.limit, c.timeout_ms, c.max_bytes, ctx.signal); // <- one event loop, all requests
    // The rows come as columns (src/web/fetch.rs says why); each failed row in the page's language, from its code.
    const errors = new Map(out.errors.map(({ index, ...e }) => [index, { ...e, error: errorWords(e) }]));
    const value = out.urls.map((url, i) => ({ url, status: out.status[i] || null, bytes: out.bytes[i], ...errors.get(i) }));
    return {
      started_at: t0,
      params,
      value,
      ideal_ms: simulated ? c.ideal_ms : null,
      failed: errors.size,
      events: out.urls.map((url, i) => ({ lane: `request ${i}`, label: url, start_ms: out.start_ms[i], end_ms: out.end_ms[i], ok: !errors.has(i) })),
    };
  },

  view: {
    name: 'fetch.name',
    title: 'fetch.title',
    python: 'asyncio.gather(*(fetch(session, url) for url in urls))',
    intro: 'fetch.intro',
    facts: [
      { text: 'fetch.fact.taskgroup', url: 'https://docs.python.org/3/library/asyncio-task.html#task-groups' },
      { text: 'fetch.fact.semaphore', url: 'https://docs.python.org/3/library/asyncio-sync.html#asyncio.Semaphore' },
    ],
    lanes: (p) => (p.urls ? p.urls.split('\n').filter((u) => u.trim()).length : p.count),
    labels: {
      mode: ['fetch.mode', { gather: 'fetch.mode.gather', sequential: 'fetch.mode.sequential', limited: 'fetch.mode.limited' }],
      limit: ['fetch.limit'],
      count: ['fetch.count'],
      ms: ['fetch.ms', null, 'unit.ms'],
      bytes: ['fetch.bytes', null, 'unit.bytes'],
      timeout_ms: ['fetch.timeout', null, 'unit.ms'],
      urls: ['fetch.urls'],
    },
    // The page's own event loop: threads do not matter here, the service worker does.
    // `null` is a worker still installing, which a run waits for.
    note: (info) => (info.service_worker === false ? t('fetch.no_service_worker') : ''),
    headline: (r) => t(r.ideal_ms !== null ? 'fetch.headline_ideal' : 'fetch.headline', { count: r.value.length, failed: r.failed, mode: r.params.mode, time: fmtMs(r.total_ms), ideal: r.ideal_ms !== null ? fmtMs(r.ideal_ms) : '' }),
    figures: [
      ['figure.total', (r) => fmtMs(r.total_ms)],
      // Beside the ideal, what each request cost beyond it as measured: the service worker's answer and the browser's messaging.
      ['fetch.fig.ideal', (r) => (r.ideal_ms === null ? t('fetch.fig.ideal_unknown') : t('fetch.ideal_cost', { ideal: fmtMs(r.ideal_ms), cost: fmtMs(Math.max(0, r.total_ms - r.ideal_ms) / Math.max(1, r.value.length)) }))],
      ['fetch.fig.succeeded', (r) => t('figure.of', { part: num(r.value.length - r.failed), whole: num(r.value.length) })],
      ['fetch.fig.bytes', (r) => num(r.value.reduce((n, row) => n + row.bytes, 0))],
    ],
    table: (r) => ({
      columns: ['fetch.col.index', 'fetch.col.url', 'fetch.col.status', 'fetch.col.bytes', 'fetch.col.error'],
      data: [1],
      rows: (r?.value ?? []).slice(0, 100).map((row, i) => [String(i), row.url, row.status === null ? '—' : String(row.status), String(row.bytes), row.error ? errorWords(row) : '']),
    }),
  },
};

/** The caller's own URLs: a list of strings, or one string with a URL per line. */
function urlList(urls) {
  const list = typeof urls === 'string' ? urls.split('\n').map((u) => u.trim()).filter(Boolean) : urls;
  if (!Array.isArray(list) || list.some((u) => typeof u !== 'string')) {
    throw new ParamError('urls_type', { name: 'urls' });
  }
  if (list.length === 0 || list.length > MAX_URLS) {
    throw new ParamError('urls_count', { name: 'urls', max: MAX_URLS, got: list.length });
  }
  return list;
}
