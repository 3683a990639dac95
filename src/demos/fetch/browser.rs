//! The browser's side of one request of the fetch demo: the request's
//! options, with an abort signal that fires on timeout or when the run is
//! cancelled; the body, read with the response when its announced length is
//! within `max_bytes`, and otherwise chunk by chunk and abandoned past it;
//! and every failure put into words. The lesson (`lesson.rs`) strings these together.

use super::promise::Settled;
use super::{Problem, Row};
use crate::timeline::{now_ms, Event};
use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
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

/// What a request is made with: the browser's options, with the signal it
/// listens to (the run's, or its own timeout, whichever fires first), and
/// the cap on its body.
pub struct Options {
    init: RequestInit,
    max_bytes: u32,
}

/// A response, and its body (or why it could not be read) when `request`
/// read it already.
pub struct Reply {
    response: Response,
    read: Option<Result<ArrayBuffer, JsValue>>,
}

impl std::ops::Deref for Reply {
    type Target = Response;

    fn deref(&self) -> &Response {
        &self.response
    }
}

/// The row to fill in, the request's options, and its timeout alone.
pub fn start(
    index: u32,
    url: &str,
    timeout_ms: u32,
    max_bytes: u32,
    run: &AbortSignal,
) -> (Row, Options, AbortSignal) {
    let start_ms = now_ms();
    let (init, timeout) = options(start_ms, timeout_ms, run);
    let options = Options { init, max_bytes };
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
    (row, options, timeout)
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

/// `fetch(url)`, up to the response headers, and the body too when the
/// headers announce it within the cap (`promise.rs` says why here).
pub async fn request(url: &str, options: &Options) -> Result<Reply, Failure> {
    // Resolves with `[response, read?, body or error]`, or rejects: no need
    // to ask what the browser handed over.
    let reply: Array = Settled::fetch(url, &options.init, options.max_bytes)
        .await?
        .unchecked_into();
    let read = reply.get(1).as_bool().map(|read| {
        if read {
            Ok(reply.get(2).unchecked_into())
        } else {
            Err(reply.get(2))
        }
    });
    Ok(Reply {
        response: reply.get(0).unchecked_into(),
        read,
    })
}

/// Counts the body into `bytes`: the one `request` read, or else read
/// chunk by chunk, stopping as soon as it passes the cap (the rest is
/// never downloaded).
pub async fn read_body(reply: &Reply, options: &Options, bytes: &mut u64) -> Result<(), Failure> {
    let max_bytes = options.max_bytes;
    // A length is announced, not promised (a service worker may send any
    // body with any header): what was read is held to the cap all the same.
    let within = |bytes: u64| {
        if bytes <= u64::from(max_bytes) {
            return Ok(());
        }
        Err(Failure::Said(Problem::Cap {
            max: max_bytes,
            read: bytes,
        }))
    };
    if let Some(read) = &reply.read {
        *bytes += u64::from(read.as_ref().map_err(Clone::clone)?.byte_length());
        return within(*bytes);
    }
    let Some(body) = reply.body() else {
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
        if let Err(cap) = within(*bytes) {
            let _ = reader.cancel();
            return Err(cap);
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
