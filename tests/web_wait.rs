//! The waiting demos (semaphore, condition, pipe) in a real browser, on a
//! rayon pool of Web Workers sharing one memory with a thread for every task
//! that may wait — as the page's wait pool has (src/web/waitpool.rs).
#![cfg(all(target_arch = "wasm32", feature = "threads"))]

use concurrency_playground::demos::{condition, pipe, semaphore};
use concurrency_playground::timeline::now_ms;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// A pool with a thread for each of the most tasks these tests start, once.
async fn pool() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static STARTED: AtomicBool = AtomicBool::new(false);
    if !STARTED.swap(true, Ordering::SeqCst) {
        JsFuture::from(concurrency_playground::web::runtime::init_thread_pool(16))
            .await
            .expect("thread pool starts");
    }
}

#[wasm_bindgen_test]
async fn the_semaphore_admits_at_most_limit_and_every_task_runs_once() {
    pool().await;
    let p = semaphore::Params {
        tasks: 12,
        limit: 3,
        ms: 30,
    };
    let started = now_ms();
    let report = semaphore::run(&p);
    let took = now_ms() - started;
    assert_eq!(report.peak, 3, "the tasks' own high-water mark");
    assert_eq!(report.ran, 12);
    assert_eq!(report.refused, 0);
    // Recounted from the bars: never more than three inside at once.
    let mut edges: Vec<(f64, i32)> = report
        .events
        .iter()
        .filter(|e| e.label.ends_with("inside"))
        .flat_map(|e| [(e.start_ms, 1), (e.end_ms, -1)])
        .collect();
    edges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let most = edges
        .iter()
        .scan(0, |n, (_, d)| {
            *n += d;
            Some(*n)
        })
        .max();
    assert_eq!(most, Some(3));
    assert!(took >= 4.0 * 30.0 * 0.95, "{took} ms: four rounds of three");
}

#[wasm_bindgen_test]
async fn the_condition_buffer_delivers_every_item_once() {
    pool().await;
    for (producers, consumers, capacity) in [(2u32, 2u32, 4u32), (3, 1, 1), (1, 5, 2)] {
        let p = condition::Params::check(
            producers.into(),
            consumers.into(),
            capacity.into(),
            5_000.0,
            "while",
        )
        .expect("parameters");
        let report = condition::run(&p);
        let (n, k) = (u64::from(producers), 5_000u64);
        let sum = n * k * (k + 1) / 2 + k * k * n * (n - 1) / 2;
        assert_eq!((report.sent.items, report.received.items), (n * k, n * k));
        assert_eq!((report.sent.sum, report.received.sum), (sum, sum));
        assert_eq!(report.received.took_from_empty + report.sent.overfilled, 0);
    }
}

#[wasm_bindgen_test]
async fn the_ping_pong_counts_every_message() {
    pool().await;
    let report = pipe::ping_pong(20_000);
    assert_eq!((report.answered, report.pinged), (20_000, 20_000));
    assert!(report.round_trip_us(20_000) > 0.0);
}
