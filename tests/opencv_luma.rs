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
