// Shared pieces of the end-to-end suite: a server of the built site (www/) on a
// free loopback port, Debian's Chromium driven by playwright-core, and a page
// that records every console error and page error so each test can assert
// there were none.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Stock http.server on a free loopback port, printing its URL first.
const PLAIN_SERVER = `
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
handler = functools.partial(Quiet, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
server.serve_forever()
`;
// A static host that reads the build's _headers file (Netlify / Cloudflare
// Pages style): the headers of the "/*" rule on every response.
const HEADERS_SERVER = `
import functools, http.server, os, sys
root = sys.argv[1]
rules, block = [], None
for line in open(os.path.join(root, "_headers"), encoding="utf-8"):
    if not line.strip() or line.lstrip().startswith("#"):
        continue
    if not line[0].isspace():
        block = line.strip()
    elif block == "/*":
        name, value = line.strip().split(":", 1)
        rules.append((name.strip(), value.strip()))
class Host(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}
    def end_headers(self):
        for name, value in rules:
            self.send_header(name, value)
        super().end_headers()
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=root))
print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
server.serve_forever()
`;
// A course site on another host: /?src=URL&isolated=1 is a page framing URL,
// with COOP and COEP when isolated=1. Reached as http://localhost:PORT, it is
// another site than the playground on 127.0.0.1.
const COURSE_SERVER = `
import html, http.server, sys, urllib.parse
class Course(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        src, isolated = q.get("src", [""])[0], q.get("isolated", ["0"])[0] == "1"
        sandbox = q.get("sandbox", [None])[0]
        attr = f' sandbox="{html.escape(sandbox)}"' if sandbox is not None else ""
        body = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A course page</title>'
                f'<link rel="icon" href="data:,"></head><body><h1>Week 3</h1>'
                f'<iframe id="demo" src="{html.escape(src)}" width="1000" height="500"{attr} allow="cross-origin-isolated" title="Concurrency Playground"></iframe>'
                f'<script src="{html.escape(q.get("embed", [""])[0])}"></script></body></html>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if isolated:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Course)
print(f"http://localhost:{server.server_address[1]}/", flush=True)
server.serve_forever()
`;
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** What every Chromium we start is given (bench/bare.mjs starts one of its own). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Serves www/ as `./build.sh serve` does; `isolation: false` = --no-isolation;
 * `plain: true` = Python's stock http.server instead: no special headers and
 * no endpoints of ours, as a static host would serve the folder;
 * `headersFile: true` = a static host that applies the build's `_headers`;
 * `course: true` = a course site on another host (see COURSE_SERVER).
 */
export async function startServer({ isolation = true, plain = false, headersFile = false, course = false } = {}) {
  const args = course
    ? ['-c', COURSE_SERVER]
    : headersFile
      ? ['-c', HEADERS_SERVER, path.join(ROOT, 'www')]
      : plain
        ? ['-c', PLAIN_SERVER, path.join(ROOT, 'www')]
        : ['tools/serve.py', '--root', 'www', '--port', '0', ...(isolation ? [] : ['--no-isolation'])];
  const child = spawn(plain ? 'python3' : 'python3', args, {
    cwd: ROOT,
    env: { ...process.env, SERVE_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [url] = await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`server exited with ${code}`);
    }),
  ]);
  return { url, close: () => child.kill(), exited: once(child, 'exit') };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * The page options for a server started with `options`: a run "without
 * isolation" must also block service workers, since ours would otherwise
 * isolate the page after one reload.
 */
export function pageOptions({ isolation = true, serviceWorkers } = {}) {
  return { serviceWorkers: serviceWorkers ?? (isolation ? 'allow' : 'block') };
}

/**
 * Opens `url` in a new page (`options` as Playwright's newPage takes them),
 * waits for playground.ready, and returns the page and its errors.
 */
export async function openPlayground(browser, url, options = {}) {
  const page = await browser.newPage(options);
  const errors = [];
  page.on('console', (msg) => {
    // Chromium itself logs every failed network request as a console error;
    // tests that request failing URLs on purpose read `errors.network`.
    if (msg.type() !== 'error') return;
    if (/^Failed to load resource|has been blocked by CORS policy/.test(msg.text())) errors.network.push(msg.text());
    else errors.push(`console.error: ${msg.text()}`);
  });
  Object.defineProperty(errors, 'network', { value: [], enumerable: false });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(url);
  const info = await readyInfo(page, errors);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, errors, info };
}

