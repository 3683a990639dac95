//! pipe's thread ping-pong on real OS threads: every ping is received and
//! every answer is the ping plus one, whatever the number of rounds.

use super::*;

#[test]
fn the_ping_pong_counts_every_message() {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a native thread pool");
    for rounds in [1, 2, 1_000, 100_000] {
        let report = pool.install(|| ping_pong(rounds));
        assert_eq!(report.pinged, rounds, "pings received");
        assert_eq!(
            report.answered, rounds,
            "answers received, each its ping plus one"
        );
        assert_eq!(report.events.len(), 2);
        assert!(report.round_trip_us(rounds) > 0.0);
    }
}

#[test]
fn rounds_are_checked() {
    assert!(check(0.0).unwrap_err().to_string().contains("`rounds`"));
    assert!(check(1.5).is_err());
    assert_eq!(check(10_000.0), Ok(10_000));
}
