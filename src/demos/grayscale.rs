//! Grayscale: the `multiprocessing.Pool.map` image job.
//!
//! Owns the luma kernel (BT.601 exactly as OpenCV's `cvtColor(RGB2GRAY)` rounds
//! it), its SIMD and scalar paths, the checks on the demo's parameters, the
//! seeded sample image, and the rayon version that the threads build runs.
//! The page shows this file as the code that ran.

use crate::error::{whole, Error, Result};
use crate::timeline::Event;

/// OpenCV's fixed-point BT.601 weights, scaled by 2^15 (they sum to 32768).
pub const WR: u32 = 9798;
pub const WG: u32 = 19235;
pub const WB: u32 = 3735;
const SHIFT: u32 = 15;
const HALF: u32 = 1 << (SHIFT - 1);

/// Largest side and largest image we accept: 64 Mpx of RGBA is 256 MiB, which
/// with its gray copy still fits the threads build's 1 GiB memory.
pub const MAX_SIDE: u32 = 16_384;
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;
pub const MAX_WORKERS: u32 = 64;
/// How many sample files a batch may generate when the caller gives none.
pub const MAX_SAMPLE_FILES: u32 = 256;

/// Gray value of one pixel.
#[inline]
pub fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((WR * r as u32 + WG * g as u32 + WB * b as u32 + HALF) >> SHIFT) as u8
}

/// Portable path: one pixel at a time. Alpha is ignored, as OpenCV does.
pub fn gray_scalar(rgba: &[u8], gray: &mut [u8]) {
    for (px, out) in rgba.chunks_exact(4).zip(gray.iter_mut()) {
        *out = luma(px[0], px[1], px[2]);
    }
}

/// The fastest path this build has; bit-identical to [`gray_scalar`].
pub fn gray(rgba: &[u8], gray: &mut [u8]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    gray_simd(rgba, gray);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    gray_scalar(rgba, gray);
}

/// wasm SIMD path: 16 pixels per step. Each 128-bit load holds 4 RGBA pixels,
/// read as four little-endian u32 lanes `0xAABBGGRR`; masks and shifts pull
/// the channels out, 32-bit multiplies weigh them, and two saturating narrows
/// (values are already 0..=255) pack 16 results into one store.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub fn gray_simd(rgba: &[u8], gray: &mut [u8]) {
    use core::arch::wasm32::*;

    let pixels = (rgba.len() / 4).min(gray.len());
    let blocks = pixels / 16;
    let byte = u32x4_splat(0xff);
    let (wr, wg, wb) = (u32x4_splat(WR), u32x4_splat(WG), u32x4_splat(WB));
    let half = u32x4_splat(HALF);
    let weigh = |v: v128| -> v128 {
        let r = v128_and(v, byte);
        let g = v128_and(u32x4_shr(v, 8), byte);
        let b = v128_and(u32x4_shr(v, 16), byte);
        let sum = i32x4_add(
            i32x4_add(i32x4_mul(r, wr), i32x4_mul(g, wg)),
            i32x4_add(i32x4_mul(b, wb), half),
        );
        u32x4_shr(sum, SHIFT)
    };
    for block in 0..blocks {
        let src = &rgba[block * 64..block * 64 + 64];
        let dst = &mut gray[block * 16..block * 16 + 16];
        // SAFETY: `src` is exactly 64 bytes and `dst` 16 bytes (the slicing
        // above bounds-checks both); v128 loads and stores have no alignment
        // requirement.
        unsafe {
            let p = src.as_ptr() as *const v128;
            let a = weigh(v128_load(p));
            let b = weigh(v128_load(p.add(1)));
            let c = weigh(v128_load(p.add(2)));
            let d = weigh(v128_load(p.add(3)));
            let lo = i16x8_narrow_i32x4(a, b);
            let hi = i16x8_narrow_i32x4(c, d);
            v128_store(dst.as_mut_ptr() as *mut v128, u8x16_narrow_i16x8(lo, hi));
        }
    }
    gray_scalar(
        &rgba[blocks * 64..pixels * 4],
        &mut gray[blocks * 16..pixels],
    );
}

