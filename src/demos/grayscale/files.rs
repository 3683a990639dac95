//! Files in and out of the grayscale batch: every check a file must pass
//! before its pixels are allocated, strict JPEG decoding, encoding the gray
//! result like its input, output names, and the sample photo-like files.

use super::planes::{to_rgba, Layout};
use super::{gray, sample_rgba};
use crate::error::{Error, FileProblem, Result};
use crate::timeline::{now_ms, Event};

/// What one input file became: `<stem>_gray.<ext>`, encoded like its input.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted {
    pub width: u32,
    pub height: u32,
    pub output_name: String,
    pub output: Vec<u8>,
    pub stages: Stages,
}

/// Milliseconds each stage of one file took, for the page and the bench.
/// `decode` is whoever decoded: our wasm decoders, or the browser's.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Stages {
    pub decode_ms: f64,
    pub luma_ms: f64,
    pub encode_ms: f64,
}

/// What a file's header says, checked: a PNG or JPEG of at most `max_pixels`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    pub format: image::ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// JPEG's frame header holds 16-bit sizes: let the decoder read any of them,
/// so that our own `max_pixels` check is the one that speaks.
const JPEG_MAX_SIDE: usize = u16::MAX as usize;

/// Quality of the gray JPEG we write: what `cv2.imwrite` writes by default.
pub const JPEG_QUALITY: u8 = 95;

fn failure(name: &str) -> impl Fn(FileProblem) -> Error + '_ {
    move |problem| Error::File {
        name: name.to_string(),
        problem,
    }
}

/// Every check a file passes before any pixel memory is allocated: not
/// empty, a PNG or JPEG, a readable header announcing at most `max_pixels`.
pub fn read_header(name: &str, bytes: &[u8], max_pixels: u64) -> Result<Header> {
    use image::ImageFormat;
    let fail = failure(name);
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
        jpeg_dimensions(bytes).map_err(|detail| fail(FileProblem::Header { detail }))?
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
    Ok(Header {
        format,
        width,
        height,
    })
}

/// The file job of `Pool.map(to_gray, paths)`: decode, luma, encode.
///
/// Every failure is an [`Error::File`] naming the file: empty, not a PNG or
/// JPEG, a header announcing more than `max_pixels` (refused before any pixel
/// memory is allocated), truncated or corrupt data.
pub fn convert_file(name: &str, bytes: &[u8], max_pixels: u64) -> Result<Converted> {
    let header = read_header(name, bytes, max_pixels)?;
    let start = now_ms();
    let rgba = decode(bytes, header, max_pixels)
        .map_err(|detail| failure(name)(FileProblem::Decode { detail }))?;
    let decode_ms = now_ms() - start;
    convert_pixels(name, header, &rgba, decode_ms)
}

/// The rest of the job once the pixels are decoded (by us or by the
/// browser): luma, then the gray file encoded like its input.
pub fn convert_pixels(
    name: &str,
    header: Header,
    rgba: &[u8],
    decode_ms: f64,
) -> Result<Converted> {
    let fail = failure(name);
    let Header {
        format,
        width,
        height,
    } = header;
    let pixels = width as usize * height as usize;
    if rgba.len() != pixels * 4 {
        return Err(fail(FileProblem::Pixels));
    }
    let start = now_ms();
    let mut luma_bytes = vec![0u8; pixels];
    gray(rgba, &mut luma_bytes);
    let encode_start = now_ms();
    let output = encode_gray(&luma_bytes, width, height, format)
        .map_err(|detail| fail(FileProblem::Encode { detail }))?;
    Ok(Converted {
        width,
        height,
        output_name: output_name(name, format),
        output,
        stages: Stages {
            decode_ms,
            luma_ms: encode_start - start,
            encode_ms: now_ms() - encode_start,
        },
    })
}

/// RGBA pixels of a PNG or JPEG whose header passed [`read_header`].
fn decode(bytes: &[u8], header: Header, max_pixels: u64) -> std::result::Result<Vec<u8>, String> {
    use image::{ImageFormat, ImageReader, Limits};
    if header.format == ImageFormat::Jpeg {
        return decode_jpeg_strict(bytes);
    }
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), ImageFormat::Png);
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    Ok(reader
        .decode()
        .map_err(|e| e.to_string())?
        .into_rgba8()
        .into_raw())
}

fn jpeg_options() -> zune_core::options::DecoderOptions {
    zune_core::options::DecoderOptions::default()
        .set_max_width(JPEG_MAX_SIDE)
        .set_max_height(JPEG_MAX_SIDE)
}

/// Width and height from a JPEG's frame header.
fn jpeg_dimensions(bytes: &[u8]) -> std::result::Result<(u32, u32), String> {
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        zune_core::bytestream::ZCursor::new(bytes),
        jpeg_options(),
    );
    decoder.decode_headers().map_err(|e| format!("{e:?}"))?;
    let info = decoder.info().ok_or("no frame header")?;
    Ok((u32::from(info.width), u32::from(info.height)))
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
    use zune_core::{bytestream::ZCursor, colorspace::ColorSpace};
    let options = jpeg_options()
        .set_strict_mode(true)
        .jpeg_set_out_colorspace(ColorSpace::RGBA);
    zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options)
        .decode()
        .map_err(|e| format!("{e:?}"))
}

