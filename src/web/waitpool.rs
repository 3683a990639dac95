//! The pool of threads that may wait on one another. In semaphore, condition
//! and pipe a thread blocks until another lets it go — a task waiting at the
//! semaphore holds its thread — so they cannot share the rayon pool of one
//! thread per core: twelve tasks waiting for three permits on two threads
//! would go two at a time, and producers waiting for consumers that have no
//! thread would wait for ever. This second rayon pool has [`WAIT_THREADS`]
//! threads, each on a Web Worker of its own (www/wait-worker.js) sharing the
//! one memory; waiting threads cost no CPU, so more threads than cores is
//! what they need. The threads coordinator starts it on first use.

use rayon::{ThreadBuilder, ThreadPool, ThreadPoolBuilder};
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::{mpsc, Mutex, OnceLock};
use wasm_bindgen::prelude::*;

/// As many threads as the most tasks a demo may start that all wait at once
/// (semaphore's `tasks`, condition's producers and consumers).
pub const WAIT_THREADS: u32 = 24;

type Builders = (
    Mutex<mpsc::Sender<ThreadBuilder>>,
    Mutex<mpsc::Receiver<ThreadBuilder>>,
);
static BUILDERS: OnceLock<Builders> = OnceLock::new();
static POOL: OnceLock<ThreadPool> = OnceLock::new();
/// How many of the pool's threads have started running.
static STARTED: AtomicU32 = AtomicU32::new(0);

fn builders() -> &'static Builders {
    BUILDERS.get_or_init(|| {
        let (tx, rx) = mpsc::channel();
        (Mutex::new(tx), Mutex::new(rx))
    })
}

/// `[module, memory, threads]`: what each of the pool's workers instantiates.
#[wasm_bindgen]
pub fn wait_pool_init() -> js_sys::Array {
    builders();
    js_sys::Array::of3(
        &wasm_bindgen::module(),
        &wasm_bindgen::memory(),
        &WAIT_THREADS.into(),
    )
}

/// Run by each of the pool's workers once instantiated: takes one of the
/// pool's threads and runs it, for as long as the pool lives.
#[wasm_bindgen]
pub fn wait_pool_thread() {
    let next = builders()
        .1
        .lock()
        .map_err(|_| ())
        .and_then(|rx| rx.recv().map_err(|_| ()));
    if let Ok(thread) = next {
        thread.run();
    }
}

/// Builds the pool once its workers wait for their threads.
#[wasm_bindgen]
pub fn wait_pool_build() -> Result<(), JsError> {
    if POOL.get().is_some() {
        return Ok(());
    }
    let pool = ThreadPoolBuilder::new()
        .num_threads(WAIT_THREADS as usize)
        .start_handler(|_| {
            STARTED.fetch_add(1, SeqCst);
        })
        .spawn_handler(|thread| {
            builders()
                .0
                .lock()
                .map_err(|_| std::io::Error::other("the wait pool's channel is poisoned"))?
                .send(thread)
                .map_err(|_| std::io::Error::other("the wait pool's workers are gone"))
        })
        .build()?;
    let _ = POOL.set(pool);
    Ok(())
}

/// How many of the pool's threads are running: the coordinator waits for
/// all of them before a run, so no task waits for a thread that never came.
#[wasm_bindgen]
pub fn wait_pool_started() -> u32 {
    STARTED.load(SeqCst)
}

/// The pool, once built.
pub fn pool() -> Result<&'static ThreadPool, JsError> {
    POOL.get()
        .ok_or_else(|| JsError::new("the wait pool has not been started"))
}
