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

// One test does all pool work: the global pool can be started only once.
#[wasm_bindgen_test]
async fn rayon_pool_converts_bands_on_several_threads() {
    JsFuture::from(concurrency_playground::init_thread_pool(2))
        .await
        .expect("thread pool starts");
    let (w, h) = (301u32, 203u32);
    let rgba = sample_rgba(w, h, 5);
    let want = reference(&rgba);
    for workers in [1u32, 2, 3, 8] {
        let mut out = vec![0u8; (w * h) as usize];
        let events = gray_parallel(&rgba, w, workers, &mut out);
        assert_eq!(out, want, "workers = {workers}");
        assert_eq!(events.len() as u32, workers);
        assert!(events.iter().all(|e| e.lane < 2 && e.end_ms >= e.start_ms));
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
