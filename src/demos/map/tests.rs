//! map natively: squares in input order although the finishing order differs.

use super::*;

#[test]
fn results_are_squares_in_input_order_although_finishing_order_differs() {
    let mut saw_reordering = false;
    for (workers, n) in [(1, 1), (1, 30), (3, 50), (4, 200), (8, 500)] {
        let out = run_on_std_threads(&Params { workers, n });
        let want: Vec<u64> = (0..u64::from(n)).map(|x| x.pow(2)).collect();
        assert_eq!(out.values, want, "{workers} workers, n = {n}");
        let mut finished = out.finished.clone();
        finished.sort_unstable();
        assert_eq!(finished, (0..n).collect::<Vec<_>>(), "each item once");
        saw_reordering |= out.finished.windows(2).any(|w| w[0] > w[1]);
        if n <= MAX_ITEM_EVENTS {
            assert_eq!(out.events.len(), n as usize);
        } else {
            assert!(out.events.len() <= workers as usize);
        }
    }
    assert!(
        saw_reordering,
        "uneven work should finish out of order somewhere"
    );
}

#[test]
fn work_is_uneven() {
    let units: std::collections::BTreeSet<u32> = (0..20).map(work_units).collect();
    assert!(units.len() >= 4, "{units:?}");
}

#[test]
fn parameters_are_checked_by_name() {
    assert!(Params::check(4.0, 100.0).is_ok());
    for (w, n, name) in [
        (0.0, 1.0, "workers"),
        (99.0, 1.0, "workers"),
        (2.0, 0.0, "n"),
        (2.0, 1e6, "n"),
    ] {
        let message = Params::check(w, n).unwrap_err().to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
}
