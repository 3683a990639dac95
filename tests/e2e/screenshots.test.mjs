// Screenshots of the page: light, dark, a phone, a lesson embedded in a
// course page, the counter's step mode, and the page in Chinese (wide and
// on a phone), each after a run. Every test run
// writes them under target/screenshots/ (an ignored folder);
// `./build.sh screenshots` copies them to docs/screenshots/ for the README,
// deliberately.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { ROOT, openDemo, openPlayground, runPanel, serverAndBrowser } from './harness.mjs';

const OUT = process.env.SCREENSHOTS_DIR ?? path.join(ROOT, 'target/screenshots');
const COURSE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Week 3: threads</title>
<link rel="icon" href="data:,"><style>body{font:16px/1.5 Georgia,serif;max-width:64rem;margin:1rem auto;padding:0 1rem;background:#fbfaf7;color:#222}
iframe{border:1px solid #ccc;border-radius:8px;width:100%}</style></head>
<body><h1>Week 3: threads and a lock</h1><p>Run the counter with and without the lock, then read the code beside it.</p>
<iframe src="../?demo=counter&amp;variant=racy&amp;threads=2&amp;iterations=1000000&amp;embed" height="640" allow="cross-origin-isolated" title="Concurrency Playground: counter"></iframe>
</body></html>`;

describe('screenshots', () => {
  const env = serverAndBrowser({ isolation: true });
  before(() => mkdir(OUT, { recursive: true }));

  for (const [name, colorScheme, width, height] of [['light', 'light', 1440, 900], ['dark', 'dark', 1440, 900], ['phone', 'light', 390, 844]]) {
    test(`${name} (${width} px wide)`, async () => {
      const { page, errors } = await openPlayground(env.browser, env.server.url, { viewport: { width, height }, colorScheme });
      await openDemo(page, 'fetch');
      await runPanel(page, 'fetch');
      await page.selectOption('#fetch-form [name=mode]', 'limited');
      await runPanel(page, 'fetch');
      if (name === 'phone') await page.locator('#fetch-run-pane').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width + 1, `no sideways scrolling: ${wide} px content on a ${width} px screen`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  // The page in Chinese: the counter after two runs, on a wide screen and on a phone.
  for (const [name, width, height] of [['zh', 1440, 900], ['zh-phone', 390, 844]]) {
    test(`in Chinese: ${name} (${width} px wide)`, async () => {
      const { page, errors } = await openPlayground(env.browser, `${env.server.url}?lang=zh-CN`, { viewport: { width, height } });
      await openDemo(page, 'counter');
      await page.selectOption('#counter-form [name=variant]', 'racy');
      await page.fill('#counter-form [name=iterations]', '1000000');
      for (const variant of ['racy', 'mutex']) {
        await page.selectOption('#counter-form [name=variant]', variant);
        await page.click('#counter-run');
        await page.waitForFunction(() => /^完成/.test(document.getElementById('counter-status').textContent) && !document.getElementById('counter-run').disabled);
      }
      if (name === 'zh-phone') await page.locator('#counter-run-pane').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width + 1, `no sideways scrolling: ${wide} px content on a ${width} px screen`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('a lesson embedded in a course page', async () => {
    await mkdir(path.join(ROOT, 'www/e2e'), { recursive: true });
    await writeFile(path.join(ROOT, 'www/e2e/course.html'), COURSE);
    const page = await env.browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(`${env.server.url}e2e/course.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('#counter-status').filter({ hasText: /^Done/ }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(OUT, 'embed.png') });
    await page.close();
  });

  test('be the scheduler (the counter\'s step mode)', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url, { viewport: { width: 1440, height: 900 } });
    await runPanel(page, 'counter');
    for (const t of ['a', 'b', 'a', 'a', 'b']) await page.click(`#counter-step-${t}`);
    await page.locator('#counter-steps').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(OUT, 'steps.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
