// The demo panels built from a description: controls, the run button, the
// result figures, the timeline and the code. Every panel calls
// window.playground.run with exactly the parameters its controls show.
import { drawTimeline } from './timeline.js';

const fmtMs = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const list = (xs, n = 12) => `${xs.slice(0, n).join(', ')}${xs.length > n ? `, … (${xs.length} in all)` : ''}`;

function busyPerLane(events) {
  const busy = new Map();
  for (const e of events) busy.set(e.lane, (busy.get(e.lane) ?? 0) + (e.end_ms - e.start_ms));
  return [...busy]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([lane, ms]) => `${lane} ${fmtMs(ms)}`)
    .join(', ');
}

const BACKEND = {
  name: 'backend',
  label: 'Back end',
  type: 'select',
  options: [
    ['threads', 'threads (shared memory)'],
    ['processes', 'processes (own memory)'],
  ],
};

/** What each generic panel shows. Text is ours; numbers come from the run. */
export const PANELS = [
  {
    name: 'counter',
    title: 'Counter — threads and a Lock',
    python: 'threading.Thread + threading.Lock',
    intro: [
      'T threads each add 1 to one shared counter I times. With a lock (mutex) or an atomic add the total is exactly T × I. ',
      'Python\'s unlocked counter += 1 reads, adds and writes in separate steps, so two threads can read the same value and one update is lost. ',
      'Rust refuses to compile an unsynchronised += on shared data; the racy variant does what Python does with two separate atomic steps (load, then store), which is safe but loses updates the same way. ',
      'local counts privately in each thread and adds the totals at the end — message passing, the only way for processes, which share no memory. ',
      'Look at the timeline: threads only race while their bars overlap. With few iterations one thread may finish before the other starts (the operating system decides), and nothing is lost; try 1 000 000.',
    ].join(''),
    controls: [
      { name: 'variant', label: 'Variant', type: 'select', options: [['mutex', 'mutex (Lock)'], ['atomic', 'atomic add'], ['racy', 'racy (read, then write)'], ['local', 'local (count privately)']] },
      BACKEND,
      { name: 'threads', label: 'Threads', type: 'number', min: 1, max: 64, value: 2 },
      { name: 'iterations', label: 'Iterations each', type: 'number', min: 1, max: 100_000_000, value: 100_000 },
    ],
    // Processes share no memory: only `local` can run there.
    adjust(form) {
      const processes = form.elements.backend.value === 'processes';
      for (const option of form.elements.variant.options) option.disabled = processes && option.value !== 'local';
      if (processes) form.elements.variant.value = 'local';
    },
    headline: (r) => `${r.params.threads} × ${r.params.iterations} = ${r.expected} expected; counted ${r.value}; ${r.lost} update(s) lost.`,
    figures: (r) => [
      ['final count', String(r.value)],
      ['expected', String(r.expected)],
      ['lost updates', String(r.lost)],
      ['total', fmtMs(r.total_ms)],
      ['per increment', `${((r.total_ms * 1e6) / r.expected).toFixed(1)} ns`],
      ['busy time per worker', busyPerLane(r.events)],
    ],
  },
  {
    name: 'tasks',
    title: 'Tasks — a thread per task',
    python: 'threading.Thread per file',
    intro: [
      'Twelve jobs, like twelve files in a directory, each started as its own task and all joined at the end. ',
      'On processes, mode per_task starts a brand-new worker for every task (its own instance and memory: see what that costs on the timeline); mode pool hands the tasks to a fixed pool of workers, one per core. ',
      'On threads, the tasks go to the rayon pool: a fixed set of threads, one per core. Job i adds up the numbers below 1.5 million × (1 + i mod 3), so the jobs are uneven.',
    ].join(''),
    controls: [
      BACKEND,
      { name: 'mode', label: 'Processes', type: 'select', options: [['per_task', 'a new worker per task'], ['pool', 'a fixed pool']] },
      { name: 'tasks', label: 'Tasks', type: 'number', min: 1, max: 256, value: 12 },
    ],
    adjust(form) {
      form.elements.mode.disabled = form.elements.backend.value !== 'processes';
    },
    headline: (r) => `${r.value.length} tasks on ${r.workers} worker(s) in ${fmtMs(r.total_ms)}.`,
    figures: (r) => [
      ['results (input order)', list(r.value, 6)],
      ['workers', String(r.workers)],
      ['total', fmtMs(r.total_ms)],
      ['busy time per worker', busyPerLane(r.events)],
    ],
  },
  {
    name: 'map',
    title: 'Map — ThreadPoolExecutor.map',
    python: 'ThreadPoolExecutor(max_workers=W).map(square, numbers)',
    intro: [
      'W workers take the next number when they are free and square it; squaring takes 1 to 5 units of work depending on the number, so later numbers can finish first. ',
      'map still returns the results in input order: each result goes into its own slot. Compare the two lists below.',
    ].join(''),
    controls: [
      BACKEND,
      { name: 'workers', label: 'Workers (W)', type: 'number', min: 1, max: 64, value: 4 },
      { name: 'n', label: 'Numbers (n)', type: 'number', min: 1, max: 100_000, value: 40 },
    ],
    headline: (r) => `${r.value.length} squares with ${r.params.workers} workers in ${fmtMs(r.total_ms)}; results in input order.`,
    figures: (r) => [
      ['results (input order)', list(r.value)],
      ['finishing order', list(r.finished)],
      ['total', fmtMs(r.total_ms)],
      ['busy time per worker', busyPerLane(r.events)],
    ],
  },
  {
    name: 'queue',
    title: 'Queue — producer and consumer',
    python: 'multiprocessing.Queue',
    intro: [
      'A producer sends items 0 … K−1 to a consumer on another worker. close: the producer closes the channel (a sentinel) when done and the consumer reads until then, so it gets every item, in order. ',
      'poll_empty is the tutorial\'s mistake, while not queue.empty(): queue.get() — the consumer may find the queue empty before the producer has even started, and quits. ',
      'threads: a channel in shared memory. processes: a MessageChannel between two workers.',
    ].join(''),
    controls: [
      { name: 'variant', label: 'Variant', type: 'select', options: [['close', 'close (sentinel)'], ['poll_empty', 'poll until empty (the mistake)']] },
      BACKEND,
      { name: 'items', label: 'Items (K)', type: 'number', min: 0, max: 1_000_000, value: 3 },
    ],
    headline: (r) => `received ${r.value.received} of ${r.params.items}; lost ${r.value.lost}${r.in_order ? '; in order' : '; OUT OF ORDER'}.`,
    figures: (r) => [
      ['received', String(r.value.received)],
      ['lost', String(r.value.lost)],
      ['in order', r.in_order ? 'yes' : 'no'],
      ['total', fmtMs(r.total_ms)],
    ],
  },
];

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children);
  return node;
}

