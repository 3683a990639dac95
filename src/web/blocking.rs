//! blocking's exports: the check, the work in one piece and in slices, and
//! the measurement of the frames painted meanwhile.

use super::runtime::{checked, obj};
use crate::demos::blocking;
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{ms, where}`.
#[wasm_bindgen]
pub fn blocking_check(ms: f64, place: &str) -> Result<JsValue, JsValue> {
    checked(|| {
        let ms = blocking::check(ms, place)?;
        Ok(obj(&[("ms", ms.into()), ("where", place.into())]))
    })
}

/// Busy work for `ms` milliseconds, in one piece (blocks this thread).
#[wasm_bindgen]
pub fn blocking_busy(ms: f64) -> f64 {
    blocking::busy_ms(ms) as f64
}

/// The same work in slices that yield to the event loop.
#[wasm_bindgen]
pub async fn blocking_sliced(ms: f64) -> f64 {
    blocking::sliced_ms(ms).await as f64
}

/// `{longest_gap_ms, dropped_frames}` from frame timestamps.
#[wasm_bindgen]
pub fn blocking_frames(frames: Vec<f64>, start: f64, end: f64, frame_ms: f64) -> JsValue {
    let (longest, dropped) = blocking::frame_stats(&frames, start, end, frame_ms);
    obj(&[
        ("longest_gap_ms", longest.into()),
        ("dropped_frames", dropped.into()),
    ])
}
