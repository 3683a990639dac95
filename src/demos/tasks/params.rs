//! tasks' parameters: limits and defaults (read by the page too) and the check.

use crate::error::{Choice, Result, Spec, Whole, BACKEND};

pub const TASKS: Whole = Whole {
    name: "tasks",
    min: 1,
    max: 256,
    default: 12,
};
/// The task that panics on purpose (Python's `BrokenProcessPool`); −1: none.
pub const CRASH: Whole = Whole {
    name: "crash",
    min: -1,
    max: 255,
    default: -1,
};
/// On processes: a new worker per task, or a fixed pool.
pub const MODE: Choice = Choice {
    name: "mode",
    options: &["per_task", "pool"],
    default: "per_task",
};
pub const SPECS: &[Spec] = &[
    Spec::Choice(BACKEND),
    Spec::Choice(MODE),
    Spec::Whole(TASKS),
    Spec::Whole(CRASH),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub tasks: u32,
    pub crash: Option<u32>,
    pub per_task: bool,
}

impl Params {
    pub fn check(tasks: f64, crash: f64, mode: &str) -> Result<Params> {
        let tasks = TASKS.check_u32(tasks)?;
        let crash = CRASH.check_up_to(crash, i64::from(tasks) - 1)?;
        Ok(Params {
            tasks,
            crash: u32::try_from(crash).ok(),
            per_task: MODE.check(mode)? == 0,
        })
    }
}

/// How many numbers job `i` adds up: 1, 2 or 3 units, so jobs are uneven.
pub fn size(i: u32) -> u64 {
    1_500_000 * (1 + u64::from(i % 3))
}
