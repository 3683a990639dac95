//! Our gray JPEG encoder: baseline, one 8-bit component, the typical Huffman
//! tables of the JPEG standard (Annex K), the IJG quality scaling and the
//! IJG integer DCT ("islow", `jfdctint.c`) with its roundings — so it writes
//! the coefficients libjpeg writes, and `cv2.imwrite` is libjpeg(-turbo).
//!
//! Written here rather than taken from `jpeg-encoder` (which writes the same
//! coefficients) because it is measurably faster on wasm (README, benchmark):
//! on simd128 the DCT runs in 16-bit lanes, all eight rows or columns a
//! pass, as libjpeg-turbo's SIMD code does; quantizing is a multiplication,
//! a row of eight coefficients at a time, which also works out each one's
//! size category and extra bits before the Huffman loop (as libjpeg-turbo's
//! SIMD encoder does), so that loop only looks them up, in zig-zag order,
//! where a bitmap says a coefficient is not 0; and the entropy coder keeps
//! its bits in a 64-bit register and writes whole 64-bit words when none of
//! their bytes needs stuffing.

use super::islow::*;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
use super::v4::V;

/// The JPEG standard's example luminance quantization table (K.1), in
/// natural order; libjpeg scales it by quality.
const LUMA_QUANT: [u32; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, //
    12, 12, 14, 19, 26, 58, 60, 55, //
    14, 13, 16, 24, 40, 57, 69, 56, //
    14, 17, 22, 29, 51, 87, 80, 62, //
    18, 22, 37, 56, 68, 109, 103, 77, //
    24, 35, 55, 64, 81, 104, 113, 92, //
    49, 64, 78, 87, 103, 121, 120, 101, //
    72, 92, 95, 98, 112, 100, 103, 99,
];

/// The typical luminance DC and AC Huffman tables (K.3, K.5): how many
/// codes of each length 1–16, then the symbols in code order.
const DC_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS: [u8; 16] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_VALUES: [u8; 162] = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
];

/// `width × height` gray pixels (row by row) as a baseline JPEG.
pub fn encode_gray(pixels: &[u8], width: u16, height: u16, quality: u8) -> Result<Vec<u8>, String> {
    let (w, h) = (usize::from(width), usize::from(height));
    if w == 0 || h == 0 || pixels.len() != w * h {
        return Err(format!(
            "{} bytes are not {w} × {h} gray pixels",
            pixels.len()
        ));
    }
    let quant = quant_table(quality);
    let divide = Divide::new(&quant);
    let dc = codes(&DC_BITS, &DC_VALUES);
    // Each AC symbol's code already shifted left by its size (the symbol's
    // low 4 bits), and the size added to its length: the loop only ORs the
    // extra bits in (3 % faster than shifting there). Sizes 0 — the end of
    // block and the run of 16 zeros — are unchanged.
    let plain = codes(&AC_BITS, &AC_VALUES);
    let ac: [(u32, u32); 256] = std::array::from_fn(|symbol| {
        let ((code, len), size) = (plain[symbol], symbol as u32 & 15);
        (code << size, len + size)
    });

    let mut out = Vec::with_capacity(w * h / 2 + 1024);
    headers(&mut out, width, height, &quant);
    let mut bits = Bits {
        acc: 0,
        free: 64,
        buf: [0; BLOCK_BYTES],
        len: 0,
    };
    let mut block = [0i16; 64];
    let mut q = Quantized {
        value: [0; 64],
        size: [0; 64],
        extra: [0; 64],
    };
    let mut last_dc = 0i32;
    for by in 0..h.div_ceil(8) {
        for bx in 0..w.div_ceil(8) {
            load_block(pixels, w, h, bx * 8, by * 8, &mut block);
            fdct(&mut block);
            let nonzero = divide.quantize(&block, &mut q); // bit k: zig-zag coefficient k is not 0
            let diff = i32::from(q.value[0]) - last_dc;
            last_dc = i32::from(q.value[0]);
            let size = magnitude(diff);
            let (code, len) = dc[size as usize];
            bits.put(code << size | extra(diff, size), len + size);
            // The AC coefficients, from one that is not 0 to the next: the
            // zeros between are the run each symbol carries.
            let (mut ac_left, mut last) = (nonzero & !1, 0u32);
            while ac_left != 0 {
                let k = ac_left.trailing_zeros();
                ac_left &= ac_left - 1;
                let mut run = k - last - 1;
                while run > 15 {
                    let (code, len) = ac[0xf0];
                    bits.put(code, len);
                    run -= 16;
                }
                // `& 63` and `& 0xff` change nothing (k and `at` < 64, run ≤ 15
                // and a size ≤ 10) but let the compiler drop three bounds checks.
                let at = ZIGZAG[k as usize & 63] & 63;
                let size = u32::from(q.size[at]);
                let (code, len) = ac[(run << 4 | size) as usize & 0xff];
                bits.put(code | u32::from(q.extra[at]), len);
                last = k;
            }
            if last != 63 {
                let (code, len) = ac[0x00];
                bits.put(code, len);
            }
            bits.drain(&mut out);
        }
    }
    bits.finish(&mut out);
    out.extend_from_slice(&[0xff, 0xd9]);
    Ok(out)
}

