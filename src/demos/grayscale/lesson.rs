//! grayscale: the `multiprocessing.Pool.map` image job, in two shapes.
//!
//! - split: one image, its rows shared out. On threads, `workers` tasks on
//!   the rayon pool write into ONE gray buffer in shared memory, each taking
//!   the next thin slice of rows until none is left (as a pool hands the next
//!   item to whoever is free). On processes, each worker gets its own copy of
//!   a band of rows by message and sends its gray band back (`gray_band`).
//! - batch: one task per file — decode, luma, encode — handed to whichever
//!   thread is free (`Batch`), like `Pool.map(to_gray, paths)`.

use super::{bands, convert_timed, gray, pixels_timed, Decoded, Finished};
use crate::timeline::Event;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// How many slices each worker's share is cut into on the threads back end.
const SLICES_PER_WORKER: u32 = 8;

/// A band of rows and the part of the gray output it owns, until taken.
type Slice<'a> = Mutex<Option<(std::ops::Range<u32>, &'a mut [u8])>>;

/// One worker's body on shared memory: take the next slice, convert it in
/// place, repeat. Returns how many slices and rows it did.
fn take_slices(rgba: &[u8], width: usize, slices: &[Slice], next: &AtomicUsize) -> (u32, u32) {
    let (mut taken, mut rows) = (0, 0);
    loop {
        let i = next.fetch_add(1, Relaxed); // <- the next slice, to whichever thread is free
        let Some(cell) = slices.get(i) else { break };
        if let Some((band, out)) = cell.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let (start, end) = (
                band.start as usize * width * 4,
                band.end as usize * width * 4,
            );
            gray(&rgba[start..end], out); // <- writes straight into the one shared gray buffer
            (taken, rows) = (taken + 1, rows + band.len() as u32);
        }
    }
    (taken, rows)
}

/// The split on the rayon pool: `workers` tasks convert the image in place,
/// all in one memory. One event per task, on the lane of its thread.
#[cfg(feature = "threads")]
pub fn gray_parallel(rgba: &[u8], width: u32, workers: u32, gray_out: &mut [u8]) -> Vec<Event> {
    let width = width as usize;
    let rows = (gray_out.len() / width.max(1)) as u32;
    let workers = workers.clamp(1, rows.max(1));
    // Disjoint mutable slices of the output, cut up front: whoever takes
    // slice i owns it; no two threads ever write the same byte.
    let mut slices = Vec::new();
    let mut rest = gray_out;
    for band in bands(rows, workers * SLICES_PER_WORKER) {
        let (head, tail) = rest.split_at_mut(band.len() * width);
        slices.push(Mutex::new(Some((band, head))));
        rest = tail;
    }
    let next = AtomicUsize::new(0);
    let events = Mutex::new(Vec::new());
    rayon::scope(|s| {
        for _ in 0..workers {
            let (slices, next, events) = (&slices, &next, &events);
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let ((taken, rows), event) =
                    Event::timed(lane, "", || take_slices(rgba, width, slices, next));
                let label = format!("{taken} slice(s), {rows} rows");
                events
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(Event { label, ..event });
            });
        }
    }); // <- join: every slice is done
    events.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// One band of rows on one process-style worker, in that worker's own memory.
pub fn gray_band(rgba: &[u8], lane: u32, label: &str) -> (Vec<u8>, Event) {
    Event::timed(lane, label, || {
        let mut out = vec![0u8; rgba.len() / 4]; // <- a private copy, sent back by message
        gray(rgba, &mut out);
        out
    })
}

/// The batch on the rayon pool: `Pool.map(to_gray, files)` over shared
/// memory. The coordinator feeds files in with [`Batch::spawn`] (which
/// returns at once) and collects them with [`Batch::take_finished`], so it
/// keeps only a few files in memory at a time and reports each as it ends.
pub struct Batch {
    finished: Arc<Mutex<Vec<Finished>>>,
    max_pixels: u64,
}

impl Batch {
    pub fn new(max_pixels: u64) -> Self {
        Batch {
            finished: Arc::default(),
            max_pixels,
        }
    }

    /// Queues one file on the pool; whichever thread is free takes it.
    #[cfg(feature = "threads")]
    pub fn spawn(&self, index: u32, name: String, bytes: Vec<u8>) {
        let max = self.max_pixels;
        let job = move |lane| convert_timed(index, &name, &bytes, max, lane); // <- the whole file on one thread
        self.on_free_thread(job);
    }

    /// The same for pixels the browser's decoder already made: luma, encode.
    #[cfg(feature = "threads")]
    pub fn spawn_pixels(&self, index: u32, name: String, decoded: Decoded) {
        let job = move |lane| pixels_timed(index, &name, &decoded, f64::NAN, lane);
        self.on_free_thread(job);
    }

    #[cfg(feature = "threads")]
    fn on_free_thread(&self, job: impl FnOnce(u32) -> Finished + Send + 'static) {
        let finished = Arc::clone(&self.finished);
        rayon::spawn(move || {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let done = job(lane);
            finished
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(done); // <- reported as each ends
        });
    }

    /// The files finished since the last call, in the order they finished.
    pub fn take_finished(&self) -> Vec<Finished> {
        std::mem::take(&mut *self.finished.lock().unwrap_or_else(|p| p.into_inner()))
    }
}
