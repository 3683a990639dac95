//! counter: T threads each add 1 to one shared counter I times — Python's
//! `threading` + `Lock` lesson. `lesson.rs` is the code the page shows (the
//! thread body, then how the threads are started and joined); `params.rs`
//! checks what JavaScript passed; `tests.rs` checks the lesson on real threads.

// The plain wasm build has no threads: the thread-starting half of the lesson
// is compiled out there, and what only it calls would look unused.
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "threads")),
    allow(dead_code, unused_imports)
)]
mod lesson;
mod params;
// Native tests: they run the lesson on `std::thread` and a virtual clock.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use lesson::*;
pub use params::*;
