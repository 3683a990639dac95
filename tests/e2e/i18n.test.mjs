// The page in Simplified Chinese and in English: chosen by ?lang=, by the
// browser's language, and by the switch (which keeps the last result);
// Chinese text outside code counted against Latin words; every panel runs
// in Chinese and a bad parameter's error is Chinese; run() results word
// their error in the page's language and keep its code; the share buttons
// carry the language; axe-core and the Layout Instability API in Chinese
// (the English page has its own tests in a11y and teaching).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, openDemo, openPlayground, serverAndBrowser } from './harness.mjs';
import { DEMOS } from '../../www/demos/index.js';

const NAMES = DEMOS.map((d) => d.name);

/**
 * The visible text of the page outside code, counted: Han characters, and
 * Latin words (two letters or more). Code (`code`, `pre`, the code pane),
 * elements in another language (`lang` attribute: the switch's "English")
 * and data marked `translate="no"` (URLs) are left out.
 */
const counts = (page) => page.evaluate(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let [han, latin] = [0, 0];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest('code, pre, script, style, .code-pane, [lang]:not(html), [translate=no]') || !parent.checkVisibility()) continue;
    han += (node.data.match(/\p{Script=Han}/gu) ?? []).length;
    latin += (node.data.match(/[A-Za-z]{2,}/g) ?? []).length;
  }
  return { han, latin };
});

/** Runs panel `id` and waits for its status line to say it is over, in either language. */
async function run(page, id) {
  await openDemo(page, id);
  await page.click(`#${id}-run`);
  await page.waitForFunction((i) => /^(Done|Error|完成|错误)/.test(document.getElementById(`${i}-status`).textContent), id, { timeout: 60_000 });
  return page.textContent(`#${id}-status`);
}

const missingKeys = (page) => page.evaluate(async () => [...(await import('./i18n.js')).missing]);

