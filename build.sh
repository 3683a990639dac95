#!/usr/bin/env bash
# Concurrency Playground — the project's one entry point.
#
#   ./build.sh setup   install what is missing (toolchain, CLIs, npm packages, Chromium, Firefox ESR)
#   ./build.sh build   both wasm modules into www/ (plain and threads)
#   ./build.sh serve   setup + build + serve www/ on http://127.0.0.1:${PORT:-8000}
#                      (--no-isolation: the same site without COOP/COEP)
#   ./build.sh test    setup + build + every check and test suite
#   ./build.sh bench   setup + build + the benchmark report (--save: also
#                      rewrite bench/results/latest.json, the committed table)
#   ./build.sh screenshots  setup + build + rewrite docs/screenshots/ (README)
#   ./build.sh wasm-tests   the wasm-bindgen browser tests alone, both builds
#
# test and bench write only into ignored folders (target/, www/ build outputs):
# the committed screenshots and benchmark table change only on purpose.
# Every step is idempotent: rerunning it skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
# Must equal the exact wasm-bindgen pin in Cargo.toml: the CLI and the crate
# have to agree on the ABI.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen *= *{ *version *= *"=\([0-9.]*\)".*/\1/p' Cargo.toml)
WASM_PACK_VERSION=0.15.1
CRATE=concurrency_playground

# The threads build alone gets shared memory; these flags never reach native
# builds or the plain wasm build (they use other target dirs). See TOOLCHAIN.md
# for why --shared-memory and the TLS exports must be spelled out.
THREADS_RUSTFLAGS="-C target-feature=+atomics,+bulk-memory,+mutable-globals,+simd128 \
-C link-arg=--shared-memory -C link-arg=--max-memory=1073741824 -C link-arg=--import-memory \
-C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
-C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"
# Must match .cargo/config.toml (where cargo reads it for `wasm-pack test` as typed).
PLAIN_RUSTFLAGS="-C target-feature=+simd128"
# Release tests run with overflow checks, which the shipped modules leave
# out (Cargo.toml says why): an overflow on the tests' inputs still fails.
CHECKED=CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true
THREADS_TARGET_DIR=$ROOT/target/threads
PLAIN_TARGET_DIR=$ROOT/target/plain

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

setup() {
  command -v rustup >/dev/null || die "rustup is missing: install it from the Rust website first"
  command -v npm >/dev/null || die "npm is missing: install Node.js 20+ first"

  if ! rustup run "$TOOLCHAIN" rustc --print sysroot >/dev/null 2>&1 \
     || ! rustup component list --toolchain "$TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src' \
     || ! rustup component list --toolchain "$TOOLCHAIN" --installed 2>/dev/null | grep -q '^clippy' \
     || ! rustup component list --toolchain "$TOOLCHAIN" --installed 2>/dev/null | grep -q '^rustfmt' \
     || ! rustup target list --toolchain "$TOOLCHAIN" --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown'; then
    log "installing Rust $TOOLCHAIN with rust-src, clippy, rustfmt and the wasm32 target"
    rustup toolchain install "$TOOLCHAIN" --profile minimal \
      --component rust-src,clippy,rustfmt --target wasm32-unknown-unknown
  fi

  # Installed with the machine's default toolchain, from outside the project,
  # so the pinned nightly does not decide how the CLIs compile.
  if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]] \
     || ! command -v wasm-bindgen-test-runner >/dev/null; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
    (cd / && cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force)
  fi
  if [[ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]]; then
    log "installing wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
    (cd / && cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force)
  fi

  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  # A Chinese font, so the zh-CN page is drawn (and measured, and screenshotted) with real glyphs.
  [[ -n "$(fc-list :lang=zh-cn 2>/dev/null)" ]] || missing+=(fonts-wqy-microhei)
  if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) == 0 ]]; then
      log "installing Debian's ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      die "missing packages: run 'sudo apt-get install ${missing[*]}' (or run setup as root)"
    fi
  fi

  # The stamp is a copy of the lock npm ci last installed from.
  if ! cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
    log "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.installed-lock.json
  fi
}

