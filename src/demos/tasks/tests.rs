//! tasks natively: every result by the closed form, and the crash parameter.

use super::*;

/// The sum of 0..n by Gauss's formula, not by the loop under test.
fn gauss(i: u32) -> u64 {
    let n = 1_500_000 * (1 + u64::from(i % 3));
    n * (n - 1) / 2
}

#[test]
fn every_task_result_matches_the_formula_in_input_order() {
    let (values, events) = run_on_std_threads(12);
    let want: Vec<u64> = (0..12).map(gauss).collect();
    assert_eq!(values, want);
    assert_eq!(events.len(), 12);
}

#[test]
fn parameters_are_checked_by_name() {
    assert!(Params::check(0.0, -1.0, "pool").is_err());
    assert!(Params::check(257.0, -1.0, "pool").is_err());
    assert_eq!(
        Params::check(12.0, -1.0, "per_task"),
        Ok(Params {
            tasks: 12,
            crash: None,
            per_task: true
        })
    );
    assert_eq!(
        Params::check(12.0, 11.0, "pool").map(|p| p.crash),
        Ok(Some(11))
    );
    for bad in [12.0, -2.0, 0.5, f64::NAN] {
        let message = Params::check(12.0, bad, "pool").unwrap_err().to_string();
        assert!(message.contains("`crash`"), "{message}");
    }
    let message = Params::check(12.0, -1.0, "threads")
        .unwrap_err()
        .to_string();
    assert!(message.contains("`mode`"), "{message}");
}

#[test]
fn crash_panics_only_its_own_job() {
    assert_eq!(timed_job(0, 0, Some(1)).0, gauss(0));
    let crashed = std::panic::catch_unwind(|| timed_job(1, 0, Some(1)));
    let message = crashed.unwrap_err();
    let text = message
        .downcast_ref::<String>()
        .map(String::as_str)
        .unwrap_or("");
    assert_eq!(text, "task 1 crashed on purpose (the `crash` parameter)");
}
