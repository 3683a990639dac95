//! Files in and out of the grayscale batch: every check a file must pass
//! before its pixels are allocated, strict JPEG decoding, encoding the gray
//! result like its input, and output names. (The sample photos are written
//! by the browser's JPEG encoder: `www/demos/grayscale.js`.)

use super::decoder;
use super::planes::{to_gray, Layout};
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

/// The two formats the batch reads, and writes its results in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
}

impl Format {
    /// `png` or `jpeg`, as JavaScript names them.
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpeg",
        }
    }

    /// The format a file's first bytes announce; another image format we
    /// recognise is named, so the error can say what the file is.
    fn sniff(bytes: &[u8]) -> std::result::Result<Format, Option<&'static str>> {
        const OTHERS: [(&[u8], &str); 7] = [
            (b"GIF8", "GIF"),
            (b"BM", "BMP"),
            (b"II*\0", "TIFF"),
            (b"MM\0*", "TIFF"),
            (b"\0\0\x01\0", "ICO"),
            (b"qoif", "QOI"),
            (b"\xff\x0a", "JPEG XL"),
        ];
        if bytes.starts_with(PNG_SIGNATURE) {
            return Ok(Format::Png);
        }
        if bytes.starts_with(b"\xff\xd8\xff") {
            return Ok(Format::Jpeg);
        }
        if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            return Err(Some("WebP"));
        }
        if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            // ISO media (a video too): the major brand says which.
            return Err(match &bytes[8..12] {
                b"avif" | b"avis" => Some("AVIF"),
                b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" => Some("HEIF"),
                _ => None,
            });
        }
        Err(OTHERS
            .iter()
            .find(|(magic, _)| bytes.starts_with(magic))
            .map(|&(_, name)| name))
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// What a file's header says, checked: a PNG or JPEG of at most `max_pixels`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    pub format: Format,
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
    let fail = failure(name);
    if bytes.is_empty() {
        return Err(fail(FileProblem::Empty));
    }
    let format = match Format::sniff(bytes) {
        Ok(f) => f,
        Err(Some(other)) => {
            return Err(fail(FileProblem::Format {
                format: other.to_string(),
            }))
        }
        Err(None) => return Err(fail(FileProblem::NotImage)),
    };
    let (width, height) = if format == Format::Png {
        // Read IHDR ourselves: the size we report is the one the file
        // announces, checked before any decoder allocates for it.
        png_dimensions(bytes).ok_or_else(|| fail(FileProblem::PngHeader))?
    } else {
        jpeg_dimensions(bytes).map_err(|detail| fail(FileProblem::Header { detail }))?
    };
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels || width == 0 || height == 0 {
        return Err(fail(FileProblem::TooLarge {
            width,
            height,
            mpx: megapixels(pixels),
            limit: megapixels(max_pixels),
        }));
    }
    Ok(Header {
        format,
        width,
        height,
    })
}

