//! fetch: `asyncio.gather` over `aiohttp` downloads, on the page's own event
//! loop.
//!
//! Three ways to run the same requests: `sequential` (await one after
//! another), `gather` (start all, join them) and `limited` (at most `limit`
//! in flight — `asyncio.Semaphore(limit)`; here the futures crate's
//! `buffer_unordered`). Results keep input order in every mode. Each
//! request's failure — bad URL, refused scheme, HTTP error, network error or
//! CORS refusal, timeout, a body over the size cap — is its own row and
//! never stops the others. The scheduling is generic over how one request
//! is made, so native tests drive it with a virtual clock.

use crate::error::{whole, Error, Result};
use crate::timeline::Event;
use futures::stream::{self, StreamExt};
use std::future::Future;

pub const MAX_REQUESTS: u32 = 5_000;
pub const MAX_DELAY_MS: u32 = 60_000;
pub const MAX_SIM_BYTES: u32 = 16 * 1024 * 1024;
pub const MAX_LIMIT: u32 = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Sequential,
    Gather,
    Limited(u32),
}

impl Mode {
    pub fn parse(name: &str, limit: f64) -> Result<Mode> {
        match name {
            "sequential" => Ok(Mode::Sequential),
            "gather" => Ok(Mode::Gather),
            "limited" => Ok(Mode::Limited(whole("limit", limit, 1, MAX_LIMIT)?)),
            other => Err(Error::Param {
                name: "mode",
                expected: "sequential, gather or limited".into(),
                got: format!("{other:?}"),
            }),
        }
    }

    /// How many requests may be in flight at once.
    pub fn width(self, requests: usize) -> usize {
        match self {
            Mode::Sequential => 1,
            Mode::Gather => requests.max(1),
            Mode::Limited(k) => k as usize,
        }
    }
}

/// One finished request: the result row of the demo.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub url: String,
    pub status: Option<u16>,
    pub bytes: u64,
    pub error: Option<String>,
    pub event: Event,
}

/// Runs `fetch(i)` for every request `0..n` as `mode` says; rows in input order.
pub async fn run_all<F, Fut>(n: usize, mode: Mode, fetch: F) -> Vec<Row>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Row>,
{
    let mut rows: Vec<Option<Row>> = (0..n).map(|_| None).collect();
    let width = mode.width(n);
    let mut done = stream::iter(0..n)
        .map(|i| {
            let request = fetch(i);
            async move { (i, request.await) }
        })
        .buffer_unordered(width); // <- at most `width` in flight
    while let Some((i, row)) = done.next().await {
        rows[i] = Some(row); // <- input order
    }
    rows.into_iter().flatten().collect()
}

/// The shortest possible time for requests of `delays_ms` in `mode`: each
/// new request starts on whichever of the `width` slots frees first.
pub fn ideal_ms(delays_ms: &[f64], mode: Mode) -> f64 {
    let mut slots = vec![0.0f64; mode.width(delays_ms.len()).min(delays_ms.len().max(1))];
    for &d in delays_ms {
        if let Some(first_free) = slots.iter_mut().min_by(|a, b| a.total_cmp(b)) {
            *first_free += d;
        }
    }
    slots.into_iter().fold(0.0, f64::max)
}

/// A URL of the built-in latency endpoint, relative to the page.
pub fn sim_url(ms: u32, bytes: u32) -> String {
    format!("sim/delay?ms={ms}&bytes={bytes}")
}

/// Checks a URL before any request: it must parse (relative to `base`) and
/// use a scheme that can be fetched; `javascript:`, `file:` and the like are
/// refused with a reason.
pub fn check_url(raw: &str, base: &str) -> std::result::Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("empty URL".into());
    }
    let base =
        url::Url::parse(base).map_err(|e| format!("the page's own address is unusable ({e})"))?;
    let url = base
        .join(raw)
        .map_err(|e| format!("not a valid URL ({e})"))?;
    match url.scheme() {
        "http" | "https" | "data" | "blob" => Ok(url.into()),
        "javascript" => Err("javascript: URLs run code; they are never fetched".into()),
        "file" => Err("file: URLs cannot be fetched by a web page".into()),
        other => Err(format!(
            "the {other}: scheme cannot be fetched (only http, https, data and blob)"
        )),
    }
}

