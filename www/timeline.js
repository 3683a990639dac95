// The timeline view: an SVG Gantt chart of a result's events, one lane per
// worker / thread / request, one bar per event. It reads only the result
// shape, so every demo and every back end draws the same way.
const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Replaces `container`'s content with a chart of `result.events`. */
export function drawTimeline(container, result) {
  container.replaceChildren();
  const events = result.events ?? [];
  if (!events.length) return;
  const lanes = [...new Set(events.map((e) => String(e.lane)))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  const end = Math.max(result.total_ms || 0, ...events.map((e) => e.end_ms), 0.001);
  const [labelW, laneH, width, axisH] = [110, 22, 640, 20];
  const plotW = width - labelW - 10;
  const height = lanes.length * laneH + axisH;
  const x = (ms) => labelW + (Math.max(0, ms) / end) * plotW;
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `timeline: ${events.length} events on ${lanes.length} lanes over ${end.toFixed(1)} ms`,
  });
  lanes.forEach((lane, i) => {
    svg.append(el('text', { x: 4, y: i * laneH + 15, class: 'lane' }, lane));
  });
  for (const e of events) {
    const i = lanes.indexOf(String(e.lane));
    const w = Math.max(1, x(e.end_ms) - x(e.start_ms));
    const bar = el('rect', {
      x: x(e.start_ms), y: i * laneH + 3, width: w, height: laneH - 6, rx: 2,
      class: e.ok ? 'bar' : 'bar failed',
    });
    bar.append(el('title', {}, `${e.lane}: ${e.label} — ${e.start_ms.toFixed(2)} to ${e.end_ms.toFixed(2)} ms (${(e.end_ms - e.start_ms).toFixed(2)} ms)`));
    svg.append(bar);
  }
  const axisY = lanes.length * laneH + 14;
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(el('text', { x: x(end * f), y: axisY, class: 'tick', 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' }, `${(end * f).toFixed(1)} ms`));
  }
  container.append(svg);
}
