//! Pixels decoded as planes (WebCodecs gives JPEGs as Y, Cb, Cr planes,
//! `I420` or `I444`, and so does our decoder, `decoder.rs`), turned into
//! RGBA exactly as libjpeg-turbo would have: its "fancy" triangle-filter
//! upsampling of 4:2:0 chroma and its fixed-point YCbCr → RGB. That is what
//! OpenCV's `imread` does, so our luma of these pixels is OpenCV's gray bit
//! for bit (tests/e2e/opencv). The browser's own RGBA conversion rounds
//! differently. The batch takes the gray a row at a time (`to_gray`), in the
//! same vector step as R, G and B, so that no RGBA is written and read
//! back: 386 → 371 ms for 32 photos on one worker with our decoder (in two
//! steps, each over 4 alternated rounds).
//!
//! Two sets of row kernels give the same bytes: simd128 (16 pixels a step)
//! where the build has it, tables and one pixel at a time elsewhere. On a
//! 1024 × 768 picture in V8: 0.84 ms against 1.92 ms.

/// How the decoded bytes are laid out: planes at these offsets, tightly
/// packed (each row as wide as its plane), or RGBA already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Rgba,
    /// Y alone: a gray picture (our decoder's, never the browser's).
    Gray,
    /// Y at full size, Cb and Cr at half width and half height, rounded up.
    I420 {
        cb: usize,
        cr: usize,
    },
    /// Y, Cb and Cr all at full size.
    I444 {
        cb: usize,
        cr: usize,
    },
}

impl Layout {
    /// From the names JavaScript passes: `rgba`, `i420`, `i444`.
    pub fn from_name(name: &str, cb: usize, cr: usize) -> Option<Layout> {
        match name {
            "rgba" => Some(Layout::Rgba),
            "i420" => Some(Layout::I420 { cb, cr }),
            "i444" => Some(Layout::I444 { cb, cr }),
            _ => None,
        }
    }
}

/// Which row kernels convert: simd128 where this build has it, or scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernels {
    Fastest,
    Scalar,
}

/// The gray (OpenCV's luma of the RGB [`picture`] makes) of a `width ×
/// height` picture laid out as `layout`, or None when the bytes are too few
/// for it: a row at a time, with no RGBA between for planes.
pub fn to_gray(data: &[u8], layout: Layout, width: usize, height: usize) -> Option<Vec<u8>> {
    picture(Output::Gray, Kernels::Fastest, data, layout, width, height)
}

/// What [`picture`] makes of each row: RGBA, or its gray.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Rgba,
    Gray,
}

/// The picture as `kind`, made a row at a time, top to bottom, in one
/// row-sized buffer, by the row kernels chosen (the tests hold both to one
/// reference); None when the bytes are too few for the layout.
pub fn picture(
    kind: Output,
    kernels: Kernels,
    data: &[u8],
    layout: Layout,
    width: usize,
    height: usize,
) -> Option<Vec<u8>> {
    let bytes_per_pixel = if kind == Output::Rgba { 4 } else { 1 };
    let mut picture = Vec::with_capacity(width * height * bytes_per_pixel);
    let mut each = |row: &[u8]| picture.extend_from_slice(row);
    let simd = kernels == Kernels::Fastest
        && cfg!(all(target_arch = "wasm32", target_feature = "simd128"));
    let plane = |at: usize, w: usize, h: usize| data.get(at..at.checked_add(w * h)?);
    let mut out = vec![0u8; width * bytes_per_pixel];
    let tables = Tables::new();
    let convert = |y: &[u8], cb: &[u8], cr: &[u8], out: &mut [u8]| match kind {
        Output::Rgba => tables.convert_row(simd, y, cb, cr, out),
        Output::Gray => tables.gray_row(simd, y, cb, cr, out),
    };
    match (layout, kind) {
        (Layout::Rgba, Output::Rgba) => plane(0, width * 4, height)?
            .chunks_exact(width * 4)
            .for_each(&mut each),
        (Layout::Rgba, Output::Gray) => {
            for row in plane(0, width * 4, height)?.chunks_exact(width * 4) {
                super::gray(row, &mut out);
                each(&out);
            }
        }
        // OpenCV's luma of (y, y, y) is y: the weights sum to 1.
        (Layout::Gray, Output::Gray) => plane(0, width, height)?
            .chunks_exact(width)
            .for_each(&mut each),
        (Layout::Gray, Output::Rgba) => {
            for y in plane(0, width, height)?.chunks_exact(width) {
                for (px, &y) in out.chunks_exact_mut(4).zip(y) {
                    px.copy_from_slice(&[y, y, y, 255]);
                }
                each(&out);
            }
        }
        (Layout::I444 { cb, cr }, _) => {
            let (y, cb, cr) = (
                plane(0, width, height)?,
                plane(cb, width, height)?,
                plane(cr, width, height)?,
            );
            for row in 0..height {
                let at = row * width..(row + 1) * width;
                convert(&y[at.clone()], &cb[at.clone()], &cr[at], &mut out);
                each(&out);
            }
        }
        (Layout::I420 { cb, cr }, _) => {
            let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
            let (y, cb, cr) = (
                plane(0, width, height)?,
                plane(cb, cw, ch)?,
                plane(cr, cw, ch)?,
            );
            let (mut cb_row, mut cr_row) = (vec![0u8; 2 * cw], vec![0u8; 2 * cw]);
            let mut sums = vec![0u16; cw + 2];
            for row in 0..height {
                // Output row 2r leans on chroma rows r and r − 1, row 2r + 1
                // on r and r + 1; the picture's edge rows stand in for the
                // rows beyond it, as libjpeg's context rows do.
                let near = row / 2;
                let far = if row % 2 == 0 {
                    near.saturating_sub(1)
                } else {
                    (near + 1).min(ch - 1)
                };
                let rows = |r: usize| r * cw..(r + 1) * cw;
                for (plane, up) in [(cb, &mut cb_row), (cr, &mut cr_row)] {
                    upsample_row(simd, &plane[rows(near)], &plane[rows(far)], up, &mut sums);
                }
                let at = row * width..(row + 1) * width;
                convert(&y[at], &cb_row[..width], &cr_row[..width], &mut out);
                each(&out);
            }
        }
    }
    Some(picture)
}

