// The page's service worker. Three jobs, so www/ works from any static host:
//
// 1. Isolation. Shared-memory threads need the page to be cross-origin
//    isolated, which takes response headers (COOP and COEP, or
//    Document-Isolation-Policy) that a GitHub-Pages-style host will not send.
//    This worker adds them to every same-origin response it passes on, with
//    CORP cross-origin so isolated course pages may frame the page;
//    playground.js reloads the page once after the worker
//    first takes control, and from then on the page is isolated. Responses
//    from other origins are left untouched. (A browser gives no service
//    worker to a frame on another site: there only the host's headers help.)
// 2. Offline. Same-origin GETs go to the network first (so a rebuild is seen
//    at once) and fall back to a cache; on request ("precache" message) it
//    fills that cache with every file the build listed in precache.json.
//    While a page whose document came from the network is starting, its
//    files and its workers' skip this worker and go to the network
//    directly: passing them through here made the page 25–175 ms slower to
//    start on our 2-core machine (README, design notes), and an online page
//    needs no cache. Its "precache" message, sent once it is ready, ends
//    that for the page and its workers: a file loaded later (a language, a
//    panel) can come from the cache again.
// 3. The fetch demo's latency endpoint, sim/delay?ms=…&bytes=…&status=…,
//    answered here after that many milliseconds, with no server code and no
//    per-host connection limit.
const CACHE = 'concurrency-playground';
const SUMMARY_KEY = '__precached__';
const MAX_MS = 60_000;
const MAX_BYTES = 16 * 1024 * 1024;
// A starting page's files go to the network directly for at most this long.
const STARTING_MS = 30_000;
// Worker scripts still come through here, for the headers isolation needs.
const WORKERS = new Set(['worker', 'sharedworker']);

/** A starting page's client id → until when it counts as starting. */
const startingUntil = new Map();
/** Client id (a starting page, or a worker it started) → that page's id. */
const pageOf = new Map();

/** Whether `clientId` is a starting page, or a worker of one. */
function starting(clientId) {
  return (startingUntil.get(pageOf.get(clientId)) ?? 0) > Date.now();
}

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  if (url.pathname === new URL('sim/delay', self.registration.scope).pathname) {
    event.respondWith(simulate(url, request.signal));
    return;
  }
  if (request.method !== 'GET') return;
  if (request.mode === 'navigate' || WORKERS.has(request.destination)) {
    event.respondWith(newClient(event));
    return;
  }
  if (starting(event.clientId)) return;
  event.respondWith(networkFirst(event).then(({ response }) => response));
});

/**
 * A page's document, or a worker's script. Where the network answered, the
 * new page is starting, and so is a worker a starting page (or one of its
 * workers) starts, for as long as that page is.
 */
async function newClient(event) {
  const { response, network } = await networkFirst(event);
  const now = Date.now();
  for (const [page, until] of startingUntil) if (until <= now) startingUntil.delete(page);
  for (const [id, page] of pageOf) if (!startingUntil.has(page)) pageOf.delete(id);
  const id = event.resultingClientId;
  if (!network || !id) return response;
  if (event.request.mode === 'navigate') {
    startingUntil.set(id, now + STARTING_MS);
    pageOf.set(id, id);
  } else if (starting(event.clientId)) {
    pageOf.set(id, pageOf.get(event.clientId));
  }
  return response;
}

self.addEventListener('message', (event) => {
  if (event.data?.type !== 'precache') return;
  // The page is ready: it and its workers are no longer starting.
  startingUntil.delete(event.source?.id);
  const reply = (message) => event.ports[0]?.postMessage(message);
  event.waitUntil(precache().then(reply, (err) => reply({ error: String(err?.message ?? err) })));
});

/** The cache key: navigations are one page whatever their ?demo=… says. */
function key(request) {
  const url = new URL(request.url);
  if (request.mode === 'navigate') url.search = '';
  url.hash = '';
  return url.href;
}

/** Answers `{response, network}`: `network` is false when the cache answered. */
async function networkFirst(event) {
  const request = event.request;
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    const cached = await caches.open(CACHE).then((cache) => cache.match(key(request)));
    if (!cached) throw err;
    return { response: isolate(cached), network: false };
  }
  // Keep a copy of complete same-origin answers (not partial or error ones,
  // nor what the page asked never to store: the fetch demo's requests).
  if (response.status === 200 && response.type === 'basic' && request.cache !== 'no-store' && !request.headers.has('range')) {
    const copy = response.clone();
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key(request), copy)).catch(() => {}));
  }
  return { response: isolate(response), network: true };
}

/**
 * The response with COOP/COEP/CORP added where missing. Opaque responses and
 * redirects (status 0) pass as they are: the browser follows a redirect with
 * a new request, which comes back through here.
 */
function isolate(response) {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  const add = (name, value) => headers.has(name) || headers.set(name, value);
  add('Cross-Origin-Opener-Policy', 'same-origin');
  add('Cross-Origin-Embedder-Policy', 'require-corp');
  add('Document-Isolation-Policy', 'isolate-and-require-corp');
  add('Cross-Origin-Resource-Policy', 'cross-origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Fetches every file of precache.json into the cache, unless this build's
 * version is there already. Answers {version, files, bytes, fresh}; offline,
 * it answers what an earlier visit cached, if anything.
 */
async function precache() {
  const cache = await caches.open(CACHE);
  const summaryUrl = new URL(SUMMARY_KEY, self.registration.scope).href;
  const have = await cache.match(summaryUrl).then((r) => r?.json());
  let manifest;
  try {
    const response = await fetch(new URL('precache.json', self.registration.scope), { cache: 'no-store' });
    if (!response.ok) throw new Error(`precache.json: HTTP ${response.status}`);
    manifest = await response.json();
  } catch (err) {
    if (have) return { ...have, fresh: false };
    throw err;
  }
  const summary = { version: manifest.version, files: manifest.files.length, bytes: manifest.bytes };
  if (have?.version === manifest.version) return { ...summary, fresh: false };
  await Promise.all(
    manifest.files.map(async (file) => {
      const url = new URL(file, self.registration.scope);
      const response = await fetch(url, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
      await cache.put(url.href, response);
    }),
  );
  await cache.put(summaryUrl, new Response(JSON.stringify(summary)));
  return { ...summary, fresh: true };
}

const whole = (value, fallback, max) => {
  const n = Number(value ?? fallback);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : null;
};

async function simulate(url, signal) {
  const q = url.searchParams;
  const ms = whole(q.get('ms'), 0, MAX_MS);
  const bytes = whole(q.get('bytes'), 0, MAX_BYTES);
  const status = whole(q.get('status'), 200, 599);
  if (ms === null || bytes === null || status === null || status < 200) {
    return new Response(`sim/delay: ms must be 0–${MAX_MS}, bytes 0–${MAX_BYTES}, status 200–599\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return new Response(new Uint8Array(bytes).fill(0x78), {
    status,
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(bytes),
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
    },
  });
}
