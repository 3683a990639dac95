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

/// The `ThreadPoolExecutor`/`Pool.map` analog on shared memory: the image is
/// cut into `workers` bands and rayon's threads convert them in place, all in
/// one memory. Returns one event per band, on the lane of the thread that ran it.
#[cfg(feature = "threads")]
pub fn gray_parallel(rgba: &[u8], width: u32, workers: u32, gray_out: &mut [u8]) -> Vec<Event> {
    use rayon::prelude::*;

    let width = width as usize;
    let rows = (gray_out.len() / width.max(1)) as u32;
    let bands = bands(rows, workers);
    // Split the output into disjoint mutable bands up front: each thread owns
    // its slice, so no lock is needed and none is taken.
    let mut jobs = Vec::with_capacity(bands.len());
    let mut rest = gray_out;
    for band in &bands {
        let (head, tail) = rest.split_at_mut(band.len() * width);
        jobs.push((band.clone(), head));
        rest = tail;
    }
    jobs.into_par_iter()
        .map(|(band, out)| {
            let lane = rayon::current_thread_index().unwrap_or(0) as u32;
            let src = &rgba[band.start as usize * width * 4..band.end as usize * width * 4];
            let label = format!("rows {}–{}", band.start, band.end - 1);
            Event::timed(lane, label, || gray(src, out)).1
        })
        .collect()
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