/// The `image` crate's own conversion, for the benchmark's comparison column.
/// (It uses other weights — Rec. 709 — so its bytes differ from ours.)
pub fn gray_image_crate(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>> {
    let buffer = image::RgbaImage::from_raw(width, height, rgba.to_vec())
        .ok_or_else(|| Error::Mismatch(size_mismatch(width, height, rgba.len())))?;
    Ok(image::imageops::grayscale(&buffer).into_raw())
}

/// A checked request: the image size and how many workers share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub width: u32,
    pub height: u32,
    pub workers: u32,
}

impl Params {
    /// Checks the numbers JavaScript passed. `rgba_len` is the length of the
    /// caller's pixels, or negative when the page generates the image.
    pub fn check(width: f64, height: f64, workers: f64, rgba_len: f64) -> Result<Params> {
        let width = whole("width", width, 1, MAX_SIDE)?;
        let height = whole("height", height, 1, MAX_SIDE)?;
        let workers = whole("workers", workers, 1, MAX_WORKERS)?;
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(Error::Param {
                name: "width",
                expected: format!("with `height` at most {MAX_PIXELS} pixels (64 Mpx)"),
                got: format!("{width} × {height}"),
            });
        }
        if rgba_len >= 0.0 && rgba_len != (u64::from(width) * u64::from(height) * 4) as f64 {
            return Err(Error::Param {
                name: "rgba",
                expected: format!(
                    "width × height × 4 = {} bytes",
                    width as u64 * height as u64 * 4
                ),
                got: format!("{rgba_len} bytes"),
            });
        }
        Ok(Params {
            width,
            height,
            workers,
        })
    }
}

fn size_mismatch(width: u32, height: u32, len: usize) -> String {
    format!("{len} bytes of RGBA do not make a {width} × {height} image")
}

/// Splits `rows` into `parts` contiguous bands as even as whole rows allow
/// (the first `rows % parts` bands get one row more). Never returns an empty
/// band: with more parts than rows, there is one band per row.
pub fn bands(rows: u32, parts: u32) -> Vec<std::ops::Range<u32>> {
    let parts = parts.clamp(1, rows.max(1));
    let (base, extra) = (rows / parts, rows % parts);
    let mut start = 0;
    (0..parts)
        .map(|i| {
            let len = base + u32::from(i < extra);
            let band = start..start + len;
            start += len;
            band
        })
        .filter(|band| !band.is_empty())
        .collect()
}

/// A seeded, photo-like test image: two soft gradients and a ring, plus noise
/// from a per-pixel integer hash (so any band can be generated on its own and
/// a test can recompute any pixel independently).
pub fn sample_rgba(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut rgba = vec![0u8; width as usize * height as usize * 4];
    let (w, h) = (width.max(2) - 1, height.max(2) - 1);
    for (i, px) in rgba.chunks_exact_mut(4).enumerate() {
        let x = i as u32 % width;
        let y = i as u32 / width;
        let noise = hash(seed, x, y);
        let dx = x as i64 * 2 - w as i64;
        let dy = y as i64 * 2 - h as i64;
        let ring = ((dx * dx + dy * dy) as u64 * 8 / (w as u64 * w as u64 + 1)) as u32;
        px[0] = ((x * 255 / w) + (noise & 31)) as u8;
        px[1] = ((y * 255 / h) + ((noise >> 8) & 31)) as u8;
        px[2] = ((ring * 40) + ((noise >> 16) & 63)) as u8;
        px[3] = 255;
    }
    rgba
}

/// A 32-bit integer mix of (seed, x, y): lowbias32 applied twice.
pub fn hash(seed: u32, x: u32, y: u32) -> u32 {
    fn mix(mut v: u32) -> u32 {
        v ^= v >> 16;
        v = v.wrapping_mul(0x7feb_352d);
        v ^= v >> 15;
        v = v.wrapping_mul(0x846c_a68b);
        v ^ (v >> 16)
    }
    mix(mix(seed ^ x.wrapping_mul(0x9e37_79b9)) ^ y.wrapping_mul(0x85eb_ca6b))
}

