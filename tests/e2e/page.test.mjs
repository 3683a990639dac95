// The page as a teaching tool: the code shown is the code in the repository
// (the Rust lesson, our Python program, the JavaScript descriptor), the page
// lists exactly the registry's demos, an address reproduces a run, and
// ?embed shows one panel.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { openDemo, openPlayground, ROOT, serverAndBrowser } from './harness.mjs';

import { DEMOS } from '../../www/demos/index.js';

const LANGS = [['rust', '//', 'Rust'], ['python', '#', 'Python'], ['javascript', '//', 'JavaScript']];

describe('the page', () => {
  const env = serverAndBrowser({ isolation: true });

  test('each panel shows its Rust lesson, Python program and JavaScript descriptor, byte for byte, with the key lines marked', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url);
    for (const demo of DEMOS) {
      const d = demo.name;
      await openDemo(page, d);
      const shown = await page.evaluate(([d, langs]) => ({
        text: Object.fromEntries(langs.map((l) => [l, document.getElementById(`${d}-${l}`).textContent])),
        highlighted: document.getElementById(`${d}-rust`).querySelectorAll('span').length,
        // The marked lines: the text of each key-line range inside each code view.
        marked: Object.fromEntries(langs.map((lang) => {
          const code = document.getElementById(`${d}-${lang}`);
          return [lang, [...CSS.highlights.get('key-line')].filter((r) => code.contains(r.startContainer)).map((r) => r.toString())];
        })),
        files: window.playground.source(d).files,
      }), [d, LANGS.map(([l]) => l)]);
      const files = {
        rust: await readFile(path.join(ROOT, `src/demos/${d}/lesson.rs`), 'utf8'),
        python: await readFile(path.join(ROOT, 'python', demo.python), 'utf8'),
        javascript: await readFile(path.join(ROOT, `www/demos/${d}.js`), 'utf8'),
      };
      assert.deepEqual(shown.files, { rust: `src/demos/${d}/lesson.rs`, python: `python/${demo.python}`, javascript: `www/demos/${d}.js` });
      const keyLines = (text, comment) => text.split('\n').filter((l) => l.includes(`${comment} <- `)).map((l) => l.trim());
      const lineNumbers = (text, comment) => text.split('\n').flatMap((l, i) => (l.includes(`${comment} <- `) ? [i + 1] : []));
      for (const [lang, comment] of LANGS) {
        assert.equal(shown.text[lang], files[lang], `${d}: ${lang} shown byte for byte`);
        // Marked: exactly the repository lines whose comment starts with "<-".
        assert.deepEqual(shown.marked[lang], keyLines(files[lang], comment), `${d}: ${lang} marks`);
      }
      assert.ok(shown.highlighted > 20, `${d}: highlighted`);
      assert.ok(shown.marked.rust.length >= 1 && shown.marked.python.length >= 1, `${d}: no marked lines`);
      // One button per marked line, named by its line number in the file; each scrolls its line into view.
      const buttons = await page.$$eval(`#${d} .jumps button`, (bs) => bs.map((b) => b.textContent));
      assert.deepEqual(buttons, LANGS.flatMap(([lang, comment, name]) => lineNumbers(files[lang], comment).map((n) => `${name} line ${n}`)));
      // The last marked Rust line, far down the file: its button scrolls the code view to it.
      const last = lineNumbers(files.rust, '//').length - 1;
      await page.click(`#${d}-tab-rust`);
      await page.click(`#${d} .jumps button[data-lang=rust] >> nth=${last}`);
      const visible = await page.evaluate((d) => {
        const scroll = document.getElementById(`${d}-rust`).closest('.code-scroll');
        const range = [...CSS.highlights.get('key-line')].filter((r) => scroll.contains(r.startContainer)).at(-1);
        const [p, r] = [scroll.getBoundingClientRect(), range.getBoundingClientRect()];
        return r.top >= p.top && r.bottom <= p.bottom;
      }, d);
      assert.ok(visible, `${d}: the last marked Rust line is in view after its button`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the lesson list, playground.demos and source() name exactly the registry\'s demos', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url);
    const names = DEMOS.map((d) => d.name);
    const seen = await page.evaluate(() => ({
      demos: window.playground.demos,
      toc: [...document.querySelectorAll('#toc a')].map((a) => a.getAttribute('href').slice(1)).filter((id) => id !== 'overview'),
      panels: [...document.querySelectorAll('section.demo')].map((s) => s.id),
      sources: window.playground.demos.map((d) => Object.keys(window.playground.source(d)).sort().join(',')),
      unknown: (() => {
        try {
          window.playground.source('nope');
          return 'no error';
        } catch (err) {
          return err.message;
        }
      })(),
    }));
    assert.deepEqual(seen.demos, names);
    assert.deepEqual([...seen.toc].sort(), [...names].sort());
    assert.deepEqual(seen.panels, names);
    assert.deepEqual(seen.sources, names.map(() => 'files,python,rust'));
    assert.match(seen.unknown, /no demo named `nope`/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('every fact about today\'s Python has its source on docs.python.org or peps.python.org', async () => {
    const { page, errors } = await openPlayground(env.browser, env.server.url);
    const facts = await page.$$eval('.facts li, .python-today li', (items) => items.map((li) => ({
      text: li.textContent,
      links: [...li.querySelectorAll('a')].map((a) => a.href),
      tutorial: li.classList.contains('tutorial'),
      lesson: li.closest('section')?.id,
    })));
    for (const f of facts) {
      assert.ok(f.links.length >= 1 && f.links.every((h) => /^https:\/\/(docs|peps)\.python\.org\//.test(h)), `${f.lesson}: ${f.text.slice(0, 60)} → ${f.links}`);
    }
    // The facts the page must state, each where it discusses the subject.
    const where = (pattern) => facts.filter((f) => pattern.test(f.text)).map((f) => f.lesson);
    assert.ok(where(/PEP 779/).includes('overview') && where(/free-threaded/).includes('counter'));
    assert.ok(where(/TaskGroup/).includes('fetch') && where(/Semaphore/).includes('fetch'));
    assert.ok(where(/forkserver/).includes('queue') && where(/empty\(\)/).includes('queue') && where(/feeder thread/).includes('queue'));
    assert.ok(where(/PEP 734/).length >= 1);
    // Where the tutorial and a measurement disagree, beside the lesson.
    assert.deepEqual(facts.filter((f) => f.tutorial).map((f) => f.lesson).sort(), ['counter', 'map', 'queue']);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an address with parameters reproduces a run, and ?embed shows that panel alone', async () => {
    const { page, errors } = await openPlayground(env.browser, `${env.server.url}?demo=counter&variant=local&threads=3&iterations=1000&embed`);
    await page.waitForFunction(() => /^(Done|Error)/.test(document.getElementById('counter-status').textContent));
    assert.equal(await page.textContent('#counter-status'), 'Done: 3 × 1000 = 3000 expected; counted 3000; 0 updates lost.');
    const visible = await page.$$eval('section.demo', (sections) => sections.filter((s) => s.offsetParent !== null).map((s) => s.id));
    assert.deepEqual(visible, ['counter']);
    await page.click('#counter form button:text("Copy link")');
    const link = await page.inputValue('#counter input.share');
    assert.equal(new URL(link).search, '?demo=counter&variant=local&backend=threads&threads=3&iterations=1000&work=0&lang=en');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
