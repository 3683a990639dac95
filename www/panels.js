// The demo panels built from a description: controls, the run button, the
// result figures, the timeline and the code. Every panel calls
// window.playground.run with exactly the parameters its controls show.
import { drawTimeline } from './timeline.js';
import { showCode } from './code.js';

import { fmtMs } from './format.js';

export { fmtMs };
const list = (xs, n = 12) => `${xs.slice(0, n).join(', ')}${xs.length > n ? `, … (${xs.length} in all)` : ''}`;

export function busyPerLane(events) {
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
    name: 'fetch',
    title: 'Fetch — asyncio.gather over downloads',
    python: 'asyncio.gather(*(fetch(session, url) for url in urls))',
    intro: [
      'Requests wait on the network, not on the CPU, so one thread can have many in flight: ',
      'sequential awaits each before starting the next; gather starts them all and waits for all; limited keeps at most limit in flight, as an asyncio.Semaphore would. ',
      'Without URLs the page asks its own latency endpoint (sim/delay, answered by the page\'s service worker) for requests of known delay, so the ideal time can be shown beside the measured one. ',
      'Each failure — a bad URL, a refused scheme, an HTTP error, a network error or CORS refusal, a timeout, a body over the size cap — stays in its own row.',
    ].join(''),
    controls: [
      { name: 'mode', label: 'Mode', type: 'select', options: [['gather', 'gather (all at once)'], ['sequential', 'sequential'], ['limited', 'limited (semaphore)']] },
      { name: 'limit', label: 'Limit', type: 'number', min: 1, max: 1000, value: 5 },
      { name: 'count', label: 'Requests', type: 'number', min: 1, max: 5000, value: 20 },
      { name: 'ms', label: 'Delay (ms)', type: 'number', min: 0, max: 60000, value: 100 },
      { name: 'bytes', label: 'Bytes each', type: 'number', min: 0, max: 16777216, value: 2048 },
      { name: 'timeout_ms', label: 'Timeout (ms)', type: 'number', min: 1, max: 600000, value: 10000 },
      { name: 'urls', label: 'Or your own URLs, one per line', type: 'textarea', optional: true },
    ],
    // The page's own event loop: threads do not matter here, the service worker does.
    note: (info) => (info.service_worker ? '' : 'The simulated requests (sim/delay) are answered by the page\'s service worker, which is not running here: ./build.sh serve answers them too, other hosts answer 404. Your own URLs work everywhere.'),
    headline: (r) => `${r.value.length} request(s), ${r.failed} failed, ${r.params.mode} in ${fmtMs(r.total_ms)}${r.ideal_ms !== null ? ` (ideal ${fmtMs(r.ideal_ms)})` : ''}.`,
    figures: [
      ['total', (r) => fmtMs(r.total_ms)],
      ['ideal', (r) => r.ideal_ms === null ? 'unknown for your own URLs' : fmtMs(r.ideal_ms)],
      ['succeeded', (r) => `${r.value.length - r.failed} of ${r.value.length}`],
      ['bytes received', (r) => String(r.value.reduce((n, row) => n + row.bytes, 0))],
    ],
    table: (r) => ({
      columns: ['#', 'URL', 'status', 'bytes', 'error'],
      rows: (r?.value ?? []).slice(0, 100).map((row, i) => [String(i), row.url, row.status === null ? '—' : String(row.status), String(row.bytes), row.error ?? '']),
    }),
  },
  {
    name: 'blocking',
    title: 'Blocking — don\'t block the event loop',
    python: 'time.sleep() inside a coroutine',
    intro: [
      'The dot below moves on every animation frame. Run D ms of CPU work on the main thread in one piece and no frame can be painted until it ends — the browser\'s version of calling time.sleep() in a coroutine, or of the GIL. ',
      'sliced does the same work in ~4 ms slices and yields to the event loop between them (await asyncio.sleep(0)); worker does it in a Web Worker, off the main thread. The longest gap between painted frames and the frames dropped are measured, not estimated.',
    ].join(''),
    controls: [
      { name: 'where', label: 'Where the work runs', type: 'select', options: [['main', 'main thread, in one piece'], ['sliced', 'main thread, sliced'], ['worker', 'a worker']] },
      { name: 'ms', label: 'Work (ms)', type: 'number', min: 1, max: 10000, value: 500 },
    ],
    decorate(section) {
      const track = el('div', { class: 'ticker', 'aria-hidden': 'true' }, el('span', { class: 'dot' }));
      section.querySelector('form').after(track);
      const dot = track.firstChild;
      return { onFrame: (t) => { dot.style.transform = `translateX(${(t / 4) % 300}px)`; } };
    },
    headline: (r) => `${r.params.ms} ms of work on ${r.params.where}: longest frame gap ${fmtMs(r.value.longest_gap_ms)}, ${r.value.dropped_frames} frame(s) dropped.`,
    figures: [
      ['longest gap between frames', (r) => fmtMs(r.value.longest_gap_ms)],
      ['frames dropped', (r) => String(r.value.dropped_frames)],
      ['frames painted during the work', (r) => String(r.frames)],
      ['total', (r) => fmtMs(r.total_ms)],
    ],
  },
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
    figures: [
      ['final count', (r) => String(r.value)],
      ['expected', (r) => String(r.expected)],
      ['lost updates', (r) => String(r.lost)],
      ['total', (r) => fmtMs(r.total_ms)],
      ['per increment', (r) => `${((r.total_ms * 1e6) / r.expected).toFixed(1)} ns`],
      ['busy time per worker', (r) => busyPerLane(r.events)],
    ],
  },
  {
    name: 'tasks',
    title: 'Tasks — a thread per task',
    python: 'threading.Thread per file',
    intro: [
      'Twelve jobs, like twelve files in a directory, each started as its own task and all joined at the end. ',
      'On processes, mode per_task starts a brand-new worker for every task (its own instance and memory: see what that costs on the timeline); mode pool hands the tasks to a fixed pool of workers, one per core. ',
      'On threads, the tasks go to the rayon pool: a fixed set of threads, one per core. Job i adds up the numbers below 1.5 million × (1 + i mod 3), so the jobs are uneven. ',
      'Crash task makes that one task panic on purpose — Python\'s BrokenProcessPool: the run ends at once with an error, the crashed worker (or the whole thread pool) is replaced, and the next run works.',
    ].join(''),
    controls: [
      BACKEND,
      { name: 'mode', label: 'Processes', type: 'select', options: [['per_task', 'a new worker per task'], ['pool', 'a fixed pool']] },
      { name: 'tasks', label: 'Tasks', type: 'number', min: 1, max: 256, value: 12 },
      { name: 'crash', label: 'Crash task (−1: none)', type: 'number', min: -1, max: 255, value: -1 },
    ],
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
    figures: [
      ['results (input order)', (r) => list(r.value)],
      ['finishing order', (r) => list(r.finished)],
      ['total', (r) => fmtMs(r.total_ms)],
      ['busy time per worker', (r) => busyPerLane(r.events)],
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
    figures: [
      ['received', (r) => String(r.value.received)],
      ['lost', (r) => String(r.value.lost)],
      ['in order', (r) => r.in_order ? 'yes' : 'no'],
      ['total', (r) => fmtMs(r.total_ms)],
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

/** A number field's value: an empty or unreadable field is NaN, never 0. */
export const toNumber = (raw) => (String(raw).trim() === '' ? Number.NaN : Number(raw));

/** The `dl` of a result's figures. */
export function showFigures(dl, pairs) {
  dl.replaceChildren(...pairs.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}

/**
 * Runs `call` (a playground.run) with the panel showing it: Run disabled,
 * Cancel enabled, the status saying so; afterwards the status shows the
 * error, or `onDone(result)` shows the result. Resolves with the result.
 */
export async function runShown({ run, cancel, status }, running, call, onDone) {
  run.disabled = true;
  cancel.disabled = false;
  status.classList.remove('error');
  status.textContent = running;
  const result = await call();
  run.disabled = false;
  cancel.disabled = true;
  if (!result.ok) {
    status.textContent = `Error: ${result.error}`;
    status.classList.add('error');
  } else {
    await onDone(result);
  }
  return result;
}

/**
 * The timeline's box, the same height before and after a run (it scrolls),
 * keyboard-focusable so its content can be scrolled without a mouse.
 */
export function timelineBox(id) {
  return el('div', { class: 'timeline', id: `${id}-timeline`, role: 'figure', tabindex: 0, 'aria-label': 'timeline of the last run, and of the run before it' },
    el('p', { class: 'note' }, 'After a run, its timeline appears here: one lane per worker, thread or request, one bar per task (hover for details). The next run is drawn above it, on the same time scale.'));
}

/** A table of text cells (never HTML: URLs and errors come from outside). */
function showTable(table, { columns, rows }) {
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
  );
}

/** Builds one panel into `parent` and wires it to `playground`. */
export function buildPanel(parent, spec, playground, info) {
  const id = spec.name;
  // novalidate: a value out of range goes to the demo, whose error names the
  // parameter in the status line (a live region), the same words the API gives.
  const form = el('form', { class: 'controls', id: `${id}-form`, novalidate: true });
  for (const c of spec.controls) {
    let input;
    if (c.type === 'textarea') {
      input = el('textarea', { name: c.name, rows: 3, cols: 48, spellcheck: 'false' });
    } else if (c.type === 'select') {
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
  // Everything a result fills in has its room before the first run (the
  // figures' terms with a dash, a fixed-height table and timeline box), so
  // nothing on the page moves when results arrive.
  const figures = el('dl', { class: 'figures', id: `${id}-figures` });
  showFigures(figures, spec.figures.map(([term]) => [term, '—']));
  const timeline = timelineBox(id);
  const rustEl = el('code', { id: `${id}-rust` });
  const pythonEl = el('code', { id: `${id}-python` });
  const code = el('details', { class: 'code' },
    el('summary', {}, 'The code that ran'),
    el('p', { class: 'note' }, 'Marked lines — the ones with a comment starting “<-” — are the ones this demo is about.'),
    el('div', { class: 'code-pair' },
      // tabindex: a code view scrolls, so the keyboard must be able to reach it.
      el('figure', {}, el('figcaption', {}, 'Rust (compiled into this page)'), el('pre', { tabindex: 0 }, rustEl)),
      el('figure', {}, el('figcaption', {}, 'Python (the tutorial\'s way)'), el('pre', { tabindex: 0 }, pythonEl))));
  showCode(code, rustEl, pythonEl, playground.source(id));
  const table = el('table', { class: 'rows', id: `${id}-table` });
  const tableBox = spec.table
    ? el('div', { class: 'table-box', tabindex: 0, role: 'region', 'aria-label': 'one row per item of the last run' }, table)
    : '';
  if (spec.table) showTable(table, { columns: spec.table(null).columns, rows: [] });
  // Why threads are off matters only to a panel that offers them.
  const threadsNote = spec.controls.includes(BACKEND) && !info.threads ? `Threads are off here: ${info.reason}.` : '';
  const noteText = spec.note?.(info) ?? threadsNote;
  const note = el('p', { class: 'note', id: `${id}-note` }, noteText);
  const section = el('section', { id, class: 'demo', 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, `${spec.title} `, el('small', {}, el('code', {}, spec.python))),
    el('p', {}, spec.intro), form, note,
    el('div', { class: 'result' }, status, figures), tableBox, timeline, code);
  parent.append(section);
  const extra = spec.decorate?.(section) ?? {};

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const params = {};
    for (const c of spec.controls) {
      if (form.elements[c.name].disabled) continue;
      const raw = form.elements[c.name].value;
      if (c.optional && raw.trim() === '') continue;
      params[c.name] = c.type === 'number' ? toNumber(raw) : raw;
    }
    await runShown({ run, cancel, status }, 'Running…', () => playground.run(id, { ...params, ...extra }), (result) => {
      status.textContent = `Done: ${spec.headline(result)}`;
      showFigures(figures, spec.figures.map(([term, value]) => [term, value(result)]));
      if (spec.table) showTable(table, spec.table(result));
      drawTimeline(timeline, result);
    });
  });
  cancel.addEventListener('click', () => playground.cancel());
  return section;
}
