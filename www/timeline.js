// The timeline view: an SVG Gantt chart of a result's events, one lane per
// worker / thread / request, one bar per event. It uses the whole width of
// its box and its box fits its lanes; each item keeps one colour across runs
// and lanes (the colour is a hash of what it is, not where it ran); failed
// items are outlined and marked ✕; waits are drawn faint and dashed and not
// counted as busy; labels sit inside bars that have room; each
// lane ends with its busy share; a line above says what to see. Bars take
// keyboard focus (arrow keys move between them) and show their lane, start,
// end and duration on hover or focus. Each container remembers the run
// before and draws it under the new one on the same time scale, with what
// changed. "Download trace" saves the run as Chrome Trace Event JSON
// (Perfetto, chrome://tracing). It reads only the result shape, so every demo
// and every back end draws the same way.
import { fmtMs, labelWords, laneWords } from './format.js';
import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';
const previous = new WeakMap();
/** Lanes up to this many get a labelled row each; more share the height of SHARED_ROWS. */
const MAX_ROWS = 12;
const SHARED_ROWS = 6;
const LANE_H = 22;
const AXIS_H = 20;
/** How many item colours styles.css defines (.c0 … .c9, light and dark). */
const PALETTE = 10;

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const endOf = (result) => Math.max(result.total_ms || 0, ...(result.events ?? []).map((e) => e.end_ms), 0.001);
const byLaneName = (a, b) => a.localeCompare(b, undefined, { numeric: true });
const lanesOf = (events) => [...new Set(events.map((e) => String(e.lane)))].sort(byLaneName);

/**
 * What an item is, whatever lane ran it, so it keeps its colour when another
 * thread takes it next run: its label ("square(12)", "task 3", "thread 0: …";
 * a task's wait and its time inside share one)
 * — or, where every item has a lane of its own (requests, whose labels are
 * often the same URL), that lane.
 */
const itemKey = (e) => (String(e.lane).startsWith('request ') ? String(e.lane) : String(e.label).replace(/: (waits|inside)$/, ''));

/** A stable palette index for an item: FNV-1a of its key. */
function colourOf(e) {
  let h = 0x811c9dc5;
  for (const ch of itemKey(e)) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h % PALETTE;
}

/** Pixel height a chart of `laneCount` lanes needs. */
const chartHeight = (laneCount) => (laneCount <= MAX_ROWS ? laneCount : SHARED_ROWS) * LANE_H + AXIS_H;

/**
 * The timeline box's height for one run of `laneCount` lanes: its chart and
 * the lines around it (the summary, the chart's title, the bar details) and
 * the box's padding and border. The page reserves it before a run.
 */
export const reservedHeight = (laneCount) => chartHeight(laneCount) + 101;

/** Each lane's busy share of `[0, end]` (overlapping bars on one lane counted once). */
function busyShare(events, end) {
  const share = new Map();
  for (const lane of lanesOf(events)) {
    const spans = events.filter((e) => String(e.lane) === lane).map((e) => [Math.max(0, e.start_ms), Math.min(end, e.end_ms)]).sort((a, b) => a[0] - b[0]);
    let [busy, reach] = [0, 0];
    for (const [from, to] of spans) {
      if (to > reach) busy += to - Math.max(from, reach);
      reach = Math.max(reach, to);
    }
    share.set(lane, end > 0 ? busy / end : 0);
  }
  return share;
}

/** What the lanes are, as a catalog key: threads, processes, requests, workers, tasks, or lanes. */
function kind(lanes) {
  const words = { thread: 'timeline.kind.threads', process: 'timeline.kind.processes', request: 'timeline.kind.requests', worker: 'timeline.kind.workers', task: 'timeline.kind.tasks' };
  const first = new Set(lanes.map((l) => l.split(' ')[0]));
  return first.size === 1 && words[[...first][0]] ? words[[...first][0]] : 'timeline.kind.lanes';
}

/**
 * The sentence above a chart: how many lanes were busy at once at the peak,
 * and for what share of the run — or that no two ever overlapped.
 */
