//! counter on real OS threads: exact where it must be, and the racy
//! variant's losses as its threads counted them against the final count.

use super::*;

fn params(threads: u32, iterations: u32, variant: Variant) -> Params {
    Params {
        threads,
        iterations,
        variant,
        work: 0,
    }
}

#[test]
fn synchronised_variants_are_exact_on_real_threads() {
    for variant in [Variant::Mutex, Variant::Atomic, Variant::Local] {
        for (t, i) in [(1, 1), (2, 100_000), (4, 25_000), (8, 3_333)] {
            let out = run_on_std_threads(&params(t, i, variant));
            assert_eq!(
                out.value,
                u64::from(t) * u64::from(i),
                "{variant:?} {t}×{i}"
            );
            assert_eq!(out.lost, 0);
            assert_eq!(out.events.len(), t as usize);
        }
    }
}

#[test]
fn racy_losses_counted_by_the_threads_explain_the_final_count() {
    // Until a run has raced (on a busy machine the threads may take turns
    // for a while), and at least three runs: each must account for every
    // increment with two measurements — the counter read at the end, and the
    // updates the threads saw their own writes replace.
    let mut lost_some = false;
    for attempt in 0..30 {
        let out = run_on_std_threads(&params(4, 1_000_000, Variant::Racy));
        assert!(out.value >= 1 && out.value <= 4_000_000, "{}", out.value);
        assert_eq!(out.value as i64 + out.lost, 4_000_000, "{out:?}");
        lost_some |= out.lost > 0;
        if lost_some && attempt >= 2 {
            break;
        }
    }
    assert!(
        lost_some,
        "30 runs of 4 threads × 1 000 000 racy increments never raced"
    );
    // With one thread there is nobody to race with.
    let alone = run_on_std_threads(&params(1, 50_000, Variant::Racy));
    assert_eq!((alone.value, alone.lost), (50_000, 0));
}

#[test]
fn parameters_are_checked_by_name() {
    assert!(Params::check(2.0, 100_000.0, "mutex", 0.0).is_ok());
    for (t, i, v, name) in [
        (0.0, 1.0, "mutex", "threads"),
        (65.0, 1.0, "mutex", "threads"),
        (2.0, 0.0, "mutex", "iterations"),
        (2.0, 1e9, "mutex", "iterations"),
        (2.0, f64::NAN, "mutex", "iterations"),
        (2.5, 1.0, "mutex", "threads"),
        (2.0, 1.0, "spinlock", "variant"),
    ] {
        let message = Params::check(t, i, v, 0.0).unwrap_err().to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
}

#[test]
fn only_local_goes_without_shared_memory() {
    let sharing: Vec<bool> = ["mutex", "atomic", "racy", "local"]
        .iter()
        .map(|n| Variant::parse(n).map(|v| v.shares_memory()))
        .collect::<crate::error::Result<_>>()
        .expect("names parse");
    assert_eq!(sharing, [true, true, true, false]);
    assert_eq!(run_local(1234, 0, 0, 0).0.increments, 1234);
    assert!(Params::check(2.0, 1.0, "mutex", 1001.0)
        .unwrap_err()
        .to_string()
        .contains("`work`"));
}

#[test]
fn private_work_keeps_the_count_exact_and_takes_its_time() {
    let p = Params {
        work: 20,
        ..params(2, 500, Variant::Mutex)
    };
    let start = crate::timeline::now_ms();
    let out = run_on_std_threads(&p);
    assert_eq!(out.value, 1000);
    // 500 increments after 20 µs each: at least ~10 ms per thread (a generous floor).
    assert!(crate::timeline::now_ms() - start >= 5.0);
}

#[cfg(feature = "threads")]
#[test]
fn pool_version_is_exact_too() {
    for variant in [Variant::Mutex, Variant::Atomic, Variant::Local] {
        let out = run_on_pool(&params(3, 10_000, variant));
        assert_eq!((out.value, out.lost), (30_000, 0));
    }
}
