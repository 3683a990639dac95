//! In a real browser (wasm-bindgen-test, headless Chromium): the kernels this
//! build ships — SIMD where the build has it — against OpenCV's own table and
//! against the luma formula written another way; our JPEG encoder's SIMD DCT
//! against the files OpenCV writes; our JPEG decoder's SIMD inverse DCT,
//! through whole files, against OpenCV's output for them; the planes-to-RGBA
//! and planes-to-gray row kernels (SIMD and scalar) against libjpeg's
//! upsampling and colour formulas written per pixel.
#![cfg(target_arch = "wasm32")]

use concurrency_playground::demos::grayscale::planes::{picture, Kernels, Layout, Output};
use concurrency_playground::demos::grayscale::{
    convert_file, files::encode_gray, gray, gray_scalar, Format,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TABLE: &str = include_str!("data/opencv_luma.csv");

/// Floating point with OpenCV's weights, rounded half up.
fn reference(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            let v = (9798.0 * p[0] as f64 + 19235.0 * p[1] as f64 + 3735.0 * p[2] as f64) / 32768.0;
            (v + 0.5).floor() as u8
        })
        .collect()
}

/// xorshift32 bytes: test data that does not come from the crate.
fn random_rgba(pixels: usize, mut seed: u32) -> Vec<u8> {
    (0..pixels * 4)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            (seed >> 24) as u8
        })
        .collect()
}

/// Gray pictures and the JPEG `cv2.imwrite` writes for each (tools/gen_opencv_gray.py).
const OPENCV_JPEGS: [(&[u8], &[u8]); 3] = [
    (
        include_bytes!("data/opencv_gray/noise.gray.png"),
        include_bytes!("data/opencv_gray/noise.gray.jpg"),
    ),
    (
        include_bytes!("data/opencv_gray/odd-size.gray.png"),
        include_bytes!("data/opencv_gray/odd-size.gray.jpg"),
    ),
    (
        include_bytes!("data/opencv_gray/grainy.gray.png"),
        include_bytes!("data/opencv_gray/grainy.gray.jpg"),
    ),
];

#[wasm_bindgen_test]
fn gray_jpeg_equals_opencvs_file() {
    for (png, opencv) in OPENCV_JPEGS {
        let gray = image::load_from_memory(png).expect("a PNG").into_luma8();
        let ours =
            encode_gray(gray.as_raw(), gray.width(), gray.height(), Format::Jpeg).expect("encodes");
        assert!(
            ours == opencv,
            "{} bytes against OpenCV's {}",
            ours.len(),
            opencv.len()
        );
    }
}

/// JPEGs OpenCV wrote (4:2:0, odd sizes, 4:4:4, restart markers, one
/// component, progressive) and the file `cv2.imwrite` writes for OpenCV's
/// gray of each: through our decoder, its SIMD inverse DCT included, the
/// file job must write those very bytes.
#[wasm_bindgen_test]
fn our_decoder_and_encoder_write_opencvs_files() {
    // `(name, its JPEG, the file cv2.imwrite writes for its gray)`.
    macro_rules! case {
        ($name:literal) => {
            (
                $name,
                include_bytes!(concat!("data/opencv_gray/", $name, ".jpg")) as &[u8],
                include_bytes!(concat!("data/opencv_gray/", $name, ".gray.jpg")) as &[u8],
            )
        };
    }
    let cases = [
        case!("street"),
        case!("poster"),
        case!("odd-size"),
        case!("grainy"),
        case!("sampling-444"),
        case!("restarts"),
        case!("one-component"),
        case!("progressive"),
    ];
    for (name, input, opencv) in cases {
        let converted = convert_file(name, input, 1 << 26).expect(name);
        assert!(
            converted.output == opencv,
            "{name}: not the bytes cv2.imwrite writes"
        );
    }
}

#[wasm_bindgen_test]
fn kernels_equal_opencv_table() {
    let rows: Vec<[u8; 4]> = TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let v: Vec<u8> = l
                .split(',')
                .map(|f| f.parse().expect("table cell"))
                .collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect();
    let rgba: Vec<u8> = rows.iter().flat_map(|r| [r[0], r[1], r[2], 255]).collect();
    let want: Vec<u8> = rows.iter().map(|r| r[3]).collect();
    let mut out = vec![0; rows.len()];
    gray(&rgba, &mut out);
    assert_eq!(out, want);
    gray_scalar(&rgba, &mut out);
    assert_eq!(out, want);
}

/// libjpeg's YCbCr → RGB for one pixel, with jdcolor.c's constants as
/// integers (FIX(1.40200) = 91881, …) and floor division by 2^16.
fn ycc_reference(y: u8, cb: u8, cr: u8) -> [u8; 4] {
    let (y, cb, cr) = (i64::from(y), i64::from(cb) - 128, i64::from(cr) - 128);
    let scaled = |v: i64| v.div_euclid(65536);
    let clamp = |v: i64| v.clamp(0, 255) as u8;
    [
        clamp(y + scaled(91881 * cr + 32768)),
        clamp(y + scaled(-22554 * cb - 46802 * cr + 32768)),
        clamp(y + scaled(116130 * cb + 32768)),
        255,
    ]
}

