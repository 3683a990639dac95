// fetch: asyncio.gather over aiohttp downloads (src/demos/fetch.rs), on the
// page's own event loop. Without `urls`, `count` requests to the built-in
// latency endpoint (sim/delay), whose ideal time is known.
import { ParamError } from '../playground.js';
import { number } from './common.js';

const MAX_URLS = 5_000;
export const defaults = () => ({ count: 20, ms: 100, bytes: 2048, mode: 'gather', limit: 5, timeout_ms: 10_000, max_bytes: 10 * 1024 * 1024 });

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

export async function run(params, ctx) {
  const p = { ...defaults(), ...params };
  ctx.wasm.fetch_check(String(p.mode), number(p.limit), number(p.timeout_ms), number(p.max_bytes));
  const simulated = p.urls === undefined || p.urls === null || p.urls === '';
  const urls = simulated ? ctx.wasm.fetch_sim_urls(number(p.count), number(p.ms), number(p.bytes)) : urlList(p.urls);
  const ideal_ms = simulated ? ctx.wasm.fetch_ideal_ms(new Float64Array(urls.length).fill(p.ms), p.mode, number(p.limit)) : null;
  const checked = simulated
    ? { count: p.count, ms: p.ms, bytes: p.bytes, mode: p.mode, limit: p.limit, timeout_ms: p.timeout_ms, max_bytes: p.max_bytes }
    : { urls: urls.length, mode: p.mode, limit: p.limit, timeout_ms: p.timeout_ms, max_bytes: p.max_bytes };
  const t0 = ctx.now();
  const out = await ctx.wasm.fetch_run(urls, document.baseURI, p.mode, number(p.limit), p.timeout_ms, p.max_bytes, ctx.signal);
  const failed = out.rows.filter((r) => r.error).length;
  return {
    started_at: t0,
    params: checked,
    value: out.rows,
    ideal_ms,
    failed,
    events: out.events.map((e) => ({ ...e, lane: `request ${e.lane}` })),
  };
}

export default { name: 'fetch', defaults, run };
