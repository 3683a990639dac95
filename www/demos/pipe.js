// pipe — multiprocessing.Pipe (Rust lesson: src/demos/pipe/lesson.rs). On
// processes, a Pipe is the two ports of one MessageChannel, one handed to
// each of two workers: the ping and pong below send a number back and forth
// `rounds` times. Beside it, the same ping-pong between two threads of the
// wait pool over shared memory (the Rust lesson), where threads are on offer.
import * as Comlink from '../vendor/comlink.mjs';
import { fmtMs, num } from '../format.js';
import { t } from '../i18n.js';
import { reasonWords } from '../errors.js';
import { lanes, number, waitPool } from './common.js';

export default {
  name: 'pipe',
  group: 'processes',
  python: 'pipe.py',
  controls: ['rounds'],
  defaults: () => ({}),

  async run(p, ctx) {
    const { rounds } = ctx.wasm.pipe_check(number(p.rounds));
    await ctx.pool.resize(Math.max(ctx.pool.size, 2));
    const [ping, pong] = await Promise.all([ctx.pool.worker(0), ctx.pool.worker(1)]);
    const threads = ctx.info.threads ? await ctx.threads() : null;
    if (threads) await waitPool(threads, 2); // two threads, running before the clock starts
    const t0 = ctx.now();
    // One channel, two connected ends: the Pipe. Each end goes to one process.
    const { port1, port2 } = new MessageChannel(); // <- Pipe(): two connected ends
    const answering = pong.pipe.pong(Comlink.transfer(port2, [port2]), rounds, 1);
    const [pongSide, pingSide] = await Promise.all([answering, ping.pipe.ping(Comlink.transfer(port1, [port1]), rounds, 0)]);
    const processes = { answered: pingSide.answered, pinged: pongSide.pinged, round_trip_us: ((pingSide.event.end_ms - pingSide.event.start_ms) * 1000) / rounds };
    const events = lanes([pingSide.event, pongSide.event], 'process');
    // The same ping-pong between two threads that share memory.
    let shared = null;
    if (threads) {
      const out = await threads.pipe.run(rounds); // <- the Rust lesson: a turn flag in shared memory
      shared = { answered: out.answered, pinged: out.pinged, round_trip_us: out.round_trip_us };
      events.push(...lanes(out.events, 'thread'));
    }
    return { started_at: t0, params: { rounds }, value: { processes, threads: shared }, events };
  },

  process: {
    /** The ping end: sends 0, 1, 2, … and waits for each answer, which must be one more. */
    async ping({ wasm }, port, rounds, lane) {
      const start_ms = wasm.now_ms();
      let answered = 0;
      await new Promise((resolve) => {
        let i = 0;
        port.onmessage = ({ data }) => {
          answered += data === i + 1 ? 1 : 0;
          i += 1;
          if (i < rounds) port.postMessage(i); // <- the next ping, copied to the other process
          else resolve();
        };
        port.postMessage(0);
      });
      port.close();
      return { answered, event: { lane, label: `ping: ${rounds} round trips`, start_ms, end_ms: wasm.now_ms(), ok: true } };
    },
    /** The pong end: answers each number with one more. */
    async pong({ wasm }, port, rounds, lane) {
      const start_ms = wasm.now_ms();
      let pinged = 0;
      await new Promise((resolve) => {
        port.onmessage = ({ data }) => {
          pinged += 1;
          port.postMessage(data + 1); // <- the answer, copied back
          if (pinged === rounds) resolve();
        };
      });
      port.close();
      return { pinged, event: { lane, label: `pong: ${rounds} answers`, start_ms, end_ms: wasm.now_ms(), ok: true } };
    },
  },
  /** In the threads coordinator: the ping-pong on two threads of the wait pool. */
  threads: {
    run: ({ wasm }, rounds) => wasm.pipe_threads(rounds),
  },

  view: {
    name: 'pipe.name',
    title: 'pipe.title',
    python: 'multiprocessing.Pipe()',
    intro: 'pipe.intro',
    labels: { rounds: ['pipe.rounds'] },
    facts: [
      { text: 'pipe.fact.pipe', url: 'https://docs.python.org/3/library/multiprocessing.html#multiprocessing.Pipe' },
      { text: 'pipe.fact.pickle', url: 'https://docs.python.org/3/library/multiprocessing.html#multiprocessing.connection.Connection.send' },
    ],
    note: (info) => (info.threads ? '' : t('pipe.no_threads', { reason: reasonWords(info) })),
    lanes: (p, info) => (info.threads ? 4 : 2),
    headline: (r) => (r.value.threads
      ? t('pipe.headline', { processes: us(r.value.processes.round_trip_us), threads: us(r.value.threads.round_trip_us), ratio: num(r.value.processes.round_trip_us / r.value.threads.round_trip_us, 0) })
      : t('pipe.headline_processes', { processes: us(r.value.processes.round_trip_us) })),
    figures: [
      ['pipe.fig.processes', (r) => us(r.value.processes.round_trip_us)],
      ['pipe.fig.threads', (r) => (r.value.threads ? us(r.value.threads.round_trip_us) : '—')],
      ['pipe.fig.messages', (r) => t('figure.of', { part: num(r.value.processes.answered + r.value.processes.pinged + (r.value.threads ? r.value.threads.answered + r.value.threads.pinged : 0)), whole: num(2 * r.params.rounds * (r.value.threads ? 2 : 1)) })],
      ['figure.total', (r) => fmtMs(r.total_ms)],
    ],
  },
};

/** Microseconds, two decimals below 10. */
const us = (x) => t('unit.us_value', { value: num(x, x < 10 ? 2 : 1) });
