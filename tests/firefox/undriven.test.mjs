// Firefox ESR as a student starts it: no driver attached. Under WebDriver
// BiDi (puppeteer, firefox.test.mjs) Firefox ESR often starts none of a
// worker's nested workers — all of them or none, seen with empty workers
// too — while the same page opened by hand starts them in well under a
// second. The lessons whose threads block one another run on such nested
// workers (the wait pool), so they are checked here, strictly, in a Firefox
// that nothing drives: a page of ours runs them through `window.playground`
// and writes what came back to Firefox's standard output (`dump`, enabled by
// a pref in a fresh profile). So is a counter on threads in a frame of a
// cross-origin isolated course page on another site (the rayon pool's
// workers are nested too), through embed.js as a course page would use it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { ROOT, startServer } from '../e2e/harness.mjs';
import { checkWaiting, WAITING } from './waiting.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const DEADLINE_MS = 120_000;

// The waiting lessons on threads (and the coordinator's own pool), each
// result reduced to what the checks read; any throw is reported too.
const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Firefox, undriven</title>
<script type="module">
const say = (what) => dump('RESULT ' + JSON.stringify(what) + '\\n');
try {
  const { playground } = await import('/playground.js');
  const info = await playground.ready;
  const runs = {};
  for (const [name, params] of [...${JSON.stringify(WAITING)}, ['counter', { variant: 'mutex', threads: 4, iterations: 25000 }]]) {
    const r = await playground.run(name, { ...params, backend: 'threads' });
    runs[name] = { ok: r.ok, error: r.error ?? null, value: r.value, went_wrong: r.went_wrong ?? null, total_ms: r.total_ms };
  }
  say({ threads: info.threads, isolated: info.isolated, runs });
} catch (err) {
  say({ thrown: String(err && err.stack || err) });
}
</script>`;

// For a course page on another site that frames the playground: through
// the embed protocol (embed.js, as a course page would include it), once the
// frame says it is ready, a counter on 4 threads.
const COURSE_SCRIPT = `
const say = (what) => dump('RESULT ' + JSON.stringify(what) + '\\n');
const ready = new Promise((resolve) => addEventListener('message', (e) => e.data && e.data.type === 'playground:ready' && resolve(e.data)));
const embed = new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = new URL('../embed.js', document.currentScript.src).href;
  script.onload = resolve;
  script.onerror = () => reject(new Error('embed.js did not load'));
  document.head.append(script);
});
Promise.all([ready, embed]).then(async ([info]) => {
  const run = await ConcurrencyPlayground.run(document.getElementById('demo'), 'counter', { backend: 'threads', variant: 'mutex', threads: 4, iterations: 25000 });
  say({ info, run });
}).catch((err) => say({ thrown: String(err) }));
`;

/** Firefox on `url` with a fresh profile; resolves with the page's RESULT line, parsed. */
async function undriven(url) {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'playground-firefox-'));
  await writeFile(path.join(profile, 'user.js'), [
    'user_pref("browser.dom.window.dump.enabled", true);',
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
  ].join('\n'));
  // Its own process group, so that its content processes go with it.
  const firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, url], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const lines = createInterface({ input: firefox.stdout });
    const result = new Promise((resolve, reject) => {
      lines.on('line', (line) => line.startsWith('RESULT ') && resolve(JSON.parse(line.slice('RESULT '.length))));
      firefox.on('exit', (code) => reject(new Error(`Firefox exited (${code}) before the page answered`)));
      firefox.on('error', (err) => reject(new Error(`Firefox did not start (${FIREFOX}): ${err.message}`)));
    });
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the page did not answer within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
    });
    try {
      return await Promise.race([result, late]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    try {
      process.kill(-firefox.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    await rm(profile, { recursive: true, force: true });
  }
}

describe('Firefox ESR, undriven', () => {
  let server;
  let course;
  before(async () => {
    await mkdir(path.join(ROOT, 'www/e2e'), { recursive: true });
    await writeFile(path.join(ROOT, 'www/e2e/firefox-undriven.html'), PAGE);
    await writeFile(path.join(ROOT, 'www/e2e/firefox-course.js'), COURSE_SCRIPT);
    [server, course] = await Promise.all([startServer({ isolation: true }), startServer({ course: true })]);
  });
  after(() => {
    server?.close();
    course?.close();
  });

  test('the lessons whose threads wait on one another run on threads', async () => {
    const got = await undriven(`${server.url}e2e/firefox-undriven.html`);
    assert.equal(got.thrown, undefined, got.thrown);
    assert.deepEqual([got.isolated, got.threads], [true, true]);
    const { semaphore, condition, pipe, counter } = got.runs;
    for (const [name, r] of Object.entries(got.runs)) assert.equal(r.ok, true, `${name}: ${r.error}`);
    for (const [name] of WAITING) checkWaiting(name, got.runs[name], true);
    assert.equal(counter.value, 4 * 25_000);
    console.log(`# Firefox, undriven: semaphore ${Math.round(semaphore.total_ms)} ms, condition ${Math.round(condition.total_ms)} ms, pipe ${Math.round(pipe.total_ms)} ms`);
  });

  test('embedded in a cross-origin isolated course page on another site: threads in the frame', async () => {
    const src = `${server.url}?demo=counter&embed`;
    const got = await undriven(`${course.url}?isolated=1&src=${encodeURIComponent(src)}&embed=${encodeURIComponent(`${server.url}e2e/firefox-course.js`)}`);
    assert.equal(got.thrown, undefined, got.thrown);
    assert.deepEqual([got.info.isolated, got.info.threads, got.info.isolation], [true, true, 'headers'], JSON.stringify(got.info));
    assert.equal(got.run.ok, true, got.run.error);
    assert.match(got.run.summary, /counted 100,000; 0 updates lost/);
  });
});
