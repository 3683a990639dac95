// The page as a playground: each lesson's code beside its run (and both on a
// projector's screen at once), a first screen that runs, lessons one at a
// time with working back and forward, timelines that fit their lanes, keep an
// item's colour, name every bar and export a trace, and the counter's step
// mode checked against an enumeration written here.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { openDemo, openPlayground, runPanel, serverAndBrowser } from './harness.mjs';
import { DEMOS } from '../../www/demos/index.js';

/** Where the parts of lesson `id` are on screen, and what the open code view shows. */
const layout = (page, id) => page.evaluate((i) => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  };
  const scroll = [...document.querySelectorAll(`#${i}-code .code-scroll`)].find((s) => s.offsetParent !== null);
  return {
    viewport: { width: innerWidth, height: innerHeight },
    code: box(document.getElementById(`${i}-code`)),
    codeView: box(scroll),
    codeText: scroll.querySelector('code').textContent,
    run: box(document.getElementById(`${i}-run`)),
    runPane: box(document.getElementById(`${i}-run-pane`)),
    timeline: box(document.getElementById(`${i}-timeline`)),
    scrollWidth: document.documentElement.scrollWidth,
  };
}, id);

const inside = (r, v) => r.top >= 0 && r.left >= 0 && r.bottom <= v.height + 0.5 && r.right <= v.width + 0.5 && r.height > 0;

