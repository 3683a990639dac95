// tasks: thread-per-task (src/demos/tasks.rs). threads: each task is its own
// rayon task on the pool. processes, mode "per_task": a brand-new worker per
// task, the true cost of a thread (process) per task; mode "pool": the fixed
// pool of workers hands the tasks out.
import { ParamError } from '../playground.js';
import { ProcessPool } from '../pool.js';
import { checkBackend, defaultBackend, handOut, lanes, number } from './common.js';

export const MODES = ['per_task', 'pool'];
export const defaults = (info) => ({ tasks: 12, backend: defaultBackend(info), mode: 'per_task', crash: -1 });

export async function run(params, ctx) {
  const p = { ...defaults(ctx.info), ...params };
  checkBackend(p.backend, ['threads', 'processes'], ctx.info);
  const count = ctx.wasm.tasks_check(number(p.tasks));
  if (!MODES.includes(p.mode)) throw new ParamError(`parameter \`mode\` must be per_task or pool; got ${JSON.stringify(p.mode)}`);
  // `crash`: the job that panics on purpose (−1: none), Python's BrokenProcessPool.
  const crash = ctx.wasm.tasks_check_crash(number(p.crash), count);
  const checked = { tasks: count, backend: p.backend, mode: p.backend === 'threads' ? 'pool' : p.mode, ...(crash >= 0 && { crash }) };
  const t0 = ctx.now();
  if (p.backend === 'threads') {
    ctx.onAbort(() => ctx.coordinator.terminate());
    const out = await (await ctx.coordinator.api()).tasks(count, crash);
    return { started_at: t0, params: checked, value: Array.from(out.values), workers: ctx.info.workers, events: lanes(out.events, 'thread') };
  }
  const items = Array.from({ length: count }, (_, i) => i);
  if (p.mode === 'pool') {
    const rows = await handOut(ctx, ctx.info.workers, items, (api, w, i) => crashed(api.tasksJob(i, w, crash), i, w, () => ctx.pool.restart(w)));
    return { started_at: t0, params: checked, value: rows.map((r) => r.value), workers: ctx.info.workers, events: lanes(rows.map((r) => r.event), 'process') };
  }
  // One new worker (own instance, own memory) per task; all gone afterwards.
  const own = new ProcessPool(ctx.module);
  ctx.onAbort(() => own.terminate());
  try {
    const rows = await Promise.all(items.map(async (i) => crashed((await own.worker(i)).tasksJob(i, i, crash), i, i, () => {})));
    return { started_at: t0, params: checked, value: rows.map((r) => r.value), workers: count, events: lanes(rows.map((r) => r.event), 'process') };
  } finally {
    own.terminate();
  }
}

/**
 * `call`'s result; if the worker's instance trapped (a panic aborts it), the
 * worker is replaced (`replace()`) and the error says which task and worker.
 */
async function crashed(call, task, worker, replace) {
  try {
    return await call;
  } catch (err) {
    replace();
    throw new Error(`task ${task} crashed process ${worker} (${err?.message ?? err}); that worker was replaced, so the pool is usable again`);
  }
}

export default { name: 'tasks', defaults, run };
