//! tasks: thread-per-task — N jobs (like a directory of 12 files), each
//! started as its own task and all joined at the end, as the tutorial's
//! `for f in files: Thread(target=work, args=(f,)).start()` does.
//!
//! Job `i` sums the numbers below `size(i)` the slow way; sizes are uneven
//! so a pool's scheduling shows on the timeline. `crash`: that job panics on
//! purpose — a crash inside a worker, Python's `BrokenProcessPool`. In wasm a
//! panic aborts its thread, so the run ends with an error, never a hang.

use super::size;
use crate::timeline::Event;
use std::hint::black_box;
use std::sync::Mutex;

/// Job `i`: the sum of `0..size(i)`, one number at a time.
pub fn job(i: u32) -> u64 {
    let mut sum = 0u64;
    for k in 0..size(i) {
        sum = black_box(sum + k);
    }
    sum
}

/// Job `i` timed on `lane`; panics if `i` is the job chosen to crash.
pub fn timed_job(i: u32, lane: u32, crash: Option<u32>) -> (u64, Event) {
    if crash == Some(i) {
        panic!("task {i} crashed on purpose (the `crash` parameter)");
    }
    Event::timed(lane, format!("task {i}"), || job(i))
}

/// Every job as its own rayon task on the pool; results by index.
#[cfg(feature = "threads")]
pub fn run_on_pool(tasks: u32, crash: Option<u32>) -> (Vec<u64>, Vec<Event>) {
    let slots: Vec<Mutex<Option<(u64, Event)>>> = (0..tasks).map(|_| Mutex::new(None)).collect();
    rayon::scope(|s| {
        for (i, slot) in slots.iter().enumerate() {
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let done = timed_job(i as u32, lane, crash); // <- one task per job
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
            });
        }
    }); // <- join them all
    slots
        .into_iter()
        .filter_map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unzip()
}

/// One OS thread per job (native tests): the tutorial's shape exactly.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on_std_threads(tasks: u32) -> (Vec<u64>, Vec<Event>) {
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..tasks)
            .map(|i| s.spawn(move || timed_job(i, i, None))) // <- a thread per job
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).unzip()
    })
}
