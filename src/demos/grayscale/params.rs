//! grayscale's parameters (limits and defaults, read by the page too), the
//! check, how rows are cut into bands, the seeded sample image and the
//! checksum that is a split run's value.

use crate::error::{Choice, Error, Result, Spec, Whole};

/// Largest side and largest image we accept: 64 Mpx of RGBA is 256 MiB, which
/// with its gray copy still fits the threads build's 1 GiB memory.
pub const MAX_SIDE: u32 = 16_384;
pub const MAX_PIXELS: u64 = 64 * 1024 * 1024;

pub const SHAPE: Choice = Choice {
    name: "shape",
    options: &["split", "batch"],
    default: "split",
};
pub const BACKEND: Choice = Choice {
    name: "backend",
    options: &["threads", "processes", "single"],
    default: "threads",
};
/// Who decodes a batch's files: the browser's own decoder (WebCodecs
/// `ImageDecoder`, where the browser has it) or ours compiled to wasm. Either
/// way our SIMD kernel does the luma and our encoder writes the file.
pub const CODEC: Choice = Choice {
    name: "codec",
    options: &["browser", "wasm"],
    default: "browser",
};
pub const WORKERS: Whole = Whole {
    name: "workers",
    min: 1,
    max: 64,
    default: 2,
};
pub const WIDTH: Whole = Whole {
    name: "width",
    min: 1,
    max: MAX_SIDE as i64,
    default: 1600,
};
pub const HEIGHT: Whole = Whole {
    name: "height",
    min: 1,
    max: MAX_SIDE as i64,
    default: 1200,
};
pub const SEED: Whole = Whole {
    name: "seed",
    min: 0,
    max: u32::MAX as i64,
    default: 1,
};
/// How many sample files a batch generates when the caller gives none.
pub const COUNT: Whole = Whole {
    name: "count",
    min: 1,
    max: 256,
    default: 16,
};
/// The largest image a file may announce in its header, in pixels.
pub const MAX_PIXELS_PARAM: Whole = Whole {
    name: "max_pixels",
    min: 1,
    max: MAX_PIXELS as i64,
    default: MAX_PIXELS as i64,
};
pub const SPECS: &[Spec] = &[
    Spec::Choice(SHAPE),
    Spec::Choice(BACKEND),
    Spec::Choice(CODEC),
    Spec::Whole(WORKERS),
    Spec::Whole(WIDTH),
    Spec::Whole(HEIGHT),
    Spec::Whole(SEED),
    Spec::Whole(COUNT),
    Spec::Whole(MAX_PIXELS_PARAM),
];

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
        let width = WIDTH.check_u32(width)?;
        let height = HEIGHT.check_u32(height)?;
        let workers = WORKERS.check_u32(workers)?;
        if u64::from(width) * u64::from(height) > MAX_PIXELS {
            return Err(Error::Pixels {
                width,
                height,
                max: MAX_PIXELS,
            });
        }
        if rgba_len >= 0.0 && rgba_len != (u64::from(width) * u64::from(height) * 4) as f64 {
            return Err(Error::RgbaLength {
                expected: u64::from(width) * u64::from(height) * 4,
                got: crate::error::describe(rgba_len),
            });
        }
        Ok(Params {
            width,
            height,
            workers,
        })
    }
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
