//! queue: producer/consumer over a channel, `multiprocessing.Queue` style.
//!
//! The producer sends items 0, 1, …, K−1 and then closes the channel; the
//! consumer receives until the channel is closed, so it gets every item, in
//! order. Variant `poll_empty` reproduces the tutorial's mistake,
//! `while not queue.empty(): queue.get()`: a consumer that stops as soon as
//! it finds the queue empty — which it may well do before the producer has
//! even started — and so loses items. The fix is the close (a sentinel).

use crate::error::{whole, Error, Result};
use crate::timeline::Event;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

pub const MAX_ITEMS: u32 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Close,
    PollEmpty,
}

impl Variant {
    pub fn parse(name: &str) -> Result<Variant> {
        match name {
            "close" => Ok(Variant::Close),
            "poll_empty" => Ok(Variant::PollEmpty),
            other => Err(Error::Param {
                name: "variant",
                expected: "close or poll_empty".into(),
                got: format!("{other:?}"),
            }),
        }
    }
}

pub fn check(items: f64, variant: &str) -> Result<(u32, Variant)> {
    Ok((
        whole("items", items, 0, MAX_ITEMS)?,
        Variant::parse(variant)?,
    ))
}

/// What the consumer got: how many items, and whether they came in order
/// (item k is the number k, so order is checkable without storing them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub received: u32,
    pub in_order: bool,
}

impl Tally {
    pub fn new() -> Tally {
        Tally {
            received: 0,
            in_order: true,
        }
    }

    pub fn take(&mut self, item: u32) {
        self.in_order &= item == self.received;
        self.received += 1;
    }
}

/// Sends `0..items`, then closes the channel by dropping its end.
pub fn produce(tx: Sender<u32>, items: u32) {
    for item in 0..items {
        if tx.send(item).is_err() {
            break; // the consumer has gone: nobody left to send to
        }
    }
}

/// Receives until the channel is closed: never loses an item.
pub fn consume_until_closed(rx: &Receiver<u32>) -> Tally {
    let mut tally = Tally::new();
    let items = rx.iter(); // <- ends only when closed
    for item in items {
        tally.take(item);
    }
    tally
}

/// The mistake: receives while the queue is not empty, then stops.
pub fn consume_until_empty(rx: &Receiver<u32>) -> Tally {
    let mut tally = Tally::new();
    loop {
        match rx.try_recv() {
            Ok(item) => tally.take(item),
            Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => return tally, // <- empty now
        }
    }
}

/// A finished run: what was received, lost, and who did what.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub received: u32,
    pub lost: u32,
    pub in_order: bool,
    pub events: Vec<Event>,
}

/// Producer and consumer on two threads of the rayon pool, one channel in
/// shared memory. The consumer is started first, as a consumer usually is.
#[cfg(feature = "threads")]
pub fn run_on_pool(items: u32, variant: Variant) -> Outcome {
    let (tx, rx) = std::sync::mpsc::channel();
    let consumer = std::sync::Mutex::new(None);
    let producer = std::sync::Mutex::new(None);
    rayon::scope(|s| {
        let (consumer, producer) = (&consumer, &producer);
        s.spawn(move |_| {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let done = consume(&rx, variant, lane);
            *consumer.lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
        });
        s.spawn(move |_| {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let (_, event) = Event::timed(lane, format!("producer: send {items}, close"), || {
                produce(tx, items)
            });
            *producer.lock().unwrap_or_else(|e| e.into_inner()) = Some(event);
        });
    });
    let (tally, consumer_event) = consumer
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or_else(|| (Tally::new(), missing_event("consumer")));
    let producer_event = producer
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .unwrap_or_else(|| missing_event("producer"));
    let (received, lost, in_order) = verdict(items, tally);
    Outcome {
        received,
        lost,
        in_order,
        events: vec![producer_event, consumer_event],
    }
}

#[cfg(feature = "threads")]
fn missing_event(who: &str) -> Event {
    Event {
        lane: 0,
        label: format!("{who} did not finish"),
        start_ms: 0.0,
        end_ms: 0.0,
        ok: false,
    }
}

/// The consumer's side, timed on `lane`.
pub fn consume(rx: &Receiver<u32>, variant: Variant, lane: u32) -> (Tally, Event) {
    let label = match variant {
        Variant::Close => "consumer: receive until closed",
        Variant::PollEmpty => "consumer: receive while not empty",
    };
    Event::timed(lane, label, || match variant {
        Variant::Close => consume_until_closed(rx),
        Variant::PollEmpty => consume_until_empty(rx),
    })
}

/// The consumer's verdict on `received` items out of `items` sent.
pub fn verdict(items: u32, tally: Tally) -> (u32, u32, bool) {
    (
        tally.received,
        items.saturating_sub(tally.received),
        tally.in_order,
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn closing_the_channel_delivers_every_item_in_order() {
        for items in [0u32, 1, 3, 10_000, 1_000_000] {
            let (tx, rx) = std::sync::mpsc::channel();
            let consumer = std::thread::spawn(move || consume(&rx, Variant::Close, 1).0);
            std::thread::sleep(std::time::Duration::from_millis(2));
            produce(tx, items);
            let tally = consumer.join().expect("consumer thread");
            assert_eq!(verdict(items, tally), (items, 0, true));
        }
    }

    #[test]
    fn polling_for_empty_loses_items_when_the_consumer_is_early() {
        let (tx, rx) = std::sync::mpsc::channel::<u32>();
        // The consumer looks before the producer has sent anything.
        let (tally, _) = consume(&rx, Variant::PollEmpty, 0);
        produce(tx, 3);
        assert_eq!(verdict(3, tally), (0, 3, true));
    }

    #[test]
    fn tally_notices_disorder() {
        let mut t = Tally::new();
        for item in [0, 2, 1] {
            t.take(item);
        }
        assert_eq!((t.received, t.in_order), (3, false));
        assert!(check(1e6 + 1.0, "close").is_err());
        assert!(check(3.0, "sentinel").is_err());
        assert_eq!(check(0.0, "poll_empty").map(|c| c.0), Ok(0));
    }
}
