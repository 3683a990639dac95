// counter: T threads add 1 to one counter I times (src/demos/counter.rs).
// threads: the rayon pool, one memory, all four variants. processes: only
// `local` — workers with their own memory cannot share a counter at all.
import { ParamError } from '../playground.js';
import { checkBackend, defaultBackend, handOut, lanes, number } from './common.js';

export const defaults = (info) => ({ threads: 2, iterations: 100_000, variant: info.threads ? 'mutex' : 'local', backend: defaultBackend(info) });

export async function run(params, ctx) {
  const p = { ...defaults(ctx.info), ...params };
  checkBackend(p.backend, ['threads', 'processes'], ctx.info);
  const check = ctx.wasm.counter_check(number(p.threads), number(p.iterations), String(p.variant));
  if (p.backend === 'processes' && check.shares_memory) {
    throw new ParamError(`parameter \`variant\`: "${p.variant}" needs memory shared between threads, and processes each have their own; use variant "local" (count privately, add up at the end) or backend "threads"`);
  }
  const checked = { threads: p.threads, iterations: p.iterations, variant: p.variant, backend: p.backend };
  const t0 = ctx.now();
  if (p.backend === 'threads') {
    ctx.onAbort(() => ctx.coordinator.terminate());
    const out = await (await ctx.coordinator.api()).counter(p.threads, p.iterations, p.variant);
    return { started_at: t0, params: checked, value: out.value, expected: out.expected, lost: out.lost, ok: true, events: lanes(out.events, 'thread') };
  }
  const tasks = Array.from({ length: p.threads }, (_, i) => i);
  const rows = await handOut(ctx, p.threads, tasks, (api, w, task) => api.counterLocal(p.iterations, w, task));
  const value = rows.reduce((sum, r) => sum + r.value, 0);
  return { started_at: t0, params: checked, value, expected: check.expected, lost: check.expected - value, events: lanes(rows.map((r) => r.event), 'process') };
}

export default { name: 'counter', defaults, run };