/// FNV-1a over the gray bytes: the demo's `value`, cheap to recompute in a test.
pub fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// How many slices each worker's share is cut into on the threads back end.
#[cfg(feature = "threads")]
const SLICES_PER_WORKER: u32 = 8;

/// The `ThreadPoolExecutor`/`Pool.map` analog on shared memory: `workers`
/// tasks on rayon's threads convert the image in place, all in one memory.
/// Each task takes the next thin slice of rows until none is left (as a pool
/// hands the next item to whichever worker is free), so a thread that wakes
/// late still gets a share instead of finding the work gone. Returns one
/// event per task, on the lane of the thread that ran it.
#[cfg(feature = "threads")]
pub fn gray_parallel(rgba: &[u8], width: u32, workers: u32, gray_out: &mut [u8]) -> Vec<Event> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    let width = width as usize;
    let rows = (gray_out.len() / width.max(1)) as u32;
    let workers = workers.clamp(1, rows.max(1));
    // Disjoint mutable slices, cut up front: whoever takes slice i owns it.
    let mut slices = Vec::new();
    let mut rest = gray_out;
    for band in bands(rows, workers * SLICES_PER_WORKER) {
        let (head, tail) = rest.split_at_mut(band.len() * width);
        slices.push(Mutex::new(Some((band, head))));
        rest = tail;
    }
    let next = AtomicUsize::new(0);
    let events: Vec<Mutex<Option<Event>>> = (0..workers).map(|_| Mutex::new(None)).collect();
    rayon::scope(|s| {
        for slot in &events {
            let (slices, next) = (&slices, &next);
            s.spawn(move |_| {
                let lane = rayon::current_thread_index().unwrap_or(0) as u32;
                let (mut taken, mut rows_done) = (0u32, 0u32);
                let (_, event) = Event::timed(lane, String::new(), || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed); // <- the next slice to a free thread
                    let Some(cell) = slices.get(i) else { break };
                    let taken_slice = cell.lock().unwrap_or_else(|p| p.into_inner()).take();
                    if let Some((band, out)) = taken_slice {
                        let src =
                            &rgba[band.start as usize * width * 4..band.end as usize * width * 4];
                        gray(src, out);
                        (taken, rows_done) = (taken + 1, rows_done + band.len() as u32);
                    }
                });
                let label = if taken == 0 {
                    "no rows left".to_string()
                } else {
                    format!("{taken} slice(s), {rows_done} rows")
                };
                *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(Event { label, ..event });
            });
        }
    });
    events
        .into_iter()
        .filter_map(|e| e.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect()
}

/// What one input file became: `<stem>_gray.<ext>`, encoded like its input.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub width: u32,
    pub height: u32,
    pub output_name: String,
    pub output: Vec<u8>,
}

