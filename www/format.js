// Number formats and the words for what a result names in English: the
// panels, the descriptors' views and the timeline share them. A result's
// lanes and labels stay English data (scripts read them); the page words
// them in its language here.
import { ms, num, t } from './i18n.js';

/** Milliseconds with two decimals under 10 ms, one above, in the page's language. */
export const fmtMs = ms;
export { num };

/** Lanes named by a kind and a number: `thread 3` → the catalog's `lane.thread`. */
const NUMBERED = { thread: 'lane.thread', process: 'lane.process', request: 'lane.request', worker: 'lane.worker_n', task: 'lane.task' };
/** Lanes named in words. */
const NAMED = { 'main thread': 'lane.main_thread', worker: 'lane.worker', 'single worker': 'lane.single_worker', 'frames painted': 'lane.frames_painted', 'browser decoder': 'lane.browser_decoder', coordinator: 'lane.coordinator' };

/** A lane's name in the page's language. */
export function laneWords(lane) {
  const name = String(lane);
  if (NAMED[name]) return t(NAMED[name]);
  const m = /^(\w+) (\d+)$/.exec(name);
  return m && NUMBERED[m[1]] ? t(NUMBERED[m[1]], { n: m[2] }) : name;
}

/** The labels the demos give their bars, as patterns, and the catalog key that words each. */
const LABELS = [
  [/^(thread|process) (\d+): (\d+) increments$/, 'label.increments', (m) => ({ who: laneWords(`${m[1]} ${m[2]}`), count: Number(m[3]) })],
  [/^(\d+) slice\(s\), (\d+) rows$/, 'label.slices', (m) => ({ count: Number(m[1]), rows: Number(m[2]) })],
  [/^rows (\d+)–(\d+)$/, 'label.rows', (m) => ({ first: m[1], last: m[2] })],
  [/^producer: send (\d+), close$/, 'label.producer', (m) => ({ count: Number(m[1]) })],
  [/^consumer: receive until closed$/, 'label.consumer_close', () => ({})],
  [/^consumer: receive while not empty$/, 'label.consumer_poll', () => ({})],
  [/^task (\d+)$/, 'label.task', (m) => ({ n: m[1] })],
  [/^task (\d+): waits$/, 'label.task_waits', (m) => ({ n: m[1] })],
  [/^task (\d+): inside$/, 'label.task_inside', (m) => ({ n: m[1] })],
  [/^producer (\d+): put (\d+)$/, 'label.producer_put', (m) => ({ n: m[1], count: Number(m[2]) })],
  [/^consumer (\d+): take$/, 'label.consumer_take', (m) => ({ n: m[1] })],
  [/^ping: (\d+) round trips$/, 'label.ping', (m) => ({ count: Number(m[1]) })],
  [/^pong: (\d+) answers$/, 'label.pong', (m) => ({ count: Number(m[1]) })],
  [/^worker (\d+): (\d+) items$/, 'label.worker_items', (m) => ({ n: m[1], count: Number(m[2]) })],
  [/^(\d+) ms of work$/, 'label.work', (m) => ({ count: Number(m[1]) })],
  [/^frame$/, 'label.frame', () => ({})],
  [/^copy in$/, 'label.copy_in', () => ({})],
  [/^copy out$/, 'label.copy_out', () => ({})],
  [/^copy rows out$/, 'label.copy_rows_out', () => ({})],
  [/^copy gray back$/, 'label.copy_gray_back', () => ({})],
];

/** A bar's label in the page's language (file names, URLs and `square(3)` stay as they are). */
export function labelWords(label) {
  const text = String(label);
  for (const [pattern, key, args] of LABELS) {
    const m = pattern.exec(text);
    if (m) return t(key, args(m));
  }
  return text;
}

/** How long each lane was busy: `thread 0 12.3 ms, thread 1 11.9 ms`. */
export function busyPerLane(events) {
  const busy = new Map();
  for (const e of events) busy.set(e.lane, (busy.get(e.lane) ?? 0) + (e.end_ms - e.start_ms));
  return [...busy]
    .sort(([a], [b]) => String(a).localeCompare(String(b), undefined, { numeric: true }))
    .map(([lane, time]) => t('figure.busy_item', { lane: laneWords(lane), time: fmtMs(time) }))
    .join(t('list.separator'));
}

/** `xs` as a short list: the first `n`, then how many in all. */
export function list(xs, n = 12) {
  const shown = xs.slice(0, n).map((x) => (typeof x === 'number' ? String(x) : x)).join(t('list.separator'));
  return xs.length > n ? t('list.more', { shown, count: xs.length }) : shown;
}
