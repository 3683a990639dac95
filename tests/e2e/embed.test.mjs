// ?demo=…&embed inside an <iframe> of a course page, as the Embed button's
// snippet writes it: in an isolated parent the panel gets threads; in a
// parent without isolation it still works on processes and says what the
// course site would need, after at most one automatic reload.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, serverAndBrowser } from './harness.mjs';

const PARENT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title><link rel="icon" href="data:,"></head>
<body><h1>Week 3: threads</h1>
<iframe id="demo" src="../?demo=counter&variant=local&threads=2&iterations=5000&embed" width="900" height="700" allow="cross-origin-isolated" title="Concurrency Playground: counter"></iframe>
</body></html>`;

for (const isolation of [true, false]) {
  describe(`embedded in a ${isolation ? 'cross-origin isolated' : 'non-isolated'} parent page`, () => {
    const env = serverAndBrowser({ isolation });

    test('the panel runs, alone, and says which mode it is in', async () => {
      await mkdir(path.join(ROOT, 'www/e2e'), { recursive: true });
      await writeFile(path.join(ROOT, 'www/e2e/parent.html'), PARENT);
      const page = await env.browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      let loads = 0;
      page.on('framenavigated', (f) => f !== page.mainFrame() && loads++);
      await page.goto(`${env.server.url}e2e/parent.html`);
      const frame = page.frameLocator('#demo');
      await frame.locator('#counter-status').filter({ hasText: /^(Done|Error)/ }).waitFor({ timeout: 60_000 });
      assert.equal(await frame.locator('#counter-status').textContent(), 'Done: 2 × 5000 = 10000 expected; counted 10000; 0 update(s) lost.');
      const inner = page.frames().find((f) => f.url().includes('embed'));
      const shown = await inner.evaluate(() => ({
        isolated: window.crossOriginIsolated,
        visible: [...document.querySelectorAll('section.demo')].filter((s) => s.offsetParent !== null).map((s) => s.id),
        mode: document.getElementById('mode').textContent,
      }));
      assert.equal(shown.isolated, isolation);
      assert.deepEqual(shown.visible, ['counter']);
      if (isolation) assert.match(shown.mode, /^Threads: shared memory/);
      else assert.match(shown.mode, /No shared memory here.*(Cross-Origin-Opener-Policy|cross-origin isolated)/);
      // Non-isolated: the service worker adds COOP/COEP, the frame reloads
      // once, is still not isolated (its parent is not), and stops there.
      await page.waitForTimeout(1000);
      assert.equal(loads, isolation ? 1 : 2, `the frame loaded ${loads} time(s)`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}
