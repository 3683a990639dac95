//! fetch: `asyncio.gather` over `aiohttp` downloads, on the page's own event
//! loop — one thread, many requests in flight.
//!
//! Three ways to run the same requests: `sequential` (await one after
//! another), `gather` (start all, join them) and `limited` (at most `limit`
//! in flight — `asyncio.Semaphore(limit)`; here the futures crate's
//! `buffer_unordered`). Results keep input order in every mode, and each
//! request's failure is its own row: it never stops the others. The
//! scheduling is generic over how one request is made, so native tests can
//! drive it with a virtual clock.

use super::{Mode, Row};
use futures::stream::{self, StreamExt};
use std::future::Future;

/// Runs `fetch(i)` for every request `0..n` as `mode` says; rows in input order.
pub async fn run_all<F, Fut>(n: usize, mode: Mode, fetch: F) -> Vec<Row>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Row>,
{
    let mut rows: Vec<Option<Row>> = (0..n).map(|_| None).collect();
    let mut done = stream::iter(0..n)
        .map(|i| {
            let request = fetch(i); // <- a future: nothing runs until it is awaited
            async move { (i, request.await) }
        })
        .buffer_unordered(mode.width(n)); // <- at most `width` in flight: 1, all, or `limit`
    while let Some((i, row)) = done.next().await {
        rows[i] = Some(row); // <- whichever finishes first; stored in input order
    }
    rows.into_iter().flatten().collect()
}

/// One request in the browser, as request `index` of the run: `fetch`, then
/// the body. Every `.await` hands the event loop back to the other requests.
#[cfg(target_arch = "wasm32")]
pub async fn fetch_one(
    index: u32,
    url: &str,
    timeout_ms: u32,
    max_bytes: u32,
    run: &web_sys::AbortSignal,
) -> Row {
    use super::browser::{failure, http_ok, read_body, request, start};
    let (mut row, options, timeout) = start(index, url, timeout_ms, max_bytes, run);
    let result = async {
        let response = request(url, &options).await?; // <- waits for the network, not the CPU
        row.status = Some(response.status());
        read_body(&response, &options, &mut row.bytes).await?; // <- the body, if not yet read
        http_ok(&response)
    }
    .await;
    if let Err(e) = result {
        row.error = Some(failure(e, timeout.aborted(), run.aborted(), timeout_ms));
    }
    row.event.end_ms = crate::timeline::now_ms();
    row.event.ok = row.error.is_none();
    row
}
