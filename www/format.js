// Number formats shared by the panels, the descriptors' views and the timeline.

/** Milliseconds with two decimals under 10 ms, one above. */
export const fmtMs = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

/** How long each lane was busy: `thread 0 12.3 ms, thread 1 11.9 ms`. */
export function busyPerLane(events) {
  const busy = new Map();
  for (const e of events) busy.set(e.lane, (busy.get(e.lane) ?? 0) + (e.end_ms - e.start_ms));
  return [...busy]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([lane, ms]) => `${lane} ${fmtMs(ms)}`)
    .join(', ');
}