# One wasm module: cargo build + wasm-bindgen + (optionally) wasm-opt.
build_module() {
  local name=$1 out=$2 target_dir=$3 rustflags=$4; shift 4
  log "building $name module -> $out"
  RUSTFLAGS=$rustflags CARGO_TARGET_DIR=$target_dir \
    cargo build --lib --release --target wasm32-unknown-unknown "$@"
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --no-typescript \
    "$target_dir/wasm32-unknown-unknown/release/$CRATE.wasm"
  local wasm=$out/${CRATE}_bg.wasm opt=node_modules/.bin/wasm-opt
  if [[ -x $opt ]]; then
    # npm binaryen only: Debian's wasm-opt 108 emits modules that fail to load.
    "$opt" -O3 --enable-threads --enable-bulk-memory --enable-simd --enable-mutable-globals \
      --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-multivalue "$wasm" -o "$wasm.opt" && mv "$wasm.opt" "$wasm"
  fi
}

build() {
  cp index.html www/index.html
  # Third-party browser code comes from npm at a pinned version, copied in so
  # www/ stays a self-contained static folder.
  mkdir -p www/vendor
  cp node_modules/comlink/dist/esm/comlink.mjs www/vendor/comlink.mjs
  cp node_modules/wasm-feature-detect/dist/esm/index.js www/vendor/wasm-feature-detect.js
  cp node_modules/fflate/esm/browser.js www/vendor/fflate.js
  mkdir -p www/vendor/hljs
  local hljs=node_modules/@highlightjs/cdn-assets
  cp "$hljs/es/core.min.js" "$hljs/es/languages/rust.min.js" "$hljs/es/languages/python.min.js" \
    "$hljs/es/languages/javascript.min.js" \
    "$hljs/styles/github.min.css" "$hljs/styles/github-dark.min.css" www/vendor/hljs/
  build_module plain www/pkg "$PLAIN_TARGET_DIR" "$PLAIN_RUSTFLAGS"
  build_module threads www/pkg-threads "$THREADS_TARGET_DIR" "$THREADS_RUSTFLAGS" \
    --features threads -Z build-std=panic_abort,std
  # After the modules and vendor files exist: the import graph reaches them.
  node tools/preload.mjs www
  python3 tools/precache.py www
}

serve() {
  setup
  build
  exec python3 tools/serve.py --root www --port "${PORT:-8000}" "$@"
}

wasm_tests() {
  export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
  log "wasm-bindgen tests in headless Chromium (plain build): wasm-pack test as typed"
  wasm-pack test --headless --chrome
  log "wasm-bindgen tests in headless Chromium (threads build, rayon pool)"
  RUSTFLAGS=$THREADS_RUSTFLAGS CARGO_TARGET_DIR=$THREADS_TARGET_DIR env $CHECKED \
    wasm-pack test --headless --chrome --release -- --features threads -Z build-std=panic_abort,std \
    --test web --test web_threads --test web_wait
}

test_all() {
  setup
  log "cargo fmt --check"
  cargo fmt --all -- --check
  log "clippy (host, wasm32 plain, wasm32 threads)"
  cargo clippy --all-targets --features threads -- -D warnings
  RUSTFLAGS=$PLAIN_RUSTFLAGS CARGO_TARGET_DIR=$PLAIN_TARGET_DIR \
    cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
  RUSTFLAGS=$THREADS_RUSTFLAGS CARGO_TARGET_DIR=$THREADS_TARGET_DIR \
    cargo clippy --lib --target wasm32-unknown-unknown --features threads \
    -Z build-std=panic_abort,std -- -D warnings
  log "native tests (with the threads feature: rayon on std::thread)"
  env $CHECKED cargo test --release --features threads
  wasm_tests
  build
  log "structure checks (no browser)"
  node --test tests/js/
  log "end-to-end tests (Playwright + Chromium)"
  node --test --test-concurrency=1 tests/e2e/
  log "end-to-end smoke tests in a second browser (puppeteer-core + Firefox ESR)"
  node --test --test-concurrency=1 tests/firefox/
}

bench() {
  setup
  build
  # The Python comparison column: OpenCV in a venv of our own (pip, pinned).
  local venv=target/bench-venv
  if ! "$venv/bin/python" -c 'import cv2, aiohttp' 2>/dev/null; then
    log "installing OpenCV and aiohttp for the Python comparison (target/bench-venv)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      opencv-python-headless==5.0.0.93 aiohttp==3.14.5
  fi
  node bench/run.mjs "$@"
}

screenshots() {
  setup
  build
  SCREENSHOTS_DIR=$ROOT/docs/screenshots node --test --test-concurrency=1 tests/e2e/screenshots.test.mjs
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  setup) setup ;;
  build) setup; build ;;
  serve) serve "$@" ;;
  test) test_all ;;
  bench) bench "$@" ;;
  screenshots) screenshots ;;
  wasm-tests) setup; wasm_tests ;;
  *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
