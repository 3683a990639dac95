//! grayscale natively: the luma against the formula written another way on
//! every colour, parameter checks, bands, the checksum's published vectors,
//! files good and bad, and the pool versions against the single-thread one.

use super::files::output_name;
use super::planes::{Kernels, Output};
use super::*;
use super::{decoder, planes};

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

/// The seeded sample picture as a JPEG, written by the `image` crate (the
/// page has the browser write them).
fn jpeg_sample(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let rgb: Vec<u8> = sample_rgba(width, height, seed)
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut jpg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 92)
        .encode(&rgb, width, height, image::ExtendedColorType::Rgb8)
        .expect("encode test jpeg");
    jpg
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
    let message = |bytes: &[u8], max| convert_file("f.png", bytes, max).unwrap_err().to_string();
    assert!(message(&[], MAX_PIXELS).contains("empty"));
    assert!(message(b"hello, not an image", MAX_PIXELS).contains("not a PNG or JPEG"));
    // Another image format is named, from its own first bytes.
    let bmp = image::RgbImage::new(4, 4);
    let mut bmp_bytes = Vec::new();
    bmp.write_to(
        &mut std::io::Cursor::new(&mut bmp_bytes),
        image::ImageFormat::Bmp,
    )
    .expect("a BMP");
    assert!(message(&bmp_bytes, MAX_PIXELS).contains("is an image in BMP format"));
    assert!(message(b"GIF89a\x01\0\x01\0", MAX_PIXELS).contains("is an image in GIF format"));
    assert!(message(b"RIFF\0\0\0\0WEBPVP8 ", MAX_PIXELS).contains("is an image in WebP format"));
    assert!(
        message(b"\0\0\0\x1cftypavif\0\0\0\0", MAX_PIXELS).contains("is an image in AVIF format")
    );
    // A video shares the container, not the kind: not an image at all.
    assert!(message(b"\0\0\0\x1cftypisom\0\0\0\0", MAX_PIXELS).contains("not a PNG or JPEG"));
    let m = message(&png[..png.len() / 2], MAX_PIXELS);
    assert!(m.contains("could not be decoded"), "{m}");
    assert!(!m.contains('"') && !m.ends_with('\n'), "{m}");
    assert!(message(&png[..20], MAX_PIXELS).contains("header is missing or cut short"));
    assert!(message(&png, 100).contains("64 × 64"));
    let jpg = jpeg_sample(64, 64, 1);
    let m = message(&jpg[..jpg.len() / 2], MAX_PIXELS);
    assert!(m.contains("could not be decoded"), "{m}");
    // A header that claims 100 000 × 100 000: refused before allocating.
    let mut huge = png.clone();
    huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&huge[12..29]);
    huge[29..33].copy_from_slice(&crc.to_be_bytes());
    let m = message(&huge, MAX_PIXELS);
    assert_eq!(
        m,
        "f.png: is 100000 × 100000 = 10000.0 Mpx; the limit is 67.1 Mpx"
    );
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
    use super::Format::{Jpeg, Png};
    assert_eq!(output_name("cat.jpg", Jpeg), "cat_gray.jpg");
    assert_eq!(output_name("a/b\\c.png", Png), "c_gray.png");
    assert_eq!(output_name("scan", Png), "scan_gray.png");
    assert_eq!(output_name("photo.png", Jpeg), "photo.png_gray.jpg");
    assert_eq!(output_name(".png", Png), ".png_gray.png");
    assert_eq!(output_name("", Jpeg), "image_gray.jpg");
}

#[cfg(feature = "threads")]
#[test]
fn batch_converts_every_file_once_and_reports_bad_ones() {
    let batch = Batch::new(MAX_PIXELS);
    let good = png_rgb(40, 30, |x, y| [x as u8, y as u8, 9]);
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

/// Our gray JPEG encoder writes, byte for byte, the file OpenCV's
/// `cv2.imwrite` writes for the same gray picture at its default quality
/// (tests/data/opencv_gray, made by tools/gen_opencv_gray.py): photo-like
/// pictures, sizes that are not multiples of 8, pure noise.
#[test]
fn our_jpeg_encoder_writes_what_opencv_writes() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/opencv_gray");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).expect("the OpenCV pictures") {
        let path = entry.expect("a directory entry").path();
        let Some(stem) = path.to_str().and_then(|p| p.strip_suffix(".gray.png")) else {
            continue;
        };
        let gray = image::open(&path).expect("a gray PNG").into_luma8();
        let (w, h) = (gray.width() as u16, gray.height() as u16);
        let opencv = std::fs::read(format!("{stem}.gray.jpg")).expect("OpenCV's JPEG");
        let ours = jpeg::encode_gray(gray.as_raw(), w, h, 95).expect("ours");
        assert!(
            ours == opencv,
            "{stem}: {} bytes against OpenCV's {}",
            ours.len(),
            opencv.len()
        );
        compared += 1;
    }
    assert_eq!(compared, 10, "every picture was compared");
    assert!(jpeg::encode_gray(&[0; 5], 2, 2, 95).is_err());
}

