// Test pictures made by the browser's own encoders (not ours), decoding by
// the browser, the reference luma, and the broken files the suites feed in.
import assert from 'node:assert/strict';

/** In the page: encode a seeded test picture with the browser's canvas encoder. */
export async function makeImage(page, { width, height, type, seed, noise = 15 }) {
  const bytes = await page.evaluate(async ({ width, height, type, seed, noise }) => {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    const img = ctx.createImageData(width, height);
    let s = seed;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const i = 4 * (y * width + x);
        img.data[i] = (x * 7 + ((s >>> 24) & noise)) & 255;
        img.data[i + 1] = (y * 5 + ((s >>> 16) & noise)) & 255;
        img.data[i + 2] = ((x + y) * 3) & 255;
        img.data[i + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    const blob = await canvas.convertToBlob({ type, quality: 0.95 });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  }, { width, height, type, seed, noise });
  return Buffer.from(bytes);
}

/** In the page: decode `bytes` with the browser and return its RGBA pixels. */
export function decode(page, bytes) {
  return page.evaluate(async (data) => {
    const bitmap = await createImageBitmap(new Blob([new Uint8Array(data)]), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const { data: rgba } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, rgba: Array.from(rgba) };
  }, Array.from(bytes));
}

const luma = (r, g, b) => Math.floor((9798 * r + 19235 * g + 3735 * b) / 32768 + 0.5);

/** Gray channel of a decoded output vs. the reference luma of the decoded input. */
export function compare(input, output) {
  assert.equal(output.width, input.width);
  assert.equal(output.height, input.height);
  let sum = 0;
  let max = 0;
  const n = input.width * input.height;
  for (let i = 0; i < n; i++) {
    const want = luma(input.rgba[4 * i], input.rgba[4 * i + 1], input.rgba[4 * i + 2]);
    const got = output.rgba[4 * i];
    assert.equal(output.rgba[4 * i + 1], got, 'output is gray');
    const d = Math.abs(got - want);
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / n, max };
}

/** CRC-32 (IEEE), as PNG chunks carry it. */
export function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A PNG whose header claims 100 000 × 100 000 pixels (CRC fixed up). */
export function hugePng(png) {
  const huge = Buffer.from(png);
  huge.writeUInt32BE(100000, 16);
  huge.writeUInt32BE(100000, 20);
  huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
  return huge;
}

/** The broken files every batch suite tries, by name, made from a good PNG and JPEG. */
export function badFiles(png, jpg) {
  return [
    ['empty.png', Buffer.alloc(0)],
    ['truncated.png', png.subarray(0, png.length >> 1)],
    ['truncated.jpg', jpg.subarray(0, jpg.length >> 1)],
    ['notes.png', Buffer.from('this is a text file, not a picture\n')],
    ['huge.png', hugePng(png)],
  ];
}
