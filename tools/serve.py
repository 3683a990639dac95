"""The development server: serves one folder on loopback, cross-origin isolated.

    python3 tools/serve.py --root www [--port 8000] [--no-isolation]

- Sends `Cross-Origin-Opener-Policy: same-origin`,
  `Cross-Origin-Embedder-Policy: require-corp` and
  `Document-Isolation-Policy: isolate-and-require-corp` (unless
  --no-isolation), so the page gets `crossOriginIsolated` and with it
  SharedArrayBuffer — at top level, and (Chromium 137+, by DIP) even as a
  frame inside a course page that is not isolated.
- Sends `Cross-Origin-Resource-Policy: cross-origin`, so an isolated course
  page on another origin may frame the page, and
  `Access-Control-Allow-Origin: *`, so a frame sandboxed without
  allow-same-origin (an opaque origin) may still load its module scripts.
- Binds to 127.0.0.1 only, answers only GET and HEAD, and refuses any path
  that would leave the root (`..`, encoded or not, and symlinks out of it).
- `.wasm` goes out as `application/wasm` (streaming compilation needs it).
- Keeps connections open (HTTP/1.1), so the page's ~40 files share a
  browser's 6 connections instead of one each, and sends each answer at once:
  on a kept connection Nagle's algorithm held a body back ~40 ms behind its
  headers. (Navigation → ready, alternating runs here: 297–311 ms medians,
  307–343 with a connection per file.)
- `--port 0` picks a free port; the first line printed is always the URL.
- `sim/delay?ms=…&bytes=…&status=…` answers after `ms` milliseconds with
  `bytes` bytes (the fetch demo's latency endpoint, also answered by the
  page's service worker when one controls the page).
"""
import argparse
import http.server
import os
import sys
import time
import urllib.parse

SIM_MAX_MS = 60_000
SIM_MAX_BYTES = 16 * 1024 * 1024


class Handler(http.server.SimpleHTTPRequestHandler):
    isolation = True
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
    }

    def end_headers(self):
        if self.isolation:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Document-Isolation-Policy", "isolate-and-require-corp")
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        # Development: always revalidate, so a rebuild is seen on reload.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def _inside_root(self):
        """False for any request path that could resolve outside the root."""
        raw = urllib.parse.urlsplit(self.path).path
        decoded = raw
        # Decode repeatedly: `%252e%252e` must not survive as `..`.
        for _ in range(3):
            decoded = urllib.parse.unquote(decoded)
        parts = decoded.replace("\\", "/").split("/")
        if any(p == ".." for p in parts) or "\x00" in decoded:
            return False
        full = os.path.realpath(self.translate_path(self.path))
        root = os.path.realpath(self.directory)
        return full == root or full.startswith(root + os.sep)

    def _sim_delay(self):
        """The latency endpoint; True if this request was one."""
        parts = urllib.parse.urlsplit(self.path)
        if parts.path.rstrip("/").split("/")[-2:] != ["sim", "delay"]:
            return False
        query = urllib.parse.parse_qs(parts.query)

        def whole(name, default, high):
            try:
                value = int(query.get(name, [default])[0])
            except ValueError:
                return None
            return value if 0 <= value <= high else None

        ms, size, status = whole("ms", 0, SIM_MAX_MS), whole("bytes", 0, SIM_MAX_BYTES), whole("status", 200, 599)
        if None in (ms, size, status) or status < 200:
            self.send_error(400, "ms 0-60000, bytes 0-16777216, status 200-599")
            return True
        time.sleep(ms / 1000)
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(b"x" * size)
        return True

    def do_GET(self):
        if not self._sim_delay():
            super().do_GET()

    def do_HEAD(self):
        if not self._sim_delay():
            super().do_HEAD()

    def send_head(self):
        if not self._inside_root():
            self.send_error(403, "path outside the site")
            return None
        return super().send_head()

    def log_message(self, format, *args):
        if os.environ.get("SERVE_QUIET") != "1":
            super().log_message(format, *args)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="www")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-isolation", action="store_true",
                        help="leave out COOP/COEP: the page runs without shared memory")
    args = parser.parse_args()

    root = os.path.abspath(args.root)
    if not os.path.isfile(os.path.join(root, "index.html")):
        sys.exit(f"error: {root} has no index.html; run ./build.sh build first")

    Handler.isolation = not args.no_isolation

    def handler(*a, **kw):
        return Handler(*a, directory=root, **kw)

    class Server(http.server.ThreadingHTTPServer):
        allow_reuse_address = True
        daemon_threads = True
        # The default backlog of 5 resets connections when many requests
        # arrive at once (the fetch demo's gather, the benchmark).
        request_queue_size = 1024

        def handle_error(self, request, client_address):
            # A browser that goes away mid-answer (a closed tab, a cancelled
            # fetch, an aborted download) is normal, not a server error.
            if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                return
            super().handle_error(request, client_address)

    server = Server(("127.0.0.1", args.port), handler)
    port = server.server_address[1]
    mode = "without isolation (no shared memory)" if args.no_isolation else "cross-origin isolated"
    print(f"http://127.0.0.1:{port}/", flush=True)
    print(f"serving {root} {mode}; Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
