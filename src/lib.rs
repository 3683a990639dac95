//! Concurrency Playground: Python's three concurrency models, run for real in
//! the browser.
//!
//! The crate is a pure Rust core with a thin `#[wasm_bindgen]` shell. Every
//! demo lives in one file under `demos/`; this file lists the modules and holds
//! the exports and nothing else. It is built twice (see `build.sh`):
//!
//! - plain `wasm32` (`www/pkg/`): the main thread and every process-style
//!   worker, each with its own instance and memory;
//! - feature `threads` with atomics and shared memory (`www/pkg-threads/`):
//!   loaded in one coordinator Worker whose rayon pool runs on Web Workers
//!   that share one `WebAssembly.Memory`.
//!
//! Exports take plain numbers, strings and typed arrays, check them, and
//! return `Result<_, JsError>` so JavaScript gets a real `Error`.

// The page promises the SIMD kernel; a wasm build without it is a build mistake.
#[cfg(all(target_arch = "wasm32", not(target_feature = "simd128")))]
compile_error!("build wasm with -C target-feature=+simd128 (build.sh sets it)");

pub mod demos {
    pub mod blocking;
    pub mod counter;
    pub mod fetch;
    pub mod grayscale;
    pub mod map;
    pub mod queue;
    pub mod tasks;
}
pub mod bench;
pub mod error;
pub mod source;
pub mod timeline;

#[cfg(target_arch = "wasm32")]
pub use exports::*;

#[cfg(target_arch = "wasm32")]
mod exports {
    use crate::demos::{blocking, counter, fetch, grayscale, map, queue, tasks};
    use crate::error::whole;
    use crate::timeline::{self, Event};
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;

    #[cfg(feature = "threads")]
    pub use wasm_bindgen_rayon::init_thread_pool;

    /// `{gray, events}`, the gray bytes copied into a fresh (never shared)
    /// buffer: `ImageData` and `postMessage` transfer both need one.
    fn gray_result(gray: &[u8], events: &[Event]) -> JsValue {
        let out = Object::new();
        let bytes = Uint8Array::new_with_length(gray.len() as u32);
        bytes.copy_from(gray);
        let _ = Reflect::set(&out, &"gray".into(), &bytes);
        let _ = Reflect::set(&out, &"events".into(), &timeline::to_js(events));
        out.into()
    }

    /// A plain object from `(key, value)` pairs.
    fn obj(fields: &[(&str, JsValue)]) -> JsValue {
        let out = Object::new();
        for (key, value) in fields {
            // Setting a fresh plain object's own data property cannot fail.
            let _ = Reflect::set(&out, &(*key).into(), value);
        }
        out.into()
    }

    fn event_js(event: &Event) -> JsValue {
        timeline::to_js(std::slice::from_ref(event)).get(0)
    }

    // ---- counter -------------------------------------------------------

    /// Checks counter's parameters; `shared` = whether shared memory exists.
    #[wasm_bindgen]
    pub fn counter_check(threads: f64, iterations: f64, variant: &str) -> Result<JsValue, JsError> {
        let p = counter::Params::check(threads, iterations, variant)?;
        Ok(obj(&[
            ("expected", (p.expected() as f64).into()),
            ("shares_memory", p.variant.shares_memory().into()),
        ]))
    }

    /// One process-style worker's private count (variant `local`).
    #[wasm_bindgen]
    pub fn counter_local(iterations: f64, lane: u32, task: u32) -> Result<JsValue, JsError> {
        let iterations = whole("iterations", iterations, 1, counter::MAX_ITERATIONS)?;
        let (value, event) = counter::run_local(iterations, lane, task);
        Ok(obj(&[
            ("value", (value as f64).into()),
            ("event", event_js(&event)),
        ]))
    }

    /// The counter on the rayon pool: `{value, expected, lost, events}`.
    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    pub fn counter_threads(
        threads: f64,
        iterations: f64,
        variant: &str,
    ) -> Result<JsValue, JsError> {
        let p = counter::Params::check(threads, iterations, variant)?;
        let out = counter::run_on_pool(&p);
        Ok(obj(&[
            ("value", (out.value as f64).into()),
            ("expected", (out.expected as f64).into()),
            ("lost", (out.lost as f64).into()),
            ("events", timeline::to_js(&out.events).into()),
        ]))
    }

    // ---- map -----------------------------------------------------------

    #[wasm_bindgen]
    pub fn map_check(workers: f64, n: f64) -> Result<(), JsError> {
        map::Params::check(workers, n)?;
        Ok(())
    }

