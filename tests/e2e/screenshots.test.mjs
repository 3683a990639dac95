// Screenshots of the page: light, dark and a phone-width page, each after its
// panels have run. Every test run writes them under target/screenshots/ (an
// ignored folder); `./build.sh screenshots` copies them to docs/screenshots/
// for the README, deliberately.
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import { ROOT, openPlayground, serverAndBrowser } from './harness.mjs';

const OUT = process.env.SCREENSHOTS_DIR ?? path.join(ROOT, 'target/screenshots');

describe('screenshots', () => {
  const env = serverAndBrowser({ isolation: true });
  before(() => mkdir(OUT, { recursive: true }));

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
