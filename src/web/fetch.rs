//! fetch's exports: the check (which also makes the simulated requests'
//! URLs and their ideal time) and the run on this thread's event loop.

use super::runtime::{checked, obj};
use crate::demos::fetch::{self, Mode, Params, Row};
use crate::timeline::now_ms;
use js_sys::{Array, Float64Array, Uint16Array};
use wasm_bindgen::prelude::*;

/// Checks every parameter. With `simulated`, also `urls` (`count` requests
/// of `ms` and `bytes` to the latency endpoint) and `ideal_ms`, the shortest
/// possible time for them in `mode`.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn fetch_check(
    mode: &str,
    limit: f64,
    count: f64,
    ms: f64,
    bytes: f64,
    timeout_ms: f64,
    max_bytes: f64,
    simulated: bool,
) -> Result<JsValue, JsValue> {
    checked(|| {
        let p = Params::check(mode, limit, [count, ms, bytes], timeout_ms, max_bytes)?;
        let mut fields = vec![
            ("mode", JsValue::from(mode)),
            ("limit", limit.into()),
            ("timeout_ms", p.timeout_ms.into()),
            ("max_bytes", p.max_bytes.into()),
        ];
        if simulated {
            let urls: Array = (0..p.count)
                .map(|_| JsValue::from(fetch::sim_url(p.ms, p.bytes)))
                .collect();
            let delays = vec![f64::from(p.ms); p.count as usize];
            fields.extend([
                ("count", p.count.into()),
                ("ms", p.ms.into()),
                ("bytes", p.bytes.into()),
                ("urls", urls.into()),
                ("ideal_ms", fetch::ideal_ms(&delays, p.mode).into()),
            ]);
        }
        Ok(obj(&fields))
    })
}

/// Runs the requests on this thread's event loop, parameters as
/// `fetch_check` returned them. A bad URL is its own row. Resolves with the
/// rows in input order as columns, `{urls, status, bytes, start_ms, end_ms,
/// errors}`: `status` is 0 where no response came (as the Fetch standard's
/// network error has it), and `errors` lists the failed rows,
/// `{index, error, error_code, error_args}`. The page makes its row and
/// event objects from the columns: each field set from wasm is a call
/// across the boundary. From the last row done to the page holding the
/// result of a gather of 100 took 1.2 ms with the objects made here, 0.2
/// with columns.
#[wasm_bindgen]
pub async fn fetch_run(
    urls: Vec<String>,
    base: String,
    mode: String,
    limit: u32,
    timeout_ms: u32,
    max_bytes: u32,
    signal: web_sys::AbortSignal,
) -> Result<JsValue, JsError> {
    let mode = Mode::named(&mode, limit)?;
    let rows = fetch::run_all(urls.len(), mode, |i| {
        let checked = fetch::check_url(&urls[i], &base);
        let (raw, signal) = (urls[i].clone(), signal.clone());
        async move {
            match checked {
                Ok(url) => fetch::fetch_one(i as u32, &url, timeout_ms, max_bytes, &signal).await,
                Err(reason) => Row::refused(i as u32, &raw, reason, now_ms()),
            }
        }
    })
    .await;
    Ok(columns(&rows))
}

/// The rows as `fetch_run` resolves with them.
fn columns(rows: &[Row]) -> JsValue {
    let column = |f: &dyn Fn(&Row) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let status: Vec<u16> = rows.iter().map(|r| r.status.unwrap_or(0)).collect();
    let errors: Array = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let e = r.error.as_ref()?;
            Some(obj(&[
                ("index", (i as u32).into()),
                ("error", e.to_string().into()),
                ("error_code", e.code().into()),
                ("error_args", super::runtime::args_object(e.args())),
            ]))
        })
        .collect();
    obj(&[
        (
            "urls",
            rows.iter()
                .map(|r| JsValue::from(r.url.as_str()))
                .collect::<Array>()
                .into(),
        ),
        ("status", Uint16Array::from(&status[..]).into()),
        (
            "bytes",
            Float64Array::from(&column(&|r| r.bytes as f64)[..]).into(),
        ),
        (
            "start_ms",
            Float64Array::from(&column(&|r| r.event.start_ms)[..]).into(),
        ),
        (
            "end_ms",
            Float64Array::from(&column(&|r| r.event.end_ms)[..]).into(),
        ),
        ("errors", errors.into()),
    ])
}
