// The demo panels, built from the demo registry: each descriptor's controls
// (limits and defaults from the Rust specs, labels from its view), the run
// button, the result figures, the timeline and the code. Every panel calls
// window.playground.run with exactly the parameters its controls show. A
// demo whose view has a `panel` module (grayscale) adds its own parts and
// shows its own results through the same panel.
import { drawTimeline, reservedHeight } from './timeline.js';
import { codePane } from './code.js';
import { errorWords, reasonWords } from './errors.js';

export { errorWords };
import { el } from './dom.js';
import { rich, t } from './i18n.js';

/** The back-end control every demo that has one shares: its label and its options' catalog keys. */
const BACKEND = ['panel.backend', { threads: 'backend.threads', processes: 'backend.processes', single: 'backend.single' }];
/** Each demo's results shown so far (the last two): a change of language draws them again. */
const shown = new Map();


/** A number field's value: an empty or unreadable field is NaN, never 0. */
const toNumber = (raw) => (String(raw).trim() === '' ? Number.NaN : Number(raw));

/** The `dl` of a result's figures, a card each; the first is the number that matters, large. Terms are catalog keys. */
export function showFigures(dl, pairs) {
  dl.replaceChildren(...pairs.map(([term, value]) => el('div', { class: 'card' }, el('dt', {}, t(term)), el('dd', { title: value }, value))));
}


/**
 * Runs `call` (a playground.run) with the panel showing it: Run disabled,
 * Cancel enabled, the status saying so; afterwards the status shows the
 * error, or `onDone(result)` shows the result. Resolves with the result.
 */
async function runShown({ run, cancel, status }, running, call, onDone) {
  run.disabled = true;
  cancel.disabled = false;
  status.classList.remove('error');
  status.textContent = running;
  const result = await call();
  run.disabled = false;
  cancel.disabled = true;
  await showOutcome(status, result, onDone);
  return result;
}

/** The status line for `result`: its error, or what `onDone` shows of it. */
async function showOutcome(status, result, onDone) {
  status.classList.toggle('error', !result.ok);
  if (!result.ok) status.textContent = t('panel.error', { message: errorWords(result) });
  else await onDone(result);
}

/**
 * The timeline's box, the same height before and after a run (it scrolls),
 * keyboard-focusable so its content can be scrolled without a mouse.
 */
function timelineBox(id) {
  return el('div', { class: 'timeline', id: `${id}-timeline`, role: 'figure', tabindex: 0, 'aria-label': t('timeline.label') },
    el('p', { class: 'note' }, t('timeline.empty')));
}

/**
 * A table of text cells (never HTML: URLs and errors come from outside);
 * columns are catalog keys; the cells of the `data` columns (URLs) are data,
 * not words, and say so (`translate="no"`).
 */
function showTable(table, { columns, rows, data = [] }) {
  table.replaceChildren(
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, t(c))))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c, j) => el('td', { translate: data.includes(j) ? 'no' : undefined }, c))))),
  );
}

/**
 * The labelled field of control `name`: a select for a choice spec, a number
 * field (with its unit) for a whole one, a text area for a control Rust has
 * no spec for (the fetch demo's own URLs).
 */
function control(name, spec, [label, options, unit], value, info) {
  const text = t(label);
  if (!spec) return el('label', { class: 'wide' }, text, el('textarea', { name, rows: 1, spellcheck: 'false' }));
  if (spec.kind === 'choice') {
    const select = el('select', { name: spec.name });
    for (const option of spec.options) {
      const unavailable = spec.name === 'backend' && !info.modes.includes(option);
      const words = options?.[option] ? t(options[option]) : option;
      select.append(el('option', { value: option, disabled: unavailable }, unavailable ? t('panel.unavailable', { option: words }) : words));
    }
    select.value = value;
    return el('label', {}, text, select);
  }
  const input = el('input', { name: spec.name, type: 'number', min: spec.min, max: spec.max, step: 1, value, required: true });
  return el('label', {}, text, unit ? el('span', { class: 'field' }, input, el('span', { class: 'unit' }, t(unit))) : input);
}

