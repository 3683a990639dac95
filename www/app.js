// The page: wires the controls to window.playground and draws its results.
// The UI calls exactly the API that tests and course authors call.
import { playground } from './playground.js';
import { drawTimeline } from './timeline.js';

window.playground = playground;

const $ = (id) => document.getElementById(id);

function fmt(ms) {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Draws width×height pixels (RGBA, or gray when `channels` is 1) scaled into `canvas`. */
async function paint(canvas, pixels, width, height, channels) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (channels === 4) rgba.set(pixels);
  else {
    for (let i = 0, j = 0; i < pixels.length; i++, j += 4) {
      rgba[j] = rgba[j + 1] = rgba[j + 2] = pixels[i];
      rgba[j + 3] = 255;
    }
  }
  const scale = Math.min(1, 320 / width, 240 / height);
  const [w, h] = [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
  const bitmap = await createImageBitmap(new ImageData(rgba, width, height), {
    resizeWidth: w, resizeHeight: h, resizeQuality: 'medium',
  });
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
}

function figures(list, pairs) {
  list.replaceChildren();
  for (const [term, value] of pairs) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
}

function perLane(events) {
  const busy = new Map();
  for (const e of events) busy.set(e.lane, (busy.get(e.lane) ?? 0) + (e.end_ms - e.start_ms));
  return [...busy].sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([lane, ms]) => `${lane} ${fmt(ms)}`).join(', ');
}

async function setupGrayscale(info) {
  const form = $('grayscale-form');
  const run = $('grayscale-run');
  const cancel = $('grayscale-cancel');
  const status = $('grayscale-status');
  const select = form.elements.backend;
  for (const option of select.options) {
    if (!info.modes.includes(option.value)) {
      option.disabled = true;
      option.textContent += ' — unavailable here';
    }
  }
  select.value = info.threads ? 'threads' : 'processes';
  form.elements.workers.value = info.workers;
  $('grayscale-backend-note').textContent = info.threads
    ? ''
    : `The threads back end is off: ${info.reason}.`;

  const { rust, python } = playground.source('grayscale');
  $('grayscale-rust').textContent = rust;
  $('grayscale-python').textContent = python;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params = { backend: data.get('backend') };
    for (const key of ['workers', 'width', 'height', 'seed']) params[key] = Number(data.get(key));
    run.disabled = true;
    cancel.disabled = false;
    status.textContent = `Running on ${params.backend}…`;
    const result = await playground.run('grayscale', params);
    run.disabled = false;
    cancel.disabled = true;
    if (!result.ok) {
      status.textContent = `Error: ${result.error}`;
      status.classList.add('error');
      return;
    }
    status.classList.remove('error');
    status.textContent = `Done: ${result.width} × ${result.height} on ${result.params.backend} with ${result.params.workers} worker(s) in ${fmt(result.total_ms)}.`;
    figures($('grayscale-figures'), [
      ['checksum (FNV-1a of the gray bytes)', `0x${result.value.toString(16).padStart(8, '0')}`],
      ['total', fmt(result.total_ms)],
      ['conversion incl. transfers', fmt(result.compute_ms)],
      ['busy time per worker', perLane(result.events)],
    ]);
    drawTimeline($('grayscale-timeline'), result);
    await paint($('grayscale-before'), result.rgba, result.width, result.height, 4);
    await paint($('grayscale-after'), result.gray, result.width, result.height, 1);
  });
  cancel.addEventListener('click', () => playground.cancel());
  run.disabled = false;
}

async function main() {
  const mode = $('mode');
  let info;
  try {
    info = await playground.ready;
  } catch (err) {
    mode.textContent = `The playground cannot run in this browser: ${err.message}`;
    mode.classList.add('error');
    return;
  }
  mode.textContent = info.threads
    ? `Threads: shared memory across ${info.workers} workers (this page is cross-origin isolated).`
    : `No shared memory here — ${info.reason}. Thread demos run on process-style workers, each with its own memory.`;
  mode.dataset.threads = String(info.threads);
  await setupGrayscale(info);
  document.body.dataset.ready = 'true';
}

main();
