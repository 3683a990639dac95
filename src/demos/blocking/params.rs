//! blocking's parameters (limits and defaults, read by the page too), the
//! check, and the measurement: what the painted frames say about the run.

use crate::error::{Choice, Result, Spec, Whole};

pub const MS: Whole = Whole {
    name: "ms",
    min: 1,
    max: 10_000,
    default: 500,
};
pub const WHERE: Choice = Choice {
    name: "where",
    options: &["main", "sliced", "worker"],
    default: "main",
};
pub const SPECS: &[Spec] = &[Spec::Choice(WHERE), Spec::Whole(MS)];

pub fn check(ms: f64, place: &str) -> Result<u32> {
    WHERE.check(place)?;
    MS.check_u32(ms)
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
