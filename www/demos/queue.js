// queue — producer → consumer over a channel (Rust lesson:
// src/demos/queue/lesson.rs). threads: an mpsc channel in shared memory
// between two rayon threads. processes: a MessageChannel whose two ports are
// handed to two workers; the producer and consumer below run in them, the
// producer putting `batch` items in each message (1: a message per item).
import * as Comlink from '../vendor/comlink.mjs';
import { fmtMs, num } from '../format.js';
import { t } from '../i18n.js';
import { defaultBackend, lanes, number, text, offered } from './common.js';

export default {
  name: 'queue',
  group: 'processes',
  python: 'queue_demo.py',
  controls: ['variant', 'backend', 'items', 'batch'],
  defaults: (info) => ({ backend: defaultBackend(info) }),

  async run(p, ctx) {
    const c = ctx.wasm.queue_check(number(p.items), text(p.variant), text(p.backend), number(p.batch));
    offered(c.backend, ctx.info);
    const params = { items: c.items, variant: c.variant, backend: c.backend, ...(c.backend === 'processes' && { batch: c.batch }) };
    const t0 = ctx.now();
    if (c.backend === 'threads') {
      const out = await (await ctx.threads()).queue.run(c.items, c.variant === 'poll_empty');
      return { started_at: t0, params, value: { received: out.received, lost: out.left }, in_order: out.in_order, events: lanes(out.events, 'thread') };
    }
    await ctx.pool.resize(Math.max(ctx.pool.size, 2));
    const [consumer, producer] = await Promise.all([ctx.pool.worker(0), ctx.pool.worker(1)]);
    // One channel, two ends: each end goes to one process (transferred, not copied).
    const { port1, port2 } = new MessageChannel(); // <- the queue: two connected ends
    // The consumer starts first, as a consumer usually does.
    const consumed = consumer.queue.consume(Comlink.transfer(port2, [port2]), c.variant, 0);
    const produced = producer.queue.produce(Comlink.transfer(port1, [port1]), c.items, c.batch, 1);
    const [got, producerEvent] = await Promise.all([consumed, produced]);
    return { started_at: t0, params, value: { received: got.received, lost: got.left }, in_order: got.in_order, events: lanes([producerEvent, got.event], 'process') };
  },

  process: {
    /**
     * Producer: items 0..n−1 down the port, `batch` to a message (a message
     * per item when batch is 1), then `null` — the close (a sentinel).
     */
    produce({ wasm }, port, items, batch, lane) {
      const start_ms = wasm.now_ms();
      for (let first = 0; first < items; first += batch) {
        const count = Math.min(batch, items - first);
        if (batch === 1) port.postMessage(first); // <- one message per item: what a message costs
        else {
          const chunk = Uint32Array.from({ length: count }, (_, k) => first + k);
          port.postMessage(chunk, [chunk.buffer]); // <- many items, one message, moved not copied
        }
      }
      port.postMessage(null); // <- the close: a sentinel
      port.close();
      return { lane, label: `producer: send ${items}, close`, start_ms, end_ms: wasm.now_ms(), ok: true };
    },
    /**
     * Consumer: `close` takes items until the sentinel. `poll_empty` makes
     * the tutorial's mistake: it takes what has arrived and, the first time a
     * turn of the event loop brings nothing new, decides the queue is empty
     * and stops taking. What arrives after that is counted as left in the
     * queue (up to the sentinel), never taken.
     */
    async consume({ wasm }, port, variant, lane) {
      const tally = new wasm.QueueTally();
      const start_ms = wasm.now_ms();
      let stopped = null;
      let left = 0;
      await new Promise((resolve) => {
        let arrived = 0;
        port.onmessage = ({ data }) => {
          if (data === null) return resolve();
          const many = typeof data !== 'number';
          if (stopped !== null) left += many ? data.length : 1;
          else {
            if (many) tally.take_all(data);
            else tally.take(data);
            arrived += 1;
          }
        };
        if (variant === 'poll_empty') {
          const poll = () => {
            if (arrived === 0) stopped = wasm.now_ms(); // <- the mistake: empty now is not done
            else {
              arrived = 0;
              setTimeout(poll, 0);
            }
          };
          setTimeout(poll, 0);
        }
        port.start();
      });
      port.close();
      const label = variant === 'close' ? 'consumer: receive until closed' : 'consumer: receive while not empty';
      const event = { lane, label, start_ms, end_ms: stopped ?? wasm.now_ms(), ok: true };
      const result = { received: tally.received, in_order: tally.in_order, left, event };
      tally.free();
      return result;
    },
  },
  /** In the threads coordinator: producer and consumer on the rayon pool. */
  threads: {
    run: ({ wasm }, items, pollEmpty) => wasm.queue_threads(items, pollEmpty),
  },

  view: {
    name: 'queue.name',
    title: 'queue.title',
    python: 'multiprocessing.Queue',
    intro: 'queue.intro',
    facts: [
      { tutorial: true, text: 'queue.fact.empty', url: 'https://docs.python.org/3/library/multiprocessing.html#multiprocessing.Queue.empty' },
      { text: 'queue.fact.join', url: 'https://docs.python.org/3/library/multiprocessing.html#multiprocessing-programming' },
      { text: 'queue.fact.forkserver', url: 'https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods' },
    ],
    lanes: () => 2,
    // Only processes send messages: the batch means nothing to threads.
    adjust(form) {
      form.elements.batch.disabled = form.elements.backend.value !== 'processes';
    },
    labels: {
      variant: ['queue.variant', { close: 'queue.variant.close', poll_empty: 'queue.variant.poll_empty' }],
      items: ['queue.items'],
      batch: ['queue.batch'],
    },
    headline: (r) => t(r.in_order ? 'queue.headline' : 'queue.headline_disorder', { received: r.value.received, items: r.params.items, lost: r.value.lost }),
    figures: [
      ['queue.fig.received', (r) => num(r.value.received)],
      ['queue.fig.lost', (r) => num(r.value.lost)],
      ['queue.fig.in_order', (r) => t(r.in_order ? 'figure.yes' : 'figure.no')],
      ['figure.total', (r) => fmtMs(r.total_ms)],
    ],
  },
};
