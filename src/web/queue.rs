//! queue's exports: the check, the consumer's tally on a process-style
//! worker, and producer and consumer on the rayon pool.

use super::runtime::{checked, obj};
use crate::demos::queue;
use crate::error::BACKEND;
use wasm_bindgen::prelude::*;

/// Checks every parameter: `{items, variant, backend, batch}`.
#[wasm_bindgen]
pub fn queue_check(
    items: f64,
    variant: &str,
    backend: &str,
    batch: f64,
) -> Result<JsValue, JsValue> {
    checked(|| {
        let (items, _) = queue::check(items, variant)?;
        BACKEND.check(backend)?;
        Ok(obj(&[
            ("items", items.into()),
            ("variant", variant.into()),
            ("backend", backend.into()),
            ("batch", queue::BATCH.check_u32(batch)?.into()),
        ]))
    })
}

/// The consumer's count on a process-style worker (see `queue::Tally`).
#[wasm_bindgen]
#[derive(Default)]
pub struct QueueTally(queue::Tally);

#[wasm_bindgen]
impl QueueTally {
    #[wasm_bindgen(constructor)]
    pub fn new() -> QueueTally {
        QueueTally::default()
    }
    pub fn take(&mut self, item: u32) {
        self.0.take(item);
    }
    /// A whole message's items at once: one call into wasm per message.
    pub fn take_all(&mut self, items: &[u32]) {
        for &item in items {
            self.0.take(item);
        }
    }
    #[wasm_bindgen(getter)]
    pub fn received(&self) -> u32 {
        self.0.received
    }
    #[wasm_bindgen(getter)]
    pub fn in_order(&self) -> bool {
        self.0.in_order
    }
}

/// Producer and consumer on the rayon pool, parameters as `queue_check`
/// returned them: `{received, left, in_order, events}`.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn queue_threads(items: u32, poll_empty: bool) -> JsValue {
    let variant = match poll_empty {
        true => queue::Variant::PollEmpty,
        false => queue::Variant::Close,
    };
    let out = queue::run_on_pool(items, variant);
    obj(&[
        ("received", out.received.into()),
        ("left", out.left.into()),
        ("in_order", out.in_order.into()),
        ("events", super::runtime::events(&out.events)),
    ])
}
