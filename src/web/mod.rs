//! The `#[wasm_bindgen]` shell: one file per demo, each only turning plain
//! JavaScript values into the demo's checked parameters and its results into
//! plain objects, and `runtime` for what every demo shares.

pub mod blocking;
pub mod condition;
pub mod counter;
pub mod fetch;
pub mod grayscale;
pub mod map;
pub mod pipe;
pub mod queue;
pub mod runtime;
pub mod semaphore;
pub mod tasks;
#[cfg(feature = "threads")]
pub mod waitpool;
