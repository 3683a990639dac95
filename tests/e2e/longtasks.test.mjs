// The main thread stays free: no task longer than 50 ms (Long Tasks API)
// while any demo except `blocking` runs from its panel at its defaults.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openDemo, openPlayground, pageOptions, runPanel, serverAndBrowser } from './harness.mjs';

for (const isolation of [true, false]) {
  describe(`long tasks, ${isolation ? 'isolated' : 'no isolation'}`, () => {
    const env = serverAndBrowser({ isolation });

    test('no main-thread task over 50 ms during any demo but blocking', async () => {
      const { page, errors } = await openPlayground(env.browser, env.server.url, pageOptions({ isolation }));
      const found = {};
      for (const id of ['fetch', 'counter', 'tasks', 'map', 'queue', 'grayscale']) {
        // A warm-up run first: the first use of a worker pool compiles and starts it.
        for (const round of ['warm-up', 'measured']) {
          await page.evaluate(() => {
            window.longTasks = [];
            window.longTaskObserver?.disconnect();
            window.longTaskObserver = new PerformanceObserver((list) => {
              for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration));
            });
            window.longTaskObserver.observe({ type: 'longtask' });
          });
          await openDemo(page, id);
          if (id === 'grayscale') await page.selectOption('#grayscale-form [name=shape]', 'split');
          assert.match(await runPanel(page, id), /^Done/, id);
          await page.waitForTimeout(100);
          if (round === 'measured') found[id] = await page.evaluate(() => window.longTasks);
        }
      }
      // The observer does see a long task when there is one: the blocking lesson.
      const control = await page.evaluate(async () => {
        window.longTasks = [];
        await window.playground.run('blocking', { where: 'main', ms: 200 });
        await new Promise((resolve) => setTimeout(resolve, 100));
        return window.longTasks;
      });
      assert.ok(control.some((d) => d >= 190), `blocking on main was not seen: ${control}`);
      const over = Object.entries(found).filter(([, tasks]) => tasks.some((d) => d > 50));
      assert.deepEqual(over, [], JSON.stringify(found));
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}
