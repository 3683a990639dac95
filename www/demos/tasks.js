// tasks — thread-per-task (Rust lesson: src/demos/tasks/lesson.rs). threads:
// each task is its own rayon task on the pool. processes, mode "per_task": a
// brand-new worker per task, the true cost of a process per task; mode
// "pool": the fixed pool of workers hands the tasks out.
import { busyPerLane, fmtMs } from '../format.js';
import { defaultBackend, lanes, list, number, text, offered } from './common.js';

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
    title: 'Tasks — a thread per task',
    python: 'threading.Thread per file',
    intro: [
      'Twelve jobs, like twelve files in a directory, each started as its own task and all joined at the end. ',
      'On processes, mode per_task starts a brand-new worker for every task (its own instance and memory: see what that costs on the timeline); mode pool hands the tasks to a fixed pool of workers, one per core. ',
      'On threads, the tasks go to the rayon pool: a fixed set of threads, one per core. Job i adds up the numbers below 1.5 million × (1 + i mod 3), so the jobs are uneven. ',
      'Crash task makes that one task panic on purpose — Python\'s BrokenProcessPool: the run ends at once with an error, the crashed worker (or the whole thread pool) is replaced, and the next run works.',
    ].join(''),
    labels: {
      mode: ['Processes', { per_task: 'a new worker per task', pool: 'a fixed pool' }],
      tasks: ['Tasks'],
      crash: ['Crash task (−1: none)'],
    },
    facts: [
      { text: 'When a worker of a ProcessPoolExecutor dies abruptly, every pending future fails with BrokenProcessPool and the pool cannot be used again; here, the crashed worker (or the whole thread pool) is replaced and the next run works.', url: 'https://docs.python.org/3/library/concurrent.futures.html#concurrent.futures.process.BrokenProcessPool' },
    ],
    lanes: (p, info) => (p.backend === 'processes' && p.mode === 'per_task' ? p.tasks : Math.min(p.tasks, info.workers)),
    adjust(form) {
      form.elements.mode.disabled = form.elements.backend.value !== 'processes';
    },
    headline: (r) => `${r.value.length} tasks on ${r.workers} worker(s) in ${fmtMs(r.total_ms)}.`,
    figures: [
      ['results (input order)', (r) => list(r.value, 4)],
      ['workers', (r) => String(r.workers)],
      ['total', (r) => fmtMs(r.total_ms)],
      ['busy time per worker', (r) => busyPerLane(r.events)],
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
    throw new Error(`task ${task} crashed process ${worker} (${err?.message ?? err}); that worker was replaced, so the pool is usable again`);
  }
}
