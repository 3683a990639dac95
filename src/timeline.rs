//! The one event record every demo returns, and the clock it is measured on.
//!
//! Times are absolute milliseconds on a clock every worker shares
//! (`performance.timeOrigin + performance.now()` in a browser, the Unix epoch
//! natively); JavaScript subtracts the run's start, so events from the main
//! thread, rayon threads and process-style workers line up on one timeline.

/// One bar on the timeline: who (`lane`) did what (`label`) when. The
/// default is an empty, failed bar: a part of a run that never reported.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    pub lane: u32,
    pub label: String,
    pub start_ms: f64,
    pub end_ms: f64,
    pub ok: bool,
}

impl Event {
    /// Runs `work`, timing it as one event on `lane`.
    pub fn timed<T>(lane: u32, label: impl Into<String>, work: impl FnOnce() -> T) -> (T, Event) {
        let start_ms = now_ms();
        let value = work();
        let event = Event {
            lane,
            label: label.into(),
            start_ms,
            end_ms: now_ms(),
            ok: true,
        };
        (value, event)
    }
}

/// Milliseconds on the shared clock (see the module docs).
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    // Window and worker scopes (rayon's threads too) all have `performance`,
    // each with its own origin. Bound directly, a reading is one call into
    // JavaScript and the origin is read once per thread; asking the global
    // object for `performance` took six calls, and the fetch demo reads the
    // clock twice a request on the page's busiest thread.
    TIME_ORIGIN.with(|origin| *origin) + clock::now()
}

#[cfg(target_arch = "wasm32")]
mod clock {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance)]
        pub fn now() -> f64;
        #[wasm_bindgen(thread_local_v2, js_namespace = performance, js_name = timeOrigin)]
        pub static TIME_ORIGIN: f64;
    }
}
#[cfg(target_arch = "wasm32")]
use clock::TIME_ORIGIN;

/// Milliseconds on the shared clock (see the module docs).
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timed_event_spans_the_work() {
        let (value, event) = Event::timed(3, "nap", || {
            std::thread::sleep(std::time::Duration::from_millis(5));
            42
        });
        assert_eq!(value, 42);
        assert_eq!(event.lane, 3);
        assert!(event.end_ms - event.start_ms >= 4.0, "{event:?}");
    }
}