/**
 * playground.ready of the page that stays. On a static host the first load
 * reloads itself once for isolation, and its `ready` never settles: an
 * evaluation cut off by that reload is asked again of the new document.
 */
async function readyInfo(page, errors) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await page.waitForFunction(() => window.playground, null, { timeout: Math.max(1, deadline - Date.now()) });
      return await page.evaluate(() => window.playground.ready);
    } catch (err) {
      if (/context was destroyed|navigation/i.test(err.message) && Date.now() < deadline) continue;
      if (err.name === 'TimeoutError') throw new Error(`window.playground never appeared; page errors: ${errors.join('; ') || 'none'}`);
      throw err;
    }
  }
}

/** Independent luma reference: floating point, OpenCV's weights, round half up. */
export function referenceGray(rgba) {
  const gray = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < gray.length; i++) {
    const [r, g, b] = [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]];
    gray[i] = Math.floor((9798 * r + 19235 * g + 3735 * b) / 32768 + 0.5);
  }
  return gray;
}

/** Deterministic test pixels from a small LCG, not from the crate. */
export function randomRgba(pixels, seed) {
  const out = new Uint8Array(pixels * 4);
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/**
 * For a describe block: a server (options as startServer's) and a browser,
 * started before its tests and stopped after them. Returns an object whose
 * `server` and `browser` are set once the tests run.
 */
export function serverAndBrowser(options = {}) {
  const env = {};
  before(async () => {
    env.server = await startServer(options);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}

/**
 * For a describe block: serverAndBrowser plus one playground page opened
 * before its tests; `page`, `errors` and `info` are set once the tests run.
 */
export function playgroundPage(options = {}) {
  const env = serverAndBrowser(options);
  before(async () => {
    Object.assign(env, await openPlayground(env.browser, env.server.url, pageOptions(options)));
  });
  return env;
}

/**
 * Shows lesson `id` (one lesson is in view at a time), as its link in the
 * lesson list would.
 */
export async function openDemo(page, id) {
  await page.evaluate((i) => {
    if (location.hash !== `#${i}`) location.hash = i;
  }, id);
  await page.waitForSelector(`#${id}-run-pane`, { state: 'visible' });
}

/**
 * Shows panel `id`, clicks its Run button and resolves with its status line
 * once the run is over ("Done: …" or "Error: …").
 */
export async function runPanel(page, id, timeout = 60_000) {
  await openDemo(page, id);
  await page.click(`#${id}-run`);
  await page.waitForFunction((i) => /^(Done|Error)/.test(document.getElementById(`${i}-status`).textContent), id, { timeout });
  return page.textContent(`#${id}-status`);
}

/** Milliseconds as the English page formats them (two decimals under 10 ms, one above), written again here as the tests' reference. */
export const ms = (x) => {
  const digits = x < 10 ? 2 : 1;
  return new Intl.NumberFormat('en', { style: 'unit', unit: 'millisecond', unitDisplay: 'short', useGrouping: 'min2', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
};

/** A count as the English page writes it: digits grouped from five on (10,000, but 1000). */
export const num = (x) => new Intl.NumberFormat('en', { useGrouping: 'min2' }).format(x);

/**
 * axe-core's serious and critical violations with each of `ids` in view in
 * turn (a lesson, or 'overview'), one line each. axe is injected by the
 * test, not served by the page (its CSP allows only the site's own scripts).
 */
export async function axeViolations(page, ids) {
  const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  await page.addScriptTag({ path: axe }).catch(async () => {
    await page.evaluate(await readFile(axe, 'utf8'));
  });
  const bad = [];
  for (const id of ids) {
    if (id === 'overview') await page.evaluate(() => (location.hash = 'overview'));
    else await openDemo(page, id);
    await page.waitForSelector(`#${id}:not([hidden])`);
    const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
    bad.push(...result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${id}: ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`));
  }
  return bad;
}
