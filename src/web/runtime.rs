//! What every demo's exports share: the one way results become JavaScript
//! objects (`obj` and the event helpers), the shared clock, the memory size,
//! the panic hook that announces a crash, the sources the page shows, and
//! each demo's parameter specs (limits and defaults, written once in Rust).

use crate::demos;
use crate::error::{Error, Spec};
use crate::timeline::{self, Event};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// A plain object from `(key, value)` pairs: the one way this crate builds
/// the objects it hands to JavaScript.
pub fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in fields {
        // Setting a fresh plain object's own data property cannot fail.
        let _ = Reflect::set(&out, &(*key).into(), value);
    }
    out.into()
}

/// A JavaScript `Error` for `e`: its message in words, and its stable `code`
/// and `args` (an object of the values the message is made of), so the page
/// can word it in the reader's language and a script need not parse words.
/// (`JsError` carries a message only, so the checks return this instead.)
pub fn error(e: Error) -> JsValue {
    let out = js_sys::Error::new(&e.to_string());
    let _ = Reflect::set(&out, &"code".into(), &e.code().into());
    let _ = Reflect::set(&out, &"args".into(), &error_args(&e));
    out.into()
}

/// An error's arguments as a plain object, for the page to word it.
pub fn error_args(e: &Error) -> JsValue {
    args_object(e.args())
}

/// Named words (an error's or a row's arguments) as a plain object.
pub fn args_object(args: Vec<(&'static str, String)>) -> JsValue {
    let out = Object::new();
    for (key, value) in args {
        let _ = Reflect::set(&out, &key.into(), &value.into());
    }
    out.into()
}

/// Runs a demo's check, turning its error into [`error`]'s `Error`.
pub fn checked(check: impl FnOnce() -> Result<JsValue, Error>) -> Result<JsValue, JsValue> {
    check().map_err(error)
}

/// An event in the result shape: `{lane, label, start_ms, end_ms, ok}`.
pub fn event(e: &Event) -> JsValue {
    obj(&[
        ("lane", e.lane.into()),
        ("label", e.label.as_str().into()),
        ("start_ms", e.start_ms.into()),
        ("end_ms", e.end_ms.into()),
        ("ok", e.ok.into()),
    ])
}

pub fn events(events: &[Event]) -> JsValue {
    events.iter().map(event).collect::<Array>().into()
}

/// Bytes copied into a fresh (never shared) buffer: `ImageData` and a
/// `postMessage` transfer both need one.
pub fn bytes(bytes: &[u8]) -> JsValue {
    let out = Uint8Array::new_with_length(bytes.len() as u32);
    out.copy_from(bytes);
    out.into()
}

/// Numbers as a plain array (u64 counts fit an f64 exactly below 2^53).
pub fn numbers(values: impl IntoIterator<Item = f64>) -> JsValue {
    values
        .into_iter()
        .map(JsValue::from)
        .collect::<Array>()
        .into()
}

/// The shared clock, in milliseconds (see `timeline`).
#[wasm_bindgen]
pub fn now_ms() -> f64 {
    timeline::now_ms()
}

/// Bytes of this instance's linear memory; in the threads build every
/// thread shares it. Wasm memory only grows, so growth across runs is a leak.
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}

/// The demos' names, in the page's order.
#[wasm_bindgen]
pub fn demo_names() -> Vec<String> {
    demos::DEMOS.iter().map(|d| d.name.to_string()).collect()
}

fn demo(name: &str) -> Result<&'static demos::Demo, JsError> {
    demos::find(name).ok_or_else(|| JsError::new(&format!("no demo named `{name}`")))
}

/// `{rust, python}` for a demo: the lesson compiled into this module and our
/// Python program, or an error naming the unknown demo.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen]
pub fn source(name: &str) -> Result<JsValue, JsError> {
    let d = demo(name)?;
    Ok(obj(&[("rust", d.rust.into()), ("python", d.python.into())]))
}

/// A demo's parameters as the page's controls need them, in order:
/// `{name, kind: 'whole', min, max, default}` or
/// `{name, kind: 'choice', options, default}`.
#[wasm_bindgen]
pub fn param_specs(name: &str) -> Result<JsValue, JsError> {
    let specs: Array = demo(name)?
        .specs
        .iter()
        .map(|spec| match spec {
            Spec::Whole(w) => obj(&[
                ("name", w.name.into()),
                ("kind", "whole".into()),
                ("min", (w.min as f64).into()),
                ("max", (w.max as f64).into()),
                ("default", (w.default as f64).into()),
            ]),
            Spec::Choice(c) => obj(&[
                ("name", c.name.into()),
                ("kind", "choice".into()),
                (
                    "options",
                    c.options
                        .iter()
                        .map(|o| JsValue::from(*o))
                        .collect::<Array>()
                        .into(),
                ),
                ("default", c.default.into()),
            ]),
        })
        .collect();
    Ok(specs.into())
}

/// Where a panic on any thread of this instance is announced: a
/// BroadcastChannel the page listens on. In the threads build a panic
/// aborts its rayon thread and the job it belonged to never finishes; the
/// page hears of it here and stops the run at once instead of at its
/// deadline. Statics live in the shared memory, so one call covers every
/// thread of the pool.
#[wasm_bindgen]
pub fn report_panics_to(channel: String) {
    static CHANNEL: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());
    static HOOK: std::sync::Once = std::sync::Once::new();
    *CHANNEL.lock().unwrap_or_else(|p| p.into_inner()) = channel;
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let name = CHANNEL.lock().map(|c| c.clone()).unwrap_or_default();
            if let Ok(channel) = web_sys::BroadcastChannel::new(&name) {
                let payload = info.payload();
                let what = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("a panic");
                let message = match info.location() {
                    Some(at) => format!("{what} (at {}:{})", at.file(), at.line()),
                    None => what.to_string(),
                };
                let _ = channel.post_message(&JsValue::from_str(&message));
            }
        }));
    });
}

/// Milliseconds per repetition of one kernel (see `bench`).
#[wasm_bindgen]
pub fn bench_kernel(kernel: &str, width: u32, height: u32, reps: u32) -> Result<Vec<f64>, JsError> {
    Ok(crate::bench::kernel(kernel, width, height, reps)?)
}

/// Milliseconds per repetition of the split kernel on the rayon pool.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub fn bench_threads(
    width: u32,
    height: u32,
    workers: u32,
    reps: u32,
) -> Result<Vec<f64>, JsError> {
    Ok(crate::bench::threads(width, height, workers, reps)?)
}
