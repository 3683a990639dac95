//! The luma kernel: BT.601 exactly as OpenCV's `cvtColor(RGB2GRAY)` computes
//! and rounds it, a wasm SIMD path (16 pixels a step) and a scalar path,
//! bit-identical; and the `image` crate's conversion for the benchmark.

use crate::error::{Error, Result};

/// OpenCV's fixed-point BT.601 weights, scaled by 2^15 (they sum to 32768).
pub const WR: u32 = 9798;
pub const WG: u32 = 19235;
pub const WB: u32 = 3735;
pub(super) const SHIFT: u32 = 15;
pub(super) const HALF: u32 = 1 << (SHIFT - 1);

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
    let buffer = image::RgbaImage::from_raw(width, height, rgba.to_vec()).ok_or_else(|| {
        Error::Mismatch(format!(
            "{} bytes of RGBA do not make a {width} × {height} image",
            rgba.len()
        ))
    })?;
    Ok(image::imageops::grayscale(&buffer).into_raw())
}
