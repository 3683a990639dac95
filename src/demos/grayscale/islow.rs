//! What our JPEG encoder and decoder share: the zig-zag order of the
//! coefficients and the IJG integer DCT's ("islow", libjpeg's `jfdctint.c`
//! and `jidctint.c`) fixed-point constants and scaling, written once.

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