/// The file job of `Pool.map(to_gray, paths)`: decode, luma, encode.
///
/// Every failure is an [`Error::File`] naming the file: empty, not a PNG or
/// JPEG, a header announcing more than `max_pixels` (refused before any pixel
/// memory is allocated), truncated or corrupt data.
pub fn convert_file(name: &str, bytes: &[u8], max_pixels: u64) -> Result<Converted> {
    use image::{ImageFormat, ImageReader, Limits};
    use std::io::Cursor;

    let fail = |reason: String| Error::File {
        name: name.to_string(),
        reason,
    };
    if bytes.is_empty() {
        return Err(fail("the file is empty (0 bytes)".into()));
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
        Ok(other) => {
            return Err(fail(format!(
                "is a {other:?} image; only PNG and JPEG are supported"
            )))
        }
        Err(_) => return Err(fail("is not a PNG or JPEG image".into())),
    };
    let (width, height) = if format == ImageFormat::Png {
        // Read IHDR ourselves: on wasm32 the png crate's byte limit is at
        // most 4 GiB, so a huge announced size would come back as a vague
        // "memory limit exceeded" instead of the size we want to report.
        png_dimensions(bytes)
            .ok_or_else(|| fail("its PNG header is missing or cut short".into()))?
    } else {
        ImageReader::with_format(Cursor::new(bytes), format)
            .into_dimensions()
            .map_err(|e| fail(format!("its header could not be read ({e})")))?
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels || width == 0 || height == 0 {
        return Err(fail(format!(
            "is {width} × {height} = {:.1} Mpx; the limit is {:.1} Mpx",
            pixels as f64 / 1e6,
            max_pixels as f64 / 1e6
        )));
    }
    let rgba = if format == ImageFormat::Jpeg {
        decode_jpeg_strict(bytes).map_err(|e| fail(format!("could not be decoded: {e}")))?
    } else {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_alloc = Some(max_pixels.saturating_mul(8));
        reader.limits(limits);
        reader
            .decode()
            .map_err(|e| fail(format!("could not be decoded: {e}")))?
            .into_rgba8()
            .into_raw()
    };
    if rgba.len() as u64 != pixels * 4 {
        return Err(fail("decoded to an unexpected number of pixels".into()));
    }
    let mut luma_bytes = vec![0u8; pixels as usize];
    gray(&rgba, &mut luma_bytes);
    drop(rgba);
    let output = encode_gray(&luma_bytes, width, height, format)
        .map_err(|e| fail(format!("could not be encoded: {e}")))?;
    Ok(Converted {
        width,
        height,
        output_name: output_name(name, format),
        output,
    })
}

/// Width and height from a PNG's IHDR chunk (which the format requires first).
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let ihdr = bytes.strip_prefix(SIGNATURE)?.get(4..16)?;
    if &ihdr[..4] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&ihdr[4..8]), be(&ihdr[8..12])))
}

/// RGBA pixels of a JPEG, refusing truncated or corrupt entropy data that a
/// lenient decoder would paper over with gray.
fn decode_jpeg_strict(bytes: &[u8]) -> std::result::Result<Vec<u8>, String> {
    use zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let options = DecoderOptions::default()
        .set_strict_mode(true)
        .jpeg_set_out_colorspace(ColorSpace::RGBA);
    zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options)
        .decode()
        .map_err(|e| format!("{e:?}"))
}

/// Encodes 8-bit gray pixels as PNG, or as JPEG (quality 92) for JPEG input.
pub fn encode_gray(
    gray: &[u8],
    width: u32,
    height: u32,
    format: image::ImageFormat,
) -> image::ImageResult<Vec<u8>> {
    encode(gray, width, height, format, image::ExtendedColorType::L8)
}

fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    format: image::ImageFormat,
    colour: image::ExtendedColorType,
) -> image::ImageResult<Vec<u8>> {
    use image::codecs::{jpeg::JpegEncoder, png::PngEncoder};
    use image::ImageEncoder;
    let mut out = Vec::new();
    if format == image::ImageFormat::Jpeg {
        JpegEncoder::new_with_quality(&mut out, 92).write_image(pixels, width, height, colour)?;
    } else {
        PngEncoder::new(&mut out).write_image(pixels, width, height, colour)?;
    }
    Ok(out)
}

/// `photos/cat.JPG` → `cat_gray.JPG`; a name without a fitting extension
/// gets the format's own (`scan` → `scan_gray.png`).
pub fn output_name(name: &str, format: image::ImageFormat) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let fits = |ext: &str| {
        let ext = ext.to_ascii_lowercase();
        match format {
            image::ImageFormat::Jpeg => ext == "jpg" || ext == "jpeg",
            _ => ext == "png",
        }
    };
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && fits(ext) => format!("{stem}_gray.{ext}"),
        _ => {
            let ext = if format == image::ImageFormat::Jpeg {
                "jpg"
            } else {
                "png"
            };
            format!(
                "{}_gray.{ext}",
                if base.is_empty() { "image" } else { base }
            )
        }
    }
}

/// A sample photo-like file (the page's "sample images"), encoded as `format`.
pub fn sample_file(
    width: u32,
    height: u32,
    seed: u32,
    format: image::ImageFormat,
) -> Result<Vec<u8>> {
    let rgba = sample_rgba(width, height, seed);
    let rgb: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    encode(&rgb, width, height, format, image::ExtendedColorType::Rgb8)
        .map_err(|e| Error::Mismatch(format!("sample image could not be encoded: {e}")))
}

