// The page in a lesson: a run compared with the one before it on the timeline,
// nothing on the page moving when results arrive, and every demo usable from
// the keyboard alone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ms, openDemo, playgroundPage, runPanel } from './harness.mjs';

import { DEMOS as REGISTRY } from '../../www/demos/index.js';

const DEMOS = REGISTRY.map((d) => d.name);
// For runs started from the keyboard; buttons clicked by the test go through runPanel.
const doneOrError = (id) => /^(Done|Error)/.test(document.getElementById(`${id}-status`).textContent);

describe('the page in a lesson', () => {
  const env = playgroundPage({ isolation: true });

  test('the timeline shows the run before on the same scale, and what changed', async () => {
    const { page, errors } = env;
    // Keep the results the panel's own button receives from the API.
    await page.evaluate(() => {
      const run = window.playground.run;
      window.results = [];
      window.playground.run = async (...args) => {
        const r = await run(...args);
        window.results.push(r);
        return r;
      };
    });
    await openDemo(page, 'counter');
    await page.selectOption('#counter-form [name=variant]', 'mutex');
    await page.fill('#counter-form [name=threads]', '2');
    await runPanel(page, 'counter');
    assert.equal(await page.locator('#counter-timeline svg').count(), 1);
    await page.fill('#counter-form [name=threads]', '3');
    await page.click('#counter-run');
    await page.waitForFunction(() => window.results.length === 2 && /^Done/.test(document.getElementById('counter-status').textContent));
    const shown = await page.evaluate(() => ({
      compare: document.querySelector('#counter-timeline .compare').textContent,
      charts: [...document.querySelectorAll('#counter-timeline svg')].map((svg) => ({
        label: svg.getAttribute('aria-label'),
        bars: svg.querySelectorAll('rect').length,
        // The right end of the axis: both charts share one time scale.
        axisEnd: [...svg.querySelectorAll('text.tick')].at(-1).textContent,
      })),
      results: window.results.map((r) => ({ total_ms: r.total_ms, events: r.events.length, lanes: new Set(r.events.map((e) => e.lane)).size, end: Math.max(r.total_ms, ...r.events.map((e) => e.end_ms)) })),
    }));
    const [before, now] = shown.results;
    const how = now.total_ms < before.total_ms
      ? `${(before.total_ms / now.total_ms).toFixed(2)}× faster`
      : `this one took ${(now.total_ms / before.total_ms).toFixed(2)}× as long`;
    assert.equal(shown.compare, `This run ${ms(now.total_ms)}; the previous run ${ms(before.total_ms)} (${how}). Changed: threads 2 → 3.`);
    assert.equal(shown.charts.length, 2);
    // Three threads' tasks on a pool as wide as the machine: lanes ≤ events.
    assert.ok(shown.charts[0].label.startsWith(`this run: 3 events on ${now.lanes} lanes over ${ms(now.end)}`), shown.charts[0].label);
    assert.ok(shown.charts[1].label.startsWith(`previous run: 2 events on ${before.lanes} lanes over ${ms(before.end)}`), shown.charts[1].label);
    assert.deepEqual(shown.charts.map((c) => c.bars), [3, 2]);
    const scale = ms(Math.max(before.end, now.end));
    assert.deepEqual(shown.charts.map((c) => c.axisEnd), [scale, scale]);
    // A speed-up is said as one: sequential, then gather, of 5 requests of 200 ms.
    await openDemo(page, 'fetch');
    await page.fill('#fetch-form [name=count]', '5');
    await page.fill('#fetch-form [name=ms]', '200');
    for (const mode of ['sequential', 'gather']) {
      await page.selectOption('#fetch-form [name=mode]', mode);
      await page.click('#fetch-run');
      await page.waitForFunction((m) => new RegExp(`^Done: 5 requests, 0 failed, ${m}`).test(document.getElementById('fetch-status').textContent), mode);
    }
    const [seq, all] = (await page.evaluate(() => window.results.slice(-2).map((r) => r.total_ms)));
    assert.equal(await page.textContent('#fetch-timeline .compare'),
      `This run ${ms(all)}; the previous run ${ms(seq)} (${(seq / all).toFixed(2)}× faster). Changed: mode sequential → gather.`);
    assert.deepEqual(errors, []);
  });

  test('nothing on the page moves when results arrive (Layout Instability API)', async () => {
    const { page, errors } = env;
    await page.evaluate(() => {
      window.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          // Counted even right after a click: the results come from the run, not the click.
          window.shifts.push({ value: e.value, sources: e.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName) });
        }
      }).observe({ type: 'layout-shift' });
    });
    const found = {};
    for (const id of DEMOS) {
      for (const shape of id === 'grayscale' ? ['split', 'batch'] : [null]) {
        await openDemo(page, id);
        if (shape) await page.selectOption('#grayscale-form [name=shape]', shape);
        // The first run of each panel is the one that fills empty space.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await page.evaluate(() => (window.shifts = []));
        assert.match(await runPanel(page, id), /^Done/, id);
        await page.waitForTimeout(300);
        found[shape ? `${id} ${shape}` : id] = await page.evaluate(() => window.shifts);
      }
    }
    for (const [id, shifts] of Object.entries(found)) {
      const total = shifts.reduce((sum, s) => sum + s.value, 0);
      assert.ok(total < 0.001, `${id}: layout shift ${total.toFixed(4)} from ${JSON.stringify(shifts)}`);
    }
    assert.deepEqual(errors, []);
  });

  test('keyboard only: from the table of contents to a result, the code and the timeline', async () => {
    const { page, errors } = env;
    await page.goto(`${env.server.url}`);
    await page.waitForSelector('body[data-ready="true"]');
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      const style = getComputedStyle(a);
      return {
        tag: a.tagName.toLowerCase(), id: a.id, name: a.getAttribute('name'), text: a.textContent.trim().slice(0, 40),
        ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
        form: a.form?.id ?? null, section: a.closest('section')?.id ?? null,
      };
    });
    const tabTo = async (want, limit = 60) => {
      const seen = [];
      for (let i = 0; i < limit; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        seen.push(f);
        assert.ok(f.ring, `no visible focus ring on ${JSON.stringify(f)}`);
        if (want(f)) return f;
      }
      assert.fail(`not reached in ${limit} Tab presses: ${JSON.stringify(seen.slice(-5))}`);
    };
    // The lesson list comes first; a lesson's link opens it and moves focus to it.
    await tabTo((f) => f.tag === 'a' && f.text === 'Blocking');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'blocking-title');
    // A long run on a worker, started and cancelled from the keyboard.
    await tabTo((f) => f.name === 'where' && f.form === 'blocking-form', 10);
    await page.keyboard.press('End'); // the last place: a worker
    await tabTo((f) => f.name === 'ms', 3);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3000');
    await tabTo((f) => f.id === 'blocking-run', 3);
    await page.keyboard.press('Enter');
    await tabTo((f) => f.id === 'blocking-cancel', 3);
    await page.keyboard.press('Enter');
    await page.waitForFunction(doneOrError, 'blocking');
    assert.equal(await page.textContent('#blocking-status'), 'Error: cancelled');
    // On to the next lesson by its link at the end of this one.
    await tabTo((f) => f.tag === 'a' && f.text.startsWith('Next lesson: Counter'), 10);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'counter-title');
    // The code's tabs answer the arrow keys; the choice is remembered.
    await tabTo((f) => f.id === 'counter-tab-rust', 5);
    await page.keyboard.press('ArrowRight');
    assert.equal((await focused()).id, 'counter-tab-python');
    assert.equal(await page.isVisible('#counter-python'), true);
    await page.keyboard.press('ArrowLeft');
    // A counter run with a changed parameter.
    await tabTo((f) => f.name === 'variant' && f.form === 'counter-form', 25);
    await page.keyboard.press('End'); // the last variant: local
    await tabTo((f) => f.name === 'threads', 5);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await tabTo((f) => f.id === 'counter-run', 5);
    await page.keyboard.press('Enter');
    await page.waitForFunction(doneOrError, 'counter');
    assert.equal(await page.textContent('#counter-status'), 'Done: 3 × 100,000 = 300,000 expected; counted 300,000; 0 updates lost.');
    // The timeline box takes focus (so it can be scrolled), then its bars: each
    // says its lane and times, and the arrow keys go from bar to bar.
    await tabTo((f) => f.id === 'counter-timeline', 12);
    await tabTo((f) => f.tag === 'rect', 3);
    const first = await page.textContent('#counter-timeline .bar-details');
    assert.match(first, /^thread \d+: thread \d+: 100,000 increments — [\d.]+ ms to [\d.]+ ms \([\d.]+ ms\)$/);
    await page.keyboard.press('ArrowRight');
    const second = await page.textContent('#counter-timeline .bar-details');
    assert.notEqual(second, first);
    // Be the scheduler, from the keyboard: thread A takes a step.
    await tabTo((f) => f.id === 'counter-step-a', 12);
    await page.keyboard.press('Enter');
    assert.match(await page.textContent('#counter-steps-order'), /^Order so far: A-load$/);
    assert.deepEqual(errors, []);
  });
});
