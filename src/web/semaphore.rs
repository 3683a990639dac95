//! semaphore's exports: the check, and the run on the wait pool.

use super::runtime::{checked, obj};
use crate::demos::semaphore::Params;
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{tasks, limit, ms, ideal_ms}`.
#[wasm_bindgen]
pub fn semaphore_check(tasks: f64, limit: f64, ms: f64) -> Result<JsValue, JsValue> {
    checked(|| {
        let p = Params::check(tasks, limit, ms)?;
        Ok(obj(&[
            ("tasks", p.tasks.into()),
            ("limit", p.limit.into()),
            ("ms", p.ms.into()),
            ("ideal_ms", p.ideal_ms().into()),
        ]))
    })
}

/// The tasks on the wait pool: `{peak, ran, refused, events}`.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn semaphore_threads(tasks: u32, limit: u32, ms: u32) -> Result<JsValue, JsError> {
    let p = Params { tasks, limit, ms };
    let report = super::waitpool::pool()?.install(|| crate::demos::semaphore::run(&p));
    Ok(obj(&[
        ("peak", report.peak.into()),
        ("ran", report.ran.into()),
        ("refused", report.refused.into()),
        ("events", super::runtime::events(&report.events)),
    ]))
}
