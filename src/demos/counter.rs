//! counter: T threads each add 1 to one shared counter I times.
//!
//! Python's lesson (`threading` + `Lock`) in four variants:
//! - `mutex`: a `std::sync::Mutex` around the counter — exactly T × I;
//! - `atomic`: `AtomicU64::fetch_add` — exactly T × I, no lock;
//! - `racy`: read, then write, as two separate atomic operations. Rust will
//!   not compile an unsynchronised `counter += 1` on shared data (that would
//!   be a data race, undefined behaviour), so this is the closest safe
//!   equivalent of Python's `counter += 1`: another thread can write between
//!   our read and our write, and that update is lost;
//! - `local`: each thread counts privately and the totals are added at the
//!   end — message passing, the only variant that needs no shared memory.

use crate::error::{whole, Error, Result};
use crate::timeline::Event;
use std::hint::black_box;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;

pub const MAX_THREADS: u32 = 64;
pub const MAX_ITERATIONS: u32 = 100_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Mutex,
    Atomic,
    Racy,
    Local,
}

impl Variant {
    pub const NAMES: [&'static str; 4] = ["mutex", "atomic", "racy", "local"];

    pub fn parse(name: &str) -> Result<Variant> {
        match name {
            "mutex" => Ok(Variant::Mutex),
            "atomic" => Ok(Variant::Atomic),
            "racy" => Ok(Variant::Racy),
            "local" => Ok(Variant::Local),
            other => Err(Error::Param {
                name: "variant",
                expected: format!("one of {}", Variant::NAMES.join(", ")),
                got: format!("{other:?}"),
            }),
        }
    }

    /// Whether the variant needs memory shared between threads.
    pub fn shares_memory(self) -> bool {
        self != Variant::Local
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub threads: u32,
    pub iterations: u32,
    pub variant: Variant,
}

impl Params {
    pub fn check(threads: f64, iterations: f64, variant: &str) -> Result<Params> {
        Ok(Params {
            threads: whole("threads", threads, 1, MAX_THREADS)?,
            iterations: whole("iterations", iterations, 1, MAX_ITERATIONS)?,
            variant: Variant::parse(variant)?,
        })
    }

    pub fn expected(&self) -> u64 {
        u64::from(self.threads) * u64::from(self.iterations)
    }
}

/// The one counter every thread touches (in the shared-memory variants).
#[derive(Default)]
pub struct Shared {
    locked: Mutex<u64>,
    atomic: AtomicU64,
}

impl Shared {
    /// The final count: the shared counter, or the sum of the private ones.
    pub fn value(&self, variant: Variant, locals: &[u64]) -> u64 {
        match variant {
            Variant::Mutex => *self.locked.lock().unwrap_or_else(|p| p.into_inner()),
            Variant::Atomic | Variant::Racy => self.atomic.load(Ordering::SeqCst),
            Variant::Local => locals.iter().sum(),
        }
    }
}

/// What one thread does: `iterations` increments. Returns the thread's
/// private count (used by `local`; the shared variants count in `shared`).
pub fn count(variant: Variant, shared: &Shared, iterations: u32) -> u64 {
    match variant {
        Variant::Mutex => {
            for _ in 0..iterations {
                // A poisoned lock still holds a valid count; keep counting.
                *shared.locked.lock().unwrap_or_else(|p| p.into_inner()) += 1; // <- one thread at a time
            }
            0
        }
        Variant::Atomic => {
            for _ in 0..iterations {
                shared.atomic.fetch_add(1, Ordering::Relaxed); // <- one indivisible add
            }
            0
        }
        Variant::Racy => {
            for _ in 0..iterations {
                // Read-modify-write split in two: the race Python's `+= 1` has.
                let seen = shared.atomic.load(Ordering::Relaxed);
                shared.atomic.store(black_box(seen) + 1, Ordering::Relaxed); // <- may overwrite
            }
            0
        }
        Variant::Local => {
            let mut mine = 0u64;
            for _ in 0..iterations {
                mine = black_box(mine) + 1; // <- private: no race
            }
            mine
        }
    }
}

/// A start line: threads wait here until `expected` have arrived, so they
/// really count at the same time (a thread that starts late would otherwise
/// hide the race). Gives up after a bounded spin rather than wait forever.
pub struct Gate {
    arrived: AtomicU32,
    expected: u32,
}

impl Gate {
    pub fn new(expected: u32) -> Gate {
        Gate {
            arrived: AtomicU32::new(0),
            expected,
        }
    }

    pub fn wait(&self) {
        self.arrived.fetch_add(1, Ordering::SeqCst);
        for _ in 0..200_000_000u32 {
            if self.arrived.load(Ordering::SeqCst) >= self.expected {
                return;
            }
            std::hint::spin_loop();
        }
    }
}

/// The result of one run: the count, what it should be, and who did what.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub value: u64,
    pub expected: u64,
    pub lost: u64,
    pub events: Vec<Event>,
}

/// One thread's whole job, timed: wait at the gate, then count.
#[cfg(any(feature = "threads", not(target_arch = "wasm32")))]
fn thread_job(p: &Params, shared: &Shared, gate: &Gate, task: u32, lane: u32) -> (u64, Event) {
    gate.wait();
    let label = format!("thread {task}: {} increments", p.iterations);
    Event::timed(lane, label, || count(p.variant, shared, p.iterations))
}

#[cfg(any(feature = "threads", not(target_arch = "wasm32")))]
fn outcome(p: &Params, shared: &Shared, results: Vec<(u64, Event)>) -> Outcome {
    let locals: Vec<u64> = results.iter().map(|(n, _)| *n).collect();
    let value = shared.value(p.variant, &locals);
    let expected = p.expected();
    Outcome {
        value,
        expected,
        lost: expected.saturating_sub(value),
        events: results.into_iter().map(|(_, e)| e).collect(),
    }
}

/// The demo on the rayon pool: T tasks on the pool's threads, one memory.
/// With more tasks than pool threads, the extra tasks run after others —
/// the gate then waits only for as many as can run at once.
#[cfg(feature = "threads")]
pub fn run_on_pool(p: &Params) -> Outcome {
    let shared = Shared::default();
    let gate = Gate::new(p.threads.min(rayon::current_num_threads() as u32));
    let results = Mutex::new(Vec::with_capacity(p.threads as usize));
    rayon::scope(|s| {
        for task in 0..p.threads {
            let (shared, gate, results) = (&shared, &gate, &results);
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let done = thread_job(p, shared, gate, task, lane);
                results.lock().unwrap_or_else(|e| e.into_inner()).push(done);
            });
        }
    });
    outcome(
        p,
        &shared,
        results.into_inner().unwrap_or_else(|e| e.into_inner()),
    )
}

