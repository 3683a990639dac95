//! The crate's one error type and the parameter specs every demo checks its
//! input against. A spec is written once, here in Rust: the check uses it, and
//! the page reads the same limits and defaults for its controls (see
//! `web::runtime::param_specs`), so no limit is written twice. Every error
//! has a stable code and its arguments (`code`, `args`), so a script — or a
//! page in another language — need not depend on the English words.

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq)]
pub enum Error {
    /// A whole-number parameter outside its range (or not a whole number).
    #[error("parameter `{name}` must be a whole number from {min} to {max}; got {got}")]
    Range {
        name: &'static str,
        min: i64,
        max: i64,
        got: String,
    },
    /// A parameter that names none of its choices.
    #[error("parameter `{name}` must be one of {}; got {got:?}", .options.join(", "))]
    Choice {
        name: &'static str,
        options: &'static [&'static str],
        got: String,
    },
    /// A parameter wrong in another way; the message names it.
    #[error("parameter `{name}` must be {expected}; got {got}")]
    Param {
        name: &'static str,
        expected: String,
        got: String,
    },
    /// A parameter that is fine alone but not together with the others.
    #[error("{0}")]
    Mismatch(String),
    /// A width and height whose product is more pixels than a run may hold.
    #[error("parameter `width` must be, with `height`, at most {max} pixels (64 Mpx); got {width} × {height}")]
    Pixels { width: u32, height: u32, max: u64 },
    /// Caller's pixels whose length does not match the width and height.
    #[error("parameter `rgba` must be width × height × 4 = {expected} bytes; got {got} bytes")]
    RgbaLength { expected: u64, got: String },
    /// One input file that could not be converted; the rest of a batch goes on.
    #[error("{name}: {problem}")]
    File { name: String, problem: FileProblem },
}

/// Why one file could not be converted. Each has its own code
/// (`file_empty`, …), so the page words it in the reader's language; a
/// decoder's own message (`detail`) is passed on as it is.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum FileProblem {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("is an image in {format} format; only PNG and JPEG are supported")]
    Format { format: String },
    #[error("is not a PNG or JPEG image")]
    NotImage,
    #[error("its PNG header is missing or cut short")]
    PngHeader,
    #[error("its header could not be read ({detail})")]
    Header { detail: String },
    #[error("is {width} × {height} = {mpx} Mpx; the limit is {limit} Mpx")]
    TooLarge {
        width: u32,
        height: u32,
        mpx: String,
        limit: String,
    },
    #[error("could not be decoded: {detail}")]
    Decode { detail: String },
    #[error("decoded to an unexpected number of pixels")]
    Pixels,
    #[error("could not be encoded: {detail}")]
    Encode { detail: String },
}

impl FileProblem {
    fn code(&self) -> &'static str {
        match self {
            FileProblem::Empty => "file_empty",
            FileProblem::Format { .. } => "file_format",
            FileProblem::NotImage => "file_not_image",
            FileProblem::PngHeader => "file_png_header",
            FileProblem::Header { .. } => "file_header",
            FileProblem::TooLarge { .. } => "file_too_large",
            FileProblem::Decode { .. } => "file_decode",
            FileProblem::Pixels => "file_pixels",
            FileProblem::Encode { .. } => "file_encode",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            FileProblem::Format { format } => vec![("format", format.clone())],
            FileProblem::Header { detail }
            | FileProblem::Decode { detail }
            | FileProblem::Encode { detail } => vec![("detail", detail.clone())],
            FileProblem::TooLarge {
                width,
                height,
                mpx,
                limit,
            } => vec![
                ("width", width.to_string()),
                ("height", height.to_string()),
                ("mpx", mpx.clone()),
                ("limit", limit.clone()),
            ],
            FileProblem::Empty
            | FileProblem::NotImage
            | FileProblem::PngHeader
            | FileProblem::Pixels => vec![],
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A stable name for the kind of error, for scripts and translations.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Range { .. } => "param_range",
            Error::Choice { .. } => "param_choice",
            Error::Param { .. } => "param_invalid",
            Error::Mismatch(_) => "mismatch",
            Error::Pixels { .. } => "too_many_pixels",
            Error::RgbaLength { .. } => "rgba_length",
            Error::File { problem, .. } => problem.code(),
        }
    }

    /// The values the message is made of, by name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Error::Range {
                name,
                min,
                max,
                got,
            } => vec![
                ("name", name.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
                ("got", got.clone()),
            ],
            Error::Choice { name, options, got } => vec![
                ("name", name.to_string()),
                ("options", options.join(", ")),
                ("got", got.clone()),
            ],
            Error::Param {
                name,
                expected,
                got,
            } => vec![
                ("name", name.to_string()),
                ("expected", expected.clone()),
                ("got", got.clone()),
            ],
            Error::Mismatch(what) => vec![("what", what.clone())],
            Error::Pixels { width, height, max } => vec![
                ("width", width.to_string()),
                ("height", height.to_string()),
                ("max", max.to_string()),
            ],
            Error::RgbaLength { expected, got } => {
                vec![("expected", expected.to_string()), ("got", got.clone())]
            }
            Error::File { name, problem } => {
                let mut args = vec![("name", name.clone())];
                args.extend(problem.args());
                args
            }
        }
    }
}

