// Number formats shared by the panels and the timeline.

/** Milliseconds with two decimals under 10 ms, one above. */
export const fmtMs = (ms) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