/// The IJG scaling of the example table to `quality` (1–100), kept ≤ 255
/// for baseline JPEG.
fn quant_table(quality: u8) -> [u32; 64] {
    let q = u32::from(quality.clamp(1, 100));
    let scale = if q < 50 { 5000 / q } else { 200 - 2 * q };
    LUMA_QUANT.map(|b| ((b * scale + 50) / 100).clamp(1, 255))
}

/// One block's quantized coefficients in natural order (row by row), each
/// with its size category and the extra bits sent after its symbol.
struct Quantized {
    value: [i16; 64],
    size: [u16; 64],
    extra: [u16; 64],
}

/// Dividing by (q << 3) — the DCT's outputs are 8 times the coefficients —
/// rounding half away from zero, as libjpeg does, by a multiplication that
/// is exact for every value the DCT can give (|x| < 2^15, divisor ≤ 2040,
/// reciprocal < 2^30). The reciprocal R is kept as its two 16-bit halves,
/// which 16-bit lanes can multiply (see the simd128 `quantize`).
struct Divide {
    half: [u16; 64],
    high: [u16; 64],
    low: [u16; 64],
}

impl Divide {
    fn new(quant: &[u32; 64]) -> Divide {
        let reciprocal = quant.map(|q| (1u64 << 32).div_ceil(u64::from(q << 3)) as u32);
        Divide {
            half: quant.map(|q| (q << 2) as u16),
            high: reciprocal.map(|r| (r >> 16) as u16),
            low: reciprocal.map(|r| r as u16),
        }
    }

    /// Quantizes the DCT's `block` into `q`, sizes and extra bits included;
    /// returns the bitmap, in zig-zag order, of the coefficients that are not 0.
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    fn quantize(&self, block: &[i16; 64], q: &mut Quantized) -> u64 {
        for (i, x) in block.iter().map(|&x| i32::from(x)).enumerate() {
            let reciprocal = u32::from(self.high[i]) << 16 | u32::from(self.low[i]);
            let product =
                u64::from(x.unsigned_abs() + u32::from(self.half[i])) * u64::from(reciprocal);
            let magnitude_of_v = (product >> 32) as i32;
            let v = if x < 0 {
                -magnitude_of_v
            } else {
                magnitude_of_v
            };
            let size = magnitude(v);
            (q.value[i], q.size[i], q.extra[i]) = (v as i16, size as u16, extra(v, size) as u16);
        }
        ZIGZAG
            .iter()
            .enumerate()
            .fold(0, |bits, (k, &i)| bits | u64::from(q.value[i] != 0) << k)
    }

