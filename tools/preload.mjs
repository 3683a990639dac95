// Build step: every module the page imports at start (app.js's static
// import graph), as <link rel="modulepreload"> lines in www/index.html at
// the <!-- modulepreload --> marker. The browser then fetches them all at
// once instead of one level of imports after another; `ready` waits for
// the whole graph. Lazily imported modules (dynamic import()) stay out.
//
//   node tools/preload.mjs www
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'www');
const seen = new Set();
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function walk(file) {
  if (seen.has(file)) return;
  seen.add(file);
  for (const m of readFileSync(path.join(root, file), 'utf8').matchAll(IMPORT)) {
    walk(path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1] ?? m[2])));
  }
}
walk('app.js');
seen.delete('app.js');

const file = path.join(root, 'index.html');
const html = readFileSync(file, 'utf8');
const marker = '<!-- modulepreload -->';
if (!html.includes(marker)) throw new Error(`${file} has no ${marker} marker`);
const links = [...seen].sort().map((f) => `<link rel="modulepreload" href="${f}">`).join('\n  ');
writeFileSync(file, html.replace(marker, links));
console.log(`index.html: ${seen.size} modules preloaded`);