/// libjpeg's h2v2 "fancy" upsampling of the chroma sample under output
/// pixel (x, y), as one 2-D weighting: 9/16 of the nearest input sample,
/// 3/16 of each neighbour across and down, 1/16 of the diagonal one,
/// rounded +8 on even columns and +7 on odd ones; edges repeat.
fn h2v2_reference(plane: &[u8], cw: usize, ch: usize, x: usize, y: usize) -> u8 {
    let (cx, cy) = (x / 2, y / 2);
    let nx = if x.is_multiple_of(2) {
        cx.saturating_sub(1)
    } else {
        (cx + 1).min(cw - 1)
    };
    let ny = if y.is_multiple_of(2) {
        cy.saturating_sub(1)
    } else {
        (cy + 1).min(ch - 1)
    };
    let at = |c: usize, r: usize| u32::from(plane[r * cw + c]);
    let sum = 9 * at(cx, cy) + 3 * at(nx, cy) + 3 * at(cx, ny) + at(nx, ny);
    ((sum + if x.is_multiple_of(2) { 8 } else { 7 }) >> 4) as u8
}

#[wasm_bindgen_test]
fn planes_kernels_equal_libjpeg_formulas() {
    let sizes = [
        (1, 1),
        (2, 2),
        (3, 1),
        (15, 3),
        (16, 2),
        (17, 5),
        (31, 4),
        (33, 7),
        (64, 3),
        (101, 9),
    ];
    for (i, (w, h)) in sizes.into_iter().enumerate() {
        let noise = random_rgba(w * h * 3, 0x51ed_270b ^ i as u32);
        for i420 in [true, false] {
            let (cw, ch) = if i420 {
                (w.div_ceil(2), h.div_ceil(2))
            } else {
                (w, h)
            };
            let data = &noise[..w * h + 2 * cw * ch];
            let (cb, cr) = (&data[w * h..w * h + cw * ch], &data[w * h + cw * ch..]);
            let layout = if i420 {
                Layout::I420 {
                    cb: w * h,
                    cr: w * h + cw * ch,
                }
            } else {
                Layout::I444 {
                    cb: w * h,
                    cr: w * h + cw * ch,
                }
            };
            let want: Vec<u8> = (0..w * h)
                .flat_map(|p| {
                    let (x, y) = (p % w, p / w);
                    let (b, r) = if i420 {
                        (
                            h2v2_reference(cb, cw, ch, x, y),
                            h2v2_reference(cr, cw, ch, x, y),
                        )
                    } else {
                        (cb[p], cr[p])
                    };
                    ycc_reference(data[p], b, r)
                })
                .collect();
            // Straight to gray, with no RGBA between: OpenCV's luma of
            // those pixels, written as floating point.
            let gray = reference(&want);
            for kernels in [Kernels::Fastest, Kernels::Scalar] {
                for (output, want) in [(Output::Rgba, &want), (Output::Gray, &gray)] {
                    let got = picture(output, kernels, data, layout, w, h);
                    assert_eq!(
                        got.as_deref(),
                        Some(&want[..]),
                        "{output:?} {kernels:?} {layout:?} {w} × {h}"
                    );
                    let short = picture(output, kernels, &data[..data.len() - 1], layout, w, h);
                    assert_eq!(
                        short, None,
                        "{output:?} {kernels:?} {layout:?} {w} × {h}: one byte short"
                    );
                }
            }
        }
    }
}

#[wasm_bindgen_test]
fn kernels_equal_reference_on_odd_lengths() {
    for (i, pixels) in [0usize, 1, 15, 16, 17, 63, 64, 65, 4099]
        .into_iter()
        .enumerate()
    {
        let rgba = random_rgba(pixels, 0x9e37_79b9 ^ i as u32);
        let want = reference(&rgba);
        let mut fast = vec![0xAA; pixels];
        gray(&rgba, &mut fast);
        assert_eq!(fast, want, "simd, {pixels} pixels");
        let mut slow = vec![0x55; pixels];
        gray_scalar(&rgba, &mut slow);
        assert_eq!(slow, want, "scalar, {pixels} pixels");
    }
}

/// Every 24-bit colour once, through this build's fastest kernel.
#[wasm_bindgen_test]
fn fast_kernel_equals_reference_on_all_colours() {
    let rgba: Vec<u8> = (0u32..1 << 24)
        .flat_map(|c| [(c >> 16) as u8, (c >> 8) as u8, c as u8, 255])
        .collect();
    let want = reference(&rgba);
    let mut out = vec![0u8; 1 << 24];
    gray(&rgba, &mut out);
    let bad = out.iter().zip(&want).position(|(a, b)| a != b);
    assert_eq!(bad, None, "first mismatch at colour index {bad:?}");
}

