//! fetch's scheduling on a virtual clock the test moves by hand: gather
//! overlaps, sequential does not, limited never passes its limit and takes
//! exactly the ideal time; rows keep input order; URLs are checked first.

use super::*;
use crate::timeline::Event;
use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;
use std::cell::{Cell, RefCell};
use std::future::Future;
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
                        error: request.err().map(|detail| Problem::Other { detail }),
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
        assert_eq!(
            rows[2].error.as_ref().map(|e| e.to_string()).as_deref(),
            Some("boom")
        );
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
        .to_string()
        .contains("never fetched"));
    assert!(check_url("file:///etc/passwd", base)
        .unwrap_err()
        .to_string()
        .contains("file:"));
    assert!(check_url("http://[::1", base)
        .unwrap_err()
        .to_string()
        .contains("not a valid URL"));
    assert!(check_url("   ", base)
        .unwrap_err()
        .to_string()
        .contains("empty"));
    assert!(check_url("ftp://x/y", base)
        .unwrap_err()
        .to_string()
        .contains("ftp:"));
}

#[test]
fn parameters_are_checked_by_name() {
    let ok = |mode: &str, limit: f64, sim: [f64; 3], timeout: f64, max: f64| {
        Params::check(mode, limit, sim, timeout, max).map_err(|e| e.to_string())
    };
    let sim = [20.0, 100.0, 2048.0];
    assert!(ok("gather", 5.0, sim, 10_000.0, 1e6).is_ok());
    for (result, name) in [
        (ok("limited", 0.0, sim, 10_000.0, 1e6), "limit"),
        // Out of range is refused even where the mode would not use it.
        (ok("gather", -1.0, sim, 10_000.0, 1e6), "limit"),
        (ok("parallel", 5.0, sim, 10_000.0, 1e6), "mode"),
        (
            ok("gather", 5.0, [0.0, 100.0, 10.0], 10_000.0, 1e6),
            "count",
        ),
        (ok("gather", 5.0, [1.0, -5.0, 10.0], 10_000.0, 1e6), "ms"),
        (ok("gather", 5.0, sim, 0.0, 1e6), "timeout_ms"),
        (ok("gather", 5.0, sim, 10.0, 0.5), "max_bytes"),
    ] {
        let message = result.unwrap_err();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
    assert_eq!(sim_url(100, 2048), "sim/delay?ms=100&bytes=2048");
}