/// libjpeg's h2v2 triangle filter for one output row: each output sample is
/// 3/4 of its own input column and 1/4 of the neighbouring one, after the
/// vertical 3/4 + 1/4 of `near` and `far`; the roundings (+8, +7) alternate
/// as libjpeg's do, so that they do not drift one way. `sums` (two longer
/// than a chroma row) holds the vertical sums with the edge columns
/// repeated, so that the first and last outputs need no case of their own.
fn upsample_row(simd: bool, near: &[u8], far: &[u8], out: &mut [u8], sums: &mut [u16]) {
    let n = near.len();
    for (s, (&a, &b)) in sums[1..=n].iter_mut().zip(near.iter().zip(far)) {
        *s = 3 * u16::from(a) + u16::from(b);
    }
    (sums[0], sums[n + 1]) = (sums[1], sums[n]);
    let done = if simd {
        simd128::upsample(sums, out)
    } else {
        0
    };
    for i in done..n {
        let (last, this, next) = (sums[i], sums[i + 1], sums[i + 2]);
        out[2 * i] = ((3 * this + last + 8) >> 4) as u8;
        out[2 * i + 1] = ((3 * this + next + 7) >> 4) as u8;
    }
}

/// libjpeg's YCbCr → RGB in 16-bit fixed point, as tables over Cb and Cr.
struct Tables {
    cr_r: [i32; 256],
    cb_b: [i32; 256],
    cr_g: [i32; 256],
    cb_g: [i32; 256],
}

const SCALE: u32 = 16;
const HALF: i32 = 1 << (SCALE - 1);
const fn fix(x: f64) -> i32 {
    (x * (1 << SCALE) as f64 + 0.5) as i32
}

impl Tables {
    fn new() -> Tables {
        let mut t = Tables {
            cr_r: [0; 256],
            cb_b: [0; 256],
            cr_g: [0; 256],
            cb_g: [0; 256],
        };
        for i in 0..256 {
            let x = i as i32 - 128;
            t.cr_r[i] = (fix(1.40200) * x + HALF) >> SCALE;
            t.cb_b[i] = (fix(1.77200) * x + HALF) >> SCALE;
            t.cr_g[i] = -fix(0.71414) * x;
            t.cb_g[i] = -fix(0.34414) * x + HALF;
        }
        t
    }

    /// One row of Y, Cb and Cr (as long as each other) into RGBA.
    fn convert_row(&self, simd: bool, y: &[u8], cb: &[u8], cr: &[u8], out: &mut [u8]) {
        let done = if simd {
            simd128::convert(y, cb, cr, out)
        } else {
            0
        };
        let (y, cb, cr, out) = (&y[done..], &cb[done..], &cr[done..], &mut out[4 * done..]);
        for (((px, &y), &cb), &cr) in out.chunks_exact_mut(4).zip(y).zip(cb).zip(cr) {
            let [r, g, b] = self.rgb(y, cb, cr);
            px.copy_from_slice(&[r, g, b, 255]);
        }
    }

