//! fetch's parameters (limits and defaults, read by the page too), their
//! checks, the URL check, the result row and the ideal time of a run.

use crate::error::{Choice, Result, Spec, Whole};
use crate::timeline::Event;

pub const MODE: Choice = Choice {
    name: "mode",
    options: &["gather", "sequential", "limited"],
    default: "gather",
};
pub const LIMIT: Whole = Whole {
    name: "limit",
    min: 1,
    max: 1_000,
    default: 5,
};
pub const COUNT: Whole = Whole {
    name: "count",
    min: 1,
    max: 5_000,
    default: 20,
};
pub const MS: Whole = Whole {
    name: "ms",
    min: 0,
    max: 60_000,
    default: 100,
};
pub const BYTES: Whole = Whole {
    name: "bytes",
    min: 0,
    max: 16 * 1024 * 1024,
    default: 2048,
};
pub const TIMEOUT_MS: Whole = Whole {
    name: "timeout_ms",
    min: 1,
    max: 600_000,
    default: 10_000,
};
pub const MAX_BYTES: Whole = Whole {
    name: "max_bytes",
    min: 1,
    max: u32::MAX as i64,
    default: 10 * 1024 * 1024,
};
pub const SPECS: &[Spec] = &[
    Spec::Choice(MODE),
    Spec::Whole(LIMIT),
    Spec::Whole(COUNT),
    Spec::Whole(MS),
    Spec::Whole(BYTES),
    Spec::Whole(TIMEOUT_MS),
    Spec::Whole(MAX_BYTES),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Sequential,
    Gather,
    Limited(u32),
}

impl Mode {
    /// Checks both: the mode's name and the limit (even where the mode
    /// does not use it).
    pub fn parse(name: &str, limit: f64) -> Result<Mode> {
        Mode::named(name, LIMIT.check_u32(limit)?)
    }

    /// The mode of a name, with an already checked limit.
    pub fn named(name: &str, limit: u32) -> Result<Mode> {
        Ok(match MODE.check(name)? {
            0 => Mode::Gather,
            1 => Mode::Sequential,
            _ => Mode::Limited(limit),
        })
    }

    /// How many requests may be in flight at once.
    pub fn width(self, requests: usize) -> usize {
        match self {
            Mode::Sequential => 1,
            Mode::Gather => requests.max(1),
            Mode::Limited(k) => k as usize,
        }
    }
}

/// One finished request: the result row of the demo.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub url: String,
    pub status: Option<u16>,
    pub bytes: u64,
    pub error: Option<Problem>,
    pub event: Event,
}

impl Row {
    /// A request refused before it was made (a bad URL), as its own row.
    pub fn refused(index: u32, url: &str, reason: Problem, now_ms: f64) -> Row {
        Row {
            url: url.to_string(),
            status: None,
            bytes: 0,
            error: Some(reason),
            event: Event {
                lane: index,
                label: url.to_string(),
                start_ms: now_ms,
                end_ms: now_ms,
                ok: false,
            },
        }
    }
}

/// Why one request failed. Each has a stable code (`fetch_http`, …) and its
/// arguments, so the page words it in the reader's language; what the
/// browser itself said is passed on as it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    #[error("empty URL")]
    Empty,
    #[error("not a valid URL ({detail})")]
    BadUrl { detail: String },
    #[error("javascript: URLs run code; they are never fetched")]
    JavaScript,
    #[error("file: URLs cannot be fetched by a web page")]
    File,
    #[error("the {scheme}: scheme cannot be fetched (only http, https, data and blob)")]
    Scheme { scheme: String },
    #[error("HTTP {status}")]
    Http { status: u16 },
    #[error("response larger than the cap of {max} bytes; stopped reading after {read}")]
    Cap { max: u32, read: u64 },
    #[error("cancelled")]
    Cancelled,
    #[error("timed out after {timeout_ms} ms (aborted with an AbortController)")]
    Timeout { timeout_ms: u32 },
    #[error(
        "network error or CORS refusal ({detail}). CORS: a page may read a response from \
         another origin only if that server allows it with an Access-Control-Allow-Origin \
         header; the browser does not say which it was"
    )]
    Network { detail: String },
    #[error("{detail}")]
    Other { detail: String },
}

