//! tasks' exports: the check, one job on a process-style worker, and every
//! job as its own task on the rayon pool.

use super::runtime::{checked, event, obj};
use crate::demos::tasks::{self, Params};
use crate::error::BACKEND;
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{tasks, crash (−1: none), mode, backend}`.
#[wasm_bindgen]
pub fn tasks_check(count: f64, crash: f64, mode: &str, backend: &str) -> Result<JsValue, JsValue> {
    checked(|| {
        let p = Params::check(count, crash, mode)?;
        BACKEND.check(backend)?;
        Ok(obj(&[
            ("backend", backend.into()),
            ("tasks", p.tasks.into()),
            ("crash", p.crash.map_or(-1.0, f64::from).into()),
            ("mode", mode.into()),
        ]))
    })
}

/// Task `i` on this instance: `{value, event}`. Panics (a trap) if `i` is
/// `crash`.
#[wasm_bindgen]
pub fn tasks_job(i: u32, lane: u32, crash: i32) -> JsValue {
    let (value, e) = tasks::timed_job(i, lane, u32::try_from(crash).ok());
    obj(&[("value", (value as f64).into()), ("event", event(&e))])
}

/// Every task as its own rayon task: `{values, events}`.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn tasks_threads(count: u32, crash: i32) -> JsValue {
    let (values, events) = tasks::run_on_pool(count, u32::try_from(crash).ok());
    obj(&[
        (
            "values",
            super::runtime::numbers(values.iter().map(|&v| v as f64)),
        ),
        ("events", super::runtime::events(&events)),
    ])
}
