//! grayscale: the `multiprocessing.Pool.map` image job. `lesson.rs` is the
//! code the page shows (workers sharing the rows of one image, and a pool
//! taking whole files); `luma.rs` is the per-pixel kernel (BT.601 exactly as
//! OpenCV rounds it, SIMD and scalar); `files.rs` decodes and encodes files;
//! `decoder.rs` decodes the common JPEGs with libjpeg's arithmetic; `islow.rs` holds
//! the zig-zag order and DCT constants both share;
//! `jpeg.rs` writes the gray JPEGs; `planes.rs` turns decoded planes into RGBA or gray as libjpeg does;
//! `params.rs` checks what JavaScript passed and makes sample input;
//! `tests.rs` checks all of it natively.

mod decoder;
pub mod files;
mod islow;
mod jpeg;
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "threads")),
    allow(dead_code, unused_imports)
)]
mod lesson;
pub mod luma;
mod params;
pub mod planes;
#[cfg(test)]
mod tests;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod v4;

pub use files::{
    convert_file, convert_pixels, convert_timed, pixels_timed, read_header, Converted, Decoded,
    Finished, Format, Header, Stages,
};
pub use lesson::*;
pub use luma::{gray, gray_image_crate, gray_scalar, luma};
pub use params::*;
