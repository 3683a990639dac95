//! counter's exports: the check (on the main thread, once per run), one
//! process-style worker's private count, and the run on the rayon pool.

use super::runtime::{checked, event, obj};
use crate::demos::counter::{self, Params};
use crate::error::BACKEND;
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{threads, iterations, variant, backend,
/// expected, shares_memory}`, or an error naming the one at fault.
#[wasm_bindgen]
pub fn counter_check(
    threads: f64,
    iterations: f64,
    variant: &str,
    backend: &str,
    work: f64,
) -> Result<JsValue, JsValue> {
    checked(|| {
        let p = Params::check(threads, iterations, variant, work)?;
        BACKEND.check(backend)?;
        Ok(obj(&[
            ("backend", backend.into()),
            ("threads", p.threads.into()),
            ("iterations", p.iterations.into()),
            ("work", p.work.into()),
            ("variant", variant.into()),
            ("expected", (p.expected() as f64).into()),
            ("shares_memory", p.variant.shares_memory().into()),
        ]))
    })
}

/// One process-style worker's private count (variant `local`): `{value, event}`.
#[wasm_bindgen]
pub fn counter_local(iterations: u32, work: u32, lane: u32, task: u32) -> JsValue {
    let (tally, e) = counter::run_local(iterations, work, lane, task);
    obj(&[
        ("value", (tally.increments as f64).into()),
        ("event", event(&e)),
    ])
}

/// The counter on the rayon pool, parameters as `counter_check` returned
/// them: `{value, expected, lost, events}`.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn counter_threads(
    threads: u32,
    iterations: u32,
    variant: &str,
    work: u32,
) -> Result<JsValue, JsError> {
    let variant = counter::Variant::parse(variant)?;
    let out = counter::run_on_pool(&Params {
        threads,
        iterations,
        variant,
        work,
    });
    Ok(obj(&[
        ("value", (out.value as f64).into()),
        ("expected", (out.expected as f64).into()),
        ("lost", (out.lost as f64).into()),
        ("events", super::runtime::events(&out.events)),
    ]))
}
