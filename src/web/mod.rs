//! The `#[wasm_bindgen]` shell: one file per demo, each only turning plain
//! JavaScript values into the demo's checked parameters and its results into
//! plain objects, and `runtime` for what every demo shares.

pub mod blocking;
pub mod counter;
pub mod fetch;
pub mod grayscale;
pub mod map;
pub mod queue;
pub mod runtime;
pub mod tasks;
