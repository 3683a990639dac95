//! queue natively: the sentinel delivers everything; polling for empty
//! leaves items behind, which are counted in the queue itself.

use super::*;
use std::sync::mpsc::channel;

#[test]
fn closing_the_channel_delivers_every_item_in_order() {
    for items in [0u32, 1, 3, 10_000, 1_000_000] {
        let (tx, rx) = channel();
        let consumer = std::thread::spawn(move || consume(&rx, Variant::Close, 1).0);
        std::thread::sleep(std::time::Duration::from_millis(2));
        produce(tx, items);
        let tally = consumer.join().expect("consumer thread");
        assert_eq!((tally.received, tally.in_order), (items, true));
    }
}

#[test]
fn polling_for_empty_leaves_items_in_the_queue_when_the_consumer_is_early() {
    let (tx, rx) = channel::<u32>();
    // The consumer looks before the producer has sent anything.
    let (tally, _) = consume(&rx, Variant::PollEmpty, 0);
    produce(tx, 3);
    assert_eq!(tally.received, 0);
    // The three items are still there, never received.
    assert_eq!(rx.try_iter().collect::<Vec<_>>(), [0, 1, 2]);
}

#[test]
fn tally_notices_disorder_and_parameters_are_checked() {
    let mut t = Tally::default();
    for item in [0, 2, 1] {
        t.take(item);
    }
    assert_eq!((t.received, t.in_order), (3, false));
    assert!(check(1e6 + 1.0, "close").is_err());
    assert!(check(3.0, "sentinel").is_err());
    assert_eq!(check(0.0, "poll_empty"), Ok((0, Variant::PollEmpty)));
}
