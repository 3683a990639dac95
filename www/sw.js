// The page's service worker. It answers the built-in latency endpoint,
// sim/delay?ms=…&bytes=…&status=…, after that many milliseconds with that
// many bytes, so the fetch demo works on any static host and offline, with
// no server code and no per-host connection limit. Everything else goes to
// the network untouched.
const MAX_MS = 60_000;
const MAX_BYTES = 16 * 1024 * 1024;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const sim = new URL('sim/delay', self.registration.scope);
  if (url.origin !== sim.origin || url.pathname !== sim.pathname) return;
  event.respondWith(simulate(url, event.request.signal));
});

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
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    },
  });
}
