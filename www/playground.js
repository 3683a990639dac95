// window.playground: the one API the page's own buttons, the tests and course
// authors all call. It detects what the browser offers, owns the two back ends
// (the process-style pool and the threads coordinator), runs one demo at a
// time, and turns every outcome — success, bad parameter, worker failure,
// cancel, deadline — into the one result shape of DESIGN.md. run() never
// rejects: a failure is a result with ok:false and an error in words. The
// demos come from one registry (demos/index.js); each descriptor owns its
// checks, its run per back end and its worker-side code.
import init, * as wasm from './pkg/concurrency_playground.js';
import { simd, threads as wasmThreads } from './vendor/wasm-feature-detect.js';
import { ProcessPool } from './pool.js';
import { ThreadsCoordinator } from './threads.js';
import { DEMOS } from './demos/index.js';
import { stopped, ParamError, reasonWords } from './errors.js';
import { ready as i18nReady, t, has } from './i18n.js';

export { reasonWords };

const BY_NAME = new Map(DEMOS.map((d) => [d.name, d]));

/** Every run ends by this long after it starts, whatever happens inside. */
const DEFAULT_DEADLINE_MS = 120_000;
const MAX_DEADLINE_MS = 600_000;

/** Milliseconds on the clock every worker shares (see src/timeline.rs). */
export const now = () => performance.timeOrigin + performance.now();

function environment() {
  const isolated = globalThis.crossOriginIsolated === true;
  const workers = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 16));
  return { isolated, workers };
}

/** A frame sandboxed without allow-same-origin has an opaque origin: no storage, no service worker, no workers. */
const opaqueOrigin = () => window.origin === 'null';

/**
 * Why threads (or workers) are off, as a code: the catalog's `reason.<code>`
 * words it, with `why` (a `sw.<code>`) where the service worker matters.
 */
function isolationReason(isolated, threadsSupported, sw) {
  const why = { why_code: sw.why, why_message: sw.message ?? '' };
  // Even isolated (Document-Isolation-Policy isolates an opaque origin too),
  // a sandboxed frame without allow-same-origin may start no worker.
  if (opaqueOrigin()) return ['sandboxed', {}];
  // Without isolation the browser hides SharedArrayBuffer, so the feature
  // test for wasm threads fails too: say why isolation is missing first.
  if (!isolated) {
    if (!window.isSecureContext) return ['insecure', {}];
    if (window.top !== window) return ['frame', why];
    if (!sw.active) return ['no_headers', why];
    return ['not_isolated', {}];
  }
  if (!threadsSupported) return ['no_wasm_threads', {}];
  return null;
}


/**
 * Whether this browser acts on Document-Isolation-Policy: Chromium's, from
 * 137 (Chrome, Edge and the rest alike name Chromium among their brands);
 * Firefox and Safari ignore the header, so a frame they isolate was isolated
 * by COEP inside an isolated course page.
 */
function appliesDip() {
  const chromium = navigator.userAgentData?.brands?.find((b) => b.brand === 'Chromium');
  return Number(chromium?.version) >= 137;
}

/**
 * What isolated this page: 'headers' (the server's COOP/COEP),
 * 'document-isolation-policy' (DIP, which isolates a frame on its own),
 * 'service-worker' (ours added the headers), or 'none'. Read from the page's
 * own headers, asked for again (HEAD does not pass through the service worker).
 */
async function isolationMechanism(isolated) {
  if (!isolated) return 'none';
  let headers = null;
  try {
    headers = (await fetch(location.href, { method: 'HEAD', cache: 'no-store' })).headers;
  } catch {
    // Offline: the service worker's cache answered the page, with its headers.
  }
  const coep = headers?.get('cross-origin-embedder-policy');
  const dip = headers?.get('document-isolation-policy') && appliesDip();
  if (!coep && !dip) return !opaqueOrigin() && navigator.serviceWorker?.controller ? 'service-worker' : 'headers';
  if (dip && (window.top !== window || !coep)) return 'document-isolation-policy';
  return 'headers';
}

