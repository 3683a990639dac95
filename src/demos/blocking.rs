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

use crate::error::{whole, Error, Result};
use crate::timeline::now_ms;

pub const MAX_MS: u32 = 10_000;
/// How long one slice of the `sliced` loop runs before it yields.
pub const SLICE_MS: f64 = 4.0;

pub fn check(ms: f64, place: &str) -> Result<u32> {
    let ms = whole("ms", ms, 1, MAX_MS)?;
    match place {
        "main" | "sliced" | "worker" => Ok(ms),
        other => Err(Error::Param {
            name: "where",
            expected: "main, sliced or worker".into(),
            got: format!("{other:?}"),
        }),
    }
}

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
    }
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

/// From the frame timestamps painted during `[start, end]`: the longest gap
/// between consecutive frames (the run's edges count as frames) and how many
/// frames of `frame_ms` were dropped in the gaps.
pub fn frame_stats(frames: &[f64], start: f64, end: f64, frame_ms: f64) -> (f64, u32) {
    let mut points: Vec<f64> = frames
        .iter()
        .copied()
        .filter(|t| *t > start && *t < end)
        .collect();
    points.insert(0, start);
    points.push(end);
    let mut longest = 0.0f64;
    let mut dropped = 0u32;
    for pair in points.windows(2) {
        let gap = pair[1] - pair[0];
        longest = longest.max(gap);
        // A gap of n frame periods means n − 1 frames were not painted
        // (half a period of slack for timer jitter).
        dropped += ((gap / frame_ms - 0.5).ceil().max(1.0) - 1.0) as u32;
    }
    (longest, dropped)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn frame_stats_counts_gaps() {
        let frames: Vec<f64> = (1..60).map(|i| i as f64 * 16.0).collect();
        let (longest, dropped) = frame_stats(&frames, 0.0, 960.0, 16.0);
        assert_eq!((longest, dropped), (16.0, 0));
        // Nothing painted for 500 ms: one gap, about 30 frames lost.
        let (longest, dropped) = frame_stats(&[], 0.0, 500.0, 1000.0 / 60.0);
        assert_eq!(longest, 500.0);
        assert_eq!(dropped, 29);
    }

    #[test]
    fn busy_takes_about_as_long_as_asked() {
        let start = now_ms();
        assert!(busy_ms(20.0) > 0);
        let took = now_ms() - start;
        assert!(took >= 20.0, "{took}");
    }

    #[test]
    fn parameters_are_checked_by_name() {
        assert!(check(0.0, "main").unwrap_err().to_string().contains("`ms`"));
        assert!(check(100.0, "gpu")
            .unwrap_err()
            .to_string()
            .contains("`where`"));
        assert_eq!(check(250.0, "sliced"), Ok(250));
    }
}
