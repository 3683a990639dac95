//! map: `ThreadPoolExecutor(max_workers=W).map(square, numbers)`.
//!
//! W workers take the next number from a shared counter, square it (with
//! deliberately uneven work per number, so workers finish out of order) and
//! write the result into that number's own slot: results come back in input
//! order whatever order they finished in — the promise `Executor.map` makes.

use super::{square, worker_events, Outcome, Params};
use crate::timeline::Event;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

/// The executor's shared state: the next number to hand out, one result slot
/// per number, and the order in which numbers finished.
pub struct Executor {
    next: AtomicUsize,
    results: Vec<AtomicU64>,
    finished: Mutex<Vec<u32>>,
}

impl Executor {
    /// One worker: take numbers until none are left. Returns its events.
    pub fn work(&self, worker: u32, lane: u32) -> Vec<Event> {
        let mut events = Vec::new();
        loop {
            let i = self.next.fetch_add(1, Relaxed); // <- the next item, to whichever worker is free
            let Some(slot) = self.results.get(i) else {
                break;
            };
            let (value, event) = Event::timed(lane, format!("square({i})"), || square(i as u32));
            slot.store(value, Relaxed); // <- its own slot: input order
            let mut finished = self.finished.lock().unwrap_or_else(|p| p.into_inner());
            finished.push(i as u32);
            events.push(event);
        }
        worker_events(worker, self.results.len() as u32, events)
    }
}

fn executor(n: u32) -> Executor {
    Executor {
        next: AtomicUsize::new(0),
        results: (0..n).map(|_| AtomicU64::new(0)).collect(),
        finished: Mutex::new(Vec::with_capacity(n as usize)),
    }
}

fn outcome(executor: Executor, events: Vec<Vec<Event>>) -> Outcome {
    Outcome {
        values: executor
            .results
            .into_iter()
            .map(AtomicU64::into_inner)
            .collect(),
        finished: executor
            .finished
            .into_inner()
            .unwrap_or_else(|p| p.into_inner()),
        events: events.into_iter().flatten().collect(),
    }
}

/// On the rayon pool: W worker tasks share one executor in shared memory.
#[cfg(feature = "threads")]
pub fn run_on_pool(p: &Params) -> Outcome {
    let executor = executor(p.n);
    let events = Mutex::new(Vec::new());
    rayon::scope(|s| {
        for worker in 0..p.workers {
            let (executor, events) = (&executor, &events);
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let mine = executor.work(worker, lane); // <- W workers, one executor
                events.lock().unwrap_or_else(|e| e.into_inner()).push(mine);
            });
        }
    }); // <- join: every worker has run out of numbers
    outcome(
        executor,
        events.into_inner().unwrap_or_else(|e| e.into_inner()),
    )
}

/// On `std::thread` (native tests): W OS threads share one executor.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on_std_threads(p: &Params) -> Outcome {
    let executor = executor(p.n);
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
