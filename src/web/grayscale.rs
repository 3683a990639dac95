//! grayscale's exports: the check, sample input, one band or one file on a
//! process-style worker, and the split and the batch on the rayon pool.

use super::runtime::{bytes, checked, error_args, event, events, obj};
use crate::demos::grayscale::{self as gs, Finished, Params};
use crate::timeline::Event;
use wasm_bindgen::prelude::*;

/// Checks every parameter, whichever shape and back end will ignore some of
/// them: `{shape, backend, codec, workers, width, height, seed, count, max_pixels}`.
/// `workers` is what the run uses (1 on `single`). `rgba_len` is the length
/// of the caller's pixels, negative when none were given.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn grayscale_check(
    shape: &str,
    backend: &str,
    codec: &str,
    workers: f64,
    width: f64,
    height: f64,
    seed: f64,
    rgba_len: f64,
    count: f64,
    max_pixels: f64,
) -> Result<JsValue, JsValue> {
    checked(|| {
        gs::SHAPE.check(shape)?;
        let single = gs::BACKEND.check(backend)? == 2;
        gs::CODEC.check(codec)?;
        let p = Params::check(width, height, workers, rgba_len)?;
        Ok(obj(&[
            ("shape", shape.into()),
            ("backend", backend.into()),
            ("codec", codec.into()),
            ("workers", (if single { 1 } else { p.workers }).into()),
            ("width", p.width.into()),
            ("height", p.height.into()),
            ("seed", (gs::SEED.check(seed)? as f64).into()),
            ("count", gs::COUNT.check_u32(count)?.into()),
            (
                "max_pixels",
                (gs::MAX_PIXELS_PARAM.check(max_pixels)? as f64).into(),
            ),
        ]))
    })
}

/// The seeded sample image, `width × height × 4` bytes of RGBA.
#[wasm_bindgen]
pub fn grayscale_sample(width: u32, height: u32, seed: u32) -> Vec<u8> {
    gs::sample_rgba(width, height, seed)
}

/// `parts` bands of `rows` rows as flat `[start0, end0, start1, end1, …]`.
#[wasm_bindgen]
pub fn grayscale_bands(rows: u32, parts: u32) -> Vec<u32> {
    gs::bands(rows, parts)
        .into_iter()
        .flat_map(|band| [band.start, band.end])
        .collect()
}

/// FNV-1a of the gray bytes: a split run's `value`.
#[wasm_bindgen]
pub fn grayscale_checksum(gray: &[u8]) -> u32 {
    gs::checksum(gray)
}

/// One band of RGBA rows on this instance: `{gray, events: [one]}`.
#[wasm_bindgen]
pub fn grayscale_band(rgba: &[u8], lane: u32, label: &str) -> JsValue {
    let (gray, e) = gs::gray_band(rgba, lane, label);
    obj(&[("gray", bytes(&gray)), ("events", events(&[e]))])
}

/// `{index, name, width, height, output_name, output, event}` or
/// `{index, name, error, error_code, error_args, event}` for one finished file.
fn finished(f: Finished) -> JsValue {
    let mut fields = vec![("index", f.index.into()), ("name", f.name.as_str().into())];
    match f.result {
        Ok(c) => fields.extend([
            ("width", c.width.into()),
            ("height", c.height.into()),
            ("output_name", c.output_name.as_str().into()),
            ("output", bytes(&c.output)),
            ("stages", stages(&c.stages)),
        ]),
        Err(e) => fields.extend([
            ("error", e.to_string().into()),
            ("error_code", e.code().into()),
            ("error_args", error_args(&e)),
        ]),
    }
    fields.push(("event", event(&f.event)));
    obj(&fields)
}

/// `{decode_ms, luma_ms, encode_ms}`.
fn stages(s: &gs::Stages) -> JsValue {
    obj(&[
        ("decode_ms", s.decode_ms.into()),
        ("luma_ms", s.luma_ms.into()),
        ("encode_ms", s.encode_ms.into()),
    ])
}

/// A file's header, checked before anything is decoded (by us or by the
/// browser): `{format: 'png' | 'jpeg', width, height}`, or a result row
/// `{index, name, error, error_code, error_args, event}` when it fails.
#[wasm_bindgen]
pub fn grayscale_header(
    data: &[u8],
    name: &str,
    index: u32,
    max_pixels: f64,
    lane: u32,
) -> JsValue {
    let (result, event) = Event::timed(lane, name, || {
        gs::read_header(name, data, max_pixels as u64)
    });
    match result {
        Ok(h) => obj(&[
            ("format", h.format.name().into()),
            ("width", h.width.into()),
            ("height", h.height.into()),
        ]),
        Err(e) => finished(Finished {
            index,
            name: name.to_string(),
            result: Err(e),
            event: Event { ok: false, ..event },
        }),
    }
}

fn header_of(format: &str, width: u32, height: u32) -> gs::Header {
    let format = if format == "png" {
        gs::Format::Png
    } else {
        gs::Format::Jpeg
    };
    gs::Header {
        format,
        width,
        height,
    }
}

/// What the browser decoded, as JavaScript describes it, for the Rust core.
fn decoded(
    format: &str,
    width: u32,
    height: u32,
    data: Vec<u8>,
    (layout, offsets): (&str, &[u32]),
    decode_ms: f64,
) -> gs::Decoded {
    gs::Decoded {
        header: header_of(format, width, height),
        data,
        layout: layout_of(layout, offsets),
        decode_ms,
    }
}

