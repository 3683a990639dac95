// tasks — thread-per-task (Rust lesson: src/demos/tasks/lesson.rs). threads:
// each task is its own rayon task on the pool. processes, mode "per_task": a
// brand-new worker per task, the true cost of a process per task; mode
// "pool": the fixed pool of workers hands the tasks out.
import { busyPerLane, fmtMs, list, num } from '../format.js';
import { stopped } from '../errors.js';
import { t } from '../i18n.js';
import { defaultBackend, lanes, number, text, offered } from './common.js';

export default {
  name: 'tasks',
  group: 'threads',
  python: 'tasks.py',
  controls: ['backend', 'mode', 'tasks', 'crash'],
  defaults: (info) => ({ backend: defaultBackend(info) }),

  async run(p, ctx) {
    const c = ctx.wasm.tasks_check(number(p.tasks), number(p.crash), text(p.mode), text(p.backend));
    offered(c.backend, ctx.info);
    const params = { tasks: c.tasks, backend: c.backend, mode: c.backend === 'threads' ? 'pool' : c.mode, ...(c.crash >= 0 && { crash: c.crash }) };
    const items = Array.from({ length: c.tasks }, (_, i) => i);
    const t0 = ctx.now();
    if (c.backend === 'threads') {
      const out = await (await ctx.threads()).tasks.run(c.tasks, c.crash);
      return { started_at: t0, params, value: out.values, workers: ctx.info.workers, events: lanes(out.events, 'thread') };
    }
    if (c.mode === 'pool') {
      // A fixed pool, one worker per core, each taking the next task.
      const rows = await ctx.pool.map(ctx.info.workers, items, (worker, w, i) => crashed(worker.tasks.job(i, w, c.crash), i, w, () => ctx.pool.restart(w)));
      return { started_at: t0, params, value: rows.map((r) => r.value), workers: ctx.info.workers, events: lanes(rows.map((r) => r.event), 'process') };
    }
    // One new worker (own instance, own memory) per task; all gone afterwards.
    const own = ctx.newPool(); // <- fresh workers, one per task
    const rows = await Promise.all(items.map(async (i) => crashed((await own.worker(i)).tasks.job(i, i, c.crash), i, i, () => {})));
    return { started_at: t0, params, value: rows.map((r) => r.value), workers: c.tasks, events: lanes(rows.map((r) => r.event), 'process') };
  },

  /** In a process worker: task `i`, which panics if it is `crash`. */
  process: {
    job: ({ wasm }, i, lane, crash) => wasm.tasks_job(i, lane, crash),
  },
  /** In the threads coordinator: every task as its own rayon task. */
  threads: {
    run: ({ wasm }, count, crash) => wasm.tasks_threads(count, crash),
  },

  view: {
    name: 'tasks.name',
    title: 'tasks.title',
    python: 'threading.Thread per file',
    intro: 'tasks.intro',
    labels: {
      mode: ['tasks.mode', { per_task: 'tasks.mode.per_task', pool: 'tasks.mode.pool' }],
      tasks: ['tasks.tasks'],
      crash: ['tasks.crash'],
    },
    facts: [
      { text: 'tasks.fact.broken_pool', url: 'https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.process.BrokenProcessPool' },
    ],
    lanes: (p, info) => (p.backend === 'processes' && p.mode === 'per_task' ? p.tasks : Math.min(p.tasks, info.workers)),
    adjust(form) {
      form.elements.mode.disabled = form.elements.backend.value !== 'processes';
    },
    headline: (r) => t('tasks.headline', { count: r.value.length, workers: r.workers, time: fmtMs(r.total_ms) }),
    figures: [
      ['map.fig.results', (r) => list(r.value, 4)],
      ['tasks.fig.workers', (r) => num(r.workers)],
      ['figure.total', (r) => fmtMs(r.total_ms)],
      ['figure.busy', (r) => busyPerLane(r.events)],
    ],
  },
};

/**
 * `call`'s result; if the worker's instance trapped (a panic aborts it), the
 * worker is replaced (`replace()`) and the error says which task and worker.
 */
async function crashed(call, task, worker, replace) {
  try {
    return await call;
  } catch (err) {
    replace();
    throw stopped('task_crashed', { task: String(task), worker: String(worker), message: String(err?.message ?? err) });
  }
}