    /// The same a row (eight coefficients) at a time, in 16-bit lanes. The
    /// reciprocal's halves, y and their products fit 32-bit lanes:
    /// ⌊y·R / 2^32⌋ = ⌊(y·R_high + ⌊y·R_low / 2^16⌋) / 2^16⌋. All
    /// bits below a magnitude's top bit set make the extra bits' mask,
    /// 2^size − 1, and their count is the size. The bitmap is put into
    /// zig-zag order a byte per coefficient, by table look-ups (swizzles).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn quantize(&self, block: &[i16; 64], q: &mut Quantized) -> u64 {
        use core::arch::wasm32::*;
        // SAFETY (both): 16 bytes, which the callers' slices hold
        // (bounds-checked by the slicing); no alignment is needed.
        unsafe fn load<T>(s: &[T]) -> v128 {
            v128_load(s.as_ptr() as *const v128)
        }
        unsafe fn store<T>(s: &mut [T], v: v128) {
            v128_store(s.as_mut_ptr() as *mut v128, v)
        }
        let zero = i16x8_splat(0);
        let mut nonzero_rows = [zero; 8];
        for (r, nonzero_row) in nonzero_rows.iter_mut().enumerate() {
            let row = 8 * r..8 * r + 8;
            // SAFETY: every slice below is 16 bytes.
            unsafe {
                let x = load(&block[row.clone()]);
                let sign = i16x8_shr(x, 15); // -1 or 0
                let y = i16x8_add(i16x8_abs(x), load(&self.half[row.clone()]));
                let (high, low) = (load(&self.high[row.clone()]), load(&self.low[row.clone()]));
                let divided = |product: fn(v128, v128) -> v128| {
                    let part = u32x4_shr(product(y, low), 16);
                    u32x4_shr(i32x4_add(product(y, high), part), 16)
                };
                let m = u16x8_narrow_i32x4(
                    divided(u32x4_extmul_low_u16x8),
                    divided(u32x4_extmul_high_u16x8),
                );
                let mut mask = v128_or(m, u16x8_shr(m, 1));
                mask = v128_or(mask, u16x8_shr(mask, 2));
                mask = v128_or(mask, u16x8_shr(mask, 4));
                mask = v128_or(mask, u16x8_shr(mask, 8));
                // m ^ sign is v for a positive v, and v − 1 for a negative one.
                let signed = v128_xor(m, sign);
                store(&mut q.value[row.clone()], i16x8_sub(signed, sign));
                store(
                    &mut q.size[row.clone()],
                    i16x8_extadd_pairwise_u8x16(i8x16_popcnt(mask)),
                );
                store(&mut q.extra[row], v128_and(signed, mask));
                *nonzero_row = i16x8_ne(m, zero);
            }
        }
        let bytes: [v128; 4] = std::array::from_fn(|j| {
            i8x16_narrow_i16x8(nonzero_rows[2 * j], nonzero_rows[2 * j + 1])
        });
        let mut nonzero = 0;
        for (t, sources) in ZIGZAG_SWIZZLES.iter().enumerate() {
            let mut in_order = zero;
            for (from, indices) in bytes.iter().zip(sources) {
                // SAFETY: `indices` is 16 bytes.
                in_order = v128_or(in_order, i8x16_swizzle(*from, unsafe { load(indices) }));
            }
            nonzero |= u64::from(i8x16_bitmask(in_order)) << (16 * t);
        }
        nonzero
    }
}

/// For zig-zag positions 16t … 16t + 15 (`[t]`), which byte of each group of
/// 16 natural positions (`[t][j]`, positions 16j … 16j + 15) each comes from;
/// 0xff, which a swizzle reads as 0, where it comes from another group.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
const ZIGZAG_SWIZZLES: [[[u8; 16]; 4]; 4] = {
    let mut out = [[[0xff; 16]; 4]; 4];
    let mut k = 0;
    while k < 64 {
        let natural = ZIGZAG[k];
        out[k / 16][natural / 16][k % 16] = (natural % 16) as u8;
        k += 1;
    }
    out
};

