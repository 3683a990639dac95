// grayscale against OpenCV: the pictures in tests/data/opencv_gray/ and
// OpenCV's gray of each (tools/gen_opencv_gray.py wrote them with OpenCV:
// 4:2:0, 4:4:4, restart markers, one component, progressive, one PNG).
// On every back end, with either decoder (the browser's, or ours in wasm,
// each with libjpeg's arithmetic), each JPEG's output is the very file
// cv2.imwrite writes for OpenCV's gray, and each PNG's gray is OpenCV's
// exactly; the distance to OpenCV's gray is printed beside OpenCV's own.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { playgroundPage, ROOT } from './harness.mjs';
import { decode } from './images.mjs';

const DIR = path.join(ROOT, 'tests/data/opencv_gray');
const reference = JSON.parse(readFileSync(path.join(DIR, 'reference.json'), 'utf8'));
const names = Object.keys(reference.files);

/** Mean and largest absolute difference of the gray channel of two decoded pictures. */
function distance(a, b) {
  assert.deepEqual([a.width, a.height], [b.width, b.height]);
  let [sum, max] = [0, 0];
  for (let i = 0; i < a.width * a.height; i++) {
    const d = Math.abs(a.rgba[4 * i] - b.rgba[4 * i]);
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / (a.width * a.height), max };
}

describe('grayscale against OpenCV', () => {
  const env = playgroundPage({ isolation: true });

  test('every back end, both decoders: each JPEG\'s output is the file OpenCV writes; PNG exact', async () => {
    const gray = {};
    for (const name of names) gray[name] = await decode(env.page, readFileSync(path.join(DIR, name.replace(/\.\w+$/, '.gray.png'))));
    const files = names.map((name) => [name, Array.from(readFileSync(path.join(DIR, name)))]);
    const seen = [];
    const failed = [];
    for (const backend of ['threads', 'processes', 'single']) {
      for (const codec of ['browser', 'wasm']) {
        const result = await env.page.evaluate(async ({ files, backend, codec }) => {
          const list = files.map(([name, bytes]) => new File([new Uint8Array(bytes)], name));
          const r = await window.playground.run('grayscale', { files: list, backend, codec, workers: 2 });
          return { ok: r.ok, error: r.error, rows: r.value?.map((v) => ({ name: v.name, error: v.error, decoder: v.decoder, output: v.output && Array.from(v.output) })) };
        }, { files, backend, codec });
        assert.equal(result.ok, true, result.error);
        for (const row of result.rows) {
          assert.equal(row.error, undefined, `${backend}/${codec}: ${row.error}`);
          // Either decoder with libjpeg's arithmetic, then our encoder: OpenCV's very file.
          if (row.name.endsWith('.jpg')) assert.ok(Buffer.from(row.output).equals(readFileSync(path.join(DIR, row.name.replace(/\.\w+$/, '.gray.jpg')))), `${backend}/${codec} ${row.name}: not the bytes cv2.imwrite writes`);
          const d = distance(await decode(env.page, row.output), gray[row.name]);
          const bound = reference.files[row.name].opencv_mean_error;
          seen.push(`${backend}/${codec}/${row.decoder} ${row.name}: mean ${d.mean.toFixed(3)} max ${d.max}${bound === undefined ? '' : ` (OpenCV ${bound.toFixed(3)})`}`);
          if (bound === undefined ? d.max > 0 : d.mean > bound) failed.push(seen.at(-1));
        }
        // Where the browser has WebCodecs' decoder (Chromium does), 'browser' used it for the JPEGs.
        if (codec === 'browser') assert.ok(result.rows.some((r) => r.decoder === 'browser'), `${backend}: the browser's decoder was used`);
      }
    }
    assert.deepEqual(failed, [], seen.join('\n'));
  });
});
