// A Chromium driven over a bare DevTools pipe, for the benchmark rows that
// time requests. Playwright turns on the DevTools Network domain in every
// page it opens (its request events need it), and with it the browser
// reports every request to the automation: in alternated runs of 1 000
// requests that tracking took the plain JavaScript loop from ~1 200 to
// ~1 650 ms, our fetch path more (README, benchmark). A student's browser
// runs no such tracking, so these rows are timed where nothing is turned on
// but evaluating the benchmark's own code (the Runtime domain).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Launches Chromium (`executable`, with `args`) and opens `url` in it.
 * Resolves with `{evaluate(expression), close()}`: `evaluate` runs
 * `expression` in the page, awaits it if it is a promise, and resolves with
 * its value (JSON-serialisable) or rejects with the page's exception.
 */
export async function openBare(executable, args, url) {
  // A profile of its own, as Playwright gives each browser: a first visit.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'bench-chromium-'));
  const child = spawn(executable, [...args, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const [toBrowser, fromBrowser] = [child.stdio[3], child.stdio[4]];
  const pending = new Map();
  let nextId = 1;
  let buffered = '';
  // The pipe carries JSON messages, each ended by a NUL byte.
  fromBrowser.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let end;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      const waiting = message.id !== undefined && pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${message.error.message} (${JSON.stringify(message.error.data ?? '')})`));
      else waiting.resolve(message.result);
    }
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  exited.then(() => {
    for (const { reject } of pending.values()) reject(new Error('Chromium exited'));
    pending.clear();
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  // Asked to close, the browser ends its own processes before it exits;
  // only then is its profile free to remove.
  const close = async () => {
    const asked = send('Browser.close').catch(() => {});
    let timer;
    const waited = new Promise((resolve) => (timer = setTimeout(resolve, 10_000, false)));
    const gone = await Promise.race([exited.then(() => true), waited]);
    clearTimeout(timer);
    if (!gone) {
      child.kill('SIGKILL');
      await exited;
    }
    await asked;
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    const { targetId } = await send('Target.createTarget', { url });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const evaluate = async (expression) => {
      const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    };
    // Until the page has loaded, an evaluation may land in the blank page
    // before it or in a context the navigation destroys: ask again.
    for (const deadline = Date.now() + 60_000; ; ) {
      const loaded = await evaluate(`location.href === ${JSON.stringify(url)} && !!window.playground`).catch(() => false);
      if (loaded) break;
      if (Date.now() > deadline) throw new Error(`${url} did not load in the bare Chromium`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { evaluate, close };
  } catch (err) {
    await close();
    throw err;
  }
}
