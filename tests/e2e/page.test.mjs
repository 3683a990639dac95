// The page as a teaching tool: the code shown is the code in the repository,
// an address reproduces a run, and ?embed shows one panel.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openPlayground, ROOT, serverAndBrowser } from './harness.mjs';

const PYTHON = { grayscale: 'grayscale.py', counter: 'counter.py', tasks: 'tasks.py', map: 'map.py', queue: 'queue_demo.py', fetch: 'fetch.py', blocking: 'blocking.py' };

describe('the page', () => {
  const env = serverAndBrowser({ isolation: true });

  test('each panel shows the Rust and Python files of the repository, byte for byte, with the key lines marked', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url);
    for (const [demo, python] of Object.entries(PYTHON)) {
      await page.click(`#${demo} details.code summary`);
      const shown = await page.evaluate((d) => ({
        rust: document.getElementById(`${d}-rust`).textContent,
        python: document.getElementById(`${d}-python`).textContent,
        highlighted: document.getElementById(`${d}-rust`).querySelectorAll('span').length,
        // The marked lines: the text of each key-line range inside each code view.
        marked: Object.fromEntries(['rust', 'python'].map((lang) => {
          const code = document.getElementById(`${d}-${lang}`);
          return [lang, [...CSS.highlights.get('key-line')].filter((r) => code.contains(r.startContainer)).map((r) => r.toString())];
        })),
      }), demo);
      const rustFile = await readFile(path.join(ROOT, `src/demos/${demo}.rs`), 'utf8');
      const pythonFile = await readFile(path.join(ROOT, 'python', python), 'utf8');
      assert.equal(shown.rust, rustFile, `${demo}.rs`);
      assert.equal(shown.python, pythonFile, python);
      assert.ok(shown.highlighted > 20, `${demo}: highlighted`);
      // Marked: exactly the repository lines whose comment starts with "<-".
      const keyLines = (text, comment) => text.split('\n').filter((l) => l.includes(`${comment} <- `)).map((l) => l.trim());
      assert.deepEqual(shown.marked.rust, keyLines(rustFile, '//'), `${demo}.rs marks`);
      assert.deepEqual(shown.marked.python, keyLines(pythonFile, '#'), `${python} marks`);
      assert.ok(shown.marked.rust.length >= 1 && shown.marked.python.length >= 1, `${demo}: no marked lines`);
      // One button per marked line, named by its line number in the file; each scrolls its line into view.
      const lineNumbers = (text, comment) => text.split('\n').flatMap((l, i) => (l.includes(`${comment} <- `) ? [i + 1] : []));
      const buttons = await page.$$eval(`#${demo} .jumps button`, (bs) => bs.map((b) => b.textContent));
      assert.deepEqual(buttons, [...lineNumbers(rustFile, '//').map((n) => `Rust line ${n}`), ...lineNumbers(pythonFile, '#').map((n) => `Python line ${n}`)]);
      await page.click(`#${demo} .jumps button >> nth=0`);
      const visible = await page.evaluate((d) => {
        const pre = document.getElementById(`${d}-rust`).parentElement;
        const range = [...CSS.highlights.get('key-line')].find((r) => pre.contains(r.startContainer));
        const [p, r] = [pre.getBoundingClientRect(), range.getBoundingClientRect()];
        return r.top >= p.top && r.bottom <= p.bottom;
      }, demo);
      assert.ok(visible, `${demo}: the first marked Rust line is in view after its button`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an address with parameters reproduces a run, and ?embed shows that panel alone', async () => {
    const { page, errors } = await openPlayground(env.browser, `${env.server.url}?demo=counter&variant=local&threads=3&iterations=1000&embed`);
    await page.waitForFunction(() => /^(Done|Error)/.test(document.getElementById('counter-status').textContent));
    assert.equal(await page.textContent('#counter-status'), 'Done: 3 × 1000 = 3000 expected; counted 3000; 0 update(s) lost.');
    const visible = await page.$$eval('section.demo', (sections) => sections.filter((s) => s.offsetParent !== null).map((s) => s.id));
    assert.deepEqual(visible, ['counter']);
    await page.click('#counter form button:text("Copy link")');
    const link = await page.inputValue('#counter input.share');
    assert.equal(new URL(link).search, '?demo=counter&variant=local&backend=threads&threads=3&iterations=1000');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
