//! queue: producer/consumer over a channel, `multiprocessing.Queue` style.
//!
//! The producer sends items 0, 1, …, K−1 and then closes the channel; the
//! consumer receives until the channel is closed, so it gets every item, in
//! order. Variant `poll_empty` reproduces the tutorial's mistake,
//! `while not queue.empty(): queue.get()`: a consumer that stops as soon as
//! it finds the queue empty — which it may well do before the producer has
//! even started — and so loses items. The fix is the close (a sentinel).

use super::{label, Outcome, Tally, Variant};
use crate::timeline::Event;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

/// Sends `0..items`, then closes the channel by dropping its end.
pub fn produce(tx: Sender<u32>, items: u32) {
    for item in 0..items {
        if tx.send(item).is_err() {
            break; // the consumer has gone: nobody left to send to
        }
    } // <- `tx` dropped here: the channel is closed
}

/// Receives until the channel is closed: never loses an item.
pub fn consume_until_closed(rx: &Receiver<u32>) -> Tally {
    let mut tally = Tally::default();
    for item in rx.iter() {
        tally.take(item); // <- `iter()` ends only when the channel is closed
    }
    tally
}

/// The mistake: receives while the queue is not empty, then stops.
pub fn consume_until_empty(rx: &Receiver<u32>) -> Tally {
    let mut tally = Tally::default();
    while let Ok(item) = rx.try_recv() {
        tally.take(item); // <- stops the first time the queue is empty
    }
    tally
}

/// The consumer's side, timed on `lane`.
pub fn consume(rx: &Receiver<u32>, variant: Variant, lane: u32) -> (Tally, Event) {
    Event::timed(lane, label(variant), || match variant {
        Variant::Close => consume_until_closed(rx),
        Variant::PollEmpty => consume_until_empty(rx),
    })
}

/// Producer and consumer on two threads of the rayon pool, one channel in
/// shared memory. The consumer is started first, as a consumer usually is.
#[cfg(feature = "threads")]
pub fn run_on_pool(items: u32, variant: Variant) -> Outcome {
    let (tx, rx) = channel();
    let (consumer, producer) = (Mutex::new(None), Mutex::new(None));
    rayon::scope(|s| {
        let (consumer, producer) = (&consumer, &producer);
        s.spawn(move |_| {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let done = consume(&rx, variant, lane);
            *consumer.lock().unwrap_or_else(|e| e.into_inner()) = Some((done, rx));
        });
        s.spawn(move |_| {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let label = format!("producer: send {items}, close");
            let (_, event) = Event::timed(lane, label, || produce(tx, items));
            *producer.lock().unwrap_or_else(|e| e.into_inner()) = Some(event);
        });
    }); // <- join both
    let consumed = consumer.into_inner().unwrap_or_else(|e| e.into_inner());
    let produced = producer.into_inner().unwrap_or_else(|e| e.into_inner());
    let ((tally, consumer_event), left) = match consumed {
        Some((done, rx)) => (done, rx.try_iter().count() as u32), // <- what the consumer never took
        None => (Default::default(), 0),
    };
    Outcome {
        received: tally.received,
        left,
        in_order: tally.in_order,
        events: vec![produced.unwrap_or_default(), consumer_event],
    }
}
