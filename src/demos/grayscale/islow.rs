//! What our JPEG encoder and decoder share: the zig-zag order of the
//! coefficients and the IJG integer DCT's ("islow", libjpeg's `jfdctint.c`
//! and `jidctint.c`) fixed-point constants and scaling, written once; and,
//! on simd128, the pieces of both DCTs' 16-bit code (`pairs`).

/// Natural (row by row) index of each coefficient in zig-zag order.
pub const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The constants' scale, 2^13, and the extra bits the first pass keeps.
pub const CONST_BITS: u32 = 13;
pub const PASS1_BITS: u32 = 2;
pub const FIX_0_298631336: i32 = 2446;
pub const FIX_0_390180644: i32 = 3196;
pub const FIX_0_541196100: i32 = 4433;
pub const FIX_0_765366865: i32 = 6270;
pub const FIX_0_899976223: i32 = 7373;
pub const FIX_1_175875602: i32 = 9633;
pub const FIX_1_501321110: i32 = 12299;
pub const FIX_1_847759065: i32 = 15137;
pub const FIX_1_961570560: i32 = 16069;
pub const FIX_2_053119869: i32 = 16819;
pub const FIX_2_562915447: i32 = 20995;
pub const FIX_3_072711026: i32 = 25172;

/// The 16-bit simd128 code's pieces, as libjpeg-turbo's SIMD DCTs work: a
/// vector holds a row (or column) of eight 16-bit values, and each pair of
/// products a butterfly sums is one `i32x4_dot_i16x8` of two interleaved
/// vectors with the pair of constants it combines into.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub mod pairs {
    use core::arch::wasm32::*;

    /// `(a, b)` repeated: one pair's two constants.
    #[inline(always)]
    pub fn c(a: i32, b: i32) -> v128 {
        let (a, b) = (a as i16, b as i16);
        i16x8(a, b, a, b, a, b, a, b)
    }

    /// Lanes 0–3 (`half` 0) or 4–7 of `a` and `b`, interleaved as pairs.
    #[inline(always)]
    pub fn pair(half: usize, a: v128, b: v128) -> v128 {
        if half == 0 {
            i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(a, b)
        } else {
            i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(a, b)
        }
    }

    /// `(x + 2^(n−1)) >> n` on four i32 lanes: libjpeg's rounding shift.
    #[inline(always)]
    pub fn descale(x: v128, n: u32) -> v128 {
        i32x4_shr(i32x4_add(x, i32x4_splat(1 << (n - 1))), n)
    }

    /// Rows of an 8 × 8 matrix of i16 in, its columns out.
    #[inline(always)]
    pub fn transpose(a: [v128; 8]) -> [v128; 8] {
        // Rows 2j and 2j + 1 interleaved by 16 bits, their first and second halves.
        let b: [v128; 8] = std::array::from_fn(|k| pair(k % 2, a[k & !1], a[k | 1]));
        // Those pairs interleaved by 32 bits: four rows' worth of two columns.
        let c: [v128; 8] = std::array::from_fn(|k| {
            let at = 4 * (k / 4) + (k % 4) / 2;
            let (x, y) = (b[at], b[at + 2]);
            if k % 2 == 0 {
                i32x4_shuffle::<0, 4, 1, 5>(x, y)
            } else {
                i32x4_shuffle::<2, 6, 3, 7>(x, y)
            }
        });
        std::array::from_fn(|k| {
            let (x, y) = (c[k / 2], c[4 + k / 2]);
            if k % 2 == 0 {
                i64x2_shuffle::<0, 2>(x, y)
            } else {
                i64x2_shuffle::<1, 3>(x, y)
            }
        })
    }
}