/**
 * Builds `demo`'s panel into `parent` and wires it to `playground`: a header,
 * then the code pane beside the run pane. The code pane's JavaScript is the
 * descriptor file as served, fetched here.
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
    form.append(control(name, spec, name === 'backend' ? BACKEND : labels[name], defaults[name], info));
  }
  const adjust = custom?.adjust ?? view.adjust;
  if (adjust) {
    form.addEventListener('change', () => adjust(form));
    adjust(form);
  }
  /** The parameters the controls show now, as a run would get them. */
  const formParams = () => {
    const params = {};
    for (const name of demo.controls) {
      const input = form.elements[name];
      if (input.disabled) continue;
      const raw = input.value;
      if (input.type === 'textarea' && raw.trim() === '') continue;
      params[name] = input.type === 'number' ? toNumber(raw) : raw;
    }
    return params;
  };
  const run = el('button', { type: 'submit', id: `${id}-run`, class: 'primary' }, t('panel.run'));
  const cancel = el('button', { type: 'button', id: `${id}-cancel`, disabled: true }, t('panel.cancel'));
  const buttons = el('div', { class: 'buttons' }, run, cancel);
  form.append(buttons);

  const status = el('p', { class: 'status', id: `${id}-status`, role: 'status', 'aria-live': 'polite' }, t('panel.not_run'));
  // Everything a result fills in has its room before the first run (the
  // figures' terms with a dash, a fixed-height table), so nothing moves when
  // results arrive; the timeline comes after them and grows to fit its lanes.
  const figureTerms = custom?.figureTerms ?? view.figures.map(([term]) => term);
  const figures = el('dl', { class: 'figures', id: `${id}-figures` });
  showFigures(figures, figureTerms.map((term) => [term, '—']));
  const timeline = timelineBox(id);
  const source = playground.source(id);
  let javascript;
  try {
    const response = await fetch(new URL(`./demos/${id}.js`, import.meta.url));
    javascript = response.ok ? await response.text() : `// ${t('code.not_loaded', { file: `demos/${id}.js`, why: `HTTP ${response.status}` })}`;
  } catch (err) {
    javascript = `// ${t('code.not_loaded', { file: `demos/${id}.js`, why: err.message })}`;
  }
  const { pane: code } = codePane(id, { ...source, javascript });
  const table = el('table', { class: 'rows', id: `${id}-table` });
  const tableBox = view.table
    ? el('div', { class: 'table-box', tabindex: 0, role: 'region', 'aria-label': t('panel.table_label') }, table)
    : '';
  if (view.table) showTable(table, { columns: view.table(null).columns, rows: [] });
  // Why threads are off matters only to a panel that offers them.
  const threadsNote = demo.controls.includes('backend') && !info.threads ? t('panel.threads_off', { reason: reasonWords(info) }) : '';
  const note = el('p', { class: 'note', id: `${id}-note` }, view.note?.(info) ?? threadsNote);
  const title = t(custom?.title ?? view.title);
  const intro = el('p', { class: 'intro', id: `${id}-intro` }, ...rich(t(custom?.intro ?? view.intro)));
  const more = el('button', { type: 'button', class: 'quiet more', 'aria-expanded': 'false', 'aria-controls': `${id}-intro` }, t('panel.more'));
  more.addEventListener('click', () => {
    const open = intro.classList.toggle('open');
    more.setAttribute('aria-expanded', String(open));
    more.textContent = t(open ? 'panel.less' : 'panel.more');
  });
  // Python as it is today, each fact with its source, where the lesson discusses it.
  const facts = view.facts?.length
    ? el('details', { class: 'facts', id: `${id}-facts` },
      el('summary', {}, t('panel.facts', { count: view.facts.length })),
      el('ul', {}, ...view.facts.map((f) => el('li', { class: f.tutorial ? 'tutorial' : undefined }, ...rich(t(f.text)), ' ',
        el('a', { href: f.url, target: '_blank', rel: 'noopener' }, `(${new URL(f.url).hostname})`)))))
    : '';
  const runPane = el('div', { class: 'pane run-pane', id: `${id}-run-pane` }, form, note,
    el('div', { class: 'result', id: `${id}-result` }, status, figures), timeline, tableBox);
  const section = el('section', { id, class: 'demo', 'aria-labelledby': `${id}-title`, hidden: true },
    el('header', { class: 'demo-head' },
      el('h2', { id: `${id}-title`, tabindex: -1 }, `${title} `, el('small', {}, el('code', {}, custom?.python ?? view.python))),
      intro, more, facts),
    el('div', { class: 'panes' }, code, runPane));
  parent.append(section);
  const extra = view.decorate?.(section) ?? {};
  const panel = custom?.enhance({ section, form, status, figures, timeline, run, cancel, playground, info }) ?? null;
  if (view.extra) (await view.extra()).mount(runPane, { playground, info });

  // The timeline keeps room for the lanes these parameters will draw, so a
  // result fills space that was there; it is the last thing that grows.
  const lanes = custom?.lanes ?? view.lanes;
  const reserve = () => {
    const n = lanes?.(formParams(), info);
    timeline.style.minHeight = `${reservedHeight(Number.isFinite(n) && n >= 1 ? n : 2)}px`;
  };
  form.addEventListener('change', reserve);
  reserve();

  // Run on the button's click (Enter in a field clicks it too), not on the
  // form's submission, which a frame sandboxed without allow-forms blocks.
  form.addEventListener('submit', (event) => event.preventDefault());
  /** Fills the panel with a successful result. */
  async function render(result) {
    if (panel?.show) await panel.show(result);
    else {
      status.textContent = t('panel.done', { headline: view.headline(result) });
      showFigures(figures, view.figures.map(([term, value]) => [term, value(result)]));
    }
    if (view.table) showTable(table, view.table(result));
    drawTimeline(timeline, result);
  }
  run.addEventListener('click', async (event) => {
    event.preventDefault();
    if (run.disabled) return;
    const params = formParams();
    Object.assign(params, panel?.params?.(params) ?? {});
    const running = panel?.running?.(params) ?? t('panel.running');
    const result = await runShown({ run, cancel, status }, running, () => playground.run(id, { ...params, ...extra }), render);
    shown.set(id, [...(shown.get(id) ?? []), result].slice(-2));
    panel?.after?.();
  });
  cancel.addEventListener('click', () => playground.cancel());
  // Built again in another language: the last results come back as they were.
  for (const result of shown.get(id) ?? []) await showOutcome(status, result, render);
  return section;
}