    /// One item on a process-style worker: `{value, event}`.
    #[wasm_bindgen]
    pub fn map_square(x: u32, lane: u32) -> JsValue {
        let (value, event) = Event::timed(lane, format!("square({x})"), || map::square(x));
        obj(&[
            ("value", (value as f64).into()),
            ("event", event_js(&event)),
        ])
    }

    /// `Executor.map` on the rayon pool: `{values, finished, events}`.
    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    pub fn map_threads(workers: f64, n: f64) -> Result<JsValue, JsError> {
        let p = map::Params::check(workers, n)?;
        let out = map::run_on_pool(&p);
        let values: Vec<f64> = out.values.iter().map(|&v| v as f64).collect();
        Ok(obj(&[
            ("values", js_sys::Float64Array::from(&values[..]).into()),
            (
                "finished",
                js_sys::Uint32Array::from(&out.finished[..]).into(),
            ),
            ("events", timeline::to_js(&out.events).into()),
        ]))
    }

    /// Bytes of this instance's linear memory; in the threads build every
    /// thread shares it. Wasm memory only grows, so growth across runs is a leak.
    #[wasm_bindgen]
    pub fn memory_bytes() -> f64 {
        (core::arch::wasm32::memory_size(0) * 65536) as f64
    }

    // ---- crashes ---------------------------------------------------------

