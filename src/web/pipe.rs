//! pipe's exports: the check, and the threads' ping-pong on the wait pool.
//! The processes' ping-pong is JavaScript (www/demos/pipe.js): a
//! MessageChannel's two ports, one in each worker.

use super::runtime::{checked, obj};
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{rounds}`.
#[wasm_bindgen]
pub fn pipe_check(rounds: f64) -> Result<JsValue, JsValue> {
    checked(|| {
        Ok(obj(&[(
            "rounds",
            crate::demos::pipe::check(rounds)?.into(),
        )]))
    })
}

/// Two threads of the wait pool play `rounds` round trips:
/// `{answered, pinged, round_trip_us, events}`.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn pipe_threads(rounds: u32) -> Result<JsValue, JsError> {
    let report = super::waitpool::pool()?.install(|| crate::demos::pipe::ping_pong(rounds));
    Ok(obj(&[
        ("answered", report.answered.into()),
        ("pinged", report.pinged.into()),
        ("round_trip_us", report.round_trip_us(rounds).into()),
        ("events", super::runtime::events(&report.events)),
    ]))
}