export function summary(result) {
  // Frames are marks, and a wait (at a semaphore) is not work: neither counts as busy.
  const events = (result.events ?? []).filter((e) => e.lane !== 'frames painted' && !e.waiting);
  const end = endOf(result);
  const lanes = lanesOf(events);
  if (!events.length) return t('timeline.nothing');
  // Sweep the bars' edges, counting distinct busy lanes.
  const edges = events.flatMap((e) => [[e.start_ms, 1, String(e.lane)], [e.end_ms, -1, String(e.lane)]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const busy = new Map();
  const at = new Map(); // lanes busy → total ms
  let last = 0;
  let peak = 0;
  for (const [time, d, lane] of edges) {
    const n = [...busy.values()].filter((c) => c > 0).length;
    at.set(n, (at.get(n) ?? 0) + Math.max(0, time - last));
    last = Math.max(last, time);
    busy.set(lane, (busy.get(lane) ?? 0) + d);
    peak = Math.max(peak, [...busy.values()].filter((c) => c > 0).length);
  }
  const what = t(kind(lanes), { count: peak });
  if (peak <= 1) return t('timeline.one_at_a_time', { what: t(kind(lanes), { count: 2 }) });
  const share = Math.round((100 * (at.get(peak) ?? 0)) / end);
  return t('timeline.peak', { count: peak, what, share });
}

/** One chart of `result.events` over `[0, end]` ms, `width` pixels wide. */
function chart(result, end, title, width) {
  const events = result.events ?? [];
  const lanes = lanesOf(events);
  const rows = lanes.length <= MAX_ROWS ? lanes.length : SHARED_ROWS;
  const laneH = (rows * LANE_H) / Math.max(1, lanes.length);
  const gap = laneH >= 12 ? 6 : laneH >= 4 ? 1 : 0;
  const labelEvery = Math.ceil(14 / laneH);
  const [labelW, shareW] = [96, lanes.length <= MAX_ROWS ? 70 : 0];
  const plotW = Math.max(60, width - labelW - shareW - 8);
  const height = rows * LANE_H + AXIS_H;
  const x = (ms) => labelW + (Math.max(0, ms) / end) * plotW;
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'group',
    'aria-label': t('timeline.chart_label', { title, count: events.length, lanes: lanes.length, time: fmtMs(endOf(result)) }),
  });
  const share = busyShare(events.filter((e) => !e.waiting), endOf(result));
  lanes.forEach((lane, i) => {
    if (i % labelEvery !== 0) return;
    const y = Math.max(11, i * laneH + Math.min(15, laneH / 2 + 4));
    svg.append(el('text', { x: 4, y, class: 'lane' }, laneWords(lane)));
    if (shareW) svg.append(el('text', { x: width - 4, y, class: 'share', 'text-anchor': 'end' }, t('timeline.busy', { share: Math.round(100 * share.get(lane)) })));
  });
  events.forEach((e, n) => {
    const i = lanes.indexOf(String(e.lane));
    const w = Math.max(1, x(e.end_ms) - x(e.start_ms));
    const label = labelWords(e.label);
    const name = t(e.ok ? 'timeline.bar' : 'timeline.bar_failed', { lane: laneWords(e.lane), label, start: fmtMs(e.start_ms), end: fmtMs(e.end_ms), time: fmtMs(e.end_ms - e.start_ms) });
    const bar = el('rect', {
      x: x(e.start_ms), y: i * laneH + gap / 2, width: w, height: Math.max(0.5, laneH - gap), rx: gap ? 2 : 0,
      class: `bar c${colourOf(e)}${e.ok ? '' : ' failed'}${e.waiting ? ' waiting' : ''}`,
      tabindex: n === 0 ? 0 : -1,
      role: 'img',
      'aria-label': name,
      'data-n': n,
    });
    svg.append(bar);
    // A label inside the bar where it fits (about 6.5 px a character).
    // (A CJK character is about twice as wide.)
    const chars = [...label].reduce((n, ch) => n + (ch.codePointAt(0) > 0x2e80 ? 2 : 1), 0);
    if (laneH >= 16 && w > chars * 6.5 + 8) {
      svg.append(el('text', { x: x(e.start_ms) + 4, y: i * laneH + laneH / 2 + 4, class: `in-bar${e.waiting ? ' waiting' : ''}`, 'aria-hidden': 'true' }, `${e.ok ? '' : '✕ '}${label}`));
    } else if (!e.ok && laneH >= 12) {
      svg.append(el('text', { x: x(e.start_ms) + w / 2, y: i * laneH + laneH / 2 + 4, class: 'in-bar', 'text-anchor': 'middle', 'aria-hidden': 'true' }, '✕'));
    }
  });
  const axisY = rows * LANE_H + 14;
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(el('text', { x: x(end * f), y: axisY, class: 'tick', 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' }, fmtMs(end * f)));
  }
  return svg;
}

/** The parameters that differ between two runs, in words. */
export function changes(before, now) {
  const keys = [...new Set([...Object.keys(before.params ?? {}), ...Object.keys(now.params ?? {})])];
  const show = (v) => (v === undefined ? t('timeline.default') : String(v));
  return keys
    .filter((k) => show(before.params?.[k]) !== show(now.params?.[k]))
    .map((k) => `${k} ${show(before.params?.[k])} → ${show(now.params?.[k])}`);
}

/** One line comparing `now` with the run `before` it. */
export function comparison(before, now) {
  const diff = changes(before, now);
  // Say a speed-up as "faster", a slow-down as "as long": 0.06× reads badly.
  const faster = now.total_ms > 0 && now.total_ms < before.total_ms;
  const how = faster
    ? t('timeline.faster', { ratio: (before.total_ms / now.total_ms).toFixed(2) })
    : t('timeline.as_long', { ratio: before.total_ms > 0 ? (now.total_ms / before.total_ms).toFixed(2) : '∞' });
  return `${t('timeline.compare', { now: fmtMs(now.total_ms), before: fmtMs(before.total_ms), how })} `
    + (diff.length ? t('timeline.changed', { changes: diff.join(t('list.semicolon')) }) : t('timeline.same'));
}

/**
 * The run as Chrome Trace Event JSON: one complete event ("ph": "X") per
 * bar, times in microseconds, a thread per lane named by metadata events.
 */
export function trace(result) {
  const lanes = lanesOf(result.events ?? []);
  const names = lanes.map((lane, tid) => ({ name: 'thread_name', ph: 'M', pid: 1, tid, args: { name: lane } }));
  const bars = (result.events ?? []).map((e) => ({
    name: e.label,
    cat: result.demo,
    ph: 'X',
    ts: Math.round(e.start_ms * 1000),
    dur: Math.max(0, Math.round((e.end_ms - e.start_ms) * 1000)),
    pid: 1,
    tid: lanes.indexOf(String(e.lane)),
    args: { lane: String(e.lane), ok: e.ok },
  }));
  return { traceEvents: [{ name: 'process_name', ph: 'M', pid: 1, tid: 0, args: { name: `Concurrency Playground: ${result.demo}` } }, ...names, ...bars], displayTimeUnit: 'ms', otherData: { params: result.params, total_ms: result.total_ms } };
}

/** The details line under the chart: what the focused or hovered bar was. */
function detailsFor(container) {
  let details = container.querySelector('.bar-details');
  if (!details) {
    details = Object.assign(document.createElement('p'), { className: 'bar-details note' });
    details.setAttribute('aria-live', 'polite');
  }
  return details;
}

/** Arrow keys move focus between the bars of one chart (one tab stop per chart). */
function wireBars(svg, details) {
  const bars = [...svg.querySelectorAll('rect.bar')];
  const show = (bar) => {
    details.textContent = bar.getAttribute('aria-label');
  };
  for (const bar of bars) {
    bar.addEventListener('focus', () => show(bar));
    bar.addEventListener('mouseenter', () => show(bar));
  }
  svg.addEventListener('keydown', (event) => {
    const i = bars.indexOf(document.activeElement);
    if (i < 0) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -i, End: bars.length - 1 - i }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = bars[Math.min(bars.length - 1, Math.max(0, i + step))];
    bars[i].setAttribute('tabindex', -1);
    next.setAttribute('tabindex', 0);
    next.focus();
  });
}

/** Saves `result` as a .json trace file. */
function download(result) {
  const blob = new Blob([JSON.stringify(trace(result))], { type: 'application/json' });
  const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${result.demo}-trace.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

/**
 * Replaces `container`'s content with a chart of `result.events` and, when
 * the container showed a run before, that run's chart below on the same scale.
 */
export function drawTimeline(container, result) {
  const before = previous.get(container);
  previous.set(container, result);
  const end = Math.max(endOf(result), before ? endOf(before) : 0);
  // The box's inner width: its client width less its padding.
  const pad = parseFloat(getComputedStyle(container).paddingLeft) + parseFloat(getComputedStyle(container).paddingRight);
  const width = Math.max(320, Math.floor(container.clientWidth - pad));
  const details = detailsFor(container);
  details.textContent = t('timeline.hint');
  const head = document.createElement('div');
  head.className = 'timeline-head';
  const said = Object.assign(document.createElement('p'), { className: 'summary', textContent: summary(result), title: summary(result) });
  const save = Object.assign(document.createElement('button'), { type: 'button', className: 'quiet', textContent: t('timeline.download') });
  save.title = t('timeline.download_title');
  save.addEventListener('click', () => download(result));
  head.append(said, save);
  const parts = [head];
  if (before) parts.push(Object.assign(document.createElement('p'), { className: 'compare', textContent: comparison(before, result) }));
  const now = chart(result, end, t('timeline.this_run'), width);
  parts.push(caption(t('timeline.this_run')), now);
  wireBars(now, details);
  if (before) {
    const then = chart(before, end, t('timeline.previous_run'), width);
    parts.push(caption(t('timeline.previous_run')), then);
    wireBars(then, details);
  }
  parts.push(details);
  container.replaceChildren(...parts);
}

function caption(text) {
  return Object.assign(document.createElement('p'), { className: 'chart-title', textContent: text });
}