    /// Where a panic on any thread of this instance is announced: a
    /// BroadcastChannel the page listens on. In the threads build a panic
    /// aborts its rayon thread and the job it belonged to never finishes;
    /// the page hears of it here and stops the run at once instead of at its
    /// deadline. Statics live in the shared memory, so one call covers every
    /// thread of the pool.
    #[wasm_bindgen]
    pub fn report_panics_to(channel: String) {
        static CHANNEL: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());
        static HOOK: std::sync::Once = std::sync::Once::new();
        *CHANNEL.lock().unwrap_or_else(|p| p.into_inner()) = channel;
        HOOK.call_once(|| {
            std::panic::set_hook(Box::new(|info| {
                let name = CHANNEL.lock().map(|c| c.clone()).unwrap_or_default();
                if let Ok(channel) = web_sys::BroadcastChannel::new(&name) {
                    let payload = info.payload();
                    let what = payload
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or_else(|| payload.downcast_ref::<&str>().copied())
                        .unwrap_or("a panic");
                    let message = match info.location() {
                        Some(at) => format!("{what} (at {}:{})", at.file(), at.line()),
                        None => what.to_string(),
                    };
                    let _ = channel.post_message(&JsValue::from_str(&message));
                }
            }));
        });
    }

    // ---- tasks ---------------------------------------------------------

    #[wasm_bindgen]
    pub fn tasks_check(tasks: f64) -> Result<u32, JsError> {
        Ok(tasks::check(tasks)?)
    }

    /// The `crash` parameter (−1: none) for `tasks` jobs.
    #[wasm_bindgen]
    pub fn tasks_check_crash(crash: f64, tasks: u32) -> Result<i32, JsError> {
        Ok(tasks::check_crash(crash, tasks)?.map_or(-1, |i| i as i32))
    }

    /// Task `i` on this instance: `{value, event}`. Panics (a trap) if `i`
    /// is `crash`.
    #[wasm_bindgen]
    pub fn tasks_job(i: u32, lane: u32, crash: i32) -> JsValue {
        let (value, event) = tasks::timed_job(i, lane, u32::try_from(crash).ok());
        obj(&[
            ("value", (value as f64).into()),
            ("event", event_js(&event)),
        ])
    }

    /// Every task as its own rayon task: `{values, events}`.
    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    pub fn tasks_threads(count: f64, crash: f64) -> Result<JsValue, JsError> {
        let count = tasks::check(count)?;
        let crash = tasks::check_crash(crash, count)?;
        let (values, events) = tasks::run_on_pool(count, crash);
        let values: Vec<f64> = values.iter().map(|&v| v as f64).collect();
        Ok(obj(&[
            ("values", js_sys::Float64Array::from(&values[..]).into()),
            ("events", timeline::to_js(&events).into()),
        ]))
    }

    // ---- queue ---------------------------------------------------------

    #[wasm_bindgen]
    pub fn queue_check(items: f64, variant: &str) -> Result<u32, JsError> {
        Ok(queue::check(items, variant)?.0)
    }

    /// The consumer's count on a process-style worker (see `queue::Tally`).
    #[wasm_bindgen]
    pub struct QueueTally(queue::Tally);

    #[wasm_bindgen]
    impl QueueTally {
        #[wasm_bindgen(constructor)]
        pub fn new() -> QueueTally {
            QueueTally(queue::Tally::new())
        }
        pub fn take(&mut self, item: u32) {
            self.0.take(item);
        }
        #[wasm_bindgen(getter)]
        pub fn received(&self) -> u32 {
            self.0.received
        }
        #[wasm_bindgen(getter)]
        pub fn in_order(&self) -> bool {
            self.0.in_order
        }
    }

    impl Default for QueueTally {
        fn default() -> Self {
            Self::new()
        }
    }

    /// Producer and consumer on the rayon pool: `{received, lost, in_order, events}`.
    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    pub fn queue_threads(items: f64, variant: &str) -> Result<JsValue, JsError> {
        let (items, variant) = queue::check(items, variant)?;
        let out = queue::run_on_pool(items, variant);
        Ok(obj(&[
            ("received", out.received.into()),
            ("lost", out.lost.into()),
            ("in_order", out.in_order.into()),
            ("events", timeline::to_js(&out.events).into()),
        ]))
    }

    // ---- fetch ---------------------------------------------------------

    /// URLs of `count` simulated requests of `ms` and `bytes` each.
    #[wasm_bindgen]
    pub fn fetch_sim_urls(count: f64, ms: f64, bytes: f64) -> Result<Vec<String>, JsError> {
        let p = fetch::SimParams::check(count, ms, bytes)?;
        Ok((0..p.count)
            .map(|_| fetch::sim_url(p.ms, p.bytes))
            .collect())
    }

    /// Checks `mode`, `limit`, `timeout_ms` and `max_bytes` before a run.
    #[wasm_bindgen]
    pub fn fetch_check(
        mode: &str,
        limit: f64,
        timeout_ms: f64,
        max_bytes: f64,
    ) -> Result<(), JsError> {
        fetch::Mode::parse(mode, limit)?;
        fetch::check_limits(timeout_ms, max_bytes)?;
        Ok(())
    }

    /// The shortest possible time for requests of these delays in `mode`.
    #[wasm_bindgen]
    pub fn fetch_ideal_ms(delays_ms: Vec<f64>, mode: &str, limit: f64) -> Result<f64, JsError> {
        Ok(fetch::ideal_ms(
            &delays_ms,
            fetch::Mode::parse(mode, limit)?,
        ))
    }

    /// Runs the requests on this thread's event loop; resolves with
    /// `{rows: [{url, status, bytes, error?}], events}` in input order.
    #[wasm_bindgen]
    pub async fn fetch_run(
        urls: Vec<String>,
        base: String,
        mode: String,
        limit: f64,
        timeout_ms: f64,
        max_bytes: f64,
        signal: web_sys::AbortSignal,
    ) -> Result<JsValue, JsError> {
        let mode = fetch::Mode::parse(&mode, limit)?;
        let (timeout_ms, max_bytes) = fetch::check_limits(timeout_ms, max_bytes)?;
        let rows = fetch::run_all(urls.len(), mode, |i| {
            let checked = fetch::check_url(&urls[i], &base);
            let (raw, signal) = (urls[i].clone(), signal.clone());
            async move {
                match checked {
                    Ok(url) => {
                        fetch::browser::fetch_one(i as u32, &url, timeout_ms, max_bytes, &signal)
                            .await
                    }
                    Err(reason) => {
                        let now = timeline::now_ms();
                        fetch::Row {
                            url: raw.clone(),
                            status: None,
                            bytes: 0,
                            error: Some(reason),
                            event: Event {
                                lane: i as u32,
                                label: raw,
                                start_ms: now,
                                end_ms: now,
                                ok: false,
                            },
                        }
                    }
                }
            }
        })
        .await;
        let js_rows: js_sys::Array = rows
            .iter()
            .map(|r| {
                let mut fields = vec![
                    ("url", JsValue::from(r.url.as_str())),
                    ("status", r.status.map_or(JsValue::NULL, JsValue::from)),
                    ("bytes", (r.bytes as f64).into()),
                ];
                if let Some(e) = &r.error {
                    fields.push(("error", e.as_str().into()));
                }
                obj(&fields)
            })
            .collect();
        let events: Vec<Event> = rows.into_iter().map(|r| r.event).collect();
        Ok(obj(&[
            ("rows", js_rows.into()),
            ("events", timeline::to_js(&events).into()),
        ]))
    }

    // ---- blocking ------------------------------------------------------

    #[wasm_bindgen]
    pub fn blocking_check(ms: f64, place: &str) -> Result<u32, JsError> {
        Ok(blocking::check(ms, place)?)
    }

    /// Busy work for `ms` milliseconds, in one piece (blocks this thread).
    #[wasm_bindgen]
    pub fn blocking_busy(ms: f64) -> f64 {
        blocking::busy_ms(ms) as f64
    }

    /// The same work in slices that yield to the event loop.
    #[wasm_bindgen]
    pub async fn blocking_sliced(ms: f64) -> f64 {
        blocking::sliced_ms(ms).await as f64
    }

    /// `{longest_gap_ms, dropped_frames}` from frame timestamps.
    #[wasm_bindgen]
    pub fn blocking_frames(frames: Vec<f64>, start: f64, end: f64, frame_ms: f64) -> JsValue {
        let (longest, dropped) = blocking::frame_stats(&frames, start, end, frame_ms);
        obj(&[
            ("longest_gap_ms", longest.into()),
            ("dropped_frames", dropped.into()),
        ])
    }

    /// The shared clock, in milliseconds (see `timeline`).
    #[wasm_bindgen]
    pub fn now_ms() -> f64 {
        timeline::now_ms()
    }

    /// `{rust, python}` for a demo, or an error naming the unknown demo.
    #[wasm_bindgen]
    pub fn source(name: &str) -> Result<JsValue, JsError> {
        let (rust, python) = crate::source::source(name)
            .ok_or_else(|| JsError::new(&format!("no demo named `{name}`")))?;
        let out = Object::new();
        let _ = Reflect::set(&out, &"rust".into(), &rust.into());
        let _ = Reflect::set(&out, &"python".into(), &python.into());
        Ok(out.into())
    }

    /// Checks grayscale's numeric parameters; `rgba_len` < 0 means "generate".
    #[wasm_bindgen]
    pub fn grayscale_check(
        width: f64,
        height: f64,
        workers: f64,
        rgba_len: f64,
    ) -> Result<(), JsError> {
        grayscale::Params::check(width, height, workers, rgba_len)?;
        Ok(())
    }

    /// The seeded sample image, `width × height × 4` bytes of RGBA.
    #[wasm_bindgen]
    pub fn grayscale_sample(width: f64, height: f64, seed: f64) -> Result<Vec<u8>, JsError> {
        let p = grayscale::Params::check(width, height, 1.0, -1.0)?;
        let seed = whole("seed", seed, 0, u32::MAX)?;
        Ok(grayscale::sample_rgba(p.width, p.height, seed))
    }

    /// Converts one band of RGBA rows on this instance, timed on `lane`.
    #[wasm_bindgen]
    pub fn grayscale_band(rgba: &[u8], lane: u32, label: &str) -> Result<JsValue, JsError> {
        if !rgba.len().is_multiple_of(4) {
            return Err(JsError::new(&format!(
                "`rgba` must be whole RGBA pixels; got {} bytes",
                rgba.len()
            )));
        }
        let (gray, event) = grayscale::gray_band(rgba, lane, label);
        Ok(gray_result(&gray, &[event]))
    }

    /// `parts` bands of `rows` rows as flat `[start0, end0, start1, end1, …]`.
    #[wasm_bindgen]
    pub fn grayscale_bands(rows: u32, parts: u32) -> Vec<u32> {
        grayscale::bands(rows, parts)
            .into_iter()
            .flat_map(|band| [band.start, band.end])
            .collect()
    }

    /// Checks a batch request: `workers`, `max_pixels`, and `count` (how many
    /// sample files to make when the caller gave none; negative if it did).
    #[wasm_bindgen]
    pub fn grayscale_check_batch(
        workers: f64,
        max_pixels: f64,
        count: Option<f64>,
    ) -> Result<(), JsError> {
        whole("workers", workers, 1, grayscale::MAX_WORKERS)?;
        self::max_pixels(max_pixels)?;
        if let Some(count) = count {
            whole("count", count, 1, grayscale::MAX_SAMPLE_FILES)?;
        }
        Ok(())
    }

    /// A checked `max_pixels` parameter (1 to the 64 Mpx hard limit).
    fn max_pixels(value: f64) -> Result<u64, JsError> {
        let max = u32::try_from(grayscale::MAX_PIXELS).unwrap_or(u32::MAX);
        Ok(u64::from(whole("max_pixels", value, 1, max)?))
    }

    /// `{index, name, width, height, output_name, output, event}` or
    /// `{index, name, error, event}` for one finished file.
    fn finished_to_js(f: grayscale::Finished) -> JsValue {
        let out = Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = Reflect::set(&out, &k.into(), v);
        };
        set("index", &f.index.into());
        set("name", &f.name.as_str().into());
        match f.result {
            Ok(c) => {
                set("width", &c.width.into());
                set("height", &c.height.into());
                set("output_name", &c.output_name.as_str().into());
                let bytes = Uint8Array::new_with_length(c.output.len() as u32);
                bytes.copy_from(&c.output);
                set("output", &bytes);
            }
            Err(e) => set("error", &e.to_string().into()),
        }
        set(
            "event",
            &timeline::to_js(std::slice::from_ref(&f.event)).get(0),
        );
        out.into()
    }

    /// Converts one encoded file (PNG or JPEG) on this instance: decode, luma,
    /// encode. A bad file is a row with `error`, not an exception.
    #[wasm_bindgen]
    pub fn grayscale_file(
        bytes: &[u8],
        name: &str,
        index: u32,
        max_pixels: f64,
        lane: u32,
    ) -> Result<JsValue, JsError> {
        let max = self::max_pixels(max_pixels)?;
        Ok(finished_to_js(grayscale::convert_timed(
            index, name, bytes, max, lane,
        )))
    }

    /// A sample photo-like image file, `format` = `png` or `jpeg`.
    #[wasm_bindgen]
    pub fn grayscale_sample_file(
        width: f64,
        height: f64,
        seed: f64,
        format: &str,
    ) -> Result<Vec<u8>, JsError> {
        let p = grayscale::Params::check(width, height, 1.0, -1.0)?;
        let seed = whole("seed", seed, 0, u32::MAX)?;
        let format = match format {
            "png" => image::ImageFormat::Png,
            "jpeg" | "jpg" => image::ImageFormat::Jpeg,
            other => {
                return Err(JsError::new(&format!(
                    "parameter `format` must be png or jpeg; got {other}"
                )))
            }
        };
        Ok(grayscale::sample_file(p.width, p.height, seed, format)?)
    }

    /// A batch of files on the rayon pool (see `grayscale::Batch`).
    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    pub struct GrayBatch(grayscale::Batch);

    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    impl GrayBatch {
        #[wasm_bindgen(constructor)]
        pub fn new(max_pixels: f64) -> Result<GrayBatch, JsError> {
            Ok(GrayBatch(grayscale::Batch::new(self::max_pixels(
                max_pixels,
            )?)))
        }

        /// Copies the file into shared memory and queues it; returns at once.
        pub fn push(&self, index: u32, name: String, bytes: Vec<u8>) {
            self.0.spawn(index, name, bytes);
        }

        /// The files finished since the last poll, as result rows.
        pub fn poll(&self) -> js_sys::Array {
            self.0
                .take_finished()
                .into_iter()
                .map(finished_to_js)
                .collect()
        }
    }

    /// Milliseconds per repetition of one kernel (see `bench`).
    #[wasm_bindgen]
    pub fn bench_kernel(
        kernel: &str,
        width: u32,
        height: u32,
        reps: u32,
    ) -> Result<Vec<f64>, JsError> {
        Ok(crate::bench::kernel(kernel, width, height, reps)?)
    }

    /// Milliseconds per repetition of the split kernel on the rayon pool.
    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    pub fn bench_threads(
        width: u32,
        height: u32,
        workers: u32,
        reps: u32,
    ) -> Result<Vec<f64>, JsError> {
        Ok(crate::bench::threads(width, height, workers, reps)?)
    }

    /// FNV-1a of the gray bytes: grayscale's `value`.
    #[wasm_bindgen]
    pub fn grayscale_checksum(gray: &[u8]) -> u32 {
        grayscale::checksum(gray)
    }

    /// The whole image on the rayon pool, in `workers` bands.
    #[cfg(feature = "threads")]
    #[wasm_bindgen]
    pub fn grayscale_threads(
        rgba: &[u8],
        width: f64,
        height: f64,
        workers: f64,
    ) -> Result<JsValue, JsError> {
        let p = grayscale::Params::check(width, height, workers, rgba.len() as f64)?;
        let mut gray = vec![0u8; (p.width * p.height) as usize];
        let events = grayscale::gray_parallel(rgba, p.width, p.workers, &mut gray);
        Ok(gray_result(&gray, &events))
    }
}