/// Checked parameters of a run of simulated requests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimParams {
    pub count: u32,
    pub ms: u32,
    pub bytes: u32,
}

impl SimParams {
    pub fn check(count: f64, ms: f64, bytes: f64) -> Result<SimParams> {
        Ok(SimParams {
            count: whole("count", count, 1, MAX_REQUESTS)?,
            ms: whole("ms", ms, 0, MAX_DELAY_MS)?,
            bytes: whole("bytes", bytes, 0, MAX_SIM_BYTES)?,
        })
    }
}

/// `timeout_ms` and `max_bytes`, checked.
pub fn check_limits(timeout_ms: f64, max_bytes: f64) -> Result<(u32, u32)> {
    Ok((
        whole("timeout_ms", timeout_ms, 1, 600_000)?,
        whole("max_bytes", max_bytes, 1, u32::MAX)?,
    ))
}

/// One request in the browser: `fetch` with an abort signal that fires on
/// timeout or when the run is cancelled, then the body read chunk by chunk,
/// stopping as soon as it passes `max_bytes`.
#[cfg(target_arch = "wasm32")]
pub mod browser {
    use super::Row;
    use crate::timeline::{now_ms, Event};
    use js_sys::{Array, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{
        AbortSignal, ReadableStreamDefaultReader, Request, RequestCache, RequestInit, Response,
    };

    fn global_fetch(request: &Request) -> std::result::Result<js_sys::Promise, String> {
        let global = js_sys::global();
        if let Some(window) = global.dyn_ref::<web_sys::Window>() {
            Ok(window.fetch_with_request(request))
        } else if let Some(worker) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
            Ok(worker.fetch_with_request(request))
        } else {
            Err("this context has no fetch".into())
        }
    }

