//! condition: a bounded buffer between producers and consumers on one
//! `Mutex` and its `Condvar` — `threading.Condition`. `lesson.rs` is the code
//! the page shows; `params.rs` checks what JavaScript passed and holds the
//! tallies; `tests.rs` checks the lesson on real threads.

#[cfg(feature = "threads")]
mod lesson;
mod params;
#[cfg(all(test, feature = "threads", not(target_arch = "wasm32")))]
mod tests;

#[cfg(feature = "threads")]
pub use lesson::*;
pub use params::*;
