//! condition's exports: the check, and the run on the wait pool.

use super::runtime::{checked, obj};
use crate::demos::condition::Params;
#[cfg(feature = "threads")]
use crate::demos::condition::Tally;
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{producers, consumers, capacity, items, variant}`.
#[wasm_bindgen]
pub fn condition_check(
    producers: f64,
    consumers: f64,
    capacity: f64,
    items: f64,
    variant: &str,
) -> Result<JsValue, JsValue> {
    checked(|| {
        let p = Params::check(producers, consumers, capacity, items, variant)?;
        Ok(obj(&[
            ("producers", p.producers.into()),
            ("consumers", p.consumers.into()),
            ("capacity", p.capacity.into()),
            ("items", p.items.into()),
            ("variant", variant.into()),
        ]))
    })
}

#[cfg(feature = "threads")]
fn tally(t: &Tally) -> JsValue {
    obj(&[
        ("items", (t.items as f64).into()),
        ("sum", (t.sum as f64).into()),
        ("waited", (t.waited as f64).into()),
        ("took_from_empty", (t.took_from_empty as f64).into()),
        ("overfilled", (t.overfilled as f64).into()),
    ])
}

/// The producers and consumers on the wait pool: `{sent, received, events}`.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn condition_threads(
    producers: u32,
    consumers: u32,
    capacity: u32,
    items: u32,
    variant: &str,
) -> Result<JsValue, JsError> {
    let p = Params::check(
        producers.into(),
        consumers.into(),
        capacity.into(),
        items.into(),
        variant,
    )?;
    let report = super::waitpool::pool()?.install(|| crate::demos::condition::run(&p));
    Ok(obj(&[
        ("sent", tally(&report.sent)),
        ("received", tally(&report.received)),
        ("events", super::runtime::events(&report.events)),
    ]))
}