async function compilePlain() {
  const url = new URL('./pkg/concurrency_playground_bg.wasm', import.meta.url);
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    // Hosts that send .wasm with the wrong MIME type defeat streaming compilation.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load ${url.pathname}: HTTP ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

const RELOAD_KEY = 'concurrency-playground:isolation-reload';

/** sessionStorage, or null where the browser refuses it (some sandboxed frames). */
function session() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Registers the service worker (sw.js) and waits, briefly, until it controls
 * this page. Answers `{active, why}`: `why` says in words what stopped it.
 */
async function serviceWorker() {
  if (opaqueOrigin()) return { active: false, why: 'sandboxed' };
  if (!window.isSecureContext) return { active: false, why: 'insecure' };
  if (!('serviceWorker' in navigator)) return { active: false, why: 'unsupported' };
  const registering = navigator.serviceWorker.register(new URL('./sw.js', import.meta.url));
  // Already in control (every visit after the first): register() goes on to
  // check for an update, which nothing here needs to wait for.
  if (navigator.serviceWorker.controller) {
    registering.catch(() => {});
    return { active: true, why: null };
  }
  let registration;
  try {
    registration = await registering;
  } catch (err) {
    return { active: false, why: 'register_failed', message: err.message };
  }
  // Some browsers and automation tools block registration and answer nothing.
  if (!registration) return { active: false, why: 'disabled' };
  if (!navigator.serviceWorker.controller) {
    await Promise.race([
      new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })),
      new Promise((resolve) => setTimeout(resolve, 3000)),
    ]);
  }
  return navigator.serviceWorker.controller
    ? { active: true, why: null }
    : { active: false, why: 'no_control' };
}

/**
 * On a host that sends no COOP/COEP headers, the service worker adds them,
 * but only to pages loaded after it took control: reload once. The session
 * flag allows one such reload until the page is isolated again, so a page
 * that cannot be isolated (a frame in a parent that is not) never loops.
 */
async function isolateThroughServiceWorker() {
  const pending = serviceWorker();
  const store = session();
  if (globalThis.crossOriginIsolated) {
    store?.removeItem(RELOAD_KEY);
    return pending;
  }
  const sw = await pending;
  if (sw.active && store && !store.getItem(RELOAD_KEY)) {
    store.setItem(RELOAD_KEY, String(Date.now()));
    const mode = document.getElementById('mode');
    if (mode) {
      await i18nReady();
      mode.textContent = t('mode.reloading');
    }
    location.reload();
    // This page is going away; nothing after this should start.
    await new Promise(() => {});
  }
  return sw;
}

// No top-level await: window.playground exists as soon as this module has
// run; `ready` waits for isolation to settle, so nothing starts on a page
// that is about to reload (its promise then never settles).
const swPromise = isolateThroughServiceWorker();
/** What swPromise settled with, once it has: read where `ready` does not wait for it. */
let swSettled = null;
swPromise.then((sw) => {
  swSettled = sw;
});

let pool = null;
let coordinator = null;
let plainModule = null;

// The page's words and the plain module load from the start, beside the
// service worker's registration, not one after the other. (A page that is
// about to reload for isolation throws the compiled module away.)
const words = i18nReady();
const compiled = compilePlain();
compiled.catch(() => {});
const mechanism = isolationMechanism(environment().isolated);

const ready = (async () => {
  const { isolated, workers } = environment();
  // A page that is not isolated yet waits for the service worker, which may
  // reload it. One already isolated (by its host's headers, or by our worker
  // on a return visit) needs nothing of it to start: on a first visit the
  // worker goes on installing after `ready` (its registration was the last
  // thing `ready` waited for, ~45 ms after the module: README, design
  // notes), and only what needs it waits for it — the fetch demo's
  // simulated requests and `offline`.
  if (!isolated) await swPromise;
  const [hasSimd, hasThreads] = await Promise.all([simd(), wasmThreads()]);
  if (!hasSimd) {
    await words;
    throw Object.assign(new Error(t('error.no_simd')), { code: 'no_simd' });
  }
  plainModule = compiled;
  await init({ module_or_path: await plainModule });
  pool = new ProcessPool(plainModule);
  // Settled by now unless it is still installing (`active: null`); the
  // cases known without asking (sandboxed, insecure, unsupported) settle at once.
  const sw = swSettled ?? { active: null, why: null };
  const reason = isolationReason(isolated, hasThreads, sw);
  const threads = !reason;
  if (threads) {
    // A panic on a pool thread: the pool is gone (the coordinator stops
    // itself and restarts on next use); the run in progress ends now.
    coordinator = new ThreadsCoordinator(workers, (message) => {
      active?.abort(stopped('crashed', { message }));
    });
    // Started now, waited for by the first run on threads: `ready` does not
    // wait for a pool that only a later run needs. If it cannot start, that
    // run says why (threadsFor below).
    coordinator.api().catch(() => {});
  }
  // A frame sandboxed without allow-same-origin may start no worker at all.
  const modes = opaqueOrigin() ? [] : threads ? ['threads', 'processes', 'single'] : ['processes', 'single'];
  const isolation = await mechanism;
  // Reasons and errors are worded in the page's language.
  await words;
  const [reason_code, reason_args] = reason ?? [null, {}];
  // As known at the last moment: a worker may have taken control meanwhile.
  const info = { isolated, threads, workers, modes, reason_code, reason_args, isolation, service_worker: (swSettled ?? sw).active };
  // `reason` in words, in the page's language when it became ready.
  return { ...info, reason: reason ? reasonWords(info) : null };
})();
ready.then(
  (info) => {
    // When the page became ready, for anyone measuring (the benchmark does).
    performance.mark('playground:ready');
    window.dispatchEvent(new CustomEvent('playground:ready', { detail: info }));
  },
  () => {},
);