/// SOI, JFIF APP0, DQT, SOF0 (one component), both DHTs and SOS.
fn headers(out: &mut Vec<u8>, width: u16, height: u16, quant: &[u32; 64]) {
    out.extend_from_slice(&[0xff, 0xd8]);
    out.extend_from_slice(&[
        0xff, 0xe0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    ]);
    out.extend_from_slice(&[0xff, 0xdb, 0, 67, 0]);
    out.extend(ZIGZAG.iter().map(|&i| quant[i] as u8));
    let [wh, wl] = width.to_be_bytes();
    let [hh, hl] = height.to_be_bytes();
    out.extend_from_slice(&[0xff, 0xc0, 0, 11, 8, hh, hl, wh, wl, 1, 1, 0x11, 0]);
    for (class, bits, values) in [
        (0x00, &DC_BITS[..], &DC_VALUES[..]),
        (0x10, &AC_BITS[..], &AC_VALUES[..]),
    ] {
        let len = 2 + 1 + 16 + values.len() as u16;
        out.extend_from_slice(&[0xff, 0xc4]);
        out.extend_from_slice(&len.to_be_bytes());
        out.push(class);
        out.extend_from_slice(bits);
        out.extend_from_slice(values);
    }
    out.extend_from_slice(&[0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0]);
}

/// Canonical Huffman codes by symbol: `(code, length)`.
fn codes(bits: &[u8; 16], values: &[u8]) -> [(u32, u32); 256] {
    let mut table = [(0, 0); 256];
    let (mut code, mut k) = (0u32, 0);
    for (i, &count) in bits.iter().enumerate() {
        for _ in 0..count {
            table[usize::from(values[k])] = (code, i as u32 + 1);
            code += 1;
            k += 1;
        }
        code <<= 1;
    }
    table
}

/// How many bits `v`'s magnitude takes (JPEG's "size" category).
fn magnitude(v: i32) -> u32 {
    32 - v.unsigned_abs().leading_zeros()
}

/// The `size` low bits JPEG sends after a symbol: `v`, or `v − 1` for a negative one.
fn extra(v: i32, size: u32) -> u32 {
    // v + (v >> 31) is v − 1 for a negative v and v otherwise, without a
    // branch: on grainy pictures signs are a coin toss, and a mispredicted
    // branch on each coefficient cost a quarter of the encoding time.
    ((v + (v >> 31)) as u32) & ((1u32 << size) - 1)
}

/// The most bytes one block's symbols can take: at most 68 symbols (DC,
/// 63 AC, 3 runs of 16 zeros, the end of block) of at most 27 bits, every
/// byte stuffed, and a word carried over.
const BLOCK_BYTES: usize = 68 * 27 / 8 * 2 + 16;

/// The entropy-coded bits: up to 64 in a register, written out a 64-bit
/// word at a time into one block's bytes, each 0xFF byte followed by a
/// stuffed 0x00. A fixed buffer, drained into the file after each block,
/// lets the compiler keep the register in a register.
struct Bits {
    acc: u64,
    /// How many of `acc`'s 64 bits are free; the rest, at the bottom, are
    /// waiting to be written.
    free: u32,
    buf: [u8; BLOCK_BYTES],
    len: usize,
}

impl Bits {
    /// Appends the `len` (≤ 32) low bits of `code`.
    #[inline(always)]
    fn put(&mut self, code: u32, len: u32) {
        if len < self.free {
            self.acc = self.acc << len | u64::from(code);
            self.free -= len;
        } else {
            // The word is full with the code's first `free` bits; the rest
            // stay in `acc`, and the bits above them there are shifted out
            // before they could be written (as libjpeg-turbo does).
            let rest = len - self.free;
            let word = self.acc << self.free | u64::from(code >> rest);
            self.acc = u64::from(code);
            self.free = 64 - rest;
            self.word(word);
        }
    }

    #[inline(always)]
    fn word(&mut self, word: u64) {
        // A byte of `word` is 0xFF exactly where a byte of `!word` is zero.
        let inverted = !word;
        if inverted.wrapping_sub(0x0101_0101_0101_0101) & word & 0x8080_8080_8080_8080 == 0 {
            self.buf[self.len..self.len + 8].copy_from_slice(&big_endian(word));
            self.len += 8;
        } else {
            for byte in word.to_be_bytes() {
                self.byte(byte);
            }
        }
    }

    fn byte(&mut self, byte: u8) {
        self.buf[self.len] = byte;
        self.len += 1;
        if byte == 0xff {
            self.buf[self.len] = 0;
            self.len += 1;
        }
    }

