//! tasks: thread-per-task — N jobs (like a directory of 12 files), each
//! started as its own task and all joined at the end, as the tutorial's
//! `for f in files: Thread(target=work, args=(f,)).start()` does.
//!
//! Job `i` sums the numbers below `size(i)` the slow way; sizes are uneven
//! so a pool's scheduling shows on the timeline. Its result is checkable by
//! a formula: `size·(size−1)/2`.
//!
//! `crash`: job number `crash` panics on purpose — a crash inside a worker,
//! Python's `BrokenProcessPool`. In wasm a panic aborts its thread, so the
//! run must end with an error and the pool be rebuilt, never hang.

use crate::error::{whole, Result};
use crate::timeline::Event;
use std::hint::black_box;

pub const MAX_TASKS: u32 = 256;
const UNIT: u64 = 1_500_000;

pub fn check(tasks: f64) -> Result<u32> {
    whole("tasks", tasks, 1, MAX_TASKS)
}

/// The `crash` parameter: a job index below `tasks`, or −1 for none.
pub fn check_crash(crash: f64, tasks: u32) -> Result<Option<u32>> {
    if crash == -1.0 {
        return Ok(None);
    }
    whole("crash", crash, 0, tasks.saturating_sub(1)).map(Some)
}

/// How many numbers job `i` adds up: 1, 2 or 3 units.
pub fn size(i: u32) -> u64 {
    UNIT * (1 + u64::from(i % 3))
}

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

/// All jobs as rayon tasks (one `spawn` each) on the pool; results by index.
#[cfg(feature = "threads")]
pub fn run_on_pool(tasks: u32, crash: Option<u32>) -> (Vec<u64>, Vec<Event>) {
    let slots: Vec<std::sync::Mutex<Option<(u64, Event)>>> =
        (0..tasks).map(|_| std::sync::Mutex::new(None)).collect();
    rayon::scope(|s| {
        for (i, slot) in slots.iter().enumerate() {
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let done = timed_job(i as u32, lane, crash); // <- one task per job
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
            });
        }
    });
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_task_result_matches_the_formula_in_input_order() {
        let (values, events) = run_on_std_threads(12);
        let want: Vec<u64> = (0..12).map(|i| size(i) * (size(i) - 1) / 2).collect();
        assert_eq!(values, want);
        assert_eq!(events.len(), 12);
        assert!(check(0.0).is_err() && check(257.0).is_err() && check(12.0).is_ok());
    }

    #[test]
    fn crash_names_its_parameter_and_panics_only_its_own_job() {
        assert_eq!(check_crash(-1.0, 12).unwrap(), None);
        assert_eq!(check_crash(11.0, 12).unwrap(), Some(11));
        for bad in [12.0, -2.0, 0.5, f64::NAN] {
            assert!(check_crash(bad, 12)
                .unwrap_err()
                .to_string()
                .contains("`crash`"));
        }
        // Other jobs run as usual: job 0's sum by the formula.
        assert_eq!(timed_job(0, 0, Some(1)).0, size(0) * (size(0) - 1) / 2);
        let crashed = std::panic::catch_unwind(|| timed_job(1, 0, Some(1)));
        let message = crashed.unwrap_err();
        let text = message
            .downcast_ref::<String>()
            .map(String::as_str)
            .unwrap_or("");
        assert_eq!(text, "task 1 crashed on purpose (the `crash` parameter)");
    }
}