/// Pixels in millions, to one decimal (in integers: Rust's float printing
/// would cost each module ~8 KB gzip).
fn megapixels(pixels: u64) -> String {
    let tenths = (pixels + 50_000) / 100_000;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The file job of `Pool.map(to_gray, paths)`: decode, luma, encode.
///
/// Every failure is an [`Error::File`] naming the file: empty, not a PNG or
/// JPEG, a header announcing more than `max_pixels` (refused before any pixel
/// memory is allocated), truncated or corrupt data.
pub fn convert_file(name: &str, bytes: &[u8], max_pixels: u64) -> Result<Converted> {
    let header = read_header(name, bytes, max_pixels)?;
    let start = now_ms();
    let (data, layout) =
        decode(bytes, header).map_err(|detail| failure(name)(FileProblem::Decode { detail }))?;
    let decode_ms = now_ms() - start;
    convert_pixels(name, header, &data, layout, decode_ms)
}

/// The rest of the job once the pixels are decoded (by us or by the
/// browser), as planes or RGBA: luma, then the gray file encoded like its
/// input. Planes become gray a row at a time (`planes::to_gray`), so the
/// luma stage includes their colour conversion.
pub fn convert_pixels(
    name: &str,
    header: Header,
    data: &[u8],
    layout: Layout,
    decode_ms: f64,
) -> Result<Converted> {
    let fail = failure(name);
    let Header {
        format,
        width,
        height,
    } = header;
    let start = now_ms();
    let luma_bytes =
        to_gray(data, layout, width as usize, height as usize).ok_or(fail(FileProblem::Pixels))?;
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

/// The pixels of a PNG or JPEG whose header passed [`read_header`]: our
/// decoder's planes, or RGBA.
fn decode(bytes: &[u8], header: Header) -> std::result::Result<(Vec<u8>, Layout), String> {
    if header.format == Format::Png {
        return Ok((decode_png(bytes)?, Layout::Rgba));
    }
    // Our decoder where it takes the file (libjpeg's arithmetic: OpenCV's
    // pixels); zune-jpeg for the other kinds, and to word the error for a
    // file ours refuses, so that what is refused, and in which words, does
    // not depend on which of the two read it.
    if let Ok(Some(planes)) = decoder::decode(bytes) {
        return Ok(planes);
    }
    Ok((decode_jpeg_strict(bytes)?, Layout::Rgba))
}

/// RGBA pixels of a PNG of any colour type and depth: palettes and bit
/// depths below 8 expanded, 16-bit samples cut to their high byte (libpng's
/// `strip_16`, which OpenCV's `IMREAD_COLOR` asks for), alpha kept.
fn decode_png(bytes: &[u8]) -> std::result::Result<Vec<u8>, String> {
    use zune_core::{bytestream::ZCursor, colorspace::ColorSpace};
    // Our header check has already held the size to `max_pixels`: the
    // decoder's own width limit (16384 by default) would only refuse
    // pictures within it in vaguer words.
    let options = zune_core::options::DecoderOptions::default()
        .set_max_width(usize::MAX)
        .set_max_height(usize::MAX)
        .set_strict_mode(true)
        .png_set_confirm_crc(true)
        .png_set_strip_to_8bit(true)
        .png_set_add_alpha_channel(true);
    // zune-png words its errors as Debug output: a line, at times quoted.
    let words =
        |e: zune_png::error::PngDecodeErrors| format!("{e:?}").trim().trim_matches('"').to_string();
    let mut decoder = zune_png::PngDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(words)?;
    let colour = decoder.colorspace().ok_or("no header")?;
    let pixels = decoder.decode_raw().map_err(words)?;
    match colour {
        ColorSpace::RGBA => Ok(pixels),
        ColorSpace::LumaA => Ok(pixels
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect()),
        other => Err(format!("decoded to {other:?}")),
    }
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
    let ihdr = bytes.strip_prefix(PNG_SIGNATURE)?.get(4..16)?;
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
    format: Format,
) -> std::result::Result<Vec<u8>, String> {
    let pixels = width as usize * height as usize;
    if gray.len() != pixels || pixels == 0 {
        return Err(format!(
            "{} bytes are not {width} × {height} pixels",
            gray.len()
        ));
    }
    if format == Format::Png {
        return Ok(png_gray(gray, width as usize));
    }
    match (u16::try_from(width), u16::try_from(height)) {
        (Ok(w), Ok(h)) => super::jpeg::encode_gray(gray, w, h, JPEG_QUALITY),
        _ => Err(format!("{width} × {height} is too large for JPEG")),
    }
}

/// A gray 8-bit PNG. The container is a few lines, so it is ours; the
/// compression is fdeflate's (zune-png writes only uncompressed data, and
/// the png crate would bring its decoder and a second deflate into the
/// module: README, "What the modules carry"). Each row
/// is stored as its difference from the row above (PNG's `Up` filter),
/// which a photo's smooth areas compress well.
fn png_gray(gray: &[u8], width: usize) -> Vec<u8> {
    let mut filtered = Vec::with_capacity(gray.len() + gray.len() / width);
    // Above the first row, the filter sees zeros.
    let zeros = vec![0; width];
    let mut above = &zeros[..];
    for row in gray.chunks_exact(width) {
        filtered.push(2);
        filtered.extend(row.iter().zip(above).map(|(&v, &a)| v.wrapping_sub(a)));
        above = row;
    }
    let height = gray.len() / width;
    let mut header = Vec::with_capacity(13);
    header.extend((width as u32).to_be_bytes());
    header.extend((height as u32).to_be_bytes());
    // 8 bits, gray, deflate, adaptive filtering, not interlaced.
    header.extend([8, 0, 0, 0, 0]);
    let mut out = PNG_SIGNATURE.to_vec();
    for (kind, data) in [
        (b"IHDR", header),
        (b"IDAT", fdeflate::compress_to_vec(&filtered)),
        (b"IEND", Vec::new()),
    ] {
        out.extend((data.len() as u32).to_be_bytes());
        let crc_start = out.len();
        out.extend(kind);
        out.extend(&data);
        let crc = crc32(&out[crc_start..]);
        out.extend(crc.to_be_bytes());
    }
    out
}

/// CRC-32 (IEEE), a byte at a time through a 1 KiB table: the chunk check
/// PNG requires. (crc32fast's faster slicing would put 16 KiB of tables in
/// each module; a picture's CRC takes ~1 ms this way.)
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    !bytes.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

/// `photos/cat.JPG` → `cat_gray.JPG`; a name without a fitting extension
/// gets the format's own (`scan` → `scan_gray.png`).
pub fn output_name(name: &str, format: Format) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let fits = |ext: &str| {
        let ext = ext.to_ascii_lowercase();
        match format {
            Format::Jpeg => ext == "jpg" || ext == "jpeg",
            Format::Png => ext == "png",
        }
    };
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && fits(ext) => format!("{stem}_gray.{ext}"),
        _ => {
            let ext = if format == Format::Jpeg { "jpg" } else { "png" };
            format!(
                "{}_gray.{ext}",
                if base.is_empty() { "image" } else { base }
            )
        }
    }
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
/// from now where it did not (NaN). Turning planes into gray counts as
/// luma.
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
    let Decoded {
        header,
        ref data,
        layout,
        decode_ms,
    } = *decoded;
    let result = convert_pixels(name, header, data, layout, decode_ms);
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
