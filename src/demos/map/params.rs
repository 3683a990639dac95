//! map's parameters (limits and defaults, read by the page too), the check,
//! the work per item, and the outcome a run reports.

use crate::error::{Result, Spec, Whole, BACKEND};
use crate::timeline::Event;
use std::hint::black_box;

pub const WORKERS: Whole = Whole {
    name: "workers",
    min: 1,
    max: 64,
    default: 4,
};
pub const N: Whole = Whole {
    name: "n",
    min: 1,
    max: 100_000,
    default: 40,
};
pub const SPECS: &[Spec] = &[Spec::Choice(BACKEND), Spec::Whole(WORKERS), Spec::Whole(N)];

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
            workers: WORKERS.check_u32(workers)?,
            n: N.check_u32(n)?,
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

/// A finished map: values in input order, finishing order, events.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub values: Vec<u64>,
    pub finished: Vec<u32>,
    pub events: Vec<Event>,
}

/// A worker's events: one per item, or — past [`MAX_ITEM_EVENTS`] items in
/// the run — one bar from its first start to its last end.
pub fn worker_events(worker: u32, n: u32, events: Vec<Event>) -> Vec<Event> {
    match (events.first(), events.last()) {
        (Some(first), Some(last)) if n > MAX_ITEM_EVENTS => vec![Event {
            label: format!("worker {worker}: {} items", events.len()),
            start_ms: first.start_ms,
            ..last.clone()
        }],
        _ => events,
    }
}
