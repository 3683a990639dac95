//! semaphore's parameters (limits and defaults, read by the page too), the
//! check, and what a run reports.

use crate::error::{Result, Spec, Whole};
use crate::timeline::Event;

/// How many tasks start at once. The wait pool has a thread for each
/// (src/web/waitpool.rs), so this is its size.
pub const TASKS: Whole = Whole {
    name: "tasks",
    min: 1,
    max: 24,
    default: 12,
};
pub const LIMIT: Whole = Whole {
    name: "limit",
    min: 1,
    max: 24,
    default: 3,
};
/// How long each task's body waits (an I/O-like wait, not computation).
pub const MS: Whole = Whole {
    name: "ms",
    min: 1,
    max: 2_000,
    default: 100,
};
pub const SPECS: &[Spec] = &[Spec::Whole(TASKS), Spec::Whole(LIMIT), Spec::Whole(MS)];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub tasks: u32,
    pub limit: u32,
    pub ms: u32,
}

impl Params {
    pub fn check(tasks: f64, limit: f64, ms: f64) -> Result<Params> {
        Ok(Params {
            tasks: TASKS.check_u32(tasks)?,
            limit: LIMIT.check_u32(limit)?,
            ms: MS.check_u32(ms)?,
        })
    }

    /// The shortest the run can take: the tasks go in `limit` at a time.
    pub fn ideal_ms(&self) -> f64 {
        f64::from(self.tasks.div_ceil(self.limit) * self.ms)
    }
}

/// What a run reports: the most tasks ever inside at once (counted by the
/// tasks themselves, apart from the semaphore's own count), how many tasks
/// ran their body, releases the semaphore refused, and two bars per task —
/// its wait at the semaphore and its time inside.
#[derive(Debug, Default)]
pub struct Report {
    pub peak: u32,
    pub ran: u32,
    pub refused: u32,
    pub events: Vec<Event>,
}
