//! blocking: "don't block the event loop". `lesson.rs` is the code the page
//! shows (the work, in one piece and in slices that yield); `params.rs`
//! checks what JavaScript passed and measures the frames the page painted;
//! `tests.rs` checks both natively.

mod lesson;
mod params;
// Native tests: they run the lesson on `std::thread` and a virtual clock.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use lesson::*;
pub use params::*;