    fn describe(error: &JsValue, timed_out: bool, cancelled: bool, timeout_ms: u32) -> String {
        if cancelled {
            return "cancelled".into();
        }
        if timed_out {
            return format!("timed out after {timeout_ms} ms (aborted with an AbortController)");
        }
        let name = Reflect::get(error, &"name".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let message = Reflect::get(error, &"message".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        if name == "TypeError" {
            // The browser reports a network failure and a CORS refusal the
            // same way, on purpose: a page may not learn why it could not read.
            return format!(
                "network error or CORS refusal ({message}). CORS: a page may read a response \
                 from another origin only if that server allows it with an \
                 Access-Control-Allow-Origin header; the browser does not say which it was"
            );
        }
        format!("{name}: {message}")
    }

    /// Fetches `url` as request `index` of the run.
    pub async fn fetch_one(
        index: u32,
        url: &str,
        timeout_ms: u32,
        max_bytes: u32,
        run: &AbortSignal,
    ) -> Row {
        let start_ms = now_ms();
        let timeout = AbortSignal::timeout_with_u32(timeout_ms);
        let signal = AbortSignal::any(&Array::of2(run, &timeout));
        let mut row = Row {
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
        let result = fetch_and_read(url, &signal, max_bytes, &mut row).await;
        if let Err(error) = result {
            row.error = Some(match error {
                Failure::Js(e) => describe(&e, timeout.aborted(), run.aborted(), timeout_ms),
                Failure::Said(s) => s,
            });
        }
        row.event.end_ms = now_ms();
        row.event.ok = row.error.is_none();
        row
    }

    enum Failure {
        Js(JsValue),
        Said(String),
    }

    async fn fetch_and_read(
        url: &str,
        signal: &AbortSignal,
        max_bytes: u32,
        row: &mut Row,
    ) -> std::result::Result<(), Failure> {
        let init = RequestInit::new();
        init.set_signal(Some(signal));
        // The lesson measures the network, as aiohttp (which has no cache)
        // does. It also matters for speed: Chromium lets only one request
        // per URL through its HTTP cache at a time, which would turn gather
        // over identical URLs back into a sequence.
        init.set_cache(RequestCache::NoStore);
        let request = Request::new_with_str_and_init(url, &init).map_err(Failure::Js)?;
        let promise = global_fetch(&request).map_err(Failure::Said)?;
        let response: Response = JsFuture::from(promise)
            .await
            .map_err(Failure::Js)?
            .dyn_into()
            .map_err(Failure::Js)?;
        row.status = Some(response.status());
        if let Some(body) = response.body() {
            let reader: ReadableStreamDefaultReader = body
                .get_reader()
                .dyn_into()
                .map_err(|o| Failure::Js(o.into()))?;
            loop {
                let chunk = JsFuture::from(reader.read()).await.map_err(Failure::Js)?;
                let done = Reflect::get(&chunk, &"done".into())
                    .map(|d| d.is_truthy())
                    .unwrap_or(true);
                if done {
                    break;
                }
                if let Ok(value) = Reflect::get(&chunk, &"value".into()) {
                    row.bytes += u64::from(value.unchecked_into::<Uint8Array>().length());
                }
                if row.bytes > u64::from(max_bytes) {
                    // Stop reading: the rest is never downloaded.
                    let _ = reader.cancel();
                    return Err(Failure::Said(format!(
                        "response larger than the cap of {max_bytes} bytes; stopped reading after {}",
                        row.bytes
                    )));
                }
            }
        }
        if !response.ok() {
            let text = response.status_text();
            return Err(Failure::Said(
                format!("HTTP {} {}", response.status(), text.trim())
                    .trim_end()
                    .to_string(),
            ));
        }
        Ok(())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use futures::executor::LocalPool;
    use futures::task::LocalSpawnExt;
    use std::cell::{Cell, RefCell};
    use std::pin::Pin;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    /// A clock the test moves by hand: sleeps finish when it says so.
    #[derive(Default)]
    struct Clock {
        now: Cell<f64>,
        timers: RefCell<Vec<(f64, Waker)>>,
        in_flight: Cell<u32>,
        max_in_flight: Cell<u32>,
    }

    struct Sleep {
        clock: Rc<Clock>,
        until: f64,
    }

    impl Future for Sleep {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.clock.now.get() >= self.until {
                Poll::Ready(())
            } else {
                self.clock
                    .timers
                    .borrow_mut()
                    .push((self.until, cx.waker().clone()));
                Poll::Pending
            }
        }
    }

    /// Runs `requests` (delay in ms, or an error) in `mode`; returns the rows
    /// and the virtual time it took.
    fn simulate(requests: &[std::result::Result<f64, &str>], mode: Mode) -> (Vec<Row>, f64, u32) {
        let clock = Rc::new(Clock::default());
        let out = Rc::new(RefCell::new(None));
        let mut pool = LocalPool::new();
        let (c, o) = (Rc::clone(&clock), Rc::clone(&out));
        let requests: Vec<_> = requests.iter().map(|r| r.map_err(String::from)).collect();
        pool.spawner()
            .spawn_local(async move {
                let rows = run_all(requests.len(), mode, |i| {
                    let clock = Rc::clone(&c);
                    let request = requests[i].clone();
                    async move {
                        let start_ms = clock.now.get();
                        clock.in_flight.set(clock.in_flight.get() + 1);
                        clock
                            .max_in_flight
                            .set(clock.max_in_flight.get().max(clock.in_flight.get()));
                        let delay = *request.as_ref().unwrap_or(&10.0);
                        Sleep {
                            clock: Rc::clone(&clock),
                            until: start_ms + delay,
                        }
                        .await;
                        clock.in_flight.set(clock.in_flight.get() - 1);
                        Row {
                            url: format!("req{i}"),
                            status: request.is_ok().then_some(200),
                            bytes: 0,
                            error: request.err(),
                            event: Event {
                                lane: i as u32,
                                label: String::new(),
                                start_ms,
                                end_ms: clock.now.get(),
                                ok: true,
                            },
                        }
                    }
                })
                .await;
                *o.borrow_mut() = Some(rows);
            })
            .expect("spawn");
        loop {
            pool.run_until_stalled();
            let next = clock
                .timers
                .borrow()
                .iter()
                .map(|t| t.0)
                .fold(f64::INFINITY, f64::min);
            if !next.is_finite() {
                break;
            }
            clock.now.set(next);
            let due: Vec<Waker> = {
                let mut timers = clock.timers.borrow_mut();
                let (due, rest): (Vec<_>, Vec<_>) = timers.drain(..).partition(|t| t.0 <= next);
                *timers = rest;
                due.into_iter().map(|t| t.1).collect()
            };
            due.into_iter().for_each(Waker::wake);
        }
        let rows = out.borrow_mut().take().expect("run finished");
        (rows, clock.now.get(), clock.max_in_flight.get())
    }

    #[test]
    fn gather_overlaps_sequential_does_not() {
        let reqs: Vec<_> = (0..20).map(|_| Ok(100.0)).collect();
        assert_eq!(simulate(&reqs, Mode::Sequential).1, 2000.0);
        assert_eq!(simulate(&reqs, Mode::Gather).1, 100.0);
        assert_eq!(simulate(&reqs, Mode::Limited(5)).1, 400.0);
    }

    #[test]
    fn limited_never_exceeds_its_limit_and_matches_the_ideal() {
        let reqs: Vec<_> = (0..37)
            .map(|i| Ok(10.0 + (i * 37 % 11) as f64 * 7.0))
            .collect();
        let delays: Vec<f64> = reqs.iter().map(|r| *r.as_ref().unwrap_or(&0.0)).collect();
        for k in [1u32, 2, 3, 5, 8, 100] {
            let (rows, took, max) = simulate(&reqs, Mode::Limited(k));
            assert!(max <= k, "{max} in flight with limit {k}");
            assert_eq!(rows.len(), 37);
            assert_eq!(took, ideal_ms(&delays, Mode::Limited(k)), "limit {k}");
        }
        assert_eq!(simulate(&reqs, Mode::Sequential).2, 1);
    }

    #[test]
    fn results_keep_input_order_and_one_failure_does_not_fail_the_rest() {
        // Later requests finish first; request 2 fails.
        let reqs = [Ok(50.0), Ok(40.0), Err("boom"), Ok(10.0)];
        for mode in [Mode::Sequential, Mode::Gather, Mode::Limited(2)] {
            let (rows, _, _) = simulate(&reqs, mode);
            let urls: Vec<&str> = rows.iter().map(|r| r.url.as_str()).collect();
            assert_eq!(urls, ["req0", "req1", "req2", "req3"], "{mode:?}");
            assert_eq!(rows[2].error.as_deref(), Some("boom"));
            assert!(rows
                .iter()
                .enumerate()
                .all(|(i, r)| (i == 2) == r.error.is_some()));
        }
    }

    #[test]
    fn ideal_times() {
        assert_eq!(ideal_ms(&[100.0; 20], Mode::Sequential), 2000.0);
        assert_eq!(ideal_ms(&[100.0; 20], Mode::Gather), 100.0);
        assert_eq!(ideal_ms(&[100.0; 20], Mode::Limited(5)), 400.0);
        assert_eq!(ideal_ms(&[], Mode::Gather), 0.0);
    }

    #[test]
    fn urls_are_checked_before_fetching() {
        let base = "http://127.0.0.1:8000/index.html";
        assert_eq!(
            check_url("sim/delay?ms=1", base).as_deref(),
            Ok("http://127.0.0.1:8000/sim/delay?ms=1")
        );
        assert!(check_url("data:text/plain,hi", base).is_ok());
        assert!(check_url("javascript:alert(1)", base)
            .unwrap_err()
            .contains("never fetched"));
        assert!(check_url("file:///etc/passwd", base)
            .unwrap_err()
            .contains("file:"));
        assert!(check_url("http://[::1", base)
            .unwrap_err()
            .contains("not a valid URL"));
        assert!(check_url("   ", base).unwrap_err().contains("empty"));
        assert!(check_url("ftp://x/y", base).unwrap_err().contains("ftp:"));
    }

    #[test]
    fn parameters_are_checked_by_name() {
        assert!(Mode::parse("limited", 0.0)
            .unwrap_err()
            .to_string()
            .contains("`limit`"));
        assert!(Mode::parse("parallel", 5.0)
            .unwrap_err()
            .to_string()
            .contains("`mode`"));
        assert!(SimParams::check(0.0, 100.0, 10.0)
            .unwrap_err()
            .to_string()
            .contains("`count`"));
        assert!(SimParams::check(1.0, -5.0, 10.0)
            .unwrap_err()
            .to_string()
            .contains("`ms`"));
        assert!(check_limits(0.0, 1.0)
            .unwrap_err()
            .to_string()
            .contains("`timeout_ms`"));
        assert_eq!(sim_url(100, 2048), "sim/delay?ms=100&bytes=2048");
    }
}