/// `rgba`, `i420` or `i444` with the Cb and Cr planes' offsets.
fn layout_of(name: &str, offsets: &[u32]) -> gs::planes::Layout {
    let at = |i: usize| offsets.get(i).copied().unwrap_or(u32::MAX) as usize;
    // An unknown name reads as RGBA, whose length check then refuses it.
    gs::planes::Layout::from_name(name, at(0), at(1)).unwrap_or(gs::planes::Layout::Rgba)
}

/// The rest of a file the browser decoded in `decode_ms` (RGBA, or planes
/// at `offsets` as `layout` names): luma and encode on this instance.
/// `started_ms` (shared clock) is when the decode began, so the row's event
/// covers the whole file.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn grayscale_pixels(
    data: Vec<u8>,
    layout: &str,
    offsets: &[u32],
    name: &str,
    index: u32,
    format: &str,
    width: u32,
    height: u32,
    decode_ms: f64,
    started_ms: f64,
    lane: u32,
) -> JsValue {
    let decoded = decoded(format, width, height, data, (layout, offsets), decode_ms);
    finished(gs::pixels_timed(index, name, &decoded, started_ms, lane))
}

/// Converts one encoded file (PNG or JPEG) on this instance: decode, luma,
/// encode. A bad file is a row with `error`, not an exception.
#[wasm_bindgen]
pub fn grayscale_file(data: &[u8], name: &str, index: u32, max_pixels: f64, lane: u32) -> JsValue {
    finished(gs::convert_timed(
        index,
        name,
        data,
        max_pixels as u64,
        lane,
    ))
}

/// One picture in the threads instance's shared memory, and its gray: the
/// split's input and output never leave that memory while the pool works.
/// A sample is made straight into it; a caller's pixels are copied in once.
/// Only what the page shows is copied out, once.
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub struct SharedImage {
    rgba: Vec<u8>,
    gray: Vec<u8>,
    width: u32,
}

#[cfg(feature = "threads")]
#[wasm_bindgen]
impl SharedImage {
    /// The seeded sample, made in shared memory.
    pub fn sample(width: u32, height: u32, seed: u32) -> SharedImage {
        SharedImage::new(gs::sample_rgba(width, height, seed), width)
    }

    /// The caller's RGBA pixels, copied into shared memory (the one copy in).
    pub fn copy_of(rgba: &[u8], width: u32) -> SharedImage {
        SharedImage::new(rgba.to_vec(), width)
    }

    fn new(rgba: Vec<u8>, width: u32) -> SharedImage {
        let gray = vec![0u8; rgba.len() / 4];
        SharedImage { rgba, gray, width }
    }

    /// The split on the rayon pool, in place: `events`, one per task.
    pub fn split(&mut self, workers: u32) -> JsValue {
        let e = gs::gray_parallel(&self.rgba, self.width, workers, &mut self.gray);
        events(&e)
    }

    /// FNV-1a of the gray bytes, read where they are.
    pub fn checksum(&self) -> u32 {
        gs::checksum(&self.gray)
    }

    /// The gray bytes, copied out once for the page to show.
    pub fn gray(&self) -> JsValue {
        bytes(&self.gray)
    }

    /// The input pixels, copied out once for the page to show.
    pub fn rgba(&self) -> JsValue {
        bytes(&self.rgba)
    }
}

/// Room in the threads instance's shared memory for one frame of the
/// browser's decoder: `VideoFrame.copyTo(buffer.view())` writes it there,
/// and [`GrayBatch::push_frame`] hands it to the pool without a copy (one
/// less ~1 MB copy, and one less fresh buffer, per photo).
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub struct FrameBuffer(Vec<u8>);

#[cfg(feature = "threads")]
#[wasm_bindgen]
impl FrameBuffer {
    #[wasm_bindgen(constructor)]
    pub fn new(len: usize) -> FrameBuffer {
        FrameBuffer(vec![0; len])
    }

    /// The bytes as a `Uint8Array` over the module's memory.
    pub fn view(&mut self) -> js_sys::Uint8Array {
        // SAFETY: the view covers exactly this Vec's bytes, which stay where
        // they are until the buffer is pushed or freed (JavaScript drops the
        // view then). The memory is shared, and a shared memory's buffer is
        // never detached when it grows, so the view outlives any growth.
        unsafe { js_sys::Uint8Array::view_mut_raw(self.0.as_mut_ptr(), self.0.len()) }
    }
}

/// A batch of files on the rayon pool (see `grayscale::Batch`).
#[cfg(feature = "threads")]
#[wasm_bindgen]
pub struct GrayBatch(gs::Batch);

#[cfg(feature = "threads")]
#[wasm_bindgen]
impl GrayBatch {
    #[wasm_bindgen(constructor)]
    pub fn new(max_pixels: f64) -> GrayBatch {
        GrayBatch(gs::Batch::new(max_pixels as u64))
    }

    /// Copies the file into shared memory and queues it; returns at once.
    pub fn push(&self, index: u32, name: String, data: Vec<u8>) {
        self.0.spawn(index, name, data);
    }

    /// Queues the luma and encode of a frame the browser decoded (in
    /// `decode_ms`; RGBA or planes, as for `grayscale_pixels`) into `frame`,
    /// in shared memory already: no copy. A free thread takes it.
    #[allow(clippy::too_many_arguments)]
    pub fn push_frame(
        &self,
        index: u32,
        name: String,
        format: &str,
        width: u32,
        height: u32,
        frame: FrameBuffer,
        layout: &str,
        offsets: &[u32],
        decode_ms: f64,
    ) {
        let decoded = decoded(format, width, height, frame.0, (layout, offsets), decode_ms);
        self.0.spawn_pixels(index, name, decoded);
    }

    /// The files finished since the last poll, as result rows.
    pub fn poll(&self) -> js_sys::Array {
        self.0.take_finished().into_iter().map(finished).collect()
    }
}