    /// Moves the bytes written so far into `out`.
    fn drain(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf[..self.len]);
        self.len = 0;
    }

    /// Pads the last byte with 1 bits, as the standard asks, and writes the rest.
    fn finish(mut self, out: &mut Vec<u8>) {
        let held = 64 - self.free;
        let pad = (8 - held % 8) % 8;
        let acc = self.acc << pad | ((1 << pad) - 1);
        for i in (0..(held + pad) / 8).rev() {
            self.byte((acc >> (8 * i)) as u8);
        }
        self.drain(out);
    }
}

/// `word`'s bytes, most significant first: one shuffle on simd128, where
/// wasm has no byte-swap instruction.
#[inline(always)]
fn big_endian(word: u64) -> [u8; 8] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;
        let v = u64x2_splat(word);
        let swapped = i8x16_shuffle::<7, 6, 5, 4, 3, 2, 1, 0, 8, 9, 10, 11, 12, 13, 14, 15>(v, v);
        u64x2_extract_lane::<0>(swapped).to_ne_bytes()
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    word.to_be_bytes()
}

/// The 8 × 8 block at (`x0`, `y0`), centred on 0; past the picture's right
/// and bottom edges its last column and row repeat, as libjpeg pads.
fn load_block(pixels: &[u8], w: usize, h: usize, x0: usize, y0: usize, block: &mut [i16; 64]) {
    for r in 0..8 {
        let row = &pixels[(y0 + r).min(h - 1) * w..][..w];
        let out = &mut block[r * 8..r * 8 + 8];
        if x0 + 8 <= w {
            load_row(&row[x0..x0 + 8], out);
        } else {
            for (c, o) in out.iter_mut().enumerate() {
                *o = i16::from(row[(x0 + c).min(w - 1)]) - 128;
            }
        }
    }
}

/// Eight samples, centred on 0: one widening load on simd128.
#[inline(always)]
fn load_row(row: &[u8], out: &mut [i16]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;
        let (src, dst) = (&row[..8], &mut out[..8]);
        // SAFETY: `src` is 8 bytes and `dst` 8 lanes of 2 bytes, both
        // bounds-checked by the slicing; no alignment is needed.
        unsafe {
            let wide = i16x8_sub(u16x8_load_extend_u8x8(src.as_ptr()), i16x8_splat(128));
            v128_store(dst.as_mut_ptr() as *mut v128, wide);
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (o, &p) in out.iter_mut().zip(&row[..8]) {
        *o = i16::from(p) - 128;
    }
}

/// The IJG "islow" forward DCT in place: rows first, then columns; outputs
/// are 8 times the true coefficients, as libjpeg's are, and fit in 16 bits
/// for 8-bit samples. Here four at a time on i32 lanes (`V`): what the
/// native tests run.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn fdct(samples: &mut [i16; 64]) {
    let mut block = samples.map(i32::from);
    // Pass 1: rows 0–3, then 4–7. Each vector holds one column's samples
    // of four rows, so one 1-D DCT does four rows at once.
    let mut mid = [[V::splat(0); 8]; 2]; // [column half][row]: four columns of one row
    for g in 0..2 {
        let row = |r: usize, half: usize| V::load(&block[(4 * g + r) * 8 + 4 * half..]);
        let [c0, c1, c2, c3] = V::transpose([row(0, 0), row(1, 0), row(2, 0), row(3, 0)]);
        let [c4, c5, c6, c7] = V::transpose([row(0, 1), row(1, 1), row(2, 1), row(3, 1)]);
        let out = dct_1d([c0, c1, c2, c3, c4, c5, c6, c7], Pass::Rows);
        for half in 0..2 {
            let rows = V::transpose([
                out[4 * half],
                out[4 * half + 1],
                out[4 * half + 2],
                out[4 * half + 3],
            ]);
            for (r, v) in rows.into_iter().enumerate() {
                mid[half][4 * g + r] = v;
            }
        }
    }
    // Pass 2: columns 0–3, then 4–7, each vector one row of four columns.
    for (half, rows) in mid.iter().enumerate() {
        for (k, v) in dct_1d(*rows, Pass::Columns).into_iter().enumerate() {
            v.store(&mut block[k * 8 + 4 * half..]);
        }
    }
    *samples = block.map(|x| x as i16);
}

