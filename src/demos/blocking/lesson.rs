//! blocking: "don't block the event loop". A CPU-bound loop of D ms runs
//! while a ticker animates on the main thread, in one of three places:
//! - `main`: on the main thread, in one piece — every frame in between is
//!   lost (Python: `time.sleep` inside a coroutine stalls the whole loop);
//! - `sliced`: on the main thread in ~4 ms slices, yielding to the event loop
//!   after each (Python: `await asyncio.sleep(0)` between chunks);
//! - `worker`: in a Web Worker, off the main thread entirely (Python: a
//!   process pool, `loop.run_in_executor`).
//!
//! The frames the ticker painted tell the result: the longest gap between
//! two frames and how many frames were dropped.

use crate::timeline::now_ms;

/// How long one slice of the `sliced` loop runs before it yields.
pub const SLICE_MS: f64 = 4.0;

/// Busy work for `ms` milliseconds of wall time; returns how many rounds ran
/// (so the work cannot be optimised away).
pub fn busy_ms(ms: f64) -> u64 {
    let end = now_ms() + ms;
    let mut rounds = 0u64;
    let mut x = 1u64;
    while now_ms() < end {
        for _ in 0..1_000 {
            x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
        }
        rounds += 1;
    } // <- nothing else on this thread runs until the loop ends
    rounds
}

/// The same work in slices of [`SLICE_MS`], yielding to the event loop
/// between slices so the page can paint.
#[cfg(target_arch = "wasm32")]
pub async fn sliced_ms(ms: f64) -> u64 {
    let end = now_ms() + ms;
    let mut rounds = 0;
    while now_ms() < end {
        rounds += busy_ms(SLICE_MS.min(end - now_ms()).max(0.0));
        gloo_timers::future::TimeoutFuture::new(0).await; // <- let the page paint
    }
    rounds
}