/** The `dl` of a result's figures. */
export function showFigures(dl, pairs) {
  dl.replaceChildren(...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/** Builds one panel into `parent` and wires it to `playground`. */
export function buildPanel(parent, spec, playground, info) {
  const id = spec.name;
  const form = el('form', { class: 'controls', id: `${id}-form` });
  for (const c of spec.controls) {
    let input;
    if (c.type === 'select') {
      input = el('select', { name: c.name });
      for (const [value, text] of c.options) {
        const unavailable = c.name === 'backend' && !info.modes.includes(value);
        input.append(el('option', { value, disabled: unavailable }, unavailable ? `${text} — unavailable here` : text));
      }
    } else {
      input = el('input', { name: c.name, type: 'number', min: c.min, max: c.max, step: 1, value: c.value, required: true });
    }
    form.append(el('label', {}, c.label, input));
  }
  if (form.elements.backend) form.elements.backend.value = info.threads ? 'threads' : 'processes';
  if (spec.adjust) {
    form.addEventListener('change', () => spec.adjust(form));
    spec.adjust(form);
  }
  const run = el('button', { type: 'submit', id: `${id}-run` }, 'Run');
  const cancel = el('button', { type: 'button', id: `${id}-cancel`, disabled: true }, 'Cancel');
  form.append(run, cancel);

  const status = el('p', { class: 'status', id: `${id}-status`, role: 'status', 'aria-live': 'polite' }, 'Not run yet.');
  const figures = el('dl', { class: 'figures', id: `${id}-figures` });
  const timeline = el('div', { class: 'timeline', id: `${id}-timeline`, 'aria-label': 'timeline of the last run' });
  const { rust, python } = playground.source(id);
  const code = el('details', { class: 'code' },
    el('summary', {}, 'The code that ran'),
    el('div', { class: 'code-pair' },
      el('figure', {}, el('figcaption', {}, 'Rust (compiled into this page)'), el('pre', {}, el('code', { id: `${id}-rust` }, rust))),
      el('figure', {}, el('figcaption', {}, 'Python (the tutorial\'s way)'), el('pre', {}, el('code', { id: `${id}-python` }, python)))));
  const note = el('p', { class: 'note', id: `${id}-note` }, info.threads ? '' : `Threads are off here: ${info.reason}.`);
  const section = el('section', { id, class: 'demo', 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, `${spec.title} `, el('small', {}, el('code', {}, spec.python))),
    el('p', {}, spec.intro), form, note,
    el('div', { class: 'result' }, status, figures), timeline, code);
  parent.append(section);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const params = {};
    for (const c of spec.controls) {
      if (form.elements[c.name].disabled) continue;
      const raw = form.elements[c.name].value;
      params[c.name] = c.type === 'number' ? Number(raw) : raw;
    }
    run.disabled = true;
    cancel.disabled = false;
    status.classList.remove('error');
    status.textContent = 'Running…';
    const result = await playground.run(id, params);
    run.disabled = false;
    cancel.disabled = true;
    if (!result.ok) {
      status.textContent = `Error: ${result.error}`;
      status.classList.add('error');
      return;
    }
    status.textContent = `Done: ${spec.headline(result)}`;
    showFigures(figures, spec.figures(result));
    drawTimeline(timeline, result);
  });
  cancel.addEventListener('click', () => playground.cancel());
  return section;
}
