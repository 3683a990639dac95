//! map: `ThreadPoolExecutor(max_workers=W).map(square, numbers)`.
//! `lesson.rs` is the code the page shows; `params.rs` checks what
//! JavaScript passed and holds the deliberately uneven work; `tests.rs`
//! checks the lesson natively.

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
