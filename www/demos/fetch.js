// fetch — asyncio.gather over aiohttp downloads (Rust lesson:
// src/demos/fetch/lesson.rs), on the page's own event loop: no worker, no
// thread, one loop with many requests in flight. Without `urls`, `count`
// requests to the built-in latency endpoint (sim/delay), whose ideal time is
// known.
import { ParamError } from '../errors.js';
import { fmtMs } from '../format.js';
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
    const t0 = ctx.now();
    // The run's abort signal reaches every request: cancel() aborts them all.
    const out = await ctx.wasm.fetch_run(urls, document.baseURI, c.mode, c.limit, c.timeout_ms, c.max_bytes, ctx.signal); // <- one event loop, all requests
    const failed = out.rows.filter((r) => r.error).length;
    return {
      started_at: t0,
      params,
      value: out.rows,
      ideal_ms: simulated ? c.ideal_ms : null,
      failed,
      events: out.events.map((e) => ({ ...e, lane: `request ${e.lane}` })),
    };
  },

  view: {
    title: 'Fetch — asyncio.gather over downloads',
    python: 'asyncio.gather(*(fetch(session, url) for url in urls))',
    intro: [
      'Requests wait on the network, not on the CPU, so one thread can have many in flight: ',
      'sequential awaits each before starting the next; gather starts them all and waits for all; limited keeps at most limit in flight, as an asyncio.Semaphore would. ',
      'Without URLs the page asks its own latency endpoint (sim/delay, answered by the page\'s service worker) for requests of known delay, so the ideal time can be shown beside the measured one. ',
      'Each failure — a bad URL, a refused scheme, an HTTP error, a network error or CORS refusal, a timeout, a body over the size cap — stays in its own row.',
    ].join(''),
    facts: [
      { text: 'asyncio.TaskGroup (Python 3.11) cancels the other tasks as soon as one fails; asyncio.gather lets them run on (with return_exceptions=True it also collects every failure, as each row here keeps its own). Our Python program shows gather, the Semaphore and TaskGroup.', url: 'https://docs.python.org/3/library/asyncio-task.html#task-groups' },
      { text: 'asyncio.Semaphore(k) caps how many requests are in flight, not how many tasks are created: all of them exist at once and wait their turn — as limited does here with buffer_unordered.', url: 'https://docs.python.org/3/library/asyncio-sync.html#asyncio.Semaphore' },
    ],
    lanes: (p) => (p.urls ? p.urls.split('\n').filter((u) => u.trim()).length : p.count),
    labels: {
      mode: ['Mode', { gather: 'gather (all at once)', sequential: 'sequential', limited: 'limited (semaphore)' }],
      limit: ['Limit'],
      count: ['Requests'],
      ms: ['Delay', null, 'ms'],
      bytes: ['Size', null, 'bytes'],
      timeout_ms: ['Timeout', null, 'ms'],
      urls: ['Or your own URLs, one per line', 'textarea'],
    },
    // The page's own event loop: threads do not matter here, the service worker does.
    note: (info) => (info.service_worker ? '' : 'The simulated requests (sim/delay) are answered by the page\'s service worker, which is not running here: ./build.sh serve answers them too, other hosts answer 404. Your own URLs work everywhere.'),
    headline: (r) => `${r.value.length} request(s), ${r.failed} failed, ${r.params.mode} in ${fmtMs(r.total_ms)}${r.ideal_ms !== null ? ` (ideal ${fmtMs(r.ideal_ms)})` : ''}.`,
    figures: [
      ['total', (r) => fmtMs(r.total_ms)],
      ['ideal', (r) => (r.ideal_ms === null ? 'unknown for your own URLs' : fmtMs(r.ideal_ms))],
      ['succeeded', (r) => `${r.value.length - r.failed} of ${r.value.length}`],
      ['bytes received', (r) => String(r.value.reduce((n, row) => n + row.bytes, 0))],
    ],
    table: (r) => ({
      columns: ['#', 'URL', 'status', 'bytes', 'error'],
      rows: (r?.value ?? []).slice(0, 100).map((row, i) => [String(i), row.url, row.status === null ? '—' : String(row.status), String(row.bytes), row.error ?? '']),
    }),
  },
};

/** The caller's own URLs: a list of strings, or one string with a URL per line. */
function urlList(urls) {
  const list = typeof urls === 'string' ? urls.split('\n').map((u) => u.trim()).filter(Boolean) : urls;
  if (!Array.isArray(list) || list.some((u) => typeof u !== 'string')) {
    throw new ParamError('parameter `urls` must be a list of URL strings (or one string, a URL per line)');
  }
  if (list.length === 0 || list.length > MAX_URLS) {
    throw new ParamError(`parameter \`urls\` must hold 1 to ${MAX_URLS} URLs; got ${list.length}`);
  }
  return list;
}
