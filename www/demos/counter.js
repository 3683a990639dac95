// counter — T threads add 1 to one shared counter I times (Rust lesson:
// src/demos/counter/lesson.rs). threads: the rayon pool, one memory, all four
// variants. processes: only `local` — workers with their own memory cannot
// share a counter at all; each counts privately and sends its count back.
import { ParamError } from '../errors.js';
import { busyPerLane, fmtMs } from '../format.js';
import { defaultBackend, lanes, number, text, offered } from './common.js';

export default {
  name: 'counter',
  group: 'threads',
  python: 'counter.py',
  controls: ['variant', 'backend', 'threads', 'iterations', 'work'],
  defaults: (info) => ({ variant: info.threads ? 'mutex' : 'local', backend: defaultBackend(info) }),

  async run(p, ctx) {
    const c = ctx.wasm.counter_check(number(p.threads), number(p.iterations), text(p.variant), text(p.backend), number(p.work));
    offered(c.backend, ctx.info);
    if (c.backend === 'processes' && c.shares_memory) {
      throw new ParamError(`parameter \`variant\`: "${c.variant}" needs memory shared between threads, and processes each have their own; use variant "local" (count privately, add up at the end) or backend "threads"`, 'variant_needs_shared_memory', { name: 'variant', variant: c.variant });
    }
    const params = { threads: c.threads, iterations: c.iterations, variant: c.variant, backend: c.backend, ...(c.work > 0 && { work: c.work }) };
    const t0 = ctx.now();
    if (c.backend === 'threads') {
      // One memory: the pool's threads all increment the same counter.
      const out = await (await ctx.threads()).counter.run(c.threads, c.iterations, c.variant, c.work); // <- one memory, one counter
      return { started_at: t0, params, value: out.value, expected: out.expected, lost: out.lost, events: lanes(out.events, 'thread') };
    }
    // Own memories: each process counts privately; the counts come back by
    // message and are added up here. Nothing is shared, so nothing is lost.
    const tasks = Array.from({ length: c.threads }, (_, i) => i);
    const rows = await ctx.pool.map(c.threads, tasks, (worker, w, task) => worker.counter.local(c.iterations, c.work, w, task)); // <- a private count per process
    const value = rows.reduce((sum, r) => sum + r.value, 0); // <- added up from the messages
    return { started_at: t0, params, value, expected: c.expected, lost: 0, events: lanes(rows.map((r) => r.event), 'process') };
  },

  /** In a process worker: one private count. */
  process: {
    local: ({ wasm }, iterations, work, lane, task) => wasm.counter_local(iterations, work, lane, task),
  },
  /** In the threads coordinator: the whole run on the rayon pool. */
  threads: {
    run: ({ wasm }, threads, iterations, variant, work) => wasm.counter_threads(threads, iterations, variant, work),
  },

  view: {
    title: 'Counter — threads and a Lock',
    python: 'threading.Thread + threading.Lock',
    intro: [
      'T threads each add 1 to one shared counter I times. With a lock (mutex) or an atomic add the total is exactly T × I. ',
      'Python\'s unlocked counter += 1 reads, adds and writes in separate steps, so two threads can read the same value and one update is lost. ',
      'Rust refuses to compile an unsynchronised += on shared data; the racy variant does what Python does with two separate atomic steps (read, then write), which is safe but loses updates the same way — and each thread counts the updates its writes wiped out. ',
      'local counts privately in each thread and adds the totals at the end — message passing, the only way for processes, which share no memory. ',
      'Private work (µs before each increment) is what threads can really do at once: with work = 1, two threads here finish about twice as fast as one (see ./build.sh bench), while Python\'s, under the GIL, take as long as one thread doing both shares. ',
      'Look at the timeline: threads only race while their bars overlap. With few iterations one thread may finish before the other starts (the operating system decides), and nothing is lost; try 1 000 000.',
    ].join(''),
    labels: {
      variant: ['Variant', { mutex: 'mutex (Lock)', atomic: 'atomic add', racy: 'racy (read, then write)', local: 'local (count privately)' }],
      threads: ['Threads'],
      iterations: ['Iterations each'],
      work: ['Private work before each', null, 'µs'],
    },
    // Processes share no memory: only `local` can run there.
    adjust(form) {
      const processes = form.elements.backend.value === 'processes';
      for (const option of form.elements.variant.options) option.disabled = processes && option.value !== 'local';
      if (processes) form.elements.variant.value = 'local';
    },
    /** Python as it is today, each with its source; `tutorial` marks where the tutorial and a measurement disagree. */
    facts: [
      { tutorial: true, text: 'The tutorial shows counter += 1 losing updates without a lock. Measured here, CPython 3.11 with the GIL lost no update in 20 runs of 2 × 1 000 000: since 3.10 the GIL rarely switches threads inside that statement. It is still not atomic — no Python version promises that — and a free-threaded build loses updates as readily as the racy variant here. Seeing 200000 does not make the code safe.', url: 'https://docs.python.org/3/howto/free-threading-python.html' },
      { text: 'The GIL is still the default in CPython 3.14, but the free-threaded build (python3.14t) is officially supported (PEP 779; in 3.13 it was experimental), at a cost of roughly 5–10 % on single-threaded code.', url: 'https://docs.python.org/3/whatsnew/3.14.html' },
      { text: 'A threading.Lock (with lock: …) makes the read, add and write one step for other threads, with or without the GIL — what the mutex variant does here.', url: 'https://docs.python.org/3/library/threading.html#lock-objects' },
    ],
    /** How many lanes a run of these parameters draws: the timeline keeps their room. */
    lanes: (p, info) => (p.backend === 'threads' ? Math.min(p.threads, info.workers) : p.threads),
    // Beside the real run: be the scheduler of two threads, step by step.
    extra: () => import('./counter-steps.js'),
    headline: (r) => `${r.params.threads} × ${r.params.iterations} = ${r.expected} expected; counted ${r.value}; ${r.lost} update(s) lost.`,
    figures: [
      ['lost updates', (r) => `${r.lost} of ${r.expected}`],
      ['final count', (r) => String(r.value)],
      ['expected', (r) => String(r.expected)],
      ['total', (r) => fmtMs(r.total_ms)],
      ['per increment', (r) => `${((r.total_ms * 1e6) / r.expected).toFixed(1)} ns`],
      ['busy time per worker', (r) => busyPerLane(r.events)],
    ],
  },
};
