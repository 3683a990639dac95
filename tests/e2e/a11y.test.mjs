// Accessibility: axe-core (npm, pinned) over the whole page after every
// panel has run (some twice), every code view open, in light and dark colour schemes; no serious or
// critical violations allowed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { openPlayground, runPanel, serverAndBrowser } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('accessibility', () => {
  const env = serverAndBrowser({ isolation: true });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core finds no serious or critical violations (${colorScheme})`, async () => {
      const { page, errors } = await openPlayground(env.browser, env.server.url);
      await page.emulateMedia({ colorScheme });
      // Every panel twice (the timeline's comparison appears on the second run),
      // fetch with its rows table, and every code view open with its marked-line buttons.
      for (const id of ['counter', 'map', 'queue', 'tasks', 'fetch', 'counter']) {
        await runPanel(page, id);
      }
      for (const summary of await page.$$('details.code summary')) await summary.click();
      await page.waitForFunction(() => document.querySelectorAll('.jumps').length === document.querySelectorAll('details.code').length);
      // axe is injected by the test, not served by the page (its CSP allows only the site's own scripts).
      await page.addScriptTag({ path: AXE }).catch(async () => {
        await page.evaluate(await (await import('node:fs/promises')).readFile(AXE, 'utf8'));
      });
      const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
      assert.deepEqual(bad, []);
      assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
      await page.close();
    });
  }
});
