//! Concurrency Playground: Python's three concurrency models, run for real in
//! the browser.
//!
//! A pure Rust core with a thin `#[wasm_bindgen]` shell:
//!
//! - `demos/<name>/`: one folder per demo. `lesson.rs` in each is the code the
//!   page shows beside the result (read top to bottom: the thread, task or
//!   future bodies, then how they are started and joined); the files beside
//!   it check parameters, hold codecs and tests. `demos/mod.rs` lists them.
//! - `web/`: the exports JavaScript calls, one file per demo, and the shared
//!   runtime (panic hook, clock, memory, sources, parameter specs).
//! - `error`, `timeline`: the error type and parameter specs; the one event
//!   record every demo returns and the clock all workers share.
//! - `bench`: kernel timings for `./build.sh bench`.
//!
//! It is built twice (see `build.sh`): plain `wasm32` (`www/pkg/`) for the
//! main thread and every process-style worker, each with its own instance and
//! memory; and with feature `threads`, atomics and shared memory
//! (`www/pkg-threads/`), loaded in one coordinator Worker whose rayon pool
//! runs on Web Workers that share one `WebAssembly.Memory`.

// The page promises the SIMD kernel; a wasm build without it is a build
// mistake (.cargo/config.toml sets it for the plain build, build.sh for the
// threads build).
#[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
compile_error!("build wasm with -C target-feature=+simd128 (.cargo/config.toml sets it)");

pub mod bench;
pub mod demos;
pub mod error;
pub mod timeline;
#[cfg(target_arch = "wasm32")]
pub mod web;
