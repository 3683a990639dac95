//! map's exports: the check, one item on a process-style worker, and the
//! executor on the rayon pool.

use super::runtime::{checked, event, obj};
use crate::demos::map::{self, Params};
use crate::error::BACKEND;
use crate::timeline::Event;
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{workers, n, backend, max_item_events}`.
#[wasm_bindgen]
pub fn map_check(workers: f64, n: f64, backend: &str) -> Result<JsValue, JsValue> {
    checked(|| {
        let p = Params::check(workers, n)?;
        BACKEND.check(backend)?;
        Ok(obj(&[
            ("backend", backend.into()),
            ("workers", p.workers.into()),
            ("n", p.n.into()),
            ("max_item_events", map::MAX_ITEM_EVENTS.into()),
        ]))
    })
}

/// One item on a process-style worker: `{value, event}`.
#[wasm_bindgen]
pub fn map_square(x: u32, lane: u32) -> JsValue {
    let (value, e) = Event::timed(lane, format!("square({x})"), || map::square(x));
    obj(&[("value", (value as f64).into()), ("event", event(&e))])
}

/// `Executor.map` on the rayon pool: `{values, finished, events}`.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn map_threads(workers: u32, n: u32) -> JsValue {
    let out = map::run_on_pool(&Params { workers, n });
    obj(&[
        (
            "values",
            super::runtime::numbers(out.values.iter().map(|&v| v as f64)),
        ),
        (
            "finished",
            super::runtime::numbers(out.finished.iter().map(|&v| f64::from(v))),
        ),
        ("events", super::runtime::events(&out.events)),
    ])
}
