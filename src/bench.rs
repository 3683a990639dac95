//! Kernel timings for `./build.sh bench`: the kernels run repeatedly on data
//! already inside this instance's memory, so the numbers are the kernels'
//! and not the cost of copying pixels across the JavaScript boundary (the
//! whole-run figures, copies included, come from `playground.run`).

use crate::demos::grayscale::{self, Params};
use crate::error::{Error, Result};
use crate::timeline::now_ms;

/// Milliseconds of each of `reps` runs of `work`.
fn time_reps(reps: u32, mut work: impl FnMut()) -> Vec<f64> {
    (0..reps)
        .map(|_| {
            let start = now_ms();
            work();
            now_ms() - start
        })
        .collect()
}

/// One kernel (`simd`, `scalar` or `image`) on a sample image, `reps` times.
pub fn kernel(name: &str, width: u32, height: u32, reps: u32) -> Result<Vec<f64>> {
    let p = Params::check(width.into(), height.into(), 1.0, -1.0)?;
    let rgba = grayscale::sample_rgba(p.width, p.height, 1);
    let mut out = vec![0u8; rgba.len() / 4];
    Ok(match name {
        "simd" => time_reps(reps, || grayscale::gray(&rgba, &mut out)),
        "scalar" => time_reps(reps, || grayscale::gray_scalar(&rgba, &mut out)),
        "image" => time_reps(reps, || {
            out = grayscale::gray_image_crate(&rgba, p.width, p.height).unwrap_or_default();
        }),
        other => {
            return Err(Error::Param {
                name: "kernel",
                expected: "simd, scalar or image".into(),
                got: other.into(),
            })
        }
    })
}

/// The split kernel on the rayon pool in `workers` bands, `reps` times.
#[cfg(feature = "threads")]
pub fn threads(width: u32, height: u32, workers: u32, reps: u32) -> Result<Vec<f64>> {
    let p = Params::check(width.into(), height.into(), workers.into(), -1.0)?;
    let rgba = grayscale::sample_rgba(p.width, p.height, 1);
    let mut out = vec![0u8; rgba.len() / 4];
    Ok(time_reps(reps, || {
        grayscale::gray_parallel(&rgba, p.width, p.workers, &mut out);
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn kernels_time_each_rep_and_reject_unknown_names() {
        for name in ["simd", "scalar", "image"] {
            let times = super::kernel(name, 64, 32, 3).expect("runs");
            assert_eq!(times.len(), 3);
            assert!(times.iter().all(|t| *t >= 0.0));
        }
        assert!(super::kernel("gpu", 4, 4, 1).is_err());
    }
}