let runs = Promise.resolve();
let active = null;

/** Runs demo `name`; resolves with the result shape, never rejects. */
function run(name, params = {}) {
  const job = runs.then(() => runNow(name, params ?? {}));
  runs = job.catch(() => {});
  return job;
}

async function runNow(name, params) {
  const t0 = now();
  const base = { demo: name, params: echo(params), value: null, ok: false, total_ms: 0, events: [] };
  let info;
  try {
    info = await ready;
  } catch (err) {
    return { ...base, ...failure('not_started', { message: err.message }) };
  }
  const demo = BY_NAME.get(name);
  if (!demo) {
    return { ...base, ...failure('unknown_demo', { demo: String(name), demos: [...BY_NAME.keys()].join(', ') }) };
  }

  const controller = new AbortController();
  active = controller;
  // Absent means the default; present but undefined or null is a mistake, as for every parameter.
  const deadline = Object.hasOwn(params, 'deadline_ms') ? params.deadline_ms : DEFAULT_DEADLINE_MS;
  if (!(Number.isInteger(deadline) && deadline >= 1 && deadline <= MAX_DEADLINE_MS)) {
    active = null;
    return { ...base, ...failure('param_range', { name: 'deadline_ms', min: '1', max: String(MAX_DEADLINE_MS), got: String(deadline) }) };
  }
  const timer = setTimeout(
    () => controller.abort(stopped('deadline', { deadline_ms: String(deadline) })),
    deadline,
  );
  const signal = controller.signal;
  // The back ends as this run sees them: each is tied to the run's signal on
  // first use, so a cancel or the deadline stops exactly what the run started.
  const extraPools = [];
  const ctx = {
    wasm,
    info,
    signal,
    now,
    pool: pool.forRun(signal),
    /** Settles once the service worker controls the page, or cannot: `{active, why}`. */
    serviceWorker: swPromise,
    threads: threadsFor(signal, info),
    /** A pool of fresh workers for this run alone, stopped when the run ends. */
    newPool() {
      const own = new ProcessPool(plainModule);
      extraPools.push(own);
      return own.forRun(signal);
    },
  };
  try {
    const out = await abortable(demo.run(withDefaults(demo, info, params), ctx), signal);
    // A demo that prepares its input first (generating sample images, say)
    // says when the measured part began; the time before is `prepare_ms`.
    // One that shows its result after the measured part (copying pixels out
    // to draw them, say) says when that part ended.
    const { started_at = t0, ended_at, ...rest } = out;
    return {
      ...base,
      ...rest,
      ok: out.ok ?? true,
      total_ms: (ended_at ?? now()) - started_at,
      prepare_ms: started_at - t0,
      events: (out.events ?? []).map((e) => rebase(e, started_at)),
    };
  } catch (err) {
    // Errors from the Rust checks and ours carry a code and its arguments; others (a worker that failed) are 'failed'.
    // A wait pool that never started leaves its coordinator stuck: the next run starts afresh.
    if (err?.code === 'wait_pool') coordinator?.terminate();
    const coded = typeof err?.code === 'string' && has(`error.${err.code}`);
    const args = coded && err.args && typeof err.args === 'object' ? { ...err.args } : { message: err?.message ?? String(err) };
    return { ...base, ...failure(coded ? err.code : 'failed', args), total_ms: now() - t0 };
  } finally {
    clearTimeout(timer);
    extraPools.forEach((p) => p.terminate());
    if (active === controller) active = null;
  }
}

/**
 * A run's way to the threads coordinator: started (or restarted) on first
 * use; a pool that cannot start, or no threads here, is a coded error.
 */
