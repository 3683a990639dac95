//! The threads build in a real browser: a rayon pool of Web Workers sharing one
//! memory, started from a dedicated worker as the page's coordinator does.
#![cfg(all(target_arch = "wasm32", feature = "threads"))]

use concurrency_playground::demos::grayscale::{gray_parallel, sample_rgba};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// The luma formula written another way (floating point, round half up).
fn reference(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            let v = 0.299_011_230_468_75 * p[0] as f64
                + 0.587_005_615_234_375 * p[1] as f64
                + 0.113_983_154_296_875 * p[2] as f64;
            (v + 0.5).floor() as u8
        })
        .collect()
}

/// Starts the global pool once (it can be started only once per instance;
/// the tests of a binary run one after another in the same instance).
async fn pool() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static STARTED: AtomicBool = AtomicBool::new(false);
    if !STARTED.swap(true, Ordering::SeqCst) {
        JsFuture::from(concurrency_playground::web::runtime::init_thread_pool(2))
            .await
            .expect("thread pool starts");
    }
}

#[wasm_bindgen_test]
async fn counter_variants_on_the_pool() {
    use concurrency_playground::demos::counter::{run_on_pool, Params, Variant};
    pool().await;
    for variant in [Variant::Mutex, Variant::Atomic, Variant::Local] {
        for (threads, iterations) in [(1, 10), (2, 100_000), (5, 20_000)] {
            let out = run_on_pool(&Params {
                threads,
                iterations,
                variant,
                work: 0,
            });
            assert_eq!(
                out.value,
                u64::from(threads) * u64::from(iterations),
                "{variant:?}"
            );
            assert_eq!(out.lost, 0);
            assert_eq!(out.events.len(), threads as usize);
        }
    }
    let racy = run_on_pool(&Params {
        threads: 2,
        iterations: 1_000_000,
        variant: Variant::Racy,
        work: 0,
    });
    // The counter read at the end and the losses the threads saw their own
    // writes cause, measured apart, account for every increment.
    assert!(racy.value <= 2_000_000, "{}", racy.value);
    assert_eq!(racy.value as i64 + racy.lost, 2_000_000);
}

#[wasm_bindgen_test]
async fn map_tasks_and_queue_on_the_pool() {
    use concurrency_playground::demos::{map, queue, tasks};
    pool().await;
    let out = map::run_on_pool(&map::Params { workers: 3, n: 50 });
    assert_eq!(out.values, (0..50u64).map(|x| x * x).collect::<Vec<_>>());
    let (values, events) = tasks::run_on_pool(6, None);
    let want: Vec<u64> = (0..6)
        .map(|i| tasks::size(i) * (tasks::size(i) - 1) / 2)
        .collect();
    assert_eq!((values, events.len()), (want, 6));
    let q = queue::run_on_pool(20_000, queue::Variant::Close);
    assert_eq!((q.received, q.left, q.in_order), (20_000, 0, true));
    // What the early consumer missed is still in the queue, counted there.
    let q = queue::run_on_pool(20_000, queue::Variant::PollEmpty);
    assert_eq!(q.received + q.left, 20_000);
}

#[wasm_bindgen_test]
async fn rayon_pool_converts_bands_on_several_threads() {
    pool().await;
    let (w, h) = (301u32, 203u32);
    let rgba = sample_rgba(w, h, 5);
    let want = reference(&rgba);
    for workers in [1u32, 2, 3, 8] {
        let mut out = vec![0u8; (w * h) as usize];
        let events = gray_parallel(&rgba, w, workers, &mut out);
        assert_eq!(out, want, "workers = {workers}");
        assert_eq!(events.len() as u32, workers);
        assert!(events.iter().all(|e| e.lane < 2 && e.end_ms >= e.start_ms));
        // Every row converted by exactly one task: the rows the labels count add up to h.
        let rows: u32 = events
            .iter()
            .map(|e| match e.label.split(", ").nth(1) {
                Some(part) => part.trim_end_matches(" rows").parse::<u32>().unwrap_or(0),
                None => 0,
            })
            .sum();
        assert_eq!(rows, h, "workers = {workers}: {events:?}");
    }
    // With many bands, both threads of the pool should have taken work.
    let (w, h) = (1024u32, 512u32);
    let rgba = sample_rgba(w, h, 6);
    let mut out = vec![0u8; (w * h) as usize];
    let lanes: std::collections::BTreeSet<u32> = (0..20)
        .flat_map(|_| gray_parallel(&rgba, w, 64, &mut out))
        .map(|e| e.lane)
        .collect();
    assert_eq!(lanes.len(), 2, "lanes used: {lanes:?}");
}
