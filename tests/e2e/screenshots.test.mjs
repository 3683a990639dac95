// Screenshots for the README, written by every test run: light, dark and a
// phone-width page, each after its panels have run.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, openPlayground, serverAndBrowser } from './harness.mjs';

const OUT = path.join(ROOT, 'docs/screenshots');

describe('screenshots', () => {
  const env = serverAndBrowser({ isolation: true });

  for (const [name, colorScheme, width] of [['light', 'light', 1280], ['dark', 'dark', 1280], ['phone', 'light', 390]]) {
    test(`${name} (${width} px wide)`, async () => {
      const { page, errors } = await openPlayground(env.browser, env.server.url);
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      for (const id of ['fetch', 'counter']) {
        await page.click(`#${id}-run`);
        await page.waitForFunction((i) => /^Done/.test(document.getElementById(`${i}-status`).textContent), id);
      }
      await page.locator('#counter').scrollIntoViewIfNeeded();
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file });
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width + 1, `no sideways scrolling: ${wide} px content on a ${width} px screen`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
