//! condition on real OS threads: every item delivered exactly once (a
//! checksum of what producers sent against what consumers received, and
//! against the sum written another way) for several P, Q, C; the `while`
//! variant never goes on when it should wait; the `if` variant's failure is
//! detected in a run where it is forced to happen.

use super::*;
use std::time::{Duration, Instant};

fn pool(threads: u32) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads as usize)
        .build()
        .expect("a native thread pool")
}

fn params(producers: u32, consumers: u32, capacity: u32, items: u32, check: Check) -> Params {
    Params {
        producers,
        consumers,
        capacity,
        items,
        check,
    }
}

/// Σ over producers p and items k of p·K + k + 1, in closed form.
fn expected_sum(p: &Params) -> u64 {
    let (n, k) = (u64::from(p.producers), u64::from(p.items));
    n * k * (k + 1) / 2 + k * k * n * (n - 1) / 2
}

#[test]
fn every_item_is_delivered_exactly_once() {
    for (producers, consumers, capacity, items) in [
        (1, 1, 1, 1_000),
        (2, 2, 4, 10_000),
        (3, 1, 2, 2_000),
        (1, 4, 1, 3_000),
        (4, 4, 16, 5_000),
        (8, 8, 3, 500),
    ] {
        let p = params(producers, consumers, capacity, items, Check::While);
        let report = pool(producers + consumers).install(|| run(&p));
        let want = u64::from(producers) * u64::from(items);
        assert_eq!(report.sent.items, want, "{p:?}");
        assert_eq!(report.received.items, want, "{p:?}");
        assert_eq!(report.sent.sum, expected_sum(&p), "{p:?}");
        assert_eq!(report.received.sum, report.sent.sum, "{p:?}: the checksum");
        assert_eq!(
            (report.received.took_from_empty, report.sent.overfilled),
            (0, 0),
            "{p:?}"
        );
        assert_eq!(report.events.len(), (producers + consumers) as usize);
    }
}

#[test]
fn a_small_buffer_makes_producers_wait() {
    let p = params(2, 1, 1, 20_000, Check::While);
    let report = pool(3).install(|| run(&p));
    assert!(report.sent.waited + report.received.waited > 0);
}

/// Two consumers wait on an empty buffer; this thread puts one item at a
/// time, pausing so both are waiting again. Each put wakes both: one takes
/// the item, and the other — with `if` — goes on to an empty buffer. Returns
/// what the consumers found, and how many items they took of how many put.
fn two_consumers_woken_together(check: Check, until: impl Fn(&Tally) -> bool) -> (Tally, u64) {
    let p = params(1, 2, 1, 1, check);
    let buffer = Buffer::new(&p);
    let mut put = Tally::default();
    let tallies: Vec<Tally> = std::thread::scope(|s| {
        let consumers: Vec<_> = (0..2)
            .map(|_| {
                let buffer = &buffer;
                s.spawn(move || {
                    let mut tally = Tally::default();
                    while buffer.take(&mut tally) {}
                    tally
                })
            })
            .collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut found = Tally::default();
        while !until(&found) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
            buffer.put(put.items + 1, &mut put);
            // What the consumers found is known only at the end; keep putting for a while.
            found.items = put.items;
        }
        buffer.producer_done();
        consumers
            .into_iter()
            .filter_map(|c| c.join().ok())
            .collect()
    });
    let mut all = Tally::default();
    for t in &tallies {
        all.add(t);
    }
    (all, put.items)
}

#[test]
fn with_if_a_woken_consumer_finds_the_buffer_empty_and_it_is_counted() {
    let (found, put) = two_consumers_woken_together(Check::If, |t| t.items >= 300);
    assert!(
        found.took_from_empty > 0,
        "the bug never showed in {put} puts"
    );
    // Still nothing lost or taken twice: Rust's pop on an empty buffer is None.
    assert_eq!(found.items, put);
}

#[test]
fn with_while_no_consumer_ever_goes_on_to_an_empty_buffer() {
    let (found, put) = two_consumers_woken_together(Check::While, |t| t.items >= 300);
    assert_eq!(found.took_from_empty, 0);
    assert_eq!(found.items, put);
}

#[test]
fn the_checks_name_the_parameter() {
    for (args, name) in [
        ((0.0, 2.0, 4.0, 10.0, "while"), "producers"),
        ((2.0, 9.0, 4.0, 10.0, "while"), "consumers"),
        ((2.0, 2.0, 0.0, 10.0, "while"), "capacity"),
        ((2.0, 2.0, 4.0, 0.5, "while"), "items"),
        ((2.0, 2.0, 4.0, 10.0, "until"), "variant"),
    ] {
        let (p, q, c, k, v) = args;
        let message = Params::check(p, q, c, k, v).unwrap_err().to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
}
