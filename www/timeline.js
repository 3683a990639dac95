// The timeline view: an SVG Gantt chart of a result's events, one lane per
// worker / thread / request, one bar per event, hover (or focus) for details.
// Each container remembers the run before, and draws it under the new one on
// the same time scale, with what changed between the two, so a change of
// parameter can be seen. It reads only the result shape, so every demo and
// every back end draws the same way.
import { fmtMs } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const previous = new WeakMap();

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const endOf = (result) => Math.max(result.total_ms || 0, ...(result.events ?? []).map((e) => e.end_ms), 0.001);

/** One chart of `result.events` over `[0, end]` ms. */
function chart(result, end, title) {
  const events = result.events ?? [];
  const lanes = [...new Set(events.map((e) => String(e.lane)))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  // Up to 12 lanes get a labelled row each; more share the same height, so
  // 1 000 requests still fit in one picture of how they overlapped.
  const laneH = lanes.length <= 12 ? 22 : Math.max(1, 264 / lanes.length);
  const gap = laneH >= 12 ? 6 : laneH >= 4 ? 1 : 0;
  const labelEvery = Math.ceil(14 / laneH);
  const [labelW, width, axisH] = [110, 640, 20];
  const plotW = width - labelW - 10;
  const height = lanes.length * laneH + axisH;
  const x = (ms) => labelW + (Math.max(0, ms) / end) * plotW;
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${title}: ${events.length} events on ${lanes.length} lanes over ${fmtMs(endOf(result))}`,
  });
  lanes.forEach((lane, i) => {
    if (i % labelEvery === 0) svg.append(el('text', { x: 4, y: i * laneH + Math.min(15, laneH / 2 + 4), class: 'lane' }, lane));
  });
  for (const e of events) {
    const i = lanes.indexOf(String(e.lane));
    const w = Math.max(1, x(e.end_ms) - x(e.start_ms));
    const bar = el('rect', {
      x: x(e.start_ms), y: i * laneH + gap / 2, width: w, height: Math.max(0.5, laneH - gap), rx: gap ? 2 : 0,
      class: e.ok ? 'bar' : 'bar failed',
    });
    bar.append(el('title', {}, `${e.lane}: ${e.label} — ${e.start_ms.toFixed(2)} to ${e.end_ms.toFixed(2)} ms (${(e.end_ms - e.start_ms).toFixed(2)} ms)`));
    svg.append(bar);
  }
  const axisY = lanes.length * laneH + 14;
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(el('text', { x: x(end * f), y: axisY, class: 'tick', 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' }, `${(end * f).toFixed(1)} ms`));
  }
  return svg;
}

/** The parameters that differ between two runs, in words. */
export function changes(before, now) {
  const keys = [...new Set([...Object.keys(before.params ?? {}), ...Object.keys(now.params ?? {})])];
  const show = (v) => (v === undefined ? '(default)' : String(v));
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
    ? `${(before.total_ms / now.total_ms).toFixed(2)}× faster`
    : `this one took ${before.total_ms > 0 ? (now.total_ms / before.total_ms).toFixed(2) : '∞'}× as long`;
  return `This run ${fmtMs(now.total_ms)}; the previous run ${fmtMs(before.total_ms)} (${how}). `
    + (diff.length ? `Changed: ${diff.join('; ')}.` : 'Same parameters.');
}

/**
 * Replaces `container`'s content with a chart of `result.events` and, when
 * the container showed a run before, that run's chart below on the same scale.
 */
export function drawTimeline(container, result) {
  const before = previous.get(container);
  previous.set(container, result);
  const end = Math.max(endOf(result), before ? endOf(before) : 0);
  const parts = [];
  if (before) parts.push(Object.assign(document.createElement('p'), { className: 'compare', textContent: comparison(before, result) }));
  parts.push(caption('this run'), chart(result, end, 'this run'));
  if (before) parts.push(caption('previous run'), chart(before, end, 'previous run'));
  container.replaceChildren(...parts);
}

function caption(text) {
  return Object.assign(document.createElement('p'), { className: 'chart-title', textContent: text });
}