/// Encodes 8-bit gray pixels as PNG, or for JPEG input as a 1-component
/// JPEG at quality 95, as `cv2.imwrite` writes a gray image.
pub fn encode_gray(
    gray: &[u8],
    width: u32,
    height: u32,
    format: image::ImageFormat,
) -> std::result::Result<Vec<u8>, String> {
    encode(gray, width, height, format, Colour::Gray, JPEG_QUALITY)
}

#[derive(Clone, Copy)]
enum Colour {
    Gray,
    Rgb,
}

/// PNG through the `image` crate; JPEG through `jpeg-encoder`, the faster
/// of the two encoders we measured on wasm (see the README's benchmark).
fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    format: image::ImageFormat,
    colour: Colour,
    quality: u8,
) -> std::result::Result<Vec<u8>, String> {
    use image::{codecs::png::PngEncoder, ExtendedColorType, ImageEncoder};
    let mut out = Vec::new();
    if format == image::ImageFormat::Jpeg {
        let (w, h) = match (u16::try_from(width), u16::try_from(height)) {
            (Ok(w), Ok(h)) => (w, h),
            _ => return Err(format!("{width} × {height} is too large for JPEG")),
        };
        let channels = match colour {
            Colour::Gray => 1,
            Colour::Rgb => 3,
        };
        if pixels.len() != usize::from(w) * usize::from(h) * channels {
            return Err(format!(
                "{} bytes are not {width} × {height} pixels",
                pixels.len()
            ));
        }
        match colour {
            // The gray outputs: our encoder (jpeg.rs), faster on wasm.
            Colour::Gray => return super::jpeg::encode_gray(pixels, w, h, quality),
            // The sample inputs, through a buffer of ours: `Encoder::encode` would
            // compile its encoder for every pixel layout it knows, wasm we never run.
            Colour::Rgb => jpeg_encoder::Encoder::new(&mut out, quality)
                .encode_image(RgbRows(pixels, w, h))
                .map_err(|e| e.to_string())?,
        }
    } else {
        let kind = match colour {
            Colour::Gray => ExtendedColorType::L8,
            Colour::Rgb => ExtendedColorType::Rgb8,
        };
        PngEncoder::new(&mut out)
            .write_image(pixels, width, height, kind)
            .map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// RGB pixels, row by row, for the JPEG encoder (as YCbCr, like any JFIF).
struct RgbRows<'a>(&'a [u8], u16, u16);

impl jpeg_encoder::ImageBuffer for RgbRows<'_> {
    fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
        jpeg_encoder::JpegColorType::Ycbcr
    }
    fn width(&self) -> u16 {
        self.1
    }
    fn height(&self) -> u16 {
        self.2
    }
    fn fill_buffers(&self, y: u16, buffers: &mut [Vec<u8>; 4]) {
        let width = usize::from(self.1) * 3;
        let start = usize::from(y) * width;
        for p in self
            .0
            .get(start..start + width)
            .unwrap_or(&[])
            .chunks_exact(3)
        {
            let (luma, cb, cr) = jpeg_encoder::rgb_to_ycbcr(p[0], p[1], p[2]);
            buffers[0].push(luma);
            buffers[1].push(cb);
            buffers[2].push(cr);
        }
    }
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

/// Quality of the sample JPEGs: what a camera or phone typically writes.
const SAMPLE_QUALITY: u8 = 92;

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
    encode(&rgb, width, height, format, Colour::Rgb, SAMPLE_QUALITY)
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

/// Pixels the browser decoded: what the file's header said, the bytes as
/// `layout`, and how long the browser took.
#[derive(Debug)]
pub struct Decoded {
    pub header: Header,
    pub data: Vec<u8>,
    pub layout: Layout,
    pub decode_ms: f64,
}

/// Luma and encode of pixels decoded elsewhere, timed as one event on
/// `lane`: from `started_ms` where this worker waited for the decode itself,
/// from now where it did not (NaN). Turning planes into RGBA counts as
/// decoding.
pub fn pixels_timed(
    index: u32,
    name: &str,
    decoded: &Decoded,
    started_ms: f64,
    lane: u32,
) -> Finished {
    let start_ms = if started_ms.is_finite() {
        started_ms
    } else {
        now_ms()
    };
    let planes_start = now_ms();
    let Decoded {
        header,
        ref data,
        layout,
        decode_ms,
    } = *decoded;
    let (w, h) = (header.width as usize, header.height as usize);
    let result = match to_rgba(data, layout, w, h) {
        Some(rgba) => convert_pixels(name, header, &rgba, decode_ms + now_ms() - planes_start),
        None => Err(failure(name)(FileProblem::Pixels)),
    };
    let event = Event {
        lane,
        label: name.to_string(),
        start_ms,
        end_ms: now_ms(),
        ok: result.is_ok(),
    };
    Finished {
        index,
        name: name.to_string(),
        result,
        event,
    }
}
