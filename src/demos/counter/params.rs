//! counter's parameters: their limits and defaults (read by the page too),
//! the check, and the outcome a run reports.

use crate::error::{Choice, Result, Spec, Whole, BACKEND};
use crate::timeline::Event;

pub const THREADS: Whole = Whole {
    name: "threads",
    min: 1,
    max: 64,
    default: 2,
};
pub const ITERATIONS: Whole = Whole {
    name: "iterations",
    min: 1,
    max: 100_000_000,
    default: 100_000,
};
pub const VARIANT: Choice = Choice {
    name: "variant",
    options: &["mutex", "atomic", "racy", "local"],
    default: "mutex",
};
/// Microseconds of private computation each thread does before each
/// increment: work that threads can really do at once (Python's cannot,
/// under the GIL).
pub const WORK: Whole = Whole {
    name: "work",
    min: 0,
    max: 1_000,
    default: 0,
};
pub const SPECS: &[Spec] = &[
    Spec::Choice(VARIANT),
    Spec::Choice(BACKEND),
    Spec::Whole(THREADS),
    Spec::Whole(ITERATIONS),
    Spec::Whole(WORK),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Mutex,
    Atomic,
    Racy,
    Local,
}

impl Variant {
    pub fn parse(name: &str) -> Result<Variant> {
        Ok([
            Variant::Mutex,
            Variant::Atomic,
            Variant::Racy,
            Variant::Local,
        ][VARIANT.check(name)?])
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
    /// Microseconds of private work before each increment.
    pub work: u32,
}

impl Params {
    pub fn check(threads: f64, iterations: f64, variant: &str, work: f64) -> Result<Params> {
        Ok(Params {
            threads: THREADS.check_u32(threads)?,
            iterations: ITERATIONS.check_u32(iterations)?,
            variant: Variant::parse(variant)?,
            work: WORK.check_u32(work)?,
        })
    }

    /// T × I: what an exact count ends at.
    pub fn expected(&self) -> u64 {
        u64::from(self.threads) * u64::from(self.iterations)
    }
}

/// Spins through `steps` steps of arithmetic that nobody else sees: private work.
pub fn spin(steps: u64) {
    let mut x = steps;
    for _ in 0..steps {
        x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1));
    }
}

/// How many [`spin`] steps take `us` microseconds on this machine, measured
/// once per instance (the faster of three runs of 2 million steps, a few
/// milliseconds each) and kept. The fastest, because the first runs may
/// still be in a browser's quick first compilation of the code: timed
/// once, a microsecond of work came out anywhere from 0.70 to 0.92 µs.
pub fn steps_for(us: u32) -> u64 {
    static PER_US: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    if us == 0 {
        return 0;
    }
    let per_us = *PER_US.get_or_init(|| {
        const STEPS: u64 = 2_000_000;
        let timed = || {
            let start = crate::timeline::now_ms();
            spin(STEPS);
            (crate::timeline::now_ms() - start).max(0.01)
        };
        let ms = (0..3).map(|_| timed()).fold(f64::INFINITY, f64::min);
        STEPS as f64 / (ms * 1000.0)
    });
    (per_us * f64::from(us)).round().max(1.0) as u64
}

/// What one thread reports when it is done: how many increments it made,
/// and how many other threads' updates its own writes wiped out (only
/// `racy` can do that; the thread sees it happen, see `lesson.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub increments: u64,
    pub overwritten: i64,
}

/// The result of one run: the count at the end, what it should be, the
/// updates lost as the threads themselves counted them, and who did what.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub value: u64,
    pub expected: u64,
    pub lost: i64,
    pub events: Vec<Event>,
}

impl Outcome {
    pub fn new(p: &Params, value: u64, done: Vec<(Tally, Event)>) -> Outcome {
        let (tallies, events): (Vec<Tally>, Vec<Event>) = done.into_iter().unzip();
        Outcome {
            value,
            expected: p.expected(),
            lost: tallies.iter().map(|t| t.overwritten).sum(),
            events,
        }
    }
}
