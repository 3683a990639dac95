//! pipe's parameters (limits and defaults, read by the page too), the
//! check, and what one ping-pong reports.

use crate::error::{Result, Spec, Whole};
use crate::timeline::Event;

/// Round trips: a ping one way, its answer the other.
pub const ROUNDS: Whole = Whole {
    name: "rounds",
    min: 1,
    max: 1_000_000,
    default: 10_000,
};
pub const SPECS: &[Spec] = &[Spec::Whole(ROUNDS)];

pub fn check(rounds: f64) -> Result<u32> {
    ROUNDS.check_u32(rounds)
}

/// One ping-pong: the answers the ping side received (each checked to be
/// its ping plus one), the pings the pong side received, and a bar for each
/// side.
#[derive(Debug, Default)]
pub struct Report {
    pub answered: u32,
    pub pinged: u32,
    pub events: Vec<Event>,
}

impl Report {
    /// Microseconds per round trip, over the ping side's bar.
    pub fn round_trip_us(&self, rounds: u32) -> f64 {
        let ping = self.events.iter().find(|e| e.lane == 0);
        ping.map_or(0.0, |e| {
            (e.end_ms - e.start_ms) * 1000.0 / f64::from(rounds.max(1))
        })
    }
}