/// Every PNG colour type and depth: the gray written is OpenCV's luma of the
/// colours the file holds, 16-bit samples read by their high byte (libpng's
/// `strip_16`, which OpenCV's `IMREAD_COLOR` asks for), palettes looked up.
#[test]
fn every_png_colour_type_converts_to_the_luma_of_its_colours() {
    use png::{BitDepth, ColorType};
    let (w, h) = (7u32, 3u32);
    let colour = |i: usize| -> [u16; 3] {
        let i = i as u16;
        [
            i.wrapping_mul(9001),
            i.wrapping_mul(4099) ^ 0x5a5a,
            65535u16.wrapping_sub(i.wrapping_mul(3000)),
        ]
    };
    let write = |kind: ColorType, depth: BitDepth, palette: Option<Vec<u8>>, data: Vec<u8>| {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(kind);
        encoder.set_depth(depth);
        if let Some(p) = palette {
            encoder.set_palette(p);
        }
        let mut writer = encoder.write_header().expect("header");
        writer.write_image_data(&data).expect("data");
        writer.finish().expect("finish");
        out
    };
    let n = (w * h) as usize;
    let hi = |v: u16| (v >> 8) as u8;
    let check = |name: &str, file: Vec<u8>, want: Vec<[u8; 3]>| {
        let c = convert_file(name, &file, MAX_PIXELS).expect(name);
        let gray = image::load_from_memory(&c.output)
            .expect("a PNG")
            .into_luma8()
            .into_raw();
        let expected: Vec<u8> = want.iter().map(|&[r, g, b]| reference(r, g, b)).collect();
        assert_eq!(gray, expected, "{name}");
    };
    let rgb16: Vec<u8> = (0..n)
        .flat_map(|i| colour(i).map(u16::to_be_bytes))
        .flatten()
        .collect();
    // What every RGB case holds: each colour's high bytes.
    let want_rgb: Vec<[u8; 3]> = (0..n).map(|i| colour(i).map(hi)).collect();
    check(
        "rgb16",
        write(ColorType::Rgb, BitDepth::Sixteen, None, rgb16),
        want_rgb.clone(),
    );
    let rgba8: Vec<u8> = (0..n)
        .flat_map(|i| {
            let [r, g, b] = colour(i).map(hi);
            [r, g, b, (i * 11) as u8]
        })
        .collect();
    check(
        "rgba8",
        write(ColorType::Rgba, BitDepth::Eight, None, rgba8),
        want_rgb,
    );
    let gray16: Vec<u8> = (0..n).flat_map(|i| colour(i)[0].to_be_bytes()).collect();
    let want_gray: Vec<[u8; 3]> = (0..n).map(|i| [hi(colour(i)[0]); 3]).collect();
    check(
        "gray16",
        write(ColorType::Grayscale, BitDepth::Sixteen, None, gray16),
        want_gray.clone(),
    );
    let gray_alpha: Vec<u8> = (0..n).flat_map(|i| [hi(colour(i)[0]), 7]).collect();
    check(
        "gray+alpha",
        write(ColorType::GrayscaleAlpha, BitDepth::Eight, None, gray_alpha),
        want_gray,
    );
    // Four bits per pixel, indices into a palette of 16 colours.
    let palette: Vec<u8> = (0..16).flat_map(|i| colour(i + 100).map(hi)).collect();
    let index = |i: usize| (i * 5 % 16) as u8;
    let packed: Vec<u8> = (0..h as usize)
        .flat_map(|y| {
            (0..w as usize)
                .step_by(2)
                .map(move |x| (y * w as usize + x, x))
        })
        .map(|(i, x)| (index(i) << 4) | if x + 1 < w as usize { index(i + 1) } else { 0 })
        .collect();
    let want_palette: Vec<[u8; 3]> = (0..n)
        .map(|i| colour(index(i) as usize + 100).map(hi))
        .collect();
    check(
        "palette4",
        write(ColorType::Indexed, BitDepth::Four, Some(palette), packed),
        want_palette,
    );
}

