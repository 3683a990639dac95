//! semaphore: the tutorial's `pool_sema` — N tasks started at once, at most
//! `limit` inside their body at a time. `lesson.rs` is the code the page
//! shows; `params.rs` checks what JavaScript passed; `tests.rs` checks the
//! lesson on real threads.

#[cfg(feature = "threads")]
mod lesson;
mod params;
#[cfg(all(test, feature = "threads", not(target_arch = "wasm32")))]
mod tests;

#[cfg(feature = "threads")]
pub use lesson::*;
pub use params::*;