/// One file of a batch, finished: which input it was and what became of it.
#[derive(Debug)]
pub struct Finished {
    pub index: u32,
    pub name: String,
    pub result: Result<Converted>,
    pub event: Event,
}

/// Converts one file, timed as an event on `lane` (marked failed on error).
pub fn convert_timed(index: u32, name: &str, bytes: &[u8], max_pixels: u64, lane: u32) -> Finished {
    let (result, mut event) = Event::timed(lane, name, || convert_file(name, bytes, max_pixels));
    event.ok = result.is_ok();
    Finished {
        index,
        name: name.to_string(),
        result,
        event,
    }
}

/// The batch on the rayon pool: `Pool.map(to_gray, files)` over shared memory.
///
/// The caller feeds files in with [`Batch::spawn`] (which returns at once)
/// and collects them with [`Batch::take_finished`]; so the coordinator can
/// keep only a few files in memory at a time, report progress as each one
/// finishes, and stop handing out work when cancelled.
#[cfg(feature = "threads")]
pub struct Batch {
    shared: std::sync::Arc<BatchShared>,
}

#[cfg(feature = "threads")]
struct BatchShared {
    finished: std::sync::Mutex<Vec<Finished>>,
    max_pixels: u64,
}

#[cfg(feature = "threads")]
impl Batch {
    pub fn new(max_pixels: u64) -> Self {
        Batch {
            shared: std::sync::Arc::new(BatchShared {
                finished: std::sync::Mutex::new(Vec::new()),
                max_pixels,
            }),
        }
    }

    /// Queues one file on the pool; whichever thread is free takes it.
    pub fn spawn(&self, index: u32, name: String, bytes: Vec<u8>) {
        let shared = std::sync::Arc::clone(&self.shared);
        rayon::spawn(move || {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let done = convert_timed(index, &name, &bytes, shared.max_pixels, lane); // <- whole file
            drop(bytes);
            // A poisoned lock only means another job panicked while pushing;
            // the list itself is still whole.
            let mut finished = shared.finished.lock().unwrap_or_else(|p| p.into_inner());
            finished.push(done);
        });
    }

    /// The files finished since the last call, in the order they finished.
    pub fn take_finished(&self) -> Vec<Finished> {
        let mut finished = self
            .shared
            .finished
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        std::mem::take(&mut *finished)
    }
}