function threadsFor(signal, info) {
  const unavailable = (reason) => new ParamError('backend_unavailable', { name: 'backend', backend: 'threads', reason });
  if (!coordinator) return () => Promise.reject(unavailable(reasonWords(info)));
  const get = coordinator.forRun(signal);
  return () => get().catch((err) => {
    throw err?.code ? err : unavailable(t('reason.pool_failed', { message: err?.message ?? String(err) }));
  });
}

/**
 * The caller's parameters over the demo's defaults: first the specs' (from
 * Rust), then what depends on this browser (the descriptor's). A parameter
 * given as undefined stays undefined, and its check refuses it.
 */
function withDefaults(demo, info, params) {
  const fromRust = Object.fromEntries(specs(demo.name).map((s) => [s.name, s.default]));
  return { ...fromRust, ...demo.defaults(info, params), ...params };
}

/** A demo's parameter specs, as Rust states them: `[{name, kind, min, max, default} | {name, kind, options, default}]`. */
export function specs(name) {
  return wasm.param_specs(String(name));
}

/** An error result's fields: its code, its arguments, and the catalog's words for them. */
function failure(code, args) {
  return { error: t(`error.${code}`, args), error_code: code, error_args: args };
}

function rebase(event, t0) {
  return { ...event, start_ms: event.start_ms - t0, end_ms: event.end_ms - t0 };
}

/** Resolves or rejects with `promise`, or rejects as soon as `signal` aborts. */
function abortable(promise, signal) {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The caller's parameters, safe to keep in a result: big buffers summarised. */
function echo(params) {
  const out = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (typeof value === 'function') continue;
    if (ArrayBuffer.isView(value)) out[key] = `${value.constructor.name}(${value.length})`;
    else if (Array.isArray(value) || value instanceof FileList) out[key] = `${value.length} item(s)`;
    else out[key] = value;
  }
  return out;
}

/** Stops the run in progress; it resolves with ok:false. True if one was running. */
function cancel() {
  if (!active) return false;
  active.abort(stopped('cancelled'));
  return true;
}

/**
 * The code the page shows for demo `name`: `{rust, python}` (the lesson as
 * compiled into the module, and our Python program), and `files`: where each
 * lives in the repository, the JavaScript descriptor included (the page
 * fetches that one as served).
 */
function source(name) {
  if (!pool) throw stopped('still_loading');
  const code = wasm.source(String(name));
  const demo = BY_NAME.get(name);
  return {
    ...code,
    files: { rust: `src/demos/${name}/lesson.rs`, python: `python/${demo.python}`, javascript: `www/demos/${name}.js` },
  };
}

/** A .zip (stored, not recompressed) of `[{name, bytes}]`, built on a worker. */
async function zip(entries) {
  await ready;
  const api = await pool.worker(0);
  return api.zip(entries.map(({ name, bytes }) => ({ name: String(name), bytes: new Uint8Array(bytes) })));
}

/**
 * Once ready, the service worker caches every file of the build so the page
 * also works offline. Resolves `{version, files, bytes, fresh}`, or `{error}`
 * in words; never rejects.
 */
const offline = ready
  .then(async () => {
    const sw = await swPromise;
    const worker = navigator.serviceWorker?.controller;
    if (!sw.active || !worker) return { error: 'no service worker controls this page', why: 'no_service_worker' };
    const channel = new MessageChannel();
    const answer = new Promise((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data);
    });
    worker.postMessage({ type: 'precache' }, [channel.port2]);
    const timeout = new Promise((resolve) => setTimeout(() => resolve({ error: 'caching took longer than 5 minutes', why: 'timeout' }), 300_000));
    return Promise.race([answer, timeout]);
  })
  .catch((err) => ({ error: err?.message ?? String(err) }));

/**
 * The wasm memory of every instance now running, in bytes: `{main, threads,
 * processes: [per worker], total}`. Processes each hold their own memory;
 * the threads back end has one for all its threads.
 */
async function memory() {
  await ready;
  const processes = await Promise.all((await pool.running()).map((api) => api.memoryBytes()));
  const threads = coordinator ? await (await coordinator.running())?.memoryBytes() ?? 0 : 0;
  const main = wasm.memory_bytes();
  return { main, threads, processes, total: main + threads + processes.reduce((a, b) => a + b, 0) };
}

export const playground = { ready, offline, run, cancel, source, specs, zip, memory, demos: DEMOS.map((d) => d.name) };
