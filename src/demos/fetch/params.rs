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
    pub error: Option<String>,
    pub event: Event,
}

impl Row {
    /// A request refused before it was made (a bad URL), as its own row.
    pub fn refused(index: u32, url: &str, reason: String, now_ms: f64) -> Row {
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
pub fn check_url(raw: &str, base: &str) -> std::result::Result<String, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("empty URL".into());
    }
    let (href, scheme) = join(base, raw)?;
    match scheme.as_str() {
        "http" | "https" | "data" | "blob" => Ok(href),
        "javascript" => Err("javascript: URLs run code; they are never fetched".into()),
        "file" => Err("file: URLs cannot be fetched by a web page".into()),
        other => Err(format!(
            "the {other}: scheme cannot be fetched (only http, https, data and blob)"
        )),
    }
}

/// `raw` resolved against `base`: `(href, scheme)`. In the browser, by the
/// browser's own URL parser — the `url` crate's Unicode tables would be a
/// fifth of the module — and natively (for the tests) by the `url` crate;
/// both follow the WHATWG URL standard.
#[cfg(target_arch = "wasm32")]
fn join(base: &str, raw: &str) -> std::result::Result<(String, String), String> {
    let url = web_sys::Url::new_with_base(raw, base).map_err(|e| {
        let why = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        format!("not a valid URL ({why})")
    })?;
    Ok((url.href(), url.protocol().trim_end_matches(':').to_string()))
}

#[cfg(not(target_arch = "wasm32"))]
fn join(base: &str, raw: &str) -> std::result::Result<(String, String), String> {
    let base =
        url::Url::parse(base).map_err(|e| format!("the page's own address is unusable ({e})"))?;
    let url = base
        .join(raw)
        .map_err(|e| format!("not a valid URL ({e})"))?;
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
