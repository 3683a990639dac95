//! Pixels the browser decoded as planes (WebCodecs gives JPEGs as Y, Cb, Cr
//! planes, `I420` or `I444`), turned into RGBA exactly as libjpeg-turbo
//! would have: its "fancy" triangle-filter upsampling of 4:2:0 chroma and
//! its fixed-point YCbCr → RGB. That is what OpenCV's `imread` does, so our
//! luma of these pixels is OpenCV's gray bit for bit (tests/e2e/opencv).
//! The browser's own RGBA conversion rounds differently.

/// How the decoded bytes are laid out: planes at these offsets, tightly
/// packed (each row as wide as its plane), or RGBA already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Rgba,
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

/// RGBA pixels of a `width × height` picture laid out as `layout`, or None
/// when the bytes are too few for it.
pub fn to_rgba(data: &[u8], layout: Layout, width: usize, height: usize) -> Option<Vec<u8>> {
    let plane = |at: usize, w: usize, h: usize| data.get(at..at.checked_add(w * h)?);
    let mut rgba = vec![0u8; width * height * 4];
    match layout {
        Layout::Rgba => rgba.copy_from_slice(plane(0, width * 4, height)?),
        Layout::I444 { cb, cr } => {
            let (y, cb, cr) = (
                plane(0, width, height)?,
                plane(cb, width, height)?,
                plane(cr, width, height)?,
            );
            let tables = Tables::new();
            for (row, out) in rgba.chunks_exact_mut(width * 4).enumerate() {
                let at = row * width..(row + 1) * width;
                tables.convert_row(&y[at.clone()], &cb[at.clone()], &cr[at], out);
            }
        }
        Layout::I420 { cb, cr } => {
            let (cw, ch) = (width.div_ceil(2), height.div_ceil(2));
            let (y, cb, cr) = (
                plane(0, width, height)?,
                plane(cb, cw, ch)?,
                plane(cr, cw, ch)?,
            );
            let tables = Tables::new();
            let (mut cb_row, mut cr_row) = (vec![0u8; 2 * cw], vec![0u8; 2 * cw]);
            for (row, out) in rgba.chunks_exact_mut(width * 4).enumerate() {
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
                upsample_row(&cb[rows(near)], &cb[rows(far)], &mut cb_row);
                upsample_row(&cr[rows(near)], &cr[rows(far)], &mut cr_row);
                let at = row * width..(row + 1) * width;
                tables.convert_row(&y[at], &cb_row[..width], &cr_row[..width], out);
            }
        }
    }
    Some(rgba)
}

/// libjpeg's h2v2 triangle filter for one output row: each output sample is
/// 3/4 of its own input column and 1/4 of the neighbouring one, after the
/// vertical 3/4 + 1/4 of `near` and `far`; the roundings (+8, +7) alternate
/// as libjpeg's do, so that they do not drift one way.
fn upsample_row(near: &[u8], far: &[u8], out: &mut [u8]) {
    let sum = |i: usize| 3 * i32::from(near[i]) + i32::from(far[i]);
    let n = near.len();
    let put = |out: &mut [u8], i: usize, v: i32| out[i] = (v >> 4) as u8;
    if n == 1 {
        let this = sum(0);
        put(out, 0, this * 4 + 8);
        put(out, 1, this * 4 + 7);
        return;
    }
    let (mut last, mut this) = (sum(0), sum(0));
    for i in 0..n {
        let next = if i + 1 < n { sum(i + 1) } else { this };
        let left = if i == 0 {
            this * 4 + 8
        } else {
            this * 3 + last + 8
        };
        let right = if i + 1 == n {
            this * 4 + 7
        } else {
            this * 3 + next + 7
        };
        put(out, 2 * i, left);
        put(out, 2 * i + 1, right);
        (last, this) = (this, next);
    }
}

/// libjpeg's YCbCr → RGB in 16-bit fixed point, as tables over Cb and Cr.
struct Tables {
    cr_r: [i32; 256],
    cb_b: [i32; 256],
    cr_g: [i32; 256],
    cb_g: [i32; 256],
}

const SCALE: i32 = 16;
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

    fn convert_row(&self, y: &[u8], cb: &[u8], cr: &[u8], out: &mut [u8]) {
        let clamp = |v: i32| v.clamp(0, 255) as u8;
        for (((px, &y), &cb), &cr) in out.chunks_exact_mut(4).zip(y).zip(cb).zip(cr) {
            let (y, cb, cr) = (i32::from(y), usize::from(cb), usize::from(cr));
            px[0] = clamp(y + self.cr_r[cr]);
            px[1] = clamp(y + ((self.cb_g[cb] + self.cr_g[cr]) >> SCALE));
            px[2] = clamp(y + self.cb_b[cb]);
            px[3] = 255;
        }
    }
}