/// The same demo on `std::thread` (native tests): T real OS threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on_std_threads(p: &Params) -> Outcome {
    let shared = Shared::default();
    let gate = Gate::new(p.threads);
    let results = std::thread::scope(|s| {
        let handles: Vec<_> = (0..p.threads)
            .map(|task| {
                let (shared, gate) = (&shared, &gate);
                s.spawn(move || thread_job(p, shared, gate, task, task))
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok())
            .collect::<Vec<_>>()
    });
    outcome(p, &shared, results)
}

/// One process-style worker's share of `local`: a private count.
pub fn run_local(iterations: u32, lane: u32, task: u32) -> (u64, Event) {
    let label = format!("process {task}: {iterations} increments");
    Event::timed(lane, label, || {
        count(Variant::Local, &Shared::default(), iterations)
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn params(threads: u32, iterations: u32, variant: Variant) -> Params {
        Params {
            threads,
            iterations,
            variant,
        }
    }

    #[test]
    fn synchronised_variants_are_exact_on_real_threads() {
        for variant in [Variant::Mutex, Variant::Atomic, Variant::Local] {
            for (t, i) in [(1, 1), (2, 100_000), (4, 25_000), (8, 3_333)] {
                let out = run_on_std_threads(&params(t, i, variant));
                assert_eq!(
                    out.value,
                    u64::from(t) * u64::from(i),
                    "{variant:?} {t}×{i}"
                );
                assert_eq!(out.lost, 0);
                assert_eq!(out.events.len(), t as usize);
            }
        }
    }

    #[test]
    fn racy_never_overcounts_and_reports_what_it_lost() {
        for _ in 0..5 {
            let out = run_on_std_threads(&params(4, 200_000, Variant::Racy));
            assert!(out.value >= 1 && out.value <= 800_000, "{}", out.value);
            assert_eq!(out.lost, 800_000 - out.value);
        }
        // With one thread there is nobody to race with.
        assert_eq!(
            run_on_std_threads(&params(1, 50_000, Variant::Racy)).lost,
            0
        );
    }

    #[test]
    fn parameters_are_checked_by_name() {
        assert!(Params::check(2.0, 100_000.0, "mutex").is_ok());
        for (t, i, v, name) in [
            (0.0, 1.0, "mutex", "threads"),
            (65.0, 1.0, "mutex", "threads"),
            (2.0, 0.0, "mutex", "iterations"),
            (2.0, 1e9, "mutex", "iterations"),
            (2.0, f64::NAN, "mutex", "iterations"),
            (2.0, 1.0, "spinlock", "variant"),
        ] {
            let message = Params::check(t, i, v).unwrap_err().to_string();
            assert!(message.contains(&format!("`{name}`")), "{message}");
        }
    }

    #[test]
    fn only_local_goes_without_shared_memory() {
        let sharing: Vec<bool> = Variant::NAMES
            .iter()
            .map(|n| Variant::parse(n).map(|v| v.shares_memory()))
            .collect::<Result<_>>()
            .expect("names parse");
        assert_eq!(sharing, [true, true, true, false]);
        assert_eq!(run_local(1234, 0, 0).0, 1234);
    }

    #[cfg(feature = "threads")]
    #[test]
    fn pool_version_is_exact_too() {
        for variant in [Variant::Mutex, Variant::Atomic, Variant::Local] {
            let out = run_on_pool(&params(3, 10_000, variant));
            assert_eq!(out.value, 30_000);
        }
    }
}
