//! semaphore on real OS threads (a rayon pool natively): never more than
//! `limit` inside, counted by an atomic high-water mark and again from the
//! bars' times; every task runs once; the run takes at least the ideal time.

use super::*;

fn pool(threads: u32) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads as usize)
        .build()
        .expect("a native thread pool")
}

/// The most bars labelled "inside" that overlap at any instant, by a sweep
/// over their ends (an end at the same time as a start counts first).
fn most_at_once(events: &[crate::timeline::Event]) -> u32 {
    let mut edges: Vec<(f64, i32)> = events
        .iter()
        .filter(|e| e.label.ends_with("inside"))
        .flat_map(|e| [(e.start_ms, 1), (e.end_ms, -1)])
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut most) = (0, 0);
    for (_, d) in edges {
        now += d;
        most = most.max(now);
    }
    most as u32
}

#[test]
fn never_more_than_limit_inside_and_every_task_runs_once() {
    for (tasks, limit, ms) in [(12, 3, 20), (5, 1, 5), (8, 8, 5), (6, 4, 10), (1, 3, 5)] {
        let p = Params { tasks, limit, ms };
        let started = crate::timeline::now_ms();
        let report = pool(tasks).install(|| run(&p));
        let took = crate::timeline::now_ms() - started;
        assert!(
            report.peak <= limit,
            "{p:?}: {} inside at once",
            report.peak
        );
        assert_eq!(
            report.peak,
            limit.min(tasks),
            "{p:?}: the semaphore let in fewer than it may"
        );
        assert!(
            most_at_once(&report.events) <= limit,
            "{p:?}: the bars overlap"
        );
        assert_eq!(report.ran, tasks);
        assert_eq!(report.refused, 0);
        let mut inside: Vec<String> = report
            .events
            .iter()
            .filter(|e| e.label.ends_with("inside"))
            .map(|e| e.label.clone())
            .collect();
        inside.sort();
        let mut want: Vec<String> = (0..tasks).map(|i| format!("task {i}: inside")).collect();
        want.sort();
        assert_eq!(inside, want, "{p:?}: each task inside once");
        // The tasks go in `limit` at a time: never faster than that.
        let rounds = f64::from(tasks.div_ceil(limit));
        assert!(took >= rounds * f64::from(ms) * 0.95, "{p:?}: {took} ms");
    }
}

#[test]
fn a_release_without_an_acquire_is_refused() {
    let semaphore = Semaphore::new(2);
    assert!(!semaphore.release(), "all permits were free");
    semaphore.acquire();
    assert!(semaphore.release());
    assert!(!semaphore.release());
}

#[test]
fn the_checks_name_the_parameter() {
    for (tasks, limit, ms, name) in [
        (0.0, 3.0, 100.0, "tasks"),
        (12.0, 0.0, 100.0, "limit"),
        (12.0, 3.0, 1e9, "ms"),
        (25.0, 3.0, 1.0, "tasks"),
    ] {
        let message = Params::check(tasks, limit, ms).unwrap_err().to_string();
        assert!(message.contains(&format!("`{name}`")), "{message}");
    }
    assert_eq!(
        Params::check(12.0, 3.0, 100.0).map(|p| p.ideal_ms()),
        Ok(400.0)
    );
}