    /// One row of Y, Cb and Cr (as long as each other) into gray: the
    /// pixels `convert_row` makes, weighed by OpenCV's luma.
    fn gray_row(&self, simd: bool, y: &[u8], cb: &[u8], cr: &[u8], out: &mut [u8]) {
        let done = if simd {
            simd128::gray(y, cb, cr, out)
        } else {
            0
        };
        let (y, cb, cr, out) = (&y[done..], &cb[done..], &cr[done..], &mut out[done..]);
        for (((o, &y), &cb), &cr) in out.iter_mut().zip(y).zip(cb).zip(cr) {
            let [r, g, b] = self.rgb(y, cb, cr);
            *o = super::luma::luma(r, g, b);
        }
    }

    /// One pixel's R, G and B, clamped to 0–255.
    #[inline(always)]
    fn rgb(&self, y: u8, cb: u8, cr: u8) -> [u8; 3] {
        let (y, cb, cr) = (i32::from(y), usize::from(cb), usize::from(cr));
        let clamp = |v: i32| v.clamp(0, 255) as u8;
        [
            clamp(y + self.cr_r[cr]),
            clamp(y + ((self.cb_g[cb] + self.cr_g[cr]) >> SCALE)),
            clamp(y + self.cb_b[cb]),
        ]
    }
}

