// tasks: thread-per-task (src/demos/tasks.rs). threads: each task is its own
// rayon task on the pool. processes, mode "per_task": a brand-new worker per
// task, the true cost of a thread (process) per task; mode "pool": the fixed
// pool of workers hands the tasks out.
import { ParamError } from '../playground.js';
import { ProcessPool } from '../pool.js';
import { checkBackend, defaultBackend, handOut, lanes, number } from './common.js';

export const MODES = ['per_task', 'pool'];
export const defaults = (info) => ({ tasks: 12, backend: defaultBackend(info), mode: 'per_task' });

export async function run(params, ctx) {
  const p = { ...defaults(ctx.info), ...params };
  checkBackend(p.backend, ['threads', 'processes'], ctx.info);
  const count = ctx.wasm.tasks_check(number(p.tasks));
  if (!MODES.includes(p.mode)) throw new ParamError(`parameter \`mode\` must be per_task or pool; got ${JSON.stringify(p.mode)}`);
  const checked = { tasks: count, backend: p.backend, mode: p.backend === 'threads' ? 'pool' : p.mode };
  const t0 = ctx.now();
  if (p.backend === 'threads') {
    ctx.onAbort(() => ctx.coordinator.terminate());
    const out = await (await ctx.coordinator.api()).tasks(count);
    return { started_at: t0, params: checked, value: Array.from(out.values), workers: ctx.info.workers, events: lanes(out.events, 'thread') };
  }
  const items = Array.from({ length: count }, (_, i) => i);
  if (p.mode === 'pool') {
    const rows = await handOut(ctx, ctx.info.workers, items, (api, w, i) => api.tasksJob(i, w));
    return { started_at: t0, params: checked, value: rows.map((r) => r.value), workers: ctx.info.workers, events: lanes(rows.map((r) => r.event), 'process') };
  }
  // One new worker (own instance, own memory) per task; all gone afterwards.
  const own = new ProcessPool(ctx.module);
  ctx.onAbort(() => own.terminate());
  try {
    const rows = await Promise.all(items.map(async (i) => (await own.worker(i)).tasksJob(i, i)));
    return { started_at: t0, params: checked, value: rows.map((r) => r.value), workers: count, events: lanes(rows.map((r) => r.event), 'process') };
  } finally {
    own.terminate();
  }
}

export default { name: 'tasks', defaults, run };