impl Problem {
    /// A stable name for the problem, for scripts and translations.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Empty => "fetch_empty",
            Problem::BadUrl { .. } => "fetch_bad_url",
            Problem::JavaScript => "fetch_javascript",
            Problem::File => "fetch_file",
            Problem::Scheme { .. } => "fetch_scheme",
            Problem::Http { .. } => "fetch_http",
            Problem::Cap { .. } => "fetch_cap",
            Problem::Cancelled => "fetch_cancelled",
            Problem::Timeout { .. } => "fetch_timeout",
            Problem::Network { .. } => "fetch_network",
            Problem::Other { .. } => "fetch_other",
        }
    }

    /// The values the message is made of, by name.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Problem::BadUrl { detail }
            | Problem::Network { detail }
            | Problem::Other { detail } => {
                vec![("detail", detail.clone())]
            }
            Problem::Scheme { scheme } => vec![("scheme", scheme.clone())],
            Problem::Http { status } => vec![("status", status.to_string())],
            Problem::Cap { max, read } => {
                vec![("max", max.to_string()), ("read", read.to_string())]
            }
            Problem::Timeout { timeout_ms } => vec![("timeout_ms", timeout_ms.to_string())],
            Problem::Empty | Problem::JavaScript | Problem::File | Problem::Cancelled => vec![],
        }
    }
}

/// The shortest possible time for requests of `delays_ms` in `mode`: each
/// new request starts on whichever of the `width` slots frees first.
pub fn ideal_ms(delays_ms: &[f64], mode: Mode) -> f64 {
    let mut slots = vec![0.0f64; mode.width(delays_ms.len()).min(delays_ms.len().max(1))];
    for &d in delays_ms {
        if let Some(first_free) = slots.iter_mut().min_by(|a, b| a.total_cmp(b)) {
            *first_free += d;
        }
    }
    slots.into_iter().fold(0.0, f64::max)
}

/// A URL of the built-in latency endpoint, relative to the page.
pub fn sim_url(ms: u32, bytes: u32) -> String {
    format!("sim/delay?ms={ms}&bytes={bytes}")
}

/// Checks a URL before any request: it must parse (relative to `base`) and
/// use a scheme that can be fetched; `javascript:`, `file:` and the like are
/// refused with a reason.
pub fn check_url(raw: &str, base: &str) -> std::result::Result<String, Problem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Problem::Empty);
    }
    let (href, scheme) = join(base, raw).map_err(|detail| Problem::BadUrl { detail })?;
    match scheme.as_str() {
        "http" | "https" | "data" | "blob" => Ok(href),
        "javascript" => Err(Problem::JavaScript),
        "file" => Err(Problem::File),
        other => Err(Problem::Scheme {
            scheme: other.to_string(),
        }),
    }
}

/// `raw` resolved against `base`: `(href, scheme)`. In the browser, by the
/// browser's own URL parser — the `url` crate's Unicode tables would be a
/// fifth of the module — and natively (for the tests) by the `url` crate;
/// both follow the WHATWG URL standard.
#[cfg(target_arch = "wasm32")]
fn join(base: &str, raw: &str) -> std::result::Result<(String, String), String> {
    let url = web_sys::Url::new_with_base(raw, base).map_err(|e| {
        js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default()
    })?;
    // A serialised URL starts with its scheme and a colon: one call fewer
    // than asking for `protocol` too.
    let href = url.href();
    let scheme = href.split_once(':').map_or("", |(s, _)| s).to_string();
    Ok((href, scheme))
}

#[cfg(not(target_arch = "wasm32"))]
fn join(base: &str, raw: &str) -> std::result::Result<(String, String), String> {
    let base = url::Url::parse(base).map_err(|e| format!("the page's own address: {e}"))?;
    let url = base.join(raw).map_err(|e| e.to_string())?;
    Ok((url.to_string(), url.scheme().to_string()))
}

/// Every parameter of a run, checked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub mode: Mode,
    pub count: u32,
    pub ms: u32,
    pub bytes: u32,
    pub timeout_ms: u32,
    pub max_bytes: u32,
}

impl Params {
    pub fn check(
        mode: &str,
        limit: f64,
        [count, ms, bytes]: [f64; 3],
        timeout_ms: f64,
        max_bytes: f64,
    ) -> Result<Params> {
        Ok(Params {
            mode: Mode::parse(mode, limit)?,
            count: COUNT.check_u32(count)?,
            ms: MS.check_u32(ms)?,
            bytes: BYTES.check_u32(bytes)?,
            timeout_ms: TIMEOUT_MS.check_u32(timeout_ms)?,
            max_bytes: MAX_BYTES.check_u32(max_bytes)?,
        })
    }
}
