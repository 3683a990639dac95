// Accessibility: axe-core (npm, pinned) over the page with each lesson in
// view in turn (one is shown at a time) after every panel has run (some twice,
// for the timeline's comparison), and over the introduction, in light and dark
// colour schemes; no serious or critical violations allowed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, openPlayground, runPanel, serverAndBrowser } from './harness.mjs';
import { DEMOS } from '../../www/demos/index.js';


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
      const bad = await axeViolations(page, [...DEMOS.map((d) => d.name), 'overview']);
      assert.deepEqual(bad, []);
      assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
      await page.close();
    });
  }
});