/// The row kernels on simd128. Each does the longest prefix it can in whole
/// steps and returns how many samples (or pixels) that was; the scalar code
/// does the rest. Elsewhere they do nothing.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128 {
    use super::{fix, HALF, SCALE};
    use core::arch::wasm32::*;

    /// 8 input columns a step: `sums` as [`super::upsample_row`] fills it,
    /// 16 output samples into `out`.
    pub fn upsample(sums: &[u16], out: &mut [u8]) -> usize {
        let n = sums.len() - 2;
        let steps = n / 8;
        let (three, eight, seven) = (u16x8_splat(3), u16x8_splat(8), u16x8_splat(7));
        for step in 0..steps {
            let i = step * 8;
            let src = &sums[i..i + 10];
            let dst = &mut out[2 * i..2 * i + 16];
            // SAFETY: `src` holds 10 u16 (the loads read 0–7, 1–8 and 2–9)
            // and `dst` 16 bytes, both bounds-checked by the slicing above;
            // v128 loads and stores need no alignment.
            unsafe {
                let p = src.as_ptr();
                let last = v128_load(p as *const v128);
                let this = v128_load(p.add(1) as *const v128);
                let next = v128_load(p.add(2) as *const v128);
                let this3 = u16x8_mul(this, three);
                let even = u16x8_shr(u16x8_add(u16x8_add(this3, last), eight), 4);
                let odd = u16x8_shr(u16x8_add(u16x8_add(this3, next), seven), 4);
                let lo = i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(even, odd);
                let hi = i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(even, odd);
                v128_store(dst.as_mut_ptr() as *mut v128, u8x16_narrow_i16x8(lo, hi));
            }
        }
        steps * 8
    }

    /// Sixteen pixels' R, G and B, not yet clamped: four i32x4 each
    /// (pixels 0–3, 4–7, 8–11, 12–15), the tables' arithmetic on lanes.
    #[inline(always)]
    fn rgb(y: v128, cb: v128, cr: v128) -> [[v128; 4]; 3] {
        let (r_cr, b_cb) = (i32x4_splat(fix(1.40200)), i32x4_splat(fix(1.77200)));
        let (g_cr, g_cb) = (i32x4_splat(-fix(0.71414)), i32x4_splat(-fix(0.34414)));
        let (half, centre) = (i32x4_splat(HALF), i32x4_splat(128));
        // 16 bytes to four i32x4.
        let widen = |v: v128| {
            let (lo, hi) = (u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v));
            [
                u32x4_extend_low_u16x8(lo),
                u32x4_extend_high_u16x8(lo),
                u32x4_extend_low_u16x8(hi),
                u32x4_extend_high_u16x8(hi),
            ]
        };
        let (yw, cbw, crw) = (widen(y), widen(cb), widen(cr));
        let (mut r, mut g, mut b) = ([yw[0]; 4], [yw[0]; 4], [yw[0]; 4]);
        for k in 0..4 {
            // Chroma centred on 0, to its offsets from Y as the tables hold them.
            let (cb, cr) = (i32x4_sub(cbw[k], centre), i32x4_sub(crw[k], centre));
            let dr = i32x4_shr(i32x4_add(i32x4_mul(cr, r_cr), half), SCALE);
            let db = i32x4_shr(i32x4_add(i32x4_mul(cb, b_cb), half), SCALE);
            let dg = i32x4_add(i32x4_add(i32x4_mul(cb, g_cb), half), i32x4_mul(cr, g_cr));
            r[k] = i32x4_add(yw[k], dr);
            g[k] = i32x4_add(yw[k], i32x4_shr(dg, SCALE));
            b[k] = i32x4_add(yw[k], db);
        }
        [r, g, b]
    }

    /// Sixteen i32 lanes back to bytes, clamped to 0–255 by the narrows.
    #[inline(always)]
    fn narrow(v: [v128; 4]) -> v128 {
        u8x16_narrow_i16x8(
            i16x8_narrow_i32x4(v[0], v[1]),
            i16x8_narrow_i32x4(v[2], v[3]),
        )
    }

    /// 16 pixels a step into RGBA.
    pub fn convert(y: &[u8], cb: &[u8], cr: &[u8], out: &mut [u8]) -> usize {
        let n = y.len().min(cb.len()).min(cr.len()).min(out.len() / 4);
        let steps = n / 16;
        let alpha = u8x16_splat(255);
        let zip8_lo =
            |a, b| i8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(a, b);
        let zip8_hi = |a, b| {
            i8x16_shuffle::<8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31>(a, b)
        };
        let zip16_lo = |a, b| i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(a, b);
        let zip16_hi = |a, b| i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(a, b);
        for step in 0..steps {
            let at = step * 16;
            let (ys, cbs, crs) = (&y[at..at + 16], &cb[at..at + 16], &cr[at..at + 16]);
            let dst = &mut out[4 * at..4 * at + 64];
            // SAFETY: each source slice is 16 bytes and `dst` 64, all
            // bounds-checked by the slicing above; no alignment is needed.
            unsafe {
                let load = |s: &[u8]| v128_load(s.as_ptr() as *const v128);
                let [r, g, b] = rgb(load(ys), load(cbs), load(crs)).map(narrow);
                // Interleaving bytes, then byte pairs: R G B A, pixel by pixel.
                let (rg, ba) = (
                    [zip8_lo(r, g), zip8_hi(r, g)],
                    [zip8_lo(b, alpha), zip8_hi(b, alpha)],
                );
                let p = dst.as_mut_ptr() as *mut v128;
                for half in 0..2 {
                    v128_store(p.add(2 * half), zip16_lo(rg[half], ba[half]));
                    v128_store(p.add(2 * half + 1), zip16_hi(rg[half], ba[half]));
                }
            }
        }
        steps * 16
    }

    /// 16 pixels a step into gray: R, G and B clamped as `convert` clamps
    /// them, then OpenCV's luma of them (`luma.rs`), with no RGBA between.
    pub fn gray(y: &[u8], cb: &[u8], cr: &[u8], out: &mut [u8]) -> usize {
        use super::super::luma::{HALF as LUMA_HALF, SHIFT, WB, WG, WR};
        let n = y.len().min(cb.len()).min(cr.len()).min(out.len());
        let steps = n / 16;
        let (zero, top) = (i32x4_splat(0), i32x4_splat(255));
        let (wr, wg, wb) = (u32x4_splat(WR), u32x4_splat(WG), u32x4_splat(WB));
        let half = u32x4_splat(LUMA_HALF);
        for step in 0..steps {
            let at = step * 16;
            let (ys, cbs, crs) = (&y[at..at + 16], &cb[at..at + 16], &cr[at..at + 16]);
            let dst = &mut out[at..at + 16];
            // SAFETY: each slice is 16 bytes, bounds-checked by the slicing
            // above; no alignment is needed.
            unsafe {
                let load = |s: &[u8]| v128_load(s.as_ptr() as *const v128);
                let [r, g, b] = rgb(load(ys), load(cbs), load(crs));
                let clamp = |v: v128| i32x4_min(i32x4_max(v, zero), top);
                let luma: [v128; 4] = std::array::from_fn(|k| {
                    let sum = i32x4_add(
                        i32x4_add(i32x4_mul(clamp(r[k]), wr), i32x4_mul(clamp(g[k]), wg)),
                        i32x4_add(i32x4_mul(clamp(b[k]), wb), half),
                    );
                    u32x4_shr(sum, SHIFT)
                });
                v128_store(dst.as_mut_ptr() as *mut v128, narrow(luma));
            }
        }
        steps * 16
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod simd128 {
    pub fn upsample(_: &[u16], _: &mut [u8]) -> usize {
        0
    }
    pub fn convert(_: &[u8], _: &[u8], _: &[u8], _: &mut [u8]) -> usize {
        0
    }
    pub fn gray(_: &[u8], _: &[u8], _: &[u8], _: &mut [u8]) -> usize {
        0
    }
}
