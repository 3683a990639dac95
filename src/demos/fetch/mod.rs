//! fetch: `asyncio.gather` over `aiohttp` downloads, on the page's own event
//! loop. `lesson.rs` is the code the page shows (how requests are started,
//! limited and joined, and one request); `browser.rs` is the browser's side
//! of one request (the body read under a cap, failures in words);
//! `promise.rs` awaits the browser's promises and makes its calls off the
//! wasm stack; `params.rs` checks what JavaScript passed; `tests.rs` drives the
//! scheduling natively on a virtual clock.

#[cfg(target_arch = "wasm32")]
pub mod browser;
mod lesson;
mod params;
#[cfg(target_arch = "wasm32")]
pub mod promise;
// Native tests: they run the lesson on `std::thread` and a virtual clock.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use lesson::*;
pub use params::*;