/// Real requests from the browser: a `data:` URL, a `blob:` URL, and an
/// address nothing listens on (port 1), each its own row.
#[wasm_bindgen_test]
async fn fetch_rows_for_data_blob_and_unreachable_urls() {
    use concurrency_playground::demos::fetch::{fetch_one, run_all, Mode};
    let parts = js_sys::Array::of1(&"hello, blob".into());
    let blob = web_sys::Blob::new_with_str_sequence(&parts).expect("blob");
    let blob_url = web_sys::Url::create_object_url_with_blob(&blob).expect("blob url");
    let urls = [
        "data:text/plain,hello".to_string(),
        blob_url.clone(),
        "http://127.0.0.1:1/".to_string(),
    ];
    let run = web_sys::AbortController::new()
        .expect("controller")
        .signal();
    let rows = run_all(urls.len(), Mode::Gather, |i| {
        let (url, run) = (urls[i].clone(), run.clone());
        async move { fetch_one(i as u32, &url, 5_000, 1_000, &run).await }
    })
    .await;
    web_sys::Url::revoke_object_url(&blob_url).expect("revoke");
    assert_eq!(
        (rows[0].status, rows[0].bytes, rows[0].error.clone()),
        (Some(200), 5, None)
    );
    assert_eq!(
        (rows[1].status, rows[1].bytes, rows[1].error.clone()),
        (Some(200), 11, None)
    );
    assert_eq!(rows[2].status, None);
    let error = rows[2]
        .error
        .clone()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("network error"), "{error}");
    assert_eq!(
        rows[2].error.as_ref().map(|e| e.code()),
        Some("fetch_network")
    );
    assert!(rows.iter().all(|r| r.event.end_ms >= r.event.start_ms));
}

/// The fetch path's awaits (`promise.rs`): each future gets its own
/// promise's value or rejection, whatever order they settle in; a future
/// dropped before its promise settles leaves the others' slots alone; and
/// `fetch`, deferred, reads the body with the response only within its cap.
#[wasm_bindgen_test]
async fn settled_futures_get_their_own_promises() {
    use concurrency_playground::demos::fetch::promise::Settled;
    use js_sys::Promise;
    use wasm_bindgen::{JsCast, JsValue};

    // Values and rejections, settled in an order unlike the order awaited.
    let mut resolvers = Vec::new();
    let promises: Vec<Promise> = (0..50)
        .map(|_| Promise::new(&mut |resolve, reject| resolvers.push((resolve, reject))))
        .collect();
    let futures: Vec<Settled> = promises.iter().map(Settled::new).collect();
    for i in (0..50).rev() {
        let (resolve, reject) = &resolvers[i];
        let settle = if i % 3 == 0 { reject } else { resolve };
        settle
            .call1(&JsValue::NULL, &JsValue::from(i as u32))
            .expect("settle");
    }
    let results = futures::future::join_all(futures).await;
    for (i, result) in results.into_iter().enumerate() {
        let want = JsValue::from(i as u32);
        match result {
            Ok(v) => assert!(i % 3 != 0 && v == want, "{i}: fulfilled with {v:?}"),
            Err(e) => assert!(i % 3 == 0 && e == want, "{i}: rejected with {e:?}"),
        }
    }

    // A future gone before its promise settles: the next one, made before
    // that promise settles, is not handed its value.
    let (mut late, mut mine) = (None, None);
    drop(Settled::new(&Promise::new(&mut |resolve, _| {
        late = Some(resolve)
    })));
    let again = Settled::new(&Promise::new(&mut |resolve, _| mine = Some(resolve)));
    for (resolve, value) in [(late, "late"), (mine, "again")] {
        resolve
            .expect("resolver")
            .call1(&JsValue::NULL, &JsValue::from(value))
            .expect("settle");
    }
    let again = again.await.ok().and_then(|v| v.as_string());
    assert_eq!(again.as_deref(), Some("again"));

    // Fetches queued in one turn get their own outcomes: one rejected (a URL
    // the parser refuses); a body the headers announce within `up_to` comes
    // with the response, one byte past it does not.
    let hello = js_sys::Uint8Array::from(&b"hello"[..]);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&hello)).expect("a blob");
    let url = web_sys::Url::create_object_url_with_blob(&blob).expect("a blob: URL");
    let init = web_sys::RequestInit::new();
    let (bad, within, past) = futures::join!(
        Settled::fetch("http://[", &init, 5),
        Settled::fetch(&url, &init, 5),
        Settled::fetch(&url, &init, 4),
    );
    let refused = bad.expect_err("an unparsable URL is rejected");
    assert!(refused.is_instance_of::<js_sys::TypeError>(), "{refused:?}");
    let parts = |reply: Result<JsValue, JsValue>| {
        let reply: js_sys::Array = reply.expect("the blob: URL is fetched").unchecked_into();
        let response: web_sys::Response = reply.get(0).unchecked_into();
        let body = reply.get(2).dyn_into::<js_sys::ArrayBuffer>().ok();
        (
            response.status(),
            reply.get(1).as_bool(),
            body.map(|b| b.byte_length()),
        )
    };
    assert_eq!(parts(within), (200, Some(true), Some(5)));
    assert_eq!(parts(past), (200, None, None));
}
