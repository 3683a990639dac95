// The demo panels, built from the demo registry: each descriptor's controls
// (limits and defaults from the Rust specs, labels from its view), the run
// button, the result figures, the timeline and the code. Every panel calls
// window.playground.run with exactly the parameters its controls show. A
// demo whose view has a `panel` module (grayscale) adds its own parts and
// shows its own results through the same panel.
import { drawTimeline } from './timeline.js';
import { LANGUAGES, showCode } from './code.js';

/** The back-end control every demo that has one shares. */
const BACKEND = ['Back end', { threads: 'threads (shared memory)', processes: 'processes (own memory)', single: 'single worker' }];

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

/**
 * The labelled field of control `name`: a select for a choice spec, a number
 * field for a whole one, a text area for a control Rust has no spec for (the
 * fetch demo's own URLs).
 */
function control(name, spec, [text, options = {}], value, info) {
  if (!spec) return el('label', {}, text, el('textarea', { name, rows: 3, cols: 48, spellcheck: 'false' }));
  if (spec.kind === 'choice') {
    const select = el('select', { name: spec.name });
    for (const option of spec.options) {
      const unavailable = spec.name === 'backend' && !info.modes.includes(option);
      const words = options[option] ?? option;
      select.append(el('option', { value: option, disabled: unavailable }, unavailable ? `${words} — unavailable here` : words));
    }
    select.value = value;
    return el('label', {}, text, select);
  }
  return el('label', {}, text, el('input', { name: spec.name, type: 'number', min: spec.min, max: spec.max, step: 1, value, required: true }));
}

/**
 * Builds `demo`'s panel into `parent` and wires it to `playground`. The code
 * view's JavaScript is the descriptor file as served, fetched here.
 */
export async function buildPanel(parent, demo, playground, info) {
  const id = demo.name;
  const view = demo.view;
  const custom = view.panel ? await view.panel() : null;
  const specs = playground.specs(id);
  const defaults = { ...Object.fromEntries(specs.map((s) => [s.name, s.default])), ...demo.defaults(info, {}) };
  const labels = custom?.labels ?? view.labels;
  // novalidate: a value out of range goes to the demo, whose error names the
  // parameter in the status line (a live region), the same words the API gives.
  const form = el('form', { class: 'controls', id: `${id}-form`, novalidate: true });
  for (const name of demo.controls) {
    const spec = specs.find((s) => s.name === name);
    const label = name === 'backend' ? BACKEND : labels[name];
    form.append(control(name, spec, label, defaults[name], info));
  }
  const adjust = custom?.adjust ?? view.adjust;
  if (adjust) {
    form.addEventListener('change', () => adjust(form));
    adjust(form);
  }
  const run = el('button', { type: 'submit', id: `${id}-run`, class: 'primary' }, 'Run');
  const cancel = el('button', { type: 'button', id: `${id}-cancel`, disabled: true }, 'Cancel');
  form.append(run, cancel);

  const status = el('p', { class: 'status', id: `${id}-status`, role: 'status', 'aria-live': 'polite' }, 'Not run yet.');
  // Everything a result fills in has its room before the first run (the
  // figures' terms with a dash, a fixed-height table and timeline box), so
  // nothing on the page moves when results arrive.
  const figureTerms = custom?.figureTerms ?? view.figures.map(([term]) => term);
  const figures = el('dl', { class: 'figures', id: `${id}-figures` });
  showFigures(figures, figureTerms.map((term) => [term, '—']));
  const timeline = timelineBox(id);
  const views = Object.fromEntries(LANGUAGES.map(([lang]) => [lang, el('code', { id: `${id}-${lang}` })]));
  const code = el('details', { class: 'code' },
    el('summary', {}, 'The code that ran'),
    el('p', { class: 'note' }, 'Marked lines — the ones with a comment starting “<-” — are the ones this demo is about.'),
    el('div', { class: 'code-pair' },
      // tabindex: a code view scrolls, so the keyboard must be able to reach it.
      ...LANGUAGES.map(([lang, caption]) => el('figure', { class: `code-${lang}` }, el('figcaption', {}, caption), el('pre', { tabindex: 0 }, views[lang])))));
  const source = playground.source(id);
  const response = await fetch(new URL(`./demos/${id}.js`, import.meta.url));
  showCode(code, views, { ...source, javascript: response.ok ? await response.text() : `// could not load demos/${id}.js: HTTP ${response.status}` });
  const table = el('table', { class: 'rows', id: `${id}-table` });
  const tableBox = view.table
    ? el('div', { class: 'table-box', tabindex: 0, role: 'region', 'aria-label': 'one row per item of the last run' }, table)
    : '';
  if (view.table) showTable(table, { columns: view.table(null).columns, rows: [] });
  // Why threads are off matters only to a panel that offers them.
  const threadsNote = demo.controls.includes('backend') && !info.threads ? `Threads are off here: ${info.reason}.` : '';
  const note = el('p', { class: 'note', id: `${id}-note` }, view.note?.(info) ?? threadsNote);
  const title = custom?.title ?? view.title;
  const section = el('section', { id, class: 'demo', 'aria-labelledby': `${id}-title` },
    el('h2', { id: `${id}-title` }, `${title} `, el('small', {}, el('code', {}, custom?.python ?? view.python))),
    el('p', {}, custom?.intro ?? view.intro), form, note,
    el('div', { class: 'result', id: `${id}-result` }, status, figures), tableBox, timeline, code);
  parent.append(section);
  const extra = view.decorate?.(section) ?? {};
  const panel = custom?.enhance({ section, form, status, figures, timeline, run, cancel, playground, info }) ?? null;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const params = {};
    for (const name of demo.controls) {
      const input = form.elements[name];
      if (input.disabled || input.closest('[hidden]')) continue;
      const raw = input.value;
      if (input.type === 'textarea' && raw.trim() === '') continue;
      params[name] = input.type === 'number' ? toNumber(raw) : raw;
    }
    Object.assign(params, panel?.params?.(params) ?? {});
    const running = panel?.running?.(params) ?? 'Running…';
    await runShown({ run, cancel, status }, running, () => playground.run(id, { ...params, ...extra }), async (result) => {
      if (panel?.show) await panel.show(result);
      else {
        status.textContent = `Done: ${view.headline(result)}`;
        showFigures(figures, view.figures.map(([term, value]) => [term, value(result)]));
      }
      if (view.table) showTable(table, view.table(result));
      drawTimeline(timeline, result);
    });
    panel?.after?.();
  });
  cancel.addEventListener('click', () => playground.cancel());
  return section;
}
