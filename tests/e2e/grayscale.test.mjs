// grayscale end to end, in both modes: the served page, the real workers and
// the real wasm builds, checked against a reference computed here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDemo, playgroundPage, randomRgba, referenceGray } from './harness.mjs';

const [W, H] = [203, 117]; // odd sizes: bands of unequal height, SIMD tails

/** Runs grayscale in the page on pixels made here; returns the result and the reference. */
async function runOnPixels(page, params, seed) {
  const rgba = randomRgba(W * H, seed);
  const result = await page.evaluate(
    async ({ params, bytes }) => {
      const r = await window.playground.run('grayscale', { ...params, rgba: new Uint8Array(bytes) });
      return { ...r, gray: r.gray ? Array.from(r.gray) : null, rgba: undefined };
    },
    { params: { width: W, height: H, ...params }, bytes: Array.from(rgba) },
  );
  return { result, reference: referenceGray(rgba) };
}

function assertEventsSane(result, lanePrefix) {
  assert.ok(result.events.length >= 1, 'no events');
  for (const e of result.events) {
    assert.ok(e.lane.startsWith(lanePrefix), `lane ${e.lane}`);
    assert.ok(e.start_ms >= -1 && e.end_ms >= e.start_ms, JSON.stringify(e));
    assert.ok(e.end_ms <= result.total_ms + 1, `event ends after the run: ${JSON.stringify(e)}`);
  }
}

for (const isolation of [true, false]) {
  describe(`grayscale, ${isolation ? 'cross-origin isolated' : 'no isolation'}`, () => {
    const env = playgroundPage({ isolation });

    test('ready reports the mode truthfully and the page says it in words', async () => {
      assert.equal(env.info.isolated, isolation);
      assert.equal(env.info.threads, isolation);
      assert.ok(env.info.workers >= 1);
      const banner = await env.page.textContent('#mode');
      if (isolation) {
        assert.deepEqual(env.info.modes, ['threads', 'processes', 'single']);
        assert.match(banner, /Threads: shared memory across \d+ workers/);
      } else {
        assert.deepEqual(env.info.modes, ['processes', 'single']);
        assert.match(banner, /No shared memory here/);
        assert.match(banner, /Cross-Origin-Opener-Policy/);
      }
    });

    const backends = isolation ? ['threads', 'processes', 'single'] : ['processes', 'single'];
    for (const backend of backends) {
      test(`${backend} equals the independent reference`, async () => {
        for (const workers of backend === 'single' ? [1] : [1, 2, 3]) {
          const { result, reference } = await runOnPixels(env.page, { backend, workers }, 7 + workers);
          assert.equal(result.ok, true, result.error);
          assert.deepEqual(Uint8Array.from(result.gray), reference, `${backend} × ${workers}`);
          assert.equal(result.demo, 'grayscale');
          assert.equal(result.params.backend, backend);
          assert.ok(result.total_ms > 0);
          const prefix = { threads: 'thread ', processes: 'process ', single: 'single' }[backend];
          // The copies have a lane of their own: the coordinator's one copy
          // into shared memory and one out; the page's copy of each band to
          // its process and of its gray back.
          const copyLane = backend === 'threads' ? 'coordinator' : 'main thread';
          const copies = result.events.filter((e) => e.lane === copyLane);
          const work = { ...result, events: result.events.filter((e) => e.lane !== copyLane) };
          assertEventsSane(work, prefix);
          if (backend !== 'single') assert.equal(work.events.length, workers);
          const bands = backend === 'single' ? 1 : workers;
          assert.deepEqual(copies.map((e) => e.label).sort(), backend === 'threads'
            ? ['copy in', 'copy out']
            : [...Array(bands).fill('copy gray back'), ...Array(bands).fill('copy rows out')]);
        }
      });
    }

    test('seeded images give the same bytes on every back end', async () => {
      const sums = await env.page.evaluate(async (backends) => {
        const out = {};
        for (const backend of backends) {
          const r = await window.playground.run('grayscale', { width: 640, height: 480, seed: 42, backend });
          out[backend] = r.ok ? r.value : r.error;
        }
        return out;
      }, backends);
      const values = Object.values(sums);
      assert.ok(values.every((v) => typeof v === 'number'), JSON.stringify(sums));
      assert.equal(new Set(values).size, 1, JSON.stringify(sums));
    });

    test('threads back end without shared memory says why', { skip: isolation }, async () => {
      const r = await env.page.evaluate(() => window.playground.run('grayscale', { backend: 'threads' }));
      assert.equal(r.ok, false);
      assert.match(r.error, /`backend`/);
      assert.match(r.error, /not available here/);
    });

    test('bad parameters name themselves and the next run still works', async () => {
      const bad = [
        [{ width: 0 }, 'width'],
        [{ width: 1e9 }, 'width'],
        [{ width: 'wide' }, 'width'],
        [{ height: Number.NaN }, 'height'],
        [{ backend: 'gpu' }, 'backend'],
        [{ workers: -1 }, 'workers'],
        [{ workers: 2.5 }, 'workers'],
        [{ seed: -3 }, 'seed'],
        [{ width: 4, height: 4, rgba: [1, 2, 3] }, 'rgba'],
      ];
      for (const [params, name] of bad) {
        const r = await env.page.evaluate((p) => window.playground.run('grayscale', p), params);
        assert.equal(r.ok, false, JSON.stringify(params));
        assert.ok(r.error.includes(`\`${name}\``), `${JSON.stringify(params)} → ${r.error}`);
      }
      const { result, reference } = await runOnPixels(env.page, { backend: 'processes', workers: 2 }, 99);
      assert.equal(result.ok, true, result.error);
      assert.deepEqual(Uint8Array.from(result.gray), reference);
    });

    test('the Run button calls the API and shows its result', async () => {
      await openDemo(env.page, 'grayscale');
      await env.page.selectOption('#grayscale-form [name=shape]', 'split');
      await env.page.fill('#grayscale-form [name=width]', '320');
      await env.page.fill('#grayscale-form [name=height]', '200');
      await env.page.selectOption('#grayscale-form [name=backend]', 'processes');
      await env.page.click('#grayscale-run');
      await env.page.waitForFunction(() => /^Done/.test(document.getElementById('grayscale-status').textContent));
      const shown = await env.page.textContent('#grayscale-figures');
      const expected = await env.page.evaluate(async () => {
        const r = await window.playground.run('grayscale', { width: 320, height: 200, seed: 1, backend: 'single' });
        return r.value.toString(16).padStart(8, '0');
      });
      assert.ok(shown.includes(`0x${expected}`), shown);
      assert.ok(await env.page.$('#grayscale-timeline svg'), 'timeline drawn');
    });

    test('cancel stops a run, which resolves ok:false; the next run works', async () => {
      const r = await env.page.evaluate(async () => {
        const running = window.playground.run('grayscale', { width: 8000, height: 8000, backend: 'processes', workers: 2 });
        await new Promise((resolve) => setTimeout(resolve, 30));
        const cancelled = window.playground.cancel();
        const first = await running;
        const next = await window.playground.run('grayscale', { width: 64, height: 64, backend: 'processes', workers: 2 });
        return { cancelled, first: { ok: first.ok, error: first.error }, next: next.ok };
      });
      assert.equal(r.cancelled, true);
      assert.deepEqual(r.first, { ok: false, error: 'cancelled' });
      assert.equal(r.next, true);
    });

    test('no console errors and no page errors', () => {
      assert.deepEqual(env.errors, []);
    });
  });
}
