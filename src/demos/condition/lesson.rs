//! condition: a bounded buffer of `capacity` items between P producers and
//! Q consumers, on one `Mutex` and its `Condvar` — `threading.Condition`.
//! A producer waits while the buffer is full, a consumer while it is empty;
//! each change wakes the others (`notify_all`), and each waker checks its
//! condition again before going on: `wait_while` is Python's
//! `while not ok: cond.wait()`.
//!
//! The `if_not_while` variant checks once, with `if`: a consumer woken with
//! another consumer goes on after that one has emptied the buffer and finds
//! nothing (in Python, `IndexError` from `pop`); a producer puts into a full
//! buffer. Each such moment is counted, never a panic.

use super::{value, Check, Params, Report, Tally};
use crate::timeline::Event;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

/// The buffer, and how many producers are still producing.
struct State {
    items: VecDeque<u64>,
    producing: u32,
}

pub struct Buffer {
    state: Mutex<State>,
    changed: Condvar,
    capacity: usize,
    check: Check,
}

impl Buffer {
    pub fn new(p: &Params) -> Buffer {
        Buffer {
            state: Mutex::new(State {
                items: VecDeque::new(),
                producing: p.producers,
            }),
            changed: Condvar::new(),
            capacity: p.capacity as usize,
            check: p.check,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits while `blocked` holds: again after every wake-up (`while`), or once (`if`).
    fn wait<'a>(
        &self,
        s: MutexGuard<'a, State>,
        blocked: fn(&State, usize) -> bool,
    ) -> MutexGuard<'a, State> {
        let capacity = self.capacity;
        match self.check {
            Check::While => self.changed.wait_while(s, |s| blocked(s, capacity)), // <- re-checked on every wake-up
            Check::If if blocked(&s, capacity) => self.changed.wait(s), // <- the bug: checked once
            Check::If => Ok(s),
        }
        .unwrap_or_else(|e| e.into_inner())
    }

    /// `with cond: while full: cond.wait(); put(item); cond.notify_all()`.
    pub fn put(&self, item: u64, tally: &mut Tally) {
        let full = |s: &State, capacity| s.items.len() >= capacity;
        let mut s = self.lock();
        tally.waited += u64::from(full(&s, self.capacity));
        s = self.wait(s, full);
        tally.overfilled += u64::from(full(&s, self.capacity));
        s.items.push_back(item);
        tally.items += 1;
        tally.sum += item;
        self.changed.notify_all(); // <- wake every waiter: each checks for itself
    }

    /// Takes the next item; false once the buffer is empty for good.
    pub fn take(&self, tally: &mut Tally) -> bool {
        let empty = |s: &State, _| s.items.is_empty() && s.producing > 0;
        let mut s = self.lock();
        tally.waited += u64::from(empty(&s, 0));
        s = self.wait(s, empty);
        match s.items.pop_front() {
            Some(item) => {
                tally.items += 1;
                tally.sum += item;
                self.changed.notify_all();
                true
            }
            None if s.producing == 0 => false,
            None => {
                tally.took_from_empty += 1; // <- woke, went on, and found nothing
                true
            }
        }
    }

    /// A producer is done; consumers waiting on an empty buffer may stop.
    pub fn producer_done(&self) {
        self.lock().producing -= 1;
        self.changed.notify_all();
    }
}

/// P producers and Q consumers on the rayon pool it runs in (a thread each:
/// they wait on one another), joined; each thread's tally and bar.
pub fn run(p: &Params) -> Report {
    let buffer = Buffer::new(p);
    let report = Mutex::new(Report::default());
    rayon::scope(|s| {
        for producer in 0..p.producers {
            let (buffer, report) = (&buffer, &report);
            s.spawn(move |_| {
                let label = format!("producer {producer}: put {}", p.items);
                let (tally, event) = Event::timed(producer, label, || {
                    let mut tally = Tally::default();
                    for k in 0..p.items {
                        buffer.put(value(p, producer, k), &mut tally); // <- waits while full
                    }
                    buffer.producer_done();
                    tally
                });
                Report::record(report, true, tally, event);
            });
        }
        for consumer in 0..p.consumers {
            let (buffer, report) = (&buffer, &report);
            s.spawn(move |_| {
                let label = format!("consumer {consumer}: take");
                let (tally, event) = Event::timed(p.producers + consumer, label, || {
                    let mut tally = Tally::default();
                    while buffer.take(&mut tally) {} // <- waits while empty
                    tally
                });
                Report::record(report, false, tally, event);
            });
        }
    });
    report.into_inner().unwrap_or_else(|e| e.into_inner())
}