/// The OpenCV pictures (tests/data/opencv_gray) that are JPEG inputs, with
/// their bytes and OpenCV's gray of each (`<stem>.gray.png`).
fn opencv_jpegs() -> Vec<(String, Vec<u8>, image::GrayImage)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/opencv_gray");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the OpenCV pictures") {
        let path = entry.expect("a directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        let Some(stem) = name.strip_suffix(".jpg").filter(|s| !s.ends_with(".gray")) else {
            continue;
        };
        let gray = image::open(format!("{dir}/{stem}.gray.png"))
            .expect("OpenCV's gray")
            .into_luma8();
        found.push((name.clone(), std::fs::read(&path).expect("the JPEG"), gray));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// Our decoder, libjpeg's arithmetic on its planes and our luma give OpenCV's
/// gray of each picture bit for bit: 4:2:0 (sizes that are not multiples of
/// 16 among them), 4:4:4, restart markers, one component, progressive.
#[test]
fn our_jpeg_decoder_gives_opencvs_gray() {
    let mut compared = 0;
    for (name, bytes, opencv) in opencv_jpegs() {
        let (planes, layout) = decoder::decode(&bytes)
            .expect(&name)
            .unwrap_or_else(|| panic!("{name}: a kind our decoder leaves to zune-jpeg"));
        let (w, h) = (opencv.width() as usize, opencv.height() as usize);
        let rgba = planes::picture(Output::Rgba, Kernels::Fastest, &planes, layout, w, h)
            .expect("planes of the picture's size");
        let mut through_rgba = vec![0; w * h];
        gray(&rgba, &mut through_rgba);
        // Both ways to the gray: through RGBA, and the batch's, a row at a
        // time with no RGBA between; each against OpenCV's.
        let row_by_row =
            planes::to_gray(&planes, layout, w, h).expect("planes of the picture's size");
        for (way, gray_bytes) in [("through RGBA", &through_rgba), ("row by row", &row_by_row)] {
            let differ = gray_bytes
                .iter()
                .zip(opencv.as_raw())
                .filter(|(a, b)| a != b)
                .count();
            assert_eq!(
                differ,
                0,
                "{name} {way}: {differ} of {} pixels differ from OpenCV's gray",
                w * h
            );
        }
        compared += 1;
    }
    assert_eq!(compared, 8, "every OpenCV JPEG was compared");
}

/// So the whole file job writes, for each, the very file `cv2.imwrite`
/// writes for OpenCV's gray (`<stem>.gray.jpg`).
#[test]
fn the_file_job_writes_opencvs_file() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/opencv_gray");
    for (name, bytes, _) in opencv_jpegs() {
        let c = convert_file(&name, &bytes, MAX_PIXELS).expect(&name);
        let stem = name.trim_end_matches(".jpg");
        let opencv = std::fs::read(format!("{dir}/{stem}.gray.jpg")).expect("OpenCV's output");
        assert!(
            c.output == opencv,
            "{name}: not the bytes cv2.imwrite writes"
        );
    }
}

/// Cut short anywhere, or with a restart marker gone, a file is refused by
/// our decoder (never decoded with gray made up, never a panic), and the
/// file job still says in words that it could not be decoded.
#[test]
fn our_jpeg_decoder_refuses_cut_and_broken_files() {
    for (name, bytes, _) in opencv_jpegs() {
        for cut in (2..bytes.len() - 2).step_by(37) {
            let refused = decoder::decode(&bytes[..cut]).is_err();
            assert!(
                refused,
                "{name} cut at {cut} of {}: not refused",
                bytes.len()
            );
        }
        let m = convert_file(&name, &bytes[..bytes.len() * 2 / 3], MAX_PIXELS)
            .unwrap_err()
            .to_string();
        assert!(m.contains("could not be decoded"), "{m}");
    }
    let restarts = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/opencv_gray/restarts.jpg"
    ))
    .expect("the file with restart markers");
    let rst = restarts
        .windows(2)
        .position(|w| w == [0xff, 0xd2])
        .expect("RST2");
    let without = [&restarts[..rst], &restarts[rst + 2..]].concat();
    assert!(
        decoder::decode(&without).is_err(),
        "a missing restart marker is noticed"
    );
    // Bytes changed at random in the entropy-coded data: whatever comes of
    // it, no panic (the pool's workers must not die of a file).
    let mut state = 0x2545_f491_u32;
    for _ in 0..300 {
        let mut broken = restarts.clone();
        for _ in 0..4 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let at = 600 + state as usize % (broken.len() - 602);
            broken[at] = (state >> 8) as u8;
        }
        let _ = decoder::decode(&broken);
    }
}
