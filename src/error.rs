//! The crate's one error type. Every export returns `Result<_, JsError>`, and
//! `JsError` is built from these, so JavaScript receives a real `Error` whose
//! message names the parameter or file at fault.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A parameter outside its range or of the wrong kind; the message names it.
    #[error("parameter `{name}` must be {expected}; got {got}")]
    Param {
        name: &'static str,
        expected: String,
        got: String,
    },
    /// A parameter that is fine alone but not together with the others.
    #[error("{0}")]
    Mismatch(String),
    /// One input file that could not be converted; the rest of a batch goes on.
    #[error("{name}: {reason}")]
    File { name: String, reason: String },
}

pub type Result<T> = std::result::Result<T, Error>;

/// Checks that a number from JavaScript is a whole number in `min..=max`.
///
/// JavaScript hands over `f64`s: NaN, infinities, fractions and negative
/// numbers all arrive here and must become errors, never casts that wrap.
pub fn whole(name: &'static str, value: f64, min: u32, max: u32) -> Result<u32> {
    if value.is_finite() && value.fract() == 0.0 && value >= min as f64 && value <= max as f64 {
        Ok(value as u32)
    } else {
        Err(Error::Param {
            name,
            expected: format!("a whole number from {min} to {max}"),
            got: describe(value),
        })
    }
}

fn describe(value: f64) -> String {
    if value.is_nan() {
        "not a number".into()
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_accepts_range_and_names_the_parameter() {
        assert_eq!(whole("width", 1.0, 1, 10), Ok(1));
        assert_eq!(whole("width", 10.0, 1, 10), Ok(10));
        for bad in [0.0, 11.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e9] {
            let message = whole("width", bad, 1, 10).unwrap_err().to_string();
            assert!(message.contains("`width`"), "{message}");
        }
        assert!(whole("w", f64::NAN, 1, 2)
            .unwrap_err()
            .to_string()
            .contains("not a number"));
    }
}
