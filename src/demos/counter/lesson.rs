//! counter: T threads each add 1 to one shared counter I times.
//!
//! Python's `threading` + `Lock` lesson, in four variants:
//! - `mutex`: a `std::sync::Mutex` around the counter — exactly T × I;
//! - `atomic`: `fetch_add`, one indivisible step — exactly T × I, no lock;
//! - `racy`: read, then write, as two separate steps. Rust will not compile
//!   an unsynchronised `counter += 1` on shared data, so this is the safe
//!   equivalent of Python's `counter += 1`: another thread can write between
//!   our read and our write, and its update is lost. Each thread sees how
//!   many updates its writes wiped out (its write returns what it replaced);
//! - `local`: each thread counts privately and the totals are added at the
//!   end — message passing, the only variant that needs no shared memory.
//!
//! `work`: microseconds of private computation before each increment —
//! work threads really do at once here, and Python's threads, under the
//! GIL, cannot.

use super::{spin, steps_for, Outcome, Params, Tally, Variant};
use crate::timeline::Event;
use std::hint::black_box;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed, Ordering::SeqCst};
use std::sync::Mutex;

/// The one counter every thread touches (in the shared-memory variants).
#[derive(Default)]
pub struct Shared {
    locked: Mutex<u64>,
    atomic: AtomicU64,
}

/// What one thread does: `iterations` increments of the counter, each
/// after `work` steps of its own.
pub fn count(variant: Variant, shared: &Shared, iterations: u32, work: u64) -> Tally {
    let mut tally = Tally::default();
    for _ in 0..iterations {
        spin(work); // <- private work: nothing shared, so threads really run it at once
        match variant {
            Variant::Mutex => {
                // A poisoned lock still holds a valid count; keep counting.
                *shared.locked.lock().unwrap_or_else(|p| p.into_inner()) += 1; // <- one thread at a time
            }
            Variant::Atomic => {
                shared.atomic.fetch_add(1, Relaxed); // <- one indivisible add
            }
            Variant::Racy => {
                let seen = shared.atomic.load(Relaxed); // <- read …
                let replaced = shared.atomic.swap(black_box(seen) + 1, Relaxed); // <- … then write: may overwrite
                tally.overwritten += replaced as i64 - seen as i64;
            }
            Variant::Local => {} // <- private: nothing shared, nothing to race on
        }
        tally.increments = black_box(tally.increments) + 1;
    }
    tally
}

/// The count at the end: the shared counter, or the private counts added up.
fn value(variant: Variant, shared: Shared, done: &[(Tally, Event)]) -> u64 {
    match variant {
        Variant::Mutex => shared
            .locked
            .into_inner()
            .unwrap_or_else(|p| p.into_inner()),
        Variant::Atomic | Variant::Racy => shared.atomic.into_inner(),
        Variant::Local => done.iter().map(|(t, _)| t.increments).sum(), // <- add up at the end
    }
}

/// A start line: threads wait here until `expected` have arrived, so they
/// really count at the same time (a late starter would hide the race).
/// Gives up after a bounded spin rather than wait forever.
pub struct Gate(AtomicU32, u32);

impl Gate {
    pub fn wait(&self) {
        self.0.fetch_add(1, SeqCst);
        for _ in 0..200_000_000u32 {
            if self.0.load(SeqCst) >= self.1 {
                return;
            }
            std::hint::spin_loop();
        }
    }
}

/// One thread's whole job, timed on `lane`: wait at the gate, then count.
fn job(p: &Params, shared: &Shared, gate: &Gate, task: u32, lane: u32) -> (Tally, Event) {
    gate.wait();
    let label = format!("thread {task}: {} increments", p.iterations);
    let work = steps_for(p.work);
    Event::timed(lane, label, || count(p.variant, shared, p.iterations, work))
}

/// The demo on the rayon pool: T tasks on the pool's Web Workers, one memory.
/// With more tasks than pool threads the gate waits only for those that can
/// run at once; the others run after them.
#[cfg(feature = "threads")]
pub fn run_on_pool(p: &Params) -> Outcome {
    let shared = Shared::default();
    let gate = Gate(
        AtomicU32::new(0),
        p.threads.min(rayon::current_num_threads() as u32),
    );
    let done = Mutex::new(Vec::new());
    rayon::scope(|s| {
        for task in 0..p.threads {
            let (shared, gate, done) = (&shared, &gate, &done);
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let result = job(p, shared, gate, task, lane); // <- T threads, one counter
                done.lock().unwrap_or_else(|e| e.into_inner()).push(result);
            });
        }
    }); // <- join: the scope ends when every task has
    let done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    Outcome::new(p, value(p.variant, shared, &done), done)
}

/// The same demo on `std::thread` (native tests): T real OS threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on_std_threads(p: &Params) -> Outcome {
    let shared = Shared::default();
    let gate = Gate(AtomicU32::new(0), p.threads);
    let done: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..p.threads)
            .map(|task| {
                let (shared, gate) = (&shared, &gate);
                s.spawn(move || job(p, shared, gate, task, task)) // <- T OS threads, one counter
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    Outcome::new(p, value(p.variant, shared, &done), done)
}

/// One process-style worker's share of `local`: a private count, sent back.
pub fn run_local(iterations: u32, work: u32, lane: u32, task: u32) -> (Tally, Event) {
    let work = steps_for(work);
    let label = format!("process {task}: {iterations} increments");
    Event::timed(lane, label, || {
        count(Variant::Local, &Shared::default(), iterations, work)
    })
}
