//! queue's parameters (limits and defaults, read by the page too), the
//! check, the consumer's tally and the outcome a run reports.

use crate::error::{Choice, Result, Spec, Whole, BACKEND};
use crate::timeline::Event;

pub const ITEMS: Whole = Whole {
    name: "items",
    min: 0,
    max: 1_000_000,
    default: 3,
};
pub const VARIANT: Choice = Choice {
    name: "variant",
    options: &["close", "poll_empty"],
    default: "close",
};
/// How many items a process-style producer puts in one message (1: a
/// message per item, to see what one message costs). Python's Queue also
/// batches: its feeder thread writes what has piled up into the pipe.
pub const BATCH: Whole = Whole {
    name: "batch",
    min: 1,
    max: 100_000,
    default: 1_000,
};
pub const SPECS: &[Spec] = &[
    Spec::Choice(VARIANT),
    Spec::Choice(BACKEND),
    Spec::Whole(ITEMS),
    Spec::Whole(BATCH),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Close,
    PollEmpty,
}

pub fn check(items: f64, variant: &str) -> Result<(u32, Variant)> {
    let variant = [Variant::Close, Variant::PollEmpty][VARIANT.check(variant)?];
    Ok((ITEMS.check_u32(items)?, variant))
}

/// What the consumer got: how many items, and whether they came in order
/// (item k is the number k, so order is checkable without storing them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub received: u32,
    pub in_order: bool,
}

impl Default for Tally {
    fn default() -> Tally {
        Tally {
            received: 0,
            in_order: true,
        }
    }
}

impl Tally {
    pub fn take(&mut self, item: u32) {
        self.in_order &= item == self.received;
        self.received += 1;
    }
}

/// A finished run: what the consumer received, what was still left in the
/// queue when it stopped (counted there, not worked out from `received`),
/// and who did what.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub received: u32,
    pub left: u32,
    pub in_order: bool,
    pub events: Vec<Event>,
}

pub fn label(variant: Variant) -> &'static str {
    match variant {
        Variant::Close => "consumer: receive until closed",
        Variant::PollEmpty => "consumer: receive while not empty",
    }
}
