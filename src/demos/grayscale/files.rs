//! Files in and out of the grayscale batch: every check a file must pass
//! before its pixels are allocated, strict JPEG decoding, encoding the gray
//! result like its input, output names, and the sample photo-like files.

use super::{gray, sample_rgba};
use crate::error::{Error, FileProblem, Result};
use crate::timeline::Event;

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

    let fail = |problem: FileProblem| Error::File {
        name: name.to_string(),
        problem,
    };
    if bytes.is_empty() {
        return Err(fail(FileProblem::Empty));
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
        Ok(other) => {
            return Err(fail(FileProblem::Format {
                format: format!("{other:?}"),
            }))
        }
        Err(_) => return Err(fail(FileProblem::NotImage)),
    };
    let (width, height) = if format == ImageFormat::Png {
        // Read IHDR ourselves: on wasm32 the png crate's byte limit is at
        // most 4 GiB, so a huge announced size would come back as a vague
        // "memory limit exceeded" instead of the size we want to report.
        png_dimensions(bytes).ok_or_else(|| fail(FileProblem::PngHeader))?
    } else {
        ImageReader::with_format(Cursor::new(bytes), format)
            .into_dimensions()
            .map_err(|e| {
                fail(FileProblem::Header {
                    detail: e.to_string(),
                })
            })?
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels || width == 0 || height == 0 {
        return Err(fail(FileProblem::TooLarge {
            width,
            height,
            mpx: format!("{:.1}", pixels as f64 / 1e6),
            limit: format!("{:.1}", max_pixels as f64 / 1e6),
        }));
    }
    let rgba = if format == ImageFormat::Jpeg {
        decode_jpeg_strict(bytes).map_err(|e| {
            fail(FileProblem::Decode {
                detail: e.to_string(),
            })
        })?
    } else {
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = Limits::default();
        limits.max_alloc = Some(max_pixels.saturating_mul(8));
        reader.limits(limits);
        reader
            .decode()
            .map_err(|e| {
                fail(FileProblem::Decode {
                    detail: e.to_string(),
                })
            })?
            .into_rgba8()
            .into_raw()
    };
    if rgba.len() as u64 != pixels * 4 {
        return Err(fail(FileProblem::Pixels));
    }
    let mut luma_bytes = vec![0u8; pixels as usize];
    gray(&rgba, &mut luma_bytes);
    drop(rgba);
    let output = encode_gray(&luma_bytes, width, height, format).map_err(|e| {
        fail(FileProblem::Encode {
            detail: e.to_string(),
        })
    })?;
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
