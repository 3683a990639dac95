//! Four i32 lanes for the JPEG encoder's forward DCT (and, natively, the
//! decoder's inverse one, which on simd128 has 16-bit code of its own):
//! simd128 on wasm, plain arrays elsewhere (the native tests), both
//! wrapping on overflow.

use std::ops::{Add, Mul, Sub};

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct V(pub v128);

    impl V {
        pub fn splat(x: i32) -> V {
            V(i32x4_splat(x))
        }
        pub fn load(from: &[i32]) -> V {
            let four = &from[..4];
            // SAFETY: `four` is 4 lanes of 4 bytes (bounds-checked by
            // the slicing); v128 loads need no alignment.
            V(unsafe { v128_load(four.as_ptr() as *const v128) })
        }
        pub fn store(self, to: &mut [i32]) {
            let four = &mut to[..4];
            // SAFETY: as in `load`.
            unsafe { v128_store(four.as_mut_ptr() as *mut v128, self.0) }
        }
        pub fn shl(self, n: u32) -> V {
            V(i32x4_shl(self.0, n))
        }
        pub fn shr(self, n: u32) -> V {
            V(i32x4_shr(self.0, n))
        }
        pub fn add(self, o: V) -> V {
            V(i32x4_add(self.0, o.0))
        }
        pub fn sub(self, o: V) -> V {
            V(i32x4_sub(self.0, o.0))
        }
        pub fn mul(self, o: V) -> V {
            V(i32x4_mul(self.0, o.0))
        }
        /// Rows of a 4 × 4 matrix in, its columns out.
        pub fn transpose([a, b, c, d]: [V; 4]) -> [V; 4] {
            let ab_lo = i32x4_shuffle::<0, 4, 1, 5>(a.0, b.0);
            let ab_hi = i32x4_shuffle::<2, 6, 3, 7>(a.0, b.0);
            let cd_lo = i32x4_shuffle::<0, 4, 1, 5>(c.0, d.0);
            let cd_hi = i32x4_shuffle::<2, 6, 3, 7>(c.0, d.0);
            [
                V(i64x2_shuffle::<0, 2>(ab_lo, cd_lo)),
                V(i64x2_shuffle::<1, 3>(ab_lo, cd_lo)),
                V(i64x2_shuffle::<0, 2>(ab_hi, cd_hi)),
                V(i64x2_shuffle::<1, 3>(ab_hi, cd_hi)),
            ]
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    #[derive(Clone, Copy)]
    pub struct V(pub [i32; 4]);

    impl V {
        pub fn splat(x: i32) -> V {
            V([x; 4])
        }
        pub fn load(from: &[i32]) -> V {
            V([from[0], from[1], from[2], from[3]])
        }
        pub fn store(self, to: &mut [i32]) {
            to[..4].copy_from_slice(&self.0);
        }
        pub fn shl(self, n: u32) -> V {
            V(self.0.map(|x| x << n))
        }
        pub fn shr(self, n: u32) -> V {
            V(self.0.map(|x| x >> n))
        }
        pub fn add(self, o: V) -> V {
            V(std::array::from_fn(|i| self.0[i].wrapping_add(o.0[i])))
        }
        pub fn sub(self, o: V) -> V {
            V(std::array::from_fn(|i| self.0[i].wrapping_sub(o.0[i])))
        }
        pub fn mul(self, o: V) -> V {
            V(std::array::from_fn(|i| self.0[i].wrapping_mul(o.0[i])))
        }
        /// Rows of a 4 × 4 matrix in, its columns out.
        pub fn transpose(rows: [V; 4]) -> [V; 4] {
            std::array::from_fn(|c| V(std::array::from_fn(|r| rows[r].0[c])))
        }
    }
}

pub use imp::V;

impl Add for V {
    type Output = V;
    fn add(self, o: V) -> V {
        V::add(self, o)
    }
}
impl Sub for V {
    type Output = V;
    fn sub(self, o: V) -> V {
        V::sub(self, o)
    }
}
impl Mul for V {
    type Output = V;
    fn mul(self, o: V) -> V {
        V::mul(self, o)
    }
}
