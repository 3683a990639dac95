//! Our luma against OpenCV itself: `tests/data/opencv_luma.csv` was written by
//! `tools/gen_opencv_luma.py` with OpenCV's `cvtColor(COLOR_RGB2GRAY)`.
#![cfg(not(target_arch = "wasm32"))]

use concurrency_playground::demos::grayscale::{gray, gray_scalar, luma};

const TABLE: &str = include_str!("data/opencv_luma.csv");

fn rows() -> Vec<[u8; 4]> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let v: Vec<u8> = l
                .split(',')
                .map(|f| f.trim().parse().expect("table cell"))
                .collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

#[test]
fn table_is_big_enough() {
    assert!(rows().len() >= 400);
}

#[test]
fn luma_equals_opencv() {
    for [r, g, b, want] in rows() {
        assert_eq!(luma(r, g, b), want, "rgb({r},{g},{b})");
    }
}

#[test]
fn kernels_equal_opencv_on_the_table_as_one_image() {
    let rows = rows();
    let rgba: Vec<u8> = rows
        .iter()
        .flat_map(|&[r, g, b, _]| [r, g, b, 200])
        .collect();
    let want: Vec<u8> = rows.iter().map(|row| row[3]).collect();
    let mut scalar = vec![0; rows.len()];
    gray_scalar(&rgba, &mut scalar);
    assert_eq!(scalar, want);
    let mut fast = vec![0; rows.len()];
    gray(&rgba, &mut fast);
    assert_eq!(fast, want);
}

/// The formula written another way: floating point, round half up.
fn reference(r: u8, g: u8, b: u8) -> u8 {
    ((9798.0 * r as f64 + 19235.0 * g as f64 + 3735.0 * b as f64) / 32768.0 + 0.5).floor() as u8
}

#[test]
fn kernels_equal_reference_on_all_colours_as_one_buffer() {
    let rgba: Vec<u8> = (0u32..1 << 24)
        .flat_map(|c| [(c >> 16) as u8, (c >> 8) as u8, c as u8, 0])
        .collect();
    let mut scalar = vec![0u8; 1 << 24];
    gray_scalar(&rgba, &mut scalar);
    let mut fast = vec![0u8; 1 << 24];
    gray(&rgba, &mut fast);
    for (i, px) in rgba.chunks_exact(4).enumerate() {
        let want = reference(px[0], px[1], px[2]);
        assert_eq!(scalar[i], want, "scalar, colour {i:06x}");
        assert_eq!(fast[i], want, "fast, colour {i:06x}");
    }
}

#[test]
fn kernels_equal_reference_on_odd_lengths() {
    let mut seed = 0x2545_f491u32;
    for pixels in [0usize, 1, 15, 16, 17, 4099] {
        let rgba: Vec<u8> = (0..pixels * 4)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                (seed >> 24) as u8
            })
            .collect();
        let want: Vec<u8> = rgba
            .chunks_exact(4)
            .map(|p| reference(p[0], p[1], p[2]))
            .collect();
        let mut out = vec![0xAA; pixels];
        gray_scalar(&rgba, &mut out);
        assert_eq!(out, want, "scalar, {pixels} pixels");
        gray(&rgba, &mut out);
        assert_eq!(out, want, "fast, {pixels} pixels");
    }
}
