//! pipe: `multiprocessing.Pipe` — a ping-pong between two processes (the two
//! ports of one MessageChannel, in the JavaScript tab) beside the same
//! ping-pong between two threads over shared memory. `lesson.rs` is the code
//! the page shows; `params.rs` checks what JavaScript passed; `tests.rs`
//! checks the lesson on real threads.

#[cfg(feature = "threads")]
mod lesson;
mod params;
#[cfg(all(test, feature = "threads", not(target_arch = "wasm32")))]
mod tests;

#[cfg(feature = "threads")]
pub use lesson::*;
pub use params::*;