/// One band of rows on one (process-style or single) worker, as an event.
pub fn gray_band(rgba: &[u8], lane: u32, label: &str) -> (Vec<u8>, Event) {
    Event::timed(lane, label, || {
        let mut out = vec![0u8; rgba.len() / 4];
        gray(rgba, &mut out);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The formula written another way: floating point with OpenCV's
    /// weights, rounded half up. Independent of the integer code above.
    fn reference(r: u8, g: u8, b: u8) -> u8 {
        let v = (9798.0 * r as f64 + 19235.0 * g as f64 + 3735.0 * b as f64) / 32768.0;
        (v + 0.5).floor() as u8
    }

    #[test]
    fn luma_matches_float_reference_on_all_colours() {
        for r in 0..=255u8 {
            for g in 0..=255u8 {
                for b in 0..=255u8 {
                    assert_eq!(luma(r, g, b), reference(r, g, b), "({r},{g},{b})");
                }
            }
        }
    }

    #[test]
    fn params_reject_bad_values_by_name() {
        let cases: [(f64, f64, f64, f64, &str); 7] = [
            (0.0, 10.0, 1.0, -1.0, "width"),
            (1e9, 10.0, 1.0, -1.0, "width"),
            (10.0, f64::NAN, 1.0, -1.0, "height"),
            (10.0, 10.0, -1.0, -1.0, "workers"),
            (10.0, 10.0, 0.0, -1.0, "workers"),
            (16384.0, 16384.0, 1.0, -1.0, "width"),
            (10.0, 10.0, 1.0, 399.0, "rgba"),
        ];
        for (w, h, n, len, name) in cases {
            let message = Params::check(w, h, n, len).unwrap_err().to_string();
            assert!(message.contains(&format!("`{name}`")), "{message}");
        }
        assert_eq!(
            Params::check(4.0, 3.0, 2.0, 48.0),
            Ok(Params {
                width: 4,
                height: 3,
                workers: 2
            })
        );
    }

    #[test]
    fn bands_cover_every_row_once() {
        for rows in [1u32, 2, 7, 100, 1081] {
            for parts in [1u32, 2, 3, 8, 64, 2000] {
                let b = bands(rows, parts);
                assert!(b.len() as u32 <= parts.min(rows));
                assert_eq!(b.first().map(|r| r.start), Some(0));
                assert_eq!(b.last().map(|r| r.end), Some(rows));
                assert!(b.windows(2).all(|w| w[0].end == w[1].start));
                let (min, max) = b.iter().fold((u32::MAX, 0), |(lo, hi), r| {
                    (lo.min(r.len() as u32), hi.max(r.len() as u32))
                });
                assert!(max - min <= 1, "uneven bands for {rows}/{parts}");
            }
        }
    }

    #[test]
    fn checksum_is_fnv1a() {
        // Published FNV-1a 32-bit test vectors.
        assert_eq!(checksum(b""), 0x811c_9dc5);
        assert_eq!(checksum(b"a"), 0xe40c_292c);
        assert_eq!(checksum(b"foobar"), 0xbf9c_f968);
    }

    #[test]
    fn sample_is_seeded_and_opaque() {
        let a = sample_rgba(33, 17, 7);
        assert_eq!(a, sample_rgba(33, 17, 7));
        assert_ne!(a, sample_rgba(33, 17, 8));
        assert!(a.chunks(4).all(|p| p[3] == 255));
        assert_eq!(sample_rgba(1, 1, 0).len(), 4);
    }

    #[test]
    fn image_crate_path_has_right_size() {
        let rgba = sample_rgba(5, 3, 1);
        assert_eq!(gray_image_crate(&rgba, 5, 3).map(|g| g.len()), Ok(15));
        assert!(gray_image_crate(&rgba, 6, 3).is_err());
    }

    fn png_rgb(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb(pixel(x, y)));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .expect("encode test png");
        out
    }

    #[test]
    fn converts_png_exactly_and_names_the_output() {
        let png = png_rgb(7, 5, |x, y| [(x * 30) as u8, (y * 50) as u8, 200]);
        let c = convert_file("dir/pic.PNG", &png, MAX_PIXELS).expect("converts");
        assert_eq!(
            (c.width, c.height, c.output_name.as_str()),
            (7, 5, "pic_gray.PNG")
        );
        let back = image::load_from_memory(&c.output)
            .expect("decodes")
            .into_luma8();
        for (x, y, p) in back.enumerate_pixels() {
            assert_eq!(p.0[0], reference(x as u8 * 30, y as u8 * 50, 200));
        }
    }

    #[test]
    fn converts_jpeg_to_jpeg() {
        let rgb: Vec<u8> = (0..16 * 16)
            .flat_map(|i| [i as u8, 128, 255 - i as u8])
            .collect();
        let mut jpg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 95)
            .encode(&rgb, 16, 16, image::ExtendedColorType::Rgb8)
            .expect("encode test jpeg");
        let c = convert_file("a.jpeg", &jpg, MAX_PIXELS).expect("converts");
        assert_eq!(c.output_name, "a_gray.jpeg");
        assert_eq!(
            image::guess_format(&c.output).ok(),
            Some(image::ImageFormat::Jpeg)
        );
    }

    #[test]
    fn bad_files_each_get_their_own_error() {
        let png = png_rgb(64, 64, |x, y| [x as u8, y as u8, 0]);
        let message =
            |bytes: &[u8], max| convert_file("f.png", bytes, max).unwrap_err().to_string();
        assert!(message(&[], MAX_PIXELS).contains("empty"));
        assert!(message(b"hello, not an image", MAX_PIXELS).contains("not a PNG or JPEG"));
        assert!(message(&png[..png.len() / 2], MAX_PIXELS).contains("could not be decoded"));
        assert!(message(&png[..20], MAX_PIXELS).contains("header is missing or cut short"));
        assert!(message(&png, 100).contains("64 × 64"));
        let jpg = sample_file(64, 64, 1, image::ImageFormat::Jpeg).expect("jpeg");
        let m = message(&jpg[..jpg.len() / 2], MAX_PIXELS);
        assert!(m.contains("could not be decoded"), "{m}");
        // A header that claims 100 000 × 100 000: refused before allocating.
        let mut huge = png.clone();
        huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&huge[12..29]);
        huge[29..33].copy_from_slice(&crc.to_be_bytes());
        let m = message(&huge, MAX_PIXELS);
        assert!(m.starts_with("f.png: is 100000 × 100000"), "{m}");
    }

    /// CRC-32 (IEEE), bit by bit: PNG chunks carry one over type + data.
    fn crc32(bytes: &[u8]) -> u32 {
        !bytes.iter().fold(!0u32, |mut c, &b| {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xEDB8_8320
                } else {
                    c >> 1
                };
            }
            c
        })
    }

    #[test]
    fn output_names() {
        use image::ImageFormat::{Jpeg, Png};
        assert_eq!(output_name("cat.jpg", Jpeg), "cat_gray.jpg");
        assert_eq!(output_name("a/b\\c.png", Png), "c_gray.png");
        assert_eq!(output_name("scan", Png), "scan_gray.png");
        assert_eq!(output_name("photo.png", Jpeg), "photo.png_gray.jpg");
        assert_eq!(output_name(".png", Png), ".png_gray.png");
        assert_eq!(output_name("", Jpeg), "image_gray.jpg");
    }

    #[test]
    fn sample_files_decode_to_the_sample() {
        let png = sample_file(9, 4, 2, image::ImageFormat::Png).expect("png");
        let img = image::load_from_memory(&png).expect("decodes").into_rgba8();
        assert_eq!(img.into_raw(), sample_rgba(9, 4, 2));
        let jpg = sample_file(9, 4, 2, image::ImageFormat::Jpeg).expect("jpg");
        assert_eq!(
            image::guess_format(&jpg).ok(),
            Some(image::ImageFormat::Jpeg)
        );
    }

    #[cfg(feature = "threads")]
    #[test]
    fn batch_converts_every_file_once_and_reports_bad_ones() {
        let batch = Batch::new(MAX_PIXELS);
        let good = sample_file(40, 30, 9, image::ImageFormat::Png).expect("png");
        for i in 0..12u32 {
            let bytes = if i == 5 {
                b"not an image".to_vec()
            } else {
                good.clone()
            };
            batch.spawn(i, format!("f{i}.png"), bytes);
        }
        let mut done = Vec::new();
        let start = std::time::Instant::now();
        while done.len() < 12 && start.elapsed().as_secs() < 30 {
            done.extend(batch.take_finished());
            std::thread::yield_now();
        }
        done.sort_by_key(|f| f.index);
        assert_eq!(
            done.iter().map(|f| f.index).collect::<Vec<_>>(),
            (0..12).collect::<Vec<_>>()
        );
        for f in &done {
            assert_eq!(f.result.is_ok(), f.index != 5, "{f:?}");
            assert_eq!(f.event.ok, f.result.is_ok());
            assert_eq!(f.event.label, f.name);
        }
    }

    #[cfg(feature = "threads")]
    #[test]
    fn parallel_equals_single_and_uses_one_event_per_band() {
        let (w, h) = (97u32, 61u32);
        let rgba = sample_rgba(w, h, 3);
        let mut single = vec![0; (w * h) as usize];
        gray_scalar(&rgba, &mut single);
        for workers in [1, 2, 5, 61, 64] {
            let mut out = vec![0; (w * h) as usize];
            let events = gray_parallel(&rgba, w, workers, &mut out);
            assert_eq!(out, single, "workers = {workers}");
            assert_eq!(events.len() as u32, workers.min(h));
        }
    }
}