/// A whole-number parameter: its name, range and default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Whole {
    pub name: &'static str,
    pub min: i64,
    pub max: i64,
    pub default: i64,
}

impl Whole {
    /// Checks that a number from JavaScript is a whole number in `min..=max`.
    ///
    /// JavaScript hands over `f64`s: NaN, infinities, fractions and numbers
    /// out of range all arrive here and must become errors, never casts that
    /// wrap.
    pub fn check(&self, value: f64) -> Result<i64> {
        self.check_up_to(value, self.max)
    }

    /// The same check with a tighter maximum known only at run time.
    pub fn check_up_to(&self, value: f64, max: i64) -> Result<i64> {
        let max = max.min(self.max);
        if value.is_finite()
            && value.fract() == 0.0
            && value >= self.min as f64
            && value <= max as f64
        {
            Ok(value as i64)
        } else {
            Err(Error::Range {
                name: self.name,
                min: self.min,
                max,
                got: describe(value),
            })
        }
    }

    /// [`Whole::check`] for a parameter whose range lies within `u32`.
    pub fn check_u32(&self, value: f64) -> Result<u32> {
        // The range is ours and non-negative, so the value fits.
        self.check(value).map(|v| v as u32)
    }
}

/// A parameter that names one of a few choices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Choice {
    pub name: &'static str,
    pub options: &'static [&'static str],
    pub default: &'static str,
}

impl Choice {
    /// The index of `value` among the options, or an error naming them.
    pub fn check(&self, value: &str) -> Result<usize> {
        self.options
            .iter()
            .position(|o| *o == value)
            .ok_or_else(|| Error::Choice {
                name: self.name,
                options: self.options,
                got: value.to_string(),
            })
    }
}

/// One parameter of a demo, as its check and the page's control both see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Spec {
    Whole(Whole),
    Choice(Choice),
}

/// `threads` or `processes` (and, for some demos, `single`): where a run goes.
/// Which are on offer depends on the browser, which only JavaScript knows;
/// the name is checked here with the rest.
pub const BACKEND: Choice = Choice {
    name: "backend",
    options: &["threads", "processes"],
    default: "threads",
};