/// The same in 16 bits on simd128, as libjpeg-turbo's SIMD code computes
/// it: each pass does all eight rows (or columns) at once, one vector per
/// point, and each pair of products a butterfly sums is one
/// `i32x4_dot_i16x8` (`islow::pairs`). The same integers as the i32 code:
/// every sum of 8-bit samples it makes fits in 16 bits, and every product
/// is exact in 32.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn fdct(block: &mut [i16; 64]) {
    use super::islow::pairs::transpose;
    use core::arch::wasm32::*;
    // SAFETY (both): each access is 8 lanes of 2 bytes at `r * 8`, inside
    // the 64-lane block; v128 loads and stores need no alignment.
    let rows: [v128; 8] =
        std::array::from_fn(|r| unsafe { v128_load(block[r * 8..].as_ptr() as *const v128) });
    // Pass 1, along the rows: on the columns of the transposed rows, giving
    // each row's coefficient k in vector k. Pass 2, down the columns: on
    // those transposed, giving the output's rows.
    let mid = dct_pass(transpose(rows), Pass::Rows);
    let out = dct_pass(transpose(mid), Pass::Columns);
    for (r, v) in out.into_iter().enumerate() {
        unsafe { v128_store(block[r * 8..].as_mut_ptr() as *mut v128, v) };
    }
}

