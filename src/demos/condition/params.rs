//! condition's parameters (limits and defaults, read by the page too), the
//! check, and the tallies a run reports.

use crate::error::{Choice, Result, Spec, Whole};
use crate::timeline::Event;

pub const PRODUCERS: Whole = Whole {
    name: "producers",
    min: 1,
    max: 8,
    default: 2,
};
pub const CONSUMERS: Whole = Whole {
    name: "consumers",
    min: 1,
    max: 8,
    default: 2,
};
pub const CAPACITY: Whole = Whole {
    name: "capacity",
    min: 1,
    max: 1_000,
    default: 4,
};
/// Items each producer puts into the buffer.
pub const ITEMS: Whole = Whole {
    name: "items",
    min: 1,
    max: 1_000_000,
    default: 10_000,
};
/// `while`: check the condition again after every wake-up (correct).
/// `if_not_while`: check it once, with `if` — the classic bug.
pub const VARIANT: Choice = Choice {
    name: "variant",
    options: &["while", "if_not_while"],
    default: "while",
};
pub const SPECS: &[Spec] = &[
    Spec::Choice(VARIANT),
    Spec::Whole(PRODUCERS),
    Spec::Whole(CONSUMERS),
    Spec::Whole(CAPACITY),
    Spec::Whole(ITEMS),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    While,
    If,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub producers: u32,
    pub consumers: u32,
    pub capacity: u32,
    pub items: u32,
    pub check: Check,
}

impl Params {
    pub fn check(
        producers: f64,
        consumers: f64,
        capacity: f64,
        items: f64,
        variant: &str,
    ) -> Result<Params> {
        Ok(Params {
            producers: PRODUCERS.check_u32(producers)?,
            consumers: CONSUMERS.check_u32(consumers)?,
            capacity: CAPACITY.check_u32(capacity)?,
            items: ITEMS.check_u32(items)?,
            check: [Check::While, Check::If][VARIANT.check(variant)?],
        })
    }
}

/// One thread's count of what it did and what it found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Items put (producer) or taken (consumer), and the sum of their values.
    pub items: u64,
    pub sum: u64,
    /// Times a producer found the buffer full, or a consumer found it empty.
    pub waited: u64,
    /// The bug: a consumer woke, went on, and found the buffer empty.
    pub took_from_empty: u64,
    /// The bug: a producer woke, went on, and put into a full buffer.
    pub overfilled: u64,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.items += other.items;
        self.sum += other.sum;
        self.waited += other.waited;
        self.took_from_empty += other.took_from_empty;
        self.overfilled += other.overfilled;
    }
}

/// A run: what the producers sent and the consumers received, in all, and
/// one bar per thread.
#[derive(Debug, Default)]
pub struct Report {
    pub sent: Tally,
    pub received: Tally,
    pub events: Vec<Event>,
}

impl Report {
    /// Adds one thread's tally (to what was sent, or what was received) and its bar.
    pub fn record(report: &std::sync::Mutex<Report>, sent: bool, tally: Tally, event: Event) {
        let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
        if sent {
            report.sent.add(&tally);
        } else {
            report.received.add(&tally);
        }
        report.events.push(event);
    }
}

/// What producer `p` of `params` sends as its `k`-th item: every value in
/// a run is different, so a checksum tells whether each arrived once.
pub fn value(params: &Params, producer: u32, k: u32) -> u64 {
    u64::from(producer) * u64::from(params.items) + u64::from(k) + 1
}