/// A refused number as JavaScript writes it: whole numbers in full below
/// 10^21, fractions to six decimals, the very large and very small in
/// powers of ten. Written with integer arithmetic: Rust's own float printing
/// would add ~8 KB gzip to each module (README, "What the modules carry").
pub fn describe(value: f64) -> String {
    if value.is_nan() {
        return "not a number".into();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let size = value.abs();
    if size.is_infinite() {
        return format!("{sign}Infinity");
    }
    if size == 0.0 || (1e-6..1e21).contains(&size) {
        return format!("{sign}{}", decimals(size));
    }
    let mut exponent = size.log10().floor() as i32;
    // The mantissa in millionths, kept from 1 to just under 10: log10 and
    // the rounding may each land a hair off.
    let mut millionths = (size / 10f64.powi(exponent) * 1e6).round();
    if millionths >= 1e7 {
        millionths = (millionths / 10.0).round();
        exponent += 1;
    } else if millionths < 1e6 {
        millionths = (size / 10f64.powi(exponent - 1) * 1e6).round();
        exponent -= 1;
    }
    let plus = if exponent > 0 { "+" } else { "" };
    format!("{sign}{}e{plus}{exponent}", decimals(millionths / 1e6))
}

/// A non-negative number below 10^21, to at most six decimals.
fn decimals(size: f64) -> String {
    let mut whole = size.trunc() as u128;
    let mut millionths = ((size - size.trunc()) * 1e6).round() as u32;
    if millionths == 1_000_000 {
        whole += 1;
        millionths = 0;
    }
    if millionths == 0 {
        return whole.to_string();
    }
    let fraction = format!("{millionths:06}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDTH: Whole = Whole {
        name: "width",
        min: 1,
        max: 10,
        default: 5,
    };

    #[test]
    fn whole_accepts_its_range_and_names_the_parameter() {
        assert_eq!(WIDTH.check(1.0), Ok(1));
        assert_eq!(WIDTH.check(10.0), Ok(10));
        for bad in [0.0, 11.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e9] {
            let message = WIDTH.check(bad).unwrap_err().to_string();
            assert!(message.contains("`width`"), "{message}");
        }
        assert!(WIDTH
            .check(f64::NAN)
            .unwrap_err()
            .to_string()
            .contains("not a number"));
        // A tighter maximum known at run time, never a looser one.
        assert!(WIDTH.check_up_to(4.0, 3).is_err());
        assert!(WIDTH.check_up_to(11.0, 20).is_err());
    }

    /// What JavaScript's `String(value)` gives for each, written out.
    #[test]
    fn refused_numbers_are_written_as_javascript_writes_them() {
        let cases: [(f64, &str); 12] = [
            (1.5, "1.5"),
            (-0.25, "-0.25"),
            (1e9, "1000000000"),
            (0.0, "0"),
            (2.0f64.powi(60), "1152921504606846976"),
            (1e21, "1e+21"),
            (1e300, "1e+300"),
            (-2.5e-7, "-2.5e-7"),
            (1.0 / 3.0, "0.333333"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "not a number"),
        ];
        for (value, want) in cases {
            assert_eq!(describe(value), want, "{value:e}");
        }
    }

    #[test]
    fn errors_carry_a_code_and_their_arguments() {
        let e = WIDTH.check(11.0).unwrap_err();
        assert_eq!(e.code(), "param_range");
        let args: Vec<String> = e
            .args()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(args, ["name=width", "min=1", "max=10", "got=11"]);
        let e = BACKEND.check("gpu").unwrap_err();
        assert_eq!((e.code(), e.args()[2].1.as_str()), ("param_choice", "gpu"));
    }

    #[test]
    fn a_file_error_has_its_problem_as_code_and_the_file_name_first() {
        let e = Error::File {
            name: "big.png".into(),
            problem: FileProblem::TooLarge {
                width: 9000,
                height: 9000,
                mpx: "81.0".into(),
                limit: "64.0".into(),
            },
        };
        assert_eq!(e.code(), "file_too_large");
        assert_eq!(
            e.to_string(),
            "big.png: is 9000 × 9000 = 81.0 Mpx; the limit is 64.0 Mpx"
        );
        let names: Vec<&str> = e.args().into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["name", "width", "height", "mpx", "limit"]);
    }

    #[test]
    fn choice_names_its_options() {
        assert_eq!(BACKEND.check("processes"), Ok(1));
        let message = BACKEND.check("gpu").unwrap_err().to_string();
        assert_eq!(
            message,
            "parameter `backend` must be one of threads, processes; got \"gpu\""
        );
    }
}
