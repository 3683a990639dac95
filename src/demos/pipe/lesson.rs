//! pipe: `multiprocessing.Pipe()` is two connected ends, one for each
//! process; what one end sends, the other receives — a copy, through the
//! operating system. Here, between processes, a Pipe is the two ports of one
//! `MessageChannel`, one handed to each worker: the ping and pong in the
//! JavaScript tab send a number back and forth `rounds` times, each message
//! copied from one worker's memory into the other's.
//!
//! Beside it, the same ping-pong between two threads, which need no pipe:
//! they share memory. The number goes into a shared cell and a turn flag
//! says whose move it is; the other thread watches the flag. What one round
//! trip costs each way is the figure to take away.

use super::Report;
use crate::timeline::Event;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Acquire, Ordering::Release};

const PING: u32 = 0;
const PONG: u32 = 1;

/// The shared memory the two threads talk through: a cell and whose turn it is.
struct Table {
    ball: AtomicU64,
    turn: AtomicU32,
}

impl Table {
    /// Waits until it is `mine` to play, and takes the ball.
    fn wait_for(&self, mine: u32) -> u64 {
        while self.turn.load(Acquire) != mine {
            std::hint::spin_loop(); // <- watching shared memory: no message, no copy
        }
        self.ball.load(Acquire)
    }

    /// Puts `ball` down and hands the turn to the other side.
    fn play(&self, ball: u64, to: u32) {
        self.ball.store(ball, Release);
        self.turn.store(to, Release); // <- the other thread sees it at once
    }
}

/// `rounds` round trips between two threads of the rayon pool it runs in:
/// the ping side sends 0, 1, 2, …; the pong side answers each with one more.
pub fn ping_pong(rounds: u32) -> Report {
    let table = Table {
        ball: AtomicU64::new(0),
        turn: AtomicU32::new(PING),
    };
    let (mut answered, mut pinged) = (0, 0);
    let (mut ping_bar, mut pong_bar) = (Event::default(), Event::default());
    rayon::scope(|s| {
        let table = &table;
        s.spawn(|_| {
            let (count, bar) = Event::timed(1, format!("pong: {rounds} answers"), || {
                let mut count = 0;
                for _ in 0..rounds {
                    let ball = table.wait_for(PONG);
                    count += 1;
                    table.play(ball + 1, PING); // <- the answer
                }
                count
            });
            (pinged, pong_bar) = (count, bar);
        });
        s.spawn(|_| {
            let (count, bar) = Event::timed(0, format!("ping: {rounds} round trips"), || {
                let mut count = 0;
                for i in 0..u64::from(rounds) {
                    table.play(i, PONG); // <- the ping
                    count += u32::from(table.wait_for(PING) == i + 1);
                }
                count
            });
            (answered, ping_bar) = (count, bar);
        });
    });
    Report {
        answered,
        pinged,
        events: vec![ping_bar, pong_bar],
    }
}