/// One 1-D DCT of 8 points on eight lanes of 16 bits, with the pass's scaling.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn dct_pass(d: [core::arch::wasm32::v128; 8], pass: Pass) -> [core::arch::wasm32::v128; 8] {
    use super::islow::pairs::{c, descale, pair};
    use core::arch::wasm32::*;
    let (add, sub, dot) = (i16x8_add, i16x8_sub, i32x4_dot_i16x8);
    let odd_shift = match pass {
        Pass::Rows => CONST_BITS - PASS1_BITS,
        Pass::Columns => CONST_BITS + PASS1_BITS,
    };
    let (tmp0, tmp7) = (add(d[0], d[7]), sub(d[0], d[7]));
    let (tmp1, tmp6) = (add(d[1], d[6]), sub(d[1], d[6]));
    let (tmp2, tmp5) = (add(d[2], d[5]), sub(d[2], d[5]));
    let (tmp3, tmp4) = (add(d[3], d[4]), sub(d[3], d[4]));
    let (tmp10, tmp13) = (add(tmp0, tmp3), sub(tmp0, tmp3));
    let (tmp11, tmp12) = (add(tmp1, tmp2), sub(tmp1, tmp2));
    let mut out = [i16x8_splat(0); 8];
    let (even0, even4) = (add(tmp10, tmp11), sub(tmp10, tmp11));
    (out[0], out[4]) = match pass {
        Pass::Rows => (i16x8_shl(even0, PASS1_BITS), i16x8_shl(even4, PASS1_BITS)),
        Pass::Columns => {
            let round = i16x8_splat(1 << (PASS1_BITS - 1));
            (
                i16x8_shr(add(even0, round), PASS1_BITS),
                i16x8_shr(add(even4, round), PASS1_BITS),
            )
        }
    };
    // The odd part's z1 … z4 and z5 folded into the products' constants:
    // z3 + z5 and z4 + z5 are each one pair of products of z3 and z4.
    let (z3, z4) = (add(tmp4, tmp6), add(tmp5, tmp7));
    let mut halves = [[i32x4_splat(0); 8]; 2];
    for (half, o) in halves.iter_mut().enumerate() {
        let p1213 = pair(half, tmp12, tmp13);
        o[2] = dot(p1213, c(FIX_0_541196100, FIX_0_541196100 + FIX_0_765366865));
        o[6] = dot(p1213, c(FIX_0_541196100 - FIX_1_847759065, FIX_0_541196100));
        let pz = pair(half, z3, z4);
        let z3 = dot(pz, c(FIX_1_175875602 - FIX_1_961570560, FIX_1_175875602));
        let z4 = dot(pz, c(FIX_1_175875602, FIX_1_175875602 - FIX_0_390180644));
        let p47 = pair(half, tmp4, tmp7);
        let p56 = pair(half, tmp5, tmp6);
        let plus = |p: v128, (a, b): (i32, i32), z: v128| i32x4_add(dot(p, c(a, b)), z);
        let minus_899 = -FIX_0_899976223;
        let minus_2562 = -FIX_2_562915447;
        o[7] = plus(p47, (FIX_0_298631336 + minus_899, minus_899), z3);
        o[1] = plus(p47, (minus_899, FIX_1_501321110 + minus_899), z4);
        o[5] = plus(p56, (FIX_2_053119869 + minus_2562, minus_2562), z4);
        o[3] = plus(p56, (minus_2562, FIX_3_072711026 + minus_2562), z3);
    }
    for k in [1, 2, 3, 5, 6, 7] {
        out[k] = i16x8_narrow_i32x4(
            descale(halves[0][k], odd_shift),
            descale(halves[1][k], odd_shift),
        );
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Pass {
    Rows,
    Columns,
}

/// One 1-D DCT of 8 points, on four lanes at once, with the pass's scaling.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline(always)]
fn dct_1d(d: [V; 8], pass: Pass) -> [V; 8] {
    let (even_shift, odd_shift) = match pass {
        Pass::Rows => (0, CONST_BITS - PASS1_BITS),
        Pass::Columns => (PASS1_BITS, CONST_BITS + PASS1_BITS),
    };
    let descale = |x: V, n: u32| {
        if n == 0 {
            x
        } else {
            (x + V::splat(1 << (n - 1))).shr(n)
        }
    };
    let c = V::splat;
    let (tmp0, tmp7) = (d[0] + d[7], d[0] - d[7]);
    let (tmp1, tmp6) = (d[1] + d[6], d[1] - d[6]);
    let (tmp2, tmp5) = (d[2] + d[5], d[2] - d[5]);
    let (tmp3, tmp4) = (d[3] + d[4], d[3] - d[4]);
    let (tmp10, tmp13) = (tmp0 + tmp3, tmp0 - tmp3);
    let (tmp11, tmp12) = (tmp1 + tmp2, tmp1 - tmp2);
    let mut out = [V::splat(0); 8];
    if pass == Pass::Rows {
        out[0] = (tmp10 + tmp11).shl(PASS1_BITS);
        out[4] = (tmp10 - tmp11).shl(PASS1_BITS);
    } else {
        out[0] = descale(tmp10 + tmp11, even_shift);
        out[4] = descale(tmp10 - tmp11, even_shift);
    }
    let z1 = (tmp12 + tmp13) * c(FIX_0_541196100);
    out[2] = descale(z1 + tmp13 * c(FIX_0_765366865), odd_shift);
    out[6] = descale(z1 - tmp12 * c(FIX_1_847759065), odd_shift);
    let (z1, z2, z3, z4) = (tmp4 + tmp7, tmp5 + tmp6, tmp4 + tmp6, tmp5 + tmp7);
    let z5 = (z3 + z4) * c(FIX_1_175875602);
    let tmp4 = tmp4 * c(FIX_0_298631336);
    let tmp5 = tmp5 * c(FIX_2_053119869);
    let tmp6 = tmp6 * c(FIX_3_072711026);
    let tmp7 = tmp7 * c(FIX_1_501321110);
    let z1 = z1 * c(-FIX_0_899976223);
    let z2 = z2 * c(-FIX_2_562915447);
    let z3 = z3 * c(-FIX_1_961570560) + z5;
    let z4 = z4 * c(-FIX_0_390180644) + z5;
    out[7] = descale(tmp4 + z1 + z3, odd_shift);
    out[5] = descale(tmp5 + z2 + z4, odd_shift);
    out[3] = descale(tmp6 + z2 + z3, odd_shift);
    out[1] = descale(tmp7 + z1 + z4, odd_shift);
    out
}
