//! Four i32 lanes, as plain arrays wrapping on overflow, for the JPEG
//! encoder's forward DCT and the decoder's inverse one where there is no
//! simd128 (the native tests): on simd128 both have 16-bit code of their
//! own (`islow::pairs`).

use std::ops::{Add, Mul, Sub};

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
