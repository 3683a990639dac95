// queue: producer → consumer over a channel (src/demos/queue.rs).
// threads: an mpsc channel in shared memory between two rayon threads.
// processes: a MessageChannel whose two ports are handed to two workers.
import * as Comlink from '../vendor/comlink.mjs';
import { checkBackend, defaultBackend, lanes, number } from './common.js';

export const defaults = (info) => ({ items: 3, variant: 'close', backend: defaultBackend(info) });

export async function run(params, ctx) {
  const p = { ...defaults(ctx.info), ...params };
  checkBackend(p.backend, ['threads', 'processes'], ctx.info);
  const items = ctx.wasm.queue_check(number(p.items), String(p.variant));
  const checked = { items, variant: p.variant, backend: p.backend };
  const t0 = ctx.now();
  if (p.backend === 'threads') {
    ctx.onAbort(() => ctx.coordinator.terminate());
    const out = await (await ctx.coordinator.api()).queue(items, p.variant);
    return { started_at: t0, params: checked, value: { received: out.received, lost: out.lost }, in_order: out.in_order, expected: { received: items, lost: 0 }, events: lanes(out.events, 'thread') };
  }
  ctx.onAbort(() => ctx.pool.terminate());
  await ctx.pool.resize(Math.max(ctx.pool.size, 2));
  const [consumer, producer] = await Promise.all([ctx.pool.worker(0), ctx.pool.worker(1)]);
  const { port1, port2 } = new MessageChannel();
  // The consumer starts first, as a consumer usually does.
  const consumed = consumer.queueConsume(Comlink.transfer(port2, [port2]), p.variant, 0);
  const produced = producer.queueProduce(Comlink.transfer(port1, [port1]), items, 1);
  const [c, producerEvent] = await Promise.all([consumed, produced]);
  return {
    started_at: t0,
    params: checked,
    value: { received: c.received, lost: items - c.received },
    in_order: c.in_order,
    expected: { received: items, lost: 0 },
    events: lanes([producerEvent, c.event], 'process'),
  };
}

export default { name: 'queue', defaults, run };
