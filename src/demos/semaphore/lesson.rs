//! semaphore: the tutorial's `pool_sema`. N tasks are started at once, but a
//! semaphore lets at most `limit` of them into their body at a time, as
//! `threading.BoundedSemaphore(limit)` does around `with pool_sema:`. The
//! bodies wait (an I/O-like sleep) rather than compute, so the lesson shows
//! on any number of cores: 12 tasks of 100 ms with limit 3 take about
//! 400 ms, and never fewer than three are waiting while three are inside.
//!
//! std has no semaphore. Ours is a count of free permits under a `Mutex`,
//! and a `Condvar` on which the tasks wait while the count is zero.

use super::{Params, Report};
use crate::timeline::{now_ms, Event};
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// A counting semaphore that, like `BoundedSemaphore`, refuses to be
/// released more often than it was acquired.
pub struct Semaphore {
    free: Mutex<u32>,
    returned: Condvar,
    limit: u32,
}

impl Semaphore {
    pub fn new(limit: u32) -> Semaphore {
        Semaphore {
            free: Mutex::new(limit),
            returned: Condvar::new(),
            limit,
        }
    }

    /// `pool_sema.acquire()`: waits while no permit is free, then takes one.
    pub fn acquire(&self) {
        let free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        let mut free = self
            .returned
            .wait_while(free, |free| *free == 0) // <- wait here while all permits are out
            .unwrap_or_else(|e| e.into_inner());
        *free -= 1;
    }

    /// `pool_sema.release()`: gives the permit back and wakes one waiter.
    /// False if every permit was already free (BoundedSemaphore's ValueError).
    pub fn release(&self) -> bool {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        if *free == self.limit {
            return false;
        }
        *free += 1;
        self.returned.notify_one(); // <- one waiting task may go in
        true
    }
}

/// What the tasks share: the semaphore, and how many are inside now and at most.
struct Shared {
    semaphore: Semaphore,
    inside: AtomicU32,
    peak: AtomicU32,
    refused: AtomicU32,
}

/// One task, on lane `i`: it waits at the semaphore, then spends `ms` inside.
fn task(i: u32, p: &Params, shared: &Shared) -> [Event; 2] {
    let arrived = now_ms();
    shared.semaphore.acquire(); // <- `with pool_sema:`
    let entered = now_ms();
    // Counted by the tasks themselves, apart from the semaphore's own count.
    let now_inside = shared.inside.fetch_add(1, SeqCst) + 1;
    shared.peak.fetch_max(now_inside, SeqCst);
    std::thread::sleep(Duration::from_millis(u64::from(p.ms))); // <- the body: waiting, as for I/O
    shared.inside.fetch_sub(1, SeqCst);
    let left = now_ms();
    if !shared.semaphore.release() {
        shared.refused.fetch_add(1, SeqCst);
    }
    let bar = |label: String, start_ms, end_ms| Event {
        lane: i,
        label,
        start_ms,
        end_ms,
        ok: true,
    };
    [
        bar(format!("task {i}: waits"), arrived, entered),
        bar(format!("task {i}: inside"), entered, left),
    ]
}

/// Starts all `tasks` at once on the rayon pool it runs in, which must have
/// a thread for each (a task waiting at the semaphore holds its thread),
/// and joins them.
pub fn run(p: &Params) -> Report {
    let shared = Shared {
        semaphore: Semaphore::new(p.limit),
        inside: AtomicU32::new(0),
        peak: AtomicU32::new(0),
        refused: AtomicU32::new(0),
    };
    let events = Mutex::new(Vec::new());
    rayon::scope(|s| {
        for i in 0..p.tasks {
            let (shared, events) = (&shared, &events);
            s.spawn(move |_| {
                let bars = task(i, p, shared); // <- N threads, `limit` inside at a time
                events
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(bars);
            });
        }
    }); // <- join: the scope ends when every task has
    let events = events.into_inner().unwrap_or_else(|e| e.into_inner());
    Report {
        peak: shared.peak.into_inner(),
        ran: events.len() as u32 / 2,
        refused: shared.refused.into_inner(),
        events,
    }
}
