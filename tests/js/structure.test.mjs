// The project's shape, checked from the files themselves (no browser): each
// demo lives in the few places its name says, the shown Rust is the lesson
// and only the lesson, the registries on both sides agree, src/lib.rs only
// lists modules, and no www/ module imports itself round a cycle.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { DEMOS, GROUPS } from '../../www/demos/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
const TEST_CODE = /#\[cfg\(test\)\]|#\[test\]|#\[cfg\(all\(test|mod tests|wasm_bindgen_test/;

describe('structure', () => {
  test('every shown Rust lesson is at most 150 lines and holds no test code', () => {
    for (const { name } of DEMOS) {
      const lesson = read(`src/demos/${name}/lesson.rs`);
      const lines = lesson.split('\n').length - (lesson.endsWith('\n') ? 1 : 0);
      assert.ok(lines <= 150, `${name}: lesson.rs has ${lines} lines`);
      assert.doesNotMatch(lesson, TEST_CODE, `${name}: lesson.rs contains test code`);
      assert.match(lesson, /^\/\/! /, `${name}: lesson.rs starts with its module docs`);
    }
  });

  test('the Rust list, the JS registry, the web shells and the Python programs name the same demos', () => {
    const names = DEMOS.map((d) => d.name);
    assert.equal(new Set(names).size, names.length, 'names are unique');
    const rust = read('src/demos/mod.rs');
    const entries = [...rust.matchAll(/^\s*demo!\(([a-z_]+), "([a-z_]+\.py)"\),$/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(entries.map(([name]) => name), names, 'src/demos/mod.rs lists the registry, in order');
    // The macro shows `<name>/lesson.rs` and python/<file>: the same files the page shows.
    assert.match(rust, /rust: include_str!\(concat!\(stringify!\(\$name\), "\/lesson\.rs"\)\)/);
    for (const d of DEMOS) {
      assert.deepEqual(entries.find(([name]) => name === d.name), [d.name, d.python], `${d.name}: the shown Python is ${d.python}`);
      assert.ok(existsSync(path.join(ROOT, `src/web/${d.name}.rs`)), `${d.name}: src/web/${d.name}.rs`);
      assert.ok(existsSync(path.join(ROOT, `www/demos/${d.name}.js`)), `${d.name}: www/demos/${d.name}.js`);
      assert.ok(GROUPS.includes(d.group), `${d.name}: group ${d.group}`);
      // The Python program is named after the demo (queue_demo.py: queue.py would shadow the standard library's queue).
      assert.ok(d.python === `${d.name}.py` || d.python === `${d.name}_demo.py`, `${d.name}: ${d.python}`);
    }
    const programs = readdirSync(path.join(ROOT, 'python')).filter((f) => f.endsWith('.py')).sort();
    assert.deepEqual(programs, DEMOS.map((d) => d.python).sort(), 'python/ holds one program per demo, no more');
    const shells = readdirSync(path.join(ROOT, 'src/web')).filter((f) => !['mod.rs', 'runtime.rs', 'waitpool.rs'].includes(f)).sort();
    assert.deepEqual(shells, names.map((n) => `${n}.rs`).sort(), 'src/web/ holds one shell per demo, the runtime and the wait pool');
  });

  test('src/lib.rs only lists modules, in at most 80 lines', () => {
    const lib = read('src/lib.rs');
    assert.ok(lib.split('\n').length <= 80, `${lib.split('\n').length} lines`);
    const code = lib.split('\n').filter((l) => l.trim() && !l.trim().startsWith('//'));
    for (const line of code) assert.match(line, /^(pub )?mod [a-z_]+;$|^#\[cfg\(|^compile_error!/, `not a module line: ${line}`);
  });

  test('no import cycle among the www/ modules', () => {
    const graph = new Map();
    const walk = (dir) => {
      for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['vendor', 'pkg', 'pkg-threads', 'e2e', 'bench'].includes(entry.name)) walk(rel);
        } else if (/\.m?js$/.test(entry.name)) {
          // Static imports only: a dynamic import() is loaded later and cannot deadlock evaluation.
          const deps = [...read(rel).matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => path.join(path.dirname(rel), m[1]));
          graph.set(rel, deps.filter((dep) => !dep.includes('/vendor/') && !dep.includes('/pkg')));
        }
      }
    };
    walk('www');
    assert.ok(graph.size >= 15, `${graph.size} modules read`);
    const state = new Map();
    const visit = (node, trail) => {
      if (state.get(node) === 'done') return;
      assert.notEqual(state.get(node), 'open', `import cycle: ${[...trail, node].join(' → ')}`);
      state.set(node, 'open');
      for (const dep of graph.get(node) ?? []) visit(dep, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
  });
});
