//! map: `ThreadPoolExecutor(max_workers=W).map(square, numbers)`.
//!
//! W workers pull the next number from a shared queue, square it (with
//! deliberately uneven work per number, so workers finish out of order) and
//! write the result into its own slot: results come back in input order
//! whatever order they finished in — the promise `Executor.map` makes.

use crate::error::{whole, Result};
use crate::timeline::Event;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

pub const MAX_WORKERS: u32 = 64;
pub const MAX_N: u32 = 100_000;
/// Above this many items the timeline gets one bar per worker, not per item.
pub const MAX_ITEM_EVENTS: u32 = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub workers: u32,
    pub n: u32,
}

impl Params {
    pub fn check(workers: f64, n: f64) -> Result<Params> {
        Ok(Params {
            workers: whole("workers", workers, 1, MAX_WORKERS)?,
            n: whole("n", n, 1, MAX_N)?,
        })
    }
}

/// How much busy work squaring `x` costs: 1 to 5 units, scattered so that
/// neighbours differ and late items can finish before early ones.
pub fn work_units(x: u32) -> u32 {
    (x.wrapping_mul(7919) >> 3) % 5 + 1
}

/// `x * x`, after `work_units(x)` units of pointless arithmetic (~20 µs each).
pub fn square(x: u32) -> u64 {
    let mut spin = u64::from(x);
    for _ in 0..work_units(x) * 4_000 {
        spin = black_box(spin.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
    }
    black_box(spin);
    u64::from(x) * u64::from(x)
}

/// The executor's shared state: the next number to hand out, one result slot
/// per number, and the order in which numbers finished.
pub struct Executor {
    next: AtomicUsize,
    n: u32,
    results: Vec<AtomicU64>,
    finished: Mutex<Vec<u32>>,
}

impl Executor {
    pub fn new(n: u32) -> Executor {
        Executor {
            next: AtomicUsize::new(0),
            n,
            results: (0..n).map(|_| AtomicU64::new(0)).collect(),
            finished: Mutex::new(Vec::with_capacity(n as usize)),
        }
    }

    /// One worker: take numbers until none are left. Returns its events.
    pub fn work(&self, worker: u32, lane: u32) -> Vec<Event> {
        let per_item = self.n <= MAX_ITEM_EVENTS;
        let mut events = Vec::new();
        let (mut first, mut done) = (None, 0u32);
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed); // <- next item to a free worker
            if i >= self.n as usize {
                break;
            }
            let (value, event) = Event::timed(lane, format!("square({i})"), || square(i as u32));
            self.results[i].store(value, Ordering::Relaxed); // <- input order
            self.finished
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(i as u32);
            first.get_or_insert(event.start_ms);
            done += 1;
            if per_item {
                events.push(event);
            } else if let Some(start_ms) = first {
                events.clear();
                events.push(Event {
                    label: format!("worker {worker}: {done} items"),
                    start_ms,
                    ..event
                });
            }
        }
        events
    }

    /// Results in input order, and the order numbers actually finished in.
    pub fn into_results(self) -> (Vec<u64>, Vec<u32>) {
        let results = self
            .results
            .into_iter()
            .map(AtomicU64::into_inner)
            .collect();
        let finished = self
            .finished
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        (results, finished)
    }
}

/// A finished map: values in input order, finishing order, events.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub values: Vec<u64>,
    pub finished: Vec<u32>,
    pub events: Vec<Event>,
}

#[cfg(any(feature = "threads", not(target_arch = "wasm32")))]
fn outcome(executor: Executor, events: Vec<Vec<Event>>) -> Outcome {
    let (values, finished) = executor.into_results();
    Outcome {
        values,
        finished,
        events: events.into_iter().flatten().collect(),
    }
}

/// On the rayon pool: W worker tasks share one executor in shared memory.
#[cfg(feature = "threads")]
pub fn run_on_pool(p: &Params) -> Outcome {
    let executor = Executor::new(p.n);
    let events = Mutex::new(Vec::new());
    rayon::scope(|s| {
        for worker in 0..p.workers {
            let (executor, events) = (&executor, &events);
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let mine = executor.work(worker, lane);
                events.lock().unwrap_or_else(|e| e.into_inner()).push(mine);
            });
        }
    });
    outcome(
        executor,
        events.into_inner().unwrap_or_else(|e| e.into_inner()),
    )
}

/// On `std::thread` (native tests): W OS threads share one executor.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on_std_threads(p: &Params) -> Outcome {
    let executor = Executor::new(p.n);
    let events = std::thread::scope(|s| {
        let handles: Vec<_> = (0..p.workers)
            .map(|w| {
                let executor = &executor;
                s.spawn(move || executor.work(w, w))
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    outcome(executor, events)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn results_are_squares_in_input_order_although_finishing_order_differs() {
        let mut saw_reordering = false;
        for (workers, n) in [(1, 1), (1, 30), (3, 50), (4, 200), (8, 500)] {
            let out = run_on_std_threads(&Params { workers, n });
            let want: Vec<u64> = (0..u64::from(n)).map(|x| x.pow(2)).collect();
            assert_eq!(out.values, want, "{workers} workers, n = {n}");
            let mut finished = out.finished.clone();
            finished.sort_unstable();
            assert_eq!(finished, (0..n).collect::<Vec<_>>(), "each item once");
            saw_reordering |= out.finished.windows(2).any(|w| w[0] > w[1]);
            if n <= MAX_ITEM_EVENTS {
                assert_eq!(out.events.len(), n as usize);
            } else {
                assert!(out.events.len() <= workers as usize);
            }
        }
        assert!(
            saw_reordering,
            "uneven work should finish out of order somewhere"
        );
    }

    #[test]
    fn work_is_uneven() {
        let units: std::collections::BTreeSet<u32> = (0..20).map(work_units).collect();
        assert!(units.len() >= 4, "{units:?}");
    }

    #[test]
    fn parameters_are_checked_by_name() {
        assert!(Params::check(4.0, 100.0).is_ok());
        for (w, n, name) in [
            (0.0, 1.0, "workers"),
            (99.0, 1.0, "workers"),
            (2.0, 0.0, "n"),
            (2.0, 1e6, "n"),
        ] {
            let message = Params::check(w, n).unwrap_err().to_string();
            assert!(message.contains(&format!("`{name}`")), "{message}");
        }
    }
}
