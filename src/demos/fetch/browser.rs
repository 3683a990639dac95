//! The browser's side of one request of the fetch demo: the request's
//! options, with an abort signal that fires on timeout or when the run is
//! cancelled; the body read chunk by chunk and abandoned past `max_bytes`;
//! and every failure put into words. The lesson (`lesson.rs`) strings these together.

use super::promise::Settled;
use super::{Problem, Row};
use crate::timeline::{now_ms, Event};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, ReadableStreamDefaultReader, RequestCache, RequestInit, Response};

/// Why a request failed: an exception from the browser, or a problem we found.
pub enum Failure {
    Js(JsValue),
    Said(Problem),
}

impl From<JsValue> for Failure {
    fn from(value: JsValue) -> Failure {
        Failure::Js(value)
    }
}

/// The row to fill in, the request's options (with the signal it listens
/// to: the run's, or its own timeout, whichever fires first), and that
/// timeout alone.
pub fn start(
    index: u32,
    url: &str,
    timeout_ms: u32,
    run: &AbortSignal,
) -> (Row, RequestInit, AbortSignal) {
    let start_ms = now_ms();
    let (init, timeout) = options(start_ms, timeout_ms, run);
    let row = Row {
        url: url.to_string(),
        status: None,
        bytes: 0,
        error: None,
        event: Event {
            lane: index,
            label: url.to_string(),
            start_ms,
            end_ms: start_ms,
            ok: false,
        },
    };
    (row, init, timeout)
}

/// The options the requests of one run started in one window share.
struct Shared {
    run: AbortSignal,
    tick: f64,
    timeout_ms: u32,
    init: RequestInit,
    timeout: AbortSignal,
}

thread_local! {
    static SHARED: std::cell::RefCell<Option<Shared>> = const { std::cell::RefCell::new(None) };
}

/// A request's options and its timeout signal. gather starts its requests
/// all at once (a thousand take 200–600 ms to start here, so a millisecond
/// sees only one or two): made once per window of a thousandth of the
/// timeout (at least a millisecond; 10 ms by default) rather than once per
/// request, they cost a timer and a combined signal per window. The
/// timeout counts from the window's first request and lasts one window
/// longer: none fires early, none later than a thousandth of the timeout.
fn options(start_ms: f64, timeout_ms: u32, run: &AbortSignal) -> (RequestInit, AbortSignal) {
    let window = (timeout_ms / 1000).max(1);
    let tick = (start_ms / f64::from(window)).floor();
    SHARED.with_borrow_mut(|shared| {
        if let Some(s) = shared {
            if s.tick == tick && s.timeout_ms == timeout_ms && s.run == *run {
                return (s.init.clone(), s.timeout.clone());
            }
        }
        let timeout = AbortSignal::timeout_with_u32(timeout_ms.saturating_add(window));
        let init = RequestInit::new();
        init.set_signal(Some(&AbortSignal::any(&Array::of2(run, &timeout))));
        // The lesson measures the network, as aiohttp (which has no cache)
        // does. It also matters for speed: Chromium lets only one request
        // per URL through its HTTP cache at a time, which would turn gather
        // over identical URLs back into a sequence.
        init.set_cache(RequestCache::NoStore);
        let made = (init.clone(), timeout.clone());
        *shared = Some(Shared {
            run: run.clone(),
            tick,
            timeout_ms,
            init,
            timeout,
        });
        made
    })
}

/// `fetch(url)`, up to the response headers.
pub async fn request(url: &str, init: &RequestInit) -> Result<Response, Failure> {
    // `fetch` resolves with a Response or rejects: no need to ask which.
    Ok(Settled::fetch(url, init).await?.unchecked_into())
}

/// Reads the body chunk by chunk into `bytes`, stopping as soon as it
/// passes `max_bytes` (the rest is never downloaded).
pub async fn read_body(
    response: &Response,
    max_bytes: u32,
    bytes: &mut u64,
) -> Result<(), Failure> {
    // A body announced within the cap is read in one piece, as a plain
    // `arrayBuffer()` would: one wake-up instead of one per chunk. `body`
    // (a stream made on first asking) is asked for only to read in chunks.
    let announced = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|n| n <= u64::from(max_bytes)) {
        let buffer = Settled::array_buffer(response).await?;
        *bytes += buffer.unchecked_into::<js_sys::ArrayBuffer>().byte_length() as u64;
        return Ok(());
    }
    let Some(body) = response.body() else {
        return Ok(());
    };
    let reader: ReadableStreamDefaultReader =
        body.get_reader().dyn_into().map_err(JsValue::from)?;
    loop {
        let chunk = Settled::new(&reader.read()).await?;
        let done = Reflect::get(&chunk, &"done".into())
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            return Ok(());
        }
        if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
            *bytes += u64::from(value.unchecked_into::<Uint8Array>().length());
        }
        if *bytes > u64::from(max_bytes) {
            let _ = reader.cancel();
            return Err(Failure::Said(Problem::Cap {
                max: max_bytes,
                read: *bytes,
            }));
        }
    }
}

/// An HTTP error status is a failure of its own row.
pub fn http_ok(response: &Response) -> Result<(), Failure> {
    if response.ok() {
        return Ok(());
    }
    Err(Failure::Said(Problem::Http {
        status: response.status(),
    }))
}

/// What went wrong: cancelled, timed out, a network error or CORS refusal
/// (the browser does not say which), or what the browser said.
pub fn failure(failure: Failure, timed_out: bool, cancelled: bool, timeout_ms: u32) -> Problem {
    let error = match failure {
        Failure::Said(problem) => return problem,
        Failure::Js(e) => e,
    };
    if cancelled {
        return Problem::Cancelled;
    }
    if timed_out {
        return Problem::Timeout { timeout_ms };
    }
    let field = |name: &str| {
        Reflect::get(&error, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let (name, message) = (field("name"), field("message"));
    if name == "TypeError" {
        // The browser reports a network failure and a CORS refusal the same
        // way, on purpose: a page may not learn why it could not read.
        return Problem::Network { detail: message };
    }
    Problem::Other {
        detail: format!("{name}: {message}"),
    }
}
