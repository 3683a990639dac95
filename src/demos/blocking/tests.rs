//! blocking natively: frame statistics and the busy loop's duration.

use super::*;
use crate::timeline::now_ms;

#[test]
fn frame_stats_counts_gaps() {
    let frames: Vec<f64> = (1..60).map(|i| i as f64 * 16.0).collect();
    let (longest, dropped) = frame_stats(&frames, 0.0, 960.0, 16.0);
    assert_eq!((longest, dropped), (16.0, 0));
    // Nothing painted for 500 ms: one gap, about 30 frames lost.
    let (longest, dropped) = frame_stats(&[], 0.0, 500.0, 1000.0 / 60.0);
    assert_eq!(longest, 500.0);
    assert_eq!(dropped, 29);
}

#[test]
fn busy_takes_about_as_long_as_asked() {
    let start = now_ms();
    assert!(busy_ms(20.0) > 0);
    let took = now_ms() - start;
    assert!(took >= 20.0, "{took}");
}

#[test]
fn parameters_are_checked_by_name() {
    assert!(check(0.0, "main").unwrap_err().to_string().contains("`ms`"));
    assert!(check(100.0, "gpu")
        .unwrap_err()
        .to_string()
        .contains("`where`"));
    assert_eq!(check(250.0, "sliced"), Ok(250));
}
