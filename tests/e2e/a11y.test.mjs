// Accessibility: axe-core (npm, pinned) over the page with each lesson in
// view in turn (one is shown at a time) after every panel has run (some twice,
// for the timeline's comparison), and over the introduction, in light and dark
// colour schemes; no serious or critical violations allowed.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { openDemo, openPlayground, runPanel, serverAndBrowser } from './harness.mjs';
import { DEMOS } from '../../www/demos/index.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('accessibility', () => {
  const env = serverAndBrowser({ isolation: true });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core finds no serious or critical violations (${colorScheme})`, async () => {
      const { page, errors } = await openPlayground(env.browser, env.server.url);
      await page.emulateMedia({ colorScheme });
      // Some panels twice (the timeline's comparison appears on the second run),
      // fetch with its rows table; the step mode of the counter played a little.
      for (const id of ['counter', 'map', 'queue', 'tasks', 'fetch', 'counter']) {
        await runPanel(page, id);
      }
      await page.click('#counter-step-a');
      await page.click('#counter-step-b');
      // axe is injected by the test, not served by the page (its CSP allows only the site's own scripts).
      await page.addScriptTag({ path: AXE }).catch(async () => {
        await page.evaluate(await (await import('node:fs/promises')).readFile(AXE, 'utf8'));
      });
      const bad = [];
      for (const id of [...DEMOS.map((d) => d.name), 'overview']) {
        if (id === 'overview') await page.evaluate(() => (location.hash = 'overview'));
        else await openDemo(page, id);
        await page.waitForSelector(`#${id}:not([hidden])`);
        const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
        bad.push(...result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${id}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`));
      }
      assert.deepEqual(bad, []);
      assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
      await page.close();
    });
  }
});