describe('languages', () => {
  const env = serverAndBrowser({ isolation: true });

  test('?lang=zh-CN: Chinese outside code, every panel runs, a bad parameter is refused in Chinese', async () => {
    const { page, errors } = await openPlayground(env.browser, `${env.server.url}?lang=zh-CN`);
    assert.match(await page.getAttribute('html', 'lang'), /^zh/);
    const seen = {};
    for (const id of NAMES) {
      const status = await run(page, id);
      assert.match(status, /^完成：/, `${id}: ${status}`);
      seen[id] = await counts(page);
    }
    await page.evaluate(() => (location.hash = 'overview'));
    await page.waitForSelector('#overview:not([hidden])');
    seen.overview = await counts(page);
    for (const [id, { han, latin }] of Object.entries(seen)) {
      // Chinese needs about two characters a word: far more Han than Latin words, whatever the lesson.
      assert.ok(han >= 300 && han >= 6 * latin, `${id}: ${han} Han characters, ${latin} Latin words`);
    }
    await openDemo(page, 'counter');
    await page.fill('#counter-form [name=threads]', '0');
    await page.click('#counter-run');
    await page.waitForFunction(() => /^错误/.test(document.getElementById('counter-status').textContent));
    assert.equal(await page.textContent('#counter-status'), '错误：参数 `threads` 必须是 1 到 64 之间的整数；收到的是 0');
    // The API words its errors in the page's language and keeps the code and arguments for scripts.
    const bad = await page.evaluate(() => window.playground.run('map', { workers: 2, n: 1e9 }));
    assert.equal(bad.error_code, 'param_range');
    assert.equal(bad.error_args.name, 'n');
    assert.match(bad.error, /^参数 `n` 必须是 .+ 之间的整数；收到的是 1000000000$/);
    assert.deepEqual(await missingKeys(page), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a browser whose language is zh-CN gets Chinese with no parameter; ?lang=en gets English', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url, { locale: 'zh-CN' });
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.equal(await page.textContent('#counter-run'), '运行');
    assert.match(await page.textContent('#mode'), /^线程：/);
    const { han, latin } = await counts(page);
    assert.ok(han >= 300 && han >= 6 * latin, `${han} Han characters, ${latin} Latin words`);
    await page.goto(`${env.server.url}?lang=en`);
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('#counter-run'), 'Run');
    // Only the switch's own "简体中文" is Chinese.
    assert.equal((await counts(page)).han, 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the switch changes the language in place and keeps the last result; the choice is remembered and shared', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url);
    await openDemo(page, 'counter');
    await page.fill('#counter-form [name=iterations]', '4321');
    await run(page, 'counter');
    await run(page, 'counter');
    const before = await page.evaluate(() => ({
      status: document.getElementById('counter-status').textContent,
      value: document.querySelector('#counter-figures .card:nth-child(2) dd').textContent,
      charts: document.querySelectorAll('#counter-timeline svg').length,
    }));
    assert.match(before.status, /^Done: 2 × 4321 = 8642 expected; counted 8642; 0 updates lost\.$/);
    assert.equal(before.charts, 2);
    await page.selectOption('#language', 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.body.dataset.ready === 'true');
    const after = await page.evaluate(() => ({
      status: document.getElementById('counter-status').textContent,
      value: document.querySelector('#counter-figures .card:nth-child(2) dd').textContent,
      charts: document.querySelectorAll('#counter-timeline svg').length,
      iterations: document.querySelector('#counter-form [name=iterations]').value,
      shown: location.hash,
      lane: document.querySelector('#counter-timeline text.lane')?.textContent,
      compare: document.querySelector('#counter-timeline .compare')?.textContent,
    }));
    assert.equal(after.status, '完成：2 × 4321 = 预期 8642；计得 8642；丢失 0 次更新。');
    assert.equal(after.value, before.value);
    assert.equal(after.charts, 2, 'both runs are still drawn');
    assert.equal(after.iterations, '4321', 'the controls keep their values');
    assert.equal(after.shown, '#counter');
    assert.match(after.lane, /^线程 \d$/);
    assert.match(after.compare, /^这次 .+毫秒；上一次 .+毫秒/);
    // Copy link and the embed code carry the language; the frame's title is Chinese.
    await page.click('#counter button:text("复制链接")');
    assert.match(await page.inputValue('#counter .share'), /[?&]lang=zh-CN/);
    await page.click('#counter button:text("嵌入")');
    const snippet = await page.inputValue('#counter .share');
    assert.match(snippet, /src="[^"]*lang=zh-CN[^"]*&amp;embed"|src="[^"]*lang=zh-CN[^"]*&embed"/);
    assert.match(snippet, /title="并发演练场：计数器——线程与锁"/);
    // Remembered: the next visit, with no parameter, is Chinese.
    await page.goto(env.server.url);
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.selectOption('#language', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.ready === 'true');
    assert.equal(await page.textContent('#counter-run'), 'Run');
    // The files a reader chose stay chosen across a switch.
    await openDemo(page, 'grayscale');
    await page.selectOption('#grayscale-form [name=shape]', 'batch');
    await page.setInputFiles('#grayscale-files', { name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
    assert.equal(await page.textContent('#grayscale-chosen'), '1 file chosen: cat.png');
    await page.selectOption('#language', 'zh-CN');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN' && document.body.dataset.ready === 'true');
    assert.equal(await page.textContent('#grayscale-chosen'), '选择了 1 个文件：cat.png');
    assert.deepEqual(await missingKeys(page), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('in Chinese: axe-core finds no serious or critical violations, and results move nothing', async () => {
    const { page, errors } = await openPlayground(env.browser, `${env.server.url}?lang=zh-CN`);
    await page.evaluate(() => {
      window.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.shifts.push({ value: e.value, sources: e.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName) });
      }).observe({ type: 'layout-shift' });
    });
    const shifts = {};
    for (const id of NAMES) {
      await openDemo(page, id);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await page.evaluate(() => (window.shifts = []));
      await run(page, id);
      await page.waitForTimeout(300);
      shifts[id] = await page.evaluate(() => window.shifts);
    }
    for (const [id, list] of Object.entries(shifts)) {
      const total = list.reduce((sum, s) => sum + s.value, 0);
      assert.ok(total < 0.001, `${id}: layout shift ${total.toFixed(4)} from ${JSON.stringify(list)}`);
    }
    const bad = await axeViolations(page, [...NAMES, 'overview']);
    assert.deepEqual(bad, []);
    assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
    await page.close();
  });
});
