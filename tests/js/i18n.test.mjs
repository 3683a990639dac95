// The message catalogs, checked from the files (no browser): both languages
// have the same keys and the same placeholders; every key is used and every
// key the code asks for exists; every error code (Rust's and ours) has its
// words; the Chinese follows the glossary; every "Python today" fact links
// to its source.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { DEMOS } from '../../www/demos/index.js';
import { LANGUAGES } from '../../www/i18n.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (file) => readFileSync(path.join(ROOT, file), 'utf8');
const catalog = (lang) => JSON.parse(read(`www/i18n/${lang}.json`));
const en = catalog('en');
const zh = catalog('zh-CN');

/** Every file under `dir` (relative to the root) whose name ends with `ext`, skipping build outputs. */
function files(dir, ext, skip = []) {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith(ext))
    .map((f) => path.relative(ROOT, path.join(f.parentPath ?? f.path, f.name)))
    .filter((f) => !skip.some((s) => f.startsWith(s)));
}

const SKIP = ['www/vendor', 'www/pkg', 'www/pkg-threads', 'www/e2e', 'www/bench'];
const js = files('www', '.js', SKIP).map(read).join('\n');
const html = read('index.html');
const rust = files('src', '.rs').map(read).join('\n');
const namespaces = new Set(Object.keys(en).map((k) => k.split('.')[0]));

/** The placeholders of an entry (every plural form's). */
const placeholders = (entry) => new Set([...(typeof entry === 'string' ? [entry] : Object.values(entry)).join(' ').matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
/** Every string literal in the code that names a key: 'ns.rest' where ns is a catalog namespace. */
const literals = new Set([...js.matchAll(/['"`]([a-z][\w-]*(?:\.[\w-]+)+)['"`]/g)].map((m) => m[1])
  .filter((k) => namespaces.has(k.split('.')[0]) && !/\.(py|m?js|rs|json|html|css|png|jpe?g|wasm|svg)$/.test(k)));
const attributes = new Set([...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]));
/** The codes errors are thrown with: the Rust `code()` arms, ours by ParamError / stopped / a result's error_code. */
const codes = new Set([
  // Every `fn code(&self)` in the crate: its match arms name the codes.
  ...[...rust.matchAll(/fn code\(&self\) -> &'static str \{([\s\S]*?)\n    \}/g)].flatMap((m) => [...m[1].matchAll(/=> "([a-z_]+)"/g)].map((c) => c[1])),
  ...[...js.matchAll(/(?:new ParamError|stopped|failure)\(\s*'([a-z_]+)'/g)].map((m) => m[1]),
  ...[...js.matchAll(/error_code: '([a-z_]+)'/g)].map((m) => m[1]),
  ...[...js.matchAll(/new ParamError\([^;]*?\? '([a-z_]+)' : '([a-z_]+)'/g)].flatMap((m) => [m[1], m[2]]),
  ...[...js.matchAll(/err\.code : '([a-z_]+)'/g)].map((m) => m[1]),
  // within(promise, ms, 'code', args): a wait that ends in that error.
  ...[...js.matchAll(/within\([^'\n]*'([a-z_]+)'/g)].map((m) => m[1]),
]);
/** Keys built from a code at run time, and where each code is written. */
const DYNAMIC = {
  error: (code) => codes.has(code),
  reason: (code) => new RegExp(`\\['${code}',`).test(read('www/playground.js')),
  sw: (code) => new RegExp(`why: '${code}'`).test(read('www/playground.js')),
  language: (code) => LANGUAGES.includes(code),
};

describe('message catalogs', () => {
  test('both languages have the same keys, each with the same placeholders', () => {
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      assert.deepEqual([...placeholders(zh[key])].sort(), [...placeholders(en[key])].sort(), `${key}: placeholders`);
      assert.equal(typeof zh[key], typeof en[key], `${key}: both plain or both plural`);
      if (typeof en[key] === 'object') {
        assert.ok(en[key].one && en[key].other, `${key}: English has a singular and a plural`);
        assert.ok(zh[key].other, `${key}: Chinese has its one form`);
      }
      for (const entry of [en[key], zh[key]]) {
        for (const text of typeof entry === 'string' ? [entry] : Object.values(entry)) assert.ok(text.trim() || key === 'list.separator', `${key}: empty`);
      }
    }
  });

  test('every key is used, and every key the code names exists', () => {
    const unused = Object.keys(en).filter((key) => {
      const [ns, ...rest] = key.split('.');
      if (literals.has(key) || attributes.has(key)) return false;
      return !(DYNAMIC[ns]?.(rest.join('.')) ?? false);
    });
    assert.deepEqual(unused, [], 'keys no code uses');
    const missing = [...literals, ...attributes].filter((key) => !(key in en));
    assert.deepEqual(missing, [], 'keys the code names that no catalog has');
    const unworded = [...codes].filter((code) => !(`error.${code}` in en));
    assert.deepEqual(unworded, [], 'error codes without words');
  });

  test('the Chinese follows the glossary: a term in English is the same term in Chinese', () => {
    const glossary = JSON.parse(read('www/i18n/glossary.json')).terms;
    const flat = (entry) => (typeof entry === 'string' ? entry : Object.values(entry).join(' '));
    // Code, placeholders and link targets are not words.
    const words = (text) => text.replace(/`[^`]*`/g, ' ').replace(/\{\w+\}/g, ' ').replace(/\]\([^)]*\)/g, ']');
    const astray = [];
    for (const key of Object.keys(en)) {
      for (const term of glossary) {
        if (new RegExp(`\\b${term.en}\\b`, 'i').test(words(flat(en[key]))) && !term.zh.some((z) => flat(zh[key]).includes(z))) astray.push(`${key}: ${term.en} → ${term.zh[0]}`);
      }
    }
    assert.deepEqual(astray, []);
    assert.ok(glossary.length >= 13, 'the tutorial\'s terms are all there');
  });

  test('every "Python today" fact links to docs.python.org or peps.python.org, in both languages', () => {
    const facts = [
      ...DEMOS.flatMap((d) => d.view.facts ?? []).map((f) => [f.text, f.url]),
      ...Object.keys(en).filter((k) => k.startsWith('overview.today.') && k !== 'overview.today.note').map((k) => [k, null]),
    ];
    assert.ok(facts.length >= 10, `${facts.length} facts`);
    for (const [key, url] of facts) {
      for (const words of [en, zh]) {
        const link = url ?? /\]\((https:[^)]+)\)/.exec(words[key])?.[1];
        assert.match(link ?? '', /^https:\/\/(docs|peps)\.python\.org\//, `${key}: its source`);
        assert.ok(key in words, `${key}: words`);
      }
    }
  });
});
