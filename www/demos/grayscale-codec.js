// grayscale's files before our wasm sees them, in whichever worker converts
// them: read, header checked (always by our code, before any decode), and —
// with codec 'browser' — JPEGs decoded by the browser's own decoder
// (WebCodecs ImageDecoder: native libjpeg-turbo). It hands a JPEG over as
// Y, Cb and Cr planes; our wasm makes RGBA of them as libjpeg-turbo would
// (src/demos/grayscale/planes.rs), which the browser's own RGBA conversion
// does not. PNGs, and any file the browser's decoder cannot take or
// refuses, go to our wasm decoders, so a bad file gets the same error row
// whichever codec was asked for.

/**
 * One file made ready for a worker's wasm instance:
 * `{row}` (an error row: unreadable, or its header refused),
 * `{bytes}` (to decode with our wasm decoders), or
 * `{pixels: {data, buffer?, layout, offsets, format, width, height, decode_ms, started_ms}}`
 * (what the browser decoded, as `browserDecode` below lays it out).
 * `frameBuffer(size)`, where given, makes the room the decoded frame is
 * copied into (a `FrameBuffer` in the threads instance's shared memory,
 * then `pixels.buffer`); otherwise it goes into a new `Uint8Array`.
 */
export async function prepare(wasm, { file, name, index, maxPixels, codec, lane, frameBuffer }) {
  const read = async () => {
    try {
      return { bytes: new Uint8Array(await file.arrayBuffer()) };
    } catch (err) {
      return { row: { index, name, error_code: 'file_unreadable', error_args: { name, message: err.message } } };
    }
  };
  const got = await read();
  if (got.row || codec !== 'browser') return got;
  const { bytes } = got;
  const header = wasm.grayscale_header(bytes, name, index, maxPixels, lane);
  if (header.error_code) return { row: header };
  if (header.format !== 'jpeg') return { bytes };
  const started_ms = performance.timeOrigin + performance.now();
  const decoded = await browserDecode(bytes, header, frameBuffer);
  // The browser's decoder took the bytes (transferred, not copied): a file
  // it could not decode is read again for ours.
  if (!decoded) return bytes.byteLength ? { bytes } : read();
  const decode_ms = performance.timeOrigin + performance.now() - started_ms;
  return { pixels: { ...decoded, format: header.format, width: header.width, height: header.height, decode_ms, started_ms } };
}

/** Whether this browser has WebCodecs' image decoder for JPEG (asked once per worker). */
let jpegSupported;
const browserCanDecode = () => {
  jpegSupported ??= typeof ImageDecoder === 'function' ? ImageDecoder.isTypeSupported('image/jpeg').catch(() => false) : Promise.resolve(false);
  return jpegSupported;
};

/** The frame formats we take, and how wide each plane after Y is. */
const PLANES = { I420: { layout: 'i420', chroma: (w) => Math.ceil(w / 2) }, I444: { layout: 'i444', chroma: (w) => w } };
const RGB = ['RGBA', 'RGBX'];

/**
 * A JPEG from the browser's decoder as `{data, buffer?, layout, offsets}`:
 * planes (`i420`, `i444`) tightly packed at `offsets`, or `rgba` where the
 * decoder made RGB itself; `buffer` is the `frameBuffer` the data is in.
 * Null where it cannot give exactly the header's width × height in a layout
 * we take (no ImageDecoder, another frame format, a corrupt file): the
 * caller then uses ours. Colour profiles are not applied, as OpenCV's
 * imread does not apply them.
 */
async function browserDecode(bytes, { width, height }, frameBuffer) {
  if (!(await browserCanDecode())) return null;
  let decoder;
  let frame;
  let buffer; // a FrameBuffer: freed here unless it is handed on
  const room = (size) => {
    if (!frameBuffer) return new Uint8Array(size);
    buffer = frameBuffer(size);
    return buffer.view();
  };
  try {
    // `transfer` hands over the buffer `prepare` read the file into, rather
    // than copying it (a browser without it copies it, as before).
    decoder = new ImageDecoder({ data: bytes, type: 'image/jpeg', colorSpaceConversion: 'none', transfer: [bytes.buffer] });
    ({ image: frame } = await decoder.decode());
    const rect = frame.visibleRect;
    if (rect.width !== width || rect.height !== height) return null;
    if (RGB.includes(frame.format)) {
      const data = room(width * height * 4);
      await frame.copyTo(data, { format: 'RGBA' });
      return handOn({ data, buffer, layout: 'rgba', offsets: new Uint32Array(0) });
    }
    const planes = PLANES[frame.format];
    if (!planes) return null;
    const data = room(frame.allocationSize());
    const layout = await frame.copyTo(data);
    const cw = planes.chroma(width);
    const packed = layout.length === 3 && layout[0].stride === width && layout[1].stride === cw && layout[2].stride === cw;
    if (!packed) return null;
    return handOn({ data, buffer, layout: planes.layout, offsets: new Uint32Array([layout[1].offset, layout[2].offset]) });
  } catch {
    return null;
  } finally {
    frame?.close();
    decoder?.close();
    buffer?.free();
  }

  /** The result, its buffer now the caller's to push or free (so not freed above). */
  function handOn(result) {
    buffer = undefined;
    return result;
  }
}