describe('the page as a playground', () => {
  const env = serverAndBrowser({ isolation: true });

  test('at 1440×900, every lesson after a run shows its code beside its Run button and its timeline, all in view', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url, { viewport: { width: 1440, height: 900 } });
    const sources = {};
    for (const { name, python } of DEMOS) {
      sources[name] = [await readFile(new URL(`../../src/demos/${name}/lesson.rs`, import.meta.url), 'utf8'), await readFile(new URL(`../../python/${python}`, import.meta.url), 'utf8')];
      assert.match(await runPanel(page, name), /^(Done|Error)/, name);
      const at = await layout(page, name);
      for (const part of ['codeView', 'run', 'timeline']) assert.ok(inside(at[part], at.viewport), `${name}: ${part} in view: ${JSON.stringify(at[part])}`);
      assert.ok(at.code.right <= at.runPane.left, `${name}: code beside the run, not above it`);
      assert.ok(at.code.top < at.runPane.bottom && at.runPane.top < at.code.bottom, `${name}: side by side`);
      assert.ok(sources[name].includes(at.codeText), `${name}: the open code view shows its Rust or its Python`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('embedded at 1000×700, every lesson shows its code beside its Run button and its timeline', async () => {
    for (const { name } of DEMOS) {
      const { page, errors } = await openPlayground(env.browser, `${env.server.url}?demo=${name}&embed`, { viewport: { width: 1000, height: 700 } });
      // ?demo= runs the lesson at once.
      await page.waitForFunction((i) => /^(Done|Error)/.test(document.getElementById(`${i}-status`).textContent), name, { timeout: 60_000 });
      const at = await layout(page, name);
      for (const part of ['codeView', 'run', 'timeline']) assert.ok(inside(at[part], at.viewport), `${name} embedded: ${part} in view: ${JSON.stringify(at[part])}`);
      assert.ok(at.code.right <= at.runPane.left, `${name} embedded: code beside the run`);
      assert.deepEqual(errors, [], name);
      await page.close();
    }
  });

  test('at 390×844 the panes stack, code first, and nothing scrolls sideways', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url, { viewport: { width: 390, height: 844 } });
    for (const { name } of DEMOS) {
      await runPanel(page, name);
      const at = await layout(page, name);
      assert.ok(at.code.bottom <= at.runPane.top, `${name}: code above the run`);
      assert.ok(at.scrollWidth <= 390, `${name}: ${at.scrollWidth} px wide on a 390 px screen`);
    }
    // The code can be folded away on a narrow screen.
    await page.click('#grayscale-code .code-toggle');
    assert.equal(await page.isVisible('#grayscale-code-body'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the first screen at 1440×900 has a Run button and code; lessons are addressable, back and forward work', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url, { viewport: { width: 1440, height: 900 } });
    const first = await layout(page, 'counter');
    assert.ok(inside(first.run, first.viewport) && inside(first.codeView, first.viewport), JSON.stringify(first));
    // The hash changes first; the page follows on its hashchange event, so wait for the lesson wanted.
    const shown = async (want) => {
      const visible = () => [...document.querySelectorAll('main > section')].filter((s) => !s.hidden).map((s) => s.id).join(',');
      await page.waitForFunction((w) => [...document.querySelectorAll('main > section')].filter((s) => !s.hidden).map((s) => s.id).join(',') === w, want.join(','), { timeout: 5_000 }).catch(() => {});
      return (await page.evaluate(visible)).split(',');
    };
    assert.deepEqual(await shown(['counter']), ['counter']);
    await page.click('#toc a[href="#fetch"]');
    assert.deepEqual(await shown(['fetch']), ['fetch']);
    assert.equal(await page.getAttribute('#toc a[href="#fetch"]', 'aria-current'), 'page');
    await page.click('#toc a[href="#overview"]');
    assert.deepEqual(await shown(['overview']), ['overview']);
    // The introduction's claims link to the lessons that check them.
    await page.click('#overview a[href="#blocking"]');
    assert.deepEqual(await shown(['blocking']), ['blocking']);
    await page.goBack();
    assert.deepEqual(await shown(['overview']), ['overview']);
    await page.goBack();
    assert.deepEqual(await shown(['fetch']), ['fetch']);
    await page.goForward();
    assert.deepEqual(await shown(['overview']), ['overview']);
    const direct = await openPlayground(env.browser, `${env.server.url}#map`);
    assert.deepEqual(await direct.page.evaluate(() => [...document.querySelectorAll('main > section')].filter((s) => !s.hidden).map((s) => s.id)), ['map']);
    assert.deepEqual([...errors, ...direct.errors], []);
    await direct.page.close();
    await page.close();
  });

  test('timelines fit their lanes, name every bar with its times, keep an item\'s colour, and export a trace', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url, { viewport: { width: 1440, height: 900 } });
    for (const { name } of DEMOS) {
      await runPanel(page, name);
      const fit = await page.evaluate((i) => {
        const box = document.getElementById(`${i}-timeline`);
        const lanes = new Set([...box.querySelectorAll('svg:first-of-type text.lane')].map((t) => t.textContent)).size;
        const shown = box.getBoundingClientRect().height;
        const reserved = box.style.minHeight;
        box.style.minHeight = '0';
        const natural = box.getBoundingClientRect().height;
        box.style.minHeight = reserved;
        const names = [...box.querySelectorAll('rect.bar')].map((r) => r.getAttribute('aria-label'));
        return { shown, natural, lanes, names };
      }, name);
      // Within one lane (22 px; a pixel more for rounding).
      assert.ok(Math.abs(fit.shown - fit.natural) <= 23, `${name}: box ${fit.shown} px for ${fit.natural} px of chart (${fit.lanes} lanes)`);
      assert.ok(fit.names.length > 0 && fit.names.every((n) => / — [\d.]+ ms to [\d.]+ ms \([\d.]+ ms\)$/.test(n)), `${name}: ${fit.names.slice(0, 2)}`);
    }
    // The same items in two runs keep their colours, whichever lane ran them.
    await openDemo(page, 'map');
    await runPanel(page, 'map');
    const colours = await page.evaluate(() => [...document.querySelectorAll('#map-timeline svg')].map((svg) => Object.fromEntries(
      [...svg.querySelectorAll('rect.bar')].map((r) => [r.getAttribute('aria-label').split(': ')[1].split(' — ')[0], r.getAttribute('class')]),
    )));
    assert.equal(colours.length, 2);
    const common = Object.keys(colours[0]).filter((k) => k in colours[1]);
    assert.ok(common.length >= 10, `${common.length} items in both runs`);
    for (const item of common) assert.equal(colours[0][item], colours[1][item], item);
    assert.ok(new Set(Object.values(colours[0])).size >= 3, 'items differ in colour');
    // The trace: one complete event per bar of this run.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#map-timeline .timeline-head button')]);
    const trace = JSON.parse(await readFile(await download.path(), 'utf8'));
    const bars = await page.evaluate(() => document.querySelectorAll('#map-timeline svg:first-of-type rect.bar').length);
    assert.equal(trace.traceEvents.filter((e) => e.ph === 'X').length, bars);
    assert.ok(trace.traceEvents.filter((e) => e.ph === 'X').every((e) => Number.isFinite(e.ts) && e.dur >= 0 && e.name.startsWith('square(')));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('be the scheduler: a lost update by hand, none with the lock, and the count of losing orders', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url);
    await openDemo(page, 'counter');
    const step = (t) => page.click(`#counter-step-${t}`);
    for (const [t] of ['a-load', 'b-load', 'a-add', 'a-store', 'b-add', 'b-store']) await step(t);
    assert.equal(await page.textContent('#counter-steps-order'), 'Order so far: A-load, B-load, A-add, A-store, B-add, B-store');
    assert.equal(await page.textContent('#counter-steps-shared'), 'shared counter = 1');
    assert.match(await page.textContent('#counter-steps-verdict'), /^Lost update: counter = 1, not 2\./);
    await page.click('#counter-steps-undo');
    assert.equal(await page.isDisabled('#counter-step-b'), false);
    assert.equal(await page.textContent('#counter-steps-verdict'), '');
    // Every order of the six steps, enumerated here: lost when each thread
    // reads before the other writes back.
    const orders = [];
    const walk = (a, b, order) => (a === 3 && b === 3 ? orders.push(order) : (a < 3 && walk(a + 1, b, [...order, 'a']), b < 3 && walk(a, b + 1, [...order, 'b'])));
    walk(0, 0, []);
    const lost = orders.filter((o) => {
      const at = (t, k) => o.map((x, i) => [x, i]).filter(([x]) => x === t)[k][1];
      return at('a', 0) < at('b', 2) && at('b', 0) < at('a', 2);
    }).length;
    assert.equal(await page.textContent('#counter-steps-count'), `Of all ${orders.length} orders a scheduler could choose, ${lost} lose an update.`);
    // With the lock: B cannot step while A holds it, and each order ends at 2.
    await page.check('#counter-steps-lock');
    await step('a');
    assert.equal(await page.isDisabled('#counter-step-b'), true);
    assert.match(await page.textContent('#counter-step-b'), /waits for the lock/);
    for (const first of ['a', 'b']) {
      await page.click('#counter-steps-reset');
      for (const t of [first, first, first, first, first]) await step(t);
      const other = first === 'a' ? 'b' : 'a';
      for (let i = 0; i < 5; i++) await step(other);
      assert.equal(await page.textContent('#counter-steps-shared'), 'shared counter = 2');
      assert.equal(await page.textContent('#counter-steps-verdict'), 'Both updates counted: counter = 2.');
    }
    assert.equal(await page.textContent('#counter-steps-count'), 'Of all 2 orders a scheduler could choose, 0 lose an update — with the lock, none can.');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
