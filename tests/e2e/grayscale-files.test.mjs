// grayscale batch: real PNG and JPEG files in (made by the browser's own
// encoders, not ours), `_gray` files out, checked by decoding them in the
// browser against the reference luma of the browser-decoded input.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { openDemo, playgroundPage, runPanel } from './harness.mjs';
import { compare, crc32, decode, makeImage } from './images.mjs';

for (const isolation of [true, false]) {
  describe(`grayscale files, ${isolation ? 'isolated' : 'no isolation'}`, () => {
    const env = playgroundPage({ isolation });

    test('files uploaded through the file input come back as _gray files with the reference luma', async () => {
      const png = await makeImage(env.page, { width: 121, height: 67, type: 'image/png', seed: 1 });
      // Smooth, so that JPEG's own loss stays small next to a wrong-weights bug.
      const jpg = await makeImage(env.page, { width: 96, height: 80, type: 'image/jpeg', seed: 2, noise: 0 });
      await openDemo(env.page, 'grayscale');
      await env.page.selectOption('#grayscale-form [name=shape]', 'batch');
      await env.page.selectOption('#grayscale-form [name=backend]', isolation ? 'threads' : 'processes');
      await env.page.setInputFiles('#grayscale-files', [
        { name: 'picture.png', mimeType: 'image/png', buffer: png },
        { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpg },
      ]);
      assert.match(await runPanel(env.page, 'grayscale', 90_000), /^Done/);
      const links = await env.page.$$eval('#grayscale-table a[download]', (as) => as.map((a) => a.download));
      assert.deepEqual(links, ['picture_gray.png', 'photo_gray.jpg']);

      for (const [name, input, exact] of [['picture_gray.png', png, true], ['photo_gray.jpg', jpg, false]]) {
        const [download] = await Promise.all([
          env.page.waitForEvent('download'),
          env.page.click(`#grayscale-table a[download="${name}"]`),
        ]);
        assert.equal(download.suggestedFilename(), name);
        const bytes = await readFile(await download.path());
        const diff = compare(await decode(env.page, input), await decode(env.page, bytes));
        if (exact) assert.deepEqual(diff, { mean: 0, max: 0 }, `${name} must be bit-exact`);
        // JPEG: two decoders (ours and the browser's) plus a lossy re-encode.
        else assert.ok(diff.mean < 1.5 && diff.max <= 16, `${name}: ${JSON.stringify(diff)}`);
      }
    });

    test('bad files each get their own error row; the good ones still convert exactly', async () => {
      const png = await makeImage(env.page, { width: 50, height: 40, type: 'image/png', seed: 3 });
      const jpg = await makeImage(env.page, { width: 64, height: 48, type: 'image/jpeg', seed: 4 });
      const huge = Buffer.from(png);
      huge.writeUInt32BE(100000, 16);
      huge.writeUInt32BE(100000, 20);
      huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
      const files = [
        ['good.png', png],
        ['empty.png', Buffer.alloc(0)],
        ['truncated.png', png.subarray(0, png.length >> 1)],
        ['truncated.jpg', jpg.subarray(0, jpg.length >> 1)],
        ['notes.png', Buffer.from('this is a text file, not a picture\n')],
        ['huge.png', huge],
        ['good.jpg', jpg],
      ];
      const backends = isolation ? ['threads', 'processes', 'single'] : ['processes', 'single'];
      for (const backend of backends) {
        const result = await env.page.evaluate(async ({ files, backend }) => {
          const list = files.map(([name, bytes]) => new File([new Uint8Array(bytes)], name));
          const r = await window.playground.run('grayscale', { files: list, backend, workers: 2 });
          return {
            ok: r.ok,
            error: r.error,
            value: r.value?.map((v) => ({ ...v, output: v.output ? Array.from(v.output) : undefined })),
            lanes: r.events.map((e) => e.lane),
          };
        }, { files: files.map(([n, b]) => [n, Array.from(b)]), backend });
        assert.equal(result.ok, true, result.error);
        const rows = result.value;
        assert.deepEqual(rows.map((r) => r.name), files.map(([n]) => n), 'input order');
        const errorOf = (name) => rows.find((r) => r.name === name).error ?? '';
        assert.match(errorOf('empty.png'), /^empty\.png: .*empty/);
        assert.match(errorOf('truncated.png'), /^truncated\.png: could not be decoded/);
        assert.match(errorOf('truncated.jpg'), /^truncated\.jpg: could not be decoded/);
        assert.match(errorOf('notes.png'), /^notes\.png: is not a PNG or JPEG/);
        assert.match(errorOf('huge.png'), /^huge\.png: is 100000 × 100000 = 10000\.0 Mpx; the limit is/);
        const good = rows.find((r) => r.name === 'good.png');
        assert.equal(good.output_name, 'good_gray.png');
        assert.deepEqual(compare(await decode(env.page, png), await decode(env.page, good.output)), { mean: 0, max: 0 });
        assert.equal(rows.find((r) => r.name === 'good.jpg').output_name, 'good_gray.jpg');
        const prefix = { threads: 'thread ', processes: 'process ', single: 'single' }[backend];
        // The browser's decoder works beside the threads, on a lane of its own.
        const lanes = result.lanes.filter((l) => l !== 'browser decoder');
        assert.ok(lanes.length >= 6 && lanes.every((l) => l.startsWith(prefix)), result.lanes.join());
      }
    });

    test('a batch without files converts generated samples, reports progress, and zips', async () => {
      const r = await env.page.evaluate(async () => {
        const seen = [];
        const result = await window.playground.run('grayscale', {
          shape: 'batch', count: 4, onProgress: (done, total) => seen.push([done, total]),
        });
        const zip = await window.playground.zip(result.value.map((v) => ({ name: v.output_name, bytes: v.output })));
        return {
          ok: result.ok, error: result.error, names: result.value.map((v) => v.output_name),
          seen, zipHead: Array.from(zip.subarray(0, 4)), zipSize: zip.length,
          outSize: result.value.reduce((n, v) => n + v.output.length, 0),
        };
      });
      assert.equal(r.ok, true, r.error);
      assert.deepEqual(r.names, ['sample-01_gray.jpg', 'sample-02_gray.jpg', 'sample-03_gray.jpg', 'sample-04_gray.jpg']);
      assert.deepEqual(r.seen.at(-1), [4, 4]);
      assert.equal(r.seen.length, 4);
      assert.deepEqual(r.zipHead, [0x50, 0x4b, 0x03, 0x04], 'a zip local file header');
      assert.ok(r.zipSize > r.outSize, 'stored entries hold every output');
    });

    test('cancel stops a batch, which resolves ok:false; the next batch works', async () => {
      const r = await env.page.evaluate(async () => {
        const running = window.playground.run('grayscale', { shape: 'batch', count: 64 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        window.playground.cancel();
        const first = await running;
        const next = await window.playground.run('grayscale', { shape: 'batch', count: 2 });
        return { first: first.ok, error: first.error, next: next.ok, n: next.value?.length };
      });
      assert.deepEqual(r, { first: false, error: 'cancelled', next: true, n: 2 });
    });

    test('no console errors and no page errors', () => {
      assert.deepEqual(env.errors, []);
    });
  });
}
