// The page: wires the controls to window.playground and draws its results.
// The UI calls exactly the API that tests and course authors call.
import { playground } from './playground.js';
import { drawTimeline } from './timeline.js';
import { buildPanel, busyPerLane, fmtMs as fmt, PANELS, runShown, showFigures, timelineBox, toNumber } from './panels.js';
import { showCode } from './code.js';

window.playground = playground;

const $ = (id) => document.getElementById(id);


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


/** Object URLs of the last batch, revoked when the next one replaces it. */
const urls = [];
function objectUrl(blob) {
  const url = URL.createObjectURL(blob);
  urls.push(url);
  return url;
}

function cell(...children) {
  const td = document.createElement('td');
  td.append(...children);
  return td;
}

function thumb(blob, alt, lazy) {
  const img = document.createElement('img');
  img.src = objectUrl(blob);
  img.alt = alt;
  img.width = 96;
  if (lazy) img.loading = 'lazy';
  img.decoding = 'async';
  return img;
}

function showBatch(result) {
  for (const url of urls.splice(0)) URL.revokeObjectURL(url);
  const body = $('grayscale-table').tBodies[0];
  body.replaceChildren();
  result.value.forEach((row, i) => {
    const tr = document.createElement('tr');
    const input = result.inputs[i];
    const before = input.size > 0 ? thumb(input, `${row.name} before`, i >= 24) : document.createTextNode('—');
    if (row.error) {
      const error = document.createElement('span');
      error.className = 'error';
      error.textContent = row.error;
      tr.append(cell(before), cell(document.createTextNode('—')), cell(document.createTextNode(row.name)), cell(error));
    } else {
      const type = /\.jpe?g$/i.test(row.output_name) ? 'image/jpeg' : 'image/png';
      const blob = new Blob([row.output], { type });
      const link = document.createElement('a');
      link.href = objectUrl(blob);
      link.download = row.output_name;
      link.textContent = `${row.output_name} (${row.width} × ${row.height}, ${(row.output.length / 1024).toFixed(0)} KiB)`;
      tr.append(cell(before), cell(thumb(blob, `${row.name} after`, i >= 24)), cell(document.createTextNode(row.name)), cell(link));
    }
    body.append(tr);
  });
}

/** `name` unique among `taken`: `cat_gray.png`, then `cat_gray (2).png`, … */
function unique(name, taken) {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.[^.]*)?$/, (ext) => ` (${n})${ext}`);
  taken.add(candidate);
  return candidate;
}

async function setupGrayscale(info) {
  const form = $('grayscale-form');
  const run = $('grayscale-run');
  const cancel = $('grayscale-cancel');
  const status = $('grayscale-status');
  const progress = $('grayscale-progress');
  const zip = $('grayscale-zip');
  const select = form.elements.backend;
  const section = $('grayscale');
  let files = null;
  let last = null;

  for (const option of select.options) {
    if (!info.modes.includes(option.value)) {
      option.disabled = true;
      option.textContent += ' — unavailable here';
    }
  }
  select.value = info.threads ? 'threads' : 'processes';
  form.elements.workers.value = info.workers;
  $('grayscale-backend-note').textContent = info.threads ? '' : `The threads back end is off: ${info.reason}.`;
  const showShape = () => {
    section.dataset.shape = form.elements.shape.value;
  };
  form.elements.shape.addEventListener('change', showShape);
  showShape();

  const choose = (list) => {
    files = list.length ? list : null;
    $('grayscale-chosen').textContent = files
      ? `${files.length} file(s) chosen: ${files.slice(0, 3).map((f) => f.name).join(', ')}${files.length > 3 ? ', …' : ''}`
      : 'No files chosen: Run converts 16 generated sample photos.';
  };
  $('grayscale-files').addEventListener('change', (e) => choose([...e.target.files]));
  const drop = $('grayscale-drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    choose([...(e.dataTransfer?.files ?? [])]);
  });
  $('grayscale-samples').addEventListener('click', () => {
    form.elements.files.value = '';
    choose([]);
    form.requestSubmit();
  });

  $('grayscale-timeline').replaceWith(timelineBox('grayscale'));
  showCode($('grayscale').querySelector('details.code'), $('grayscale-rust'), $('grayscale-python'), playground.source('grayscale'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const shape = data.get('shape');
    const params = { shape, backend: data.get('backend'), workers: toNumber(data.get('workers')) };
    if (shape === 'split') {
      for (const key of ['width', 'height', 'seed']) params[key] = toNumber(data.get(key));
    } else {
      if (files) params.files = files;
      params.onProgress = (done, total) => {
        progress.max = total;
        progress.value = done;
        status.textContent = `Running on ${params.backend}: ${done} of ${total} done…`;
      };
      progress.value = 0;
      progress.classList.remove('invisible');
    }
    zip.disabled = true;
    await runShown({ run, cancel, status }, `Running on ${params.backend}…`, () => playground.run('grayscale', params), async (result) => {
      last = result;
      const who = `${result.params.backend} with ${result.params.workers} worker(s)`;
      if (shape === 'split') {
        status.textContent = `Done: ${result.width} × ${result.height} on ${who} in ${fmt(result.total_ms)}.`;
        showFigures($('grayscale-figures'), [
          ['checksum (FNV-1a of the gray bytes)', `0x${result.value.toString(16).padStart(8, '0')}`],
          ['total', fmt(result.total_ms)],
          ['preparing the input (before the clock starts)', fmt(result.prepare_ms)],
          ['busy time per worker', busyPerLane(result.events)],
        ]);
        await paint($('grayscale-before'), result.rgba, result.width, result.height, 4);
        await paint($('grayscale-after'), result.gray, result.width, result.height, 1);
      } else {
        status.textContent = `Done: ${result.converted} of ${result.value.length} file(s) converted on ${who} in ${fmt(result.total_ms)}${result.failed ? `; ${result.failed} failed` : ''}.`;
        showFigures($('grayscale-figures'), [
          ['converted', `${result.converted} of ${result.value.length}`],
          ['total', fmt(result.total_ms)],
          ['preparing the input (before the clock starts)', fmt(result.prepare_ms)],
          ['busy time per worker', busyPerLane(result.events)],
        ]);
        showBatch(result);
        zip.disabled = result.converted === 0;
      }
      drawTimeline($('grayscale-timeline'), result);
    });
    progress.classList.add('invisible');
  });
  cancel.addEventListener('click', () => playground.cancel());
  zip.addEventListener('click', async () => {
    if (!last?.value) return;
    const taken = new Set();
    const entries = last.value.filter((r) => r.output).map((r) => ({ name: unique(r.output_name, taken), bytes: r.output }));
    const bytes = await playground.zip(entries);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
    a.download = 'grayscale.zip';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  });
  run.disabled = false;
}

/** `?demo=…&key=value…` for a panel's current controls (file inputs left out). */
function linkFor(section) {
  const q = new URLSearchParams({ demo: section.id });
  for (const input of section.querySelector('form').elements) {
    if (!input.name || input.disabled || input.type === 'file' || input.value === '') continue;
    q.set(input.name, input.value);
  }
  return new URL(`?${q}`, location.href).href;
}

/** A "copy link" and an "embed" button for every panel. */
function addShareButtons(section) {
  const form = section.querySelector('form');
  const out = document.createElement('input');
  out.readOnly = true;
  out.className = 'share';
  out.setAttribute('aria-label', 'link or embed code');
  out.hidden = true;
  const share = async (text, what) => {
    out.value = text;
    out.hidden = false;
    out.select();
    try {
      await navigator.clipboard.writeText(text);
      out.title = `${what} copied`;
    } catch {
      out.title = `${what}: press Ctrl+C to copy`;
    }
  };
  const link = document.createElement('button');
  link.type = 'button';
  link.textContent = 'Copy link';
  link.addEventListener('click', () => share(linkFor(section), 'link'));
  const embed = document.createElement('button');
  embed.type = 'button';
  embed.textContent = 'Embed';
  embed.addEventListener('click', () => {
    const src = `${linkFor(section)}&embed`;
    share(`<iframe src="${src}" width="100%" height="720" allow="cross-origin-isolated" title="Concurrency Playground: ${section.id}"></iframe>`, 'embed code');
  });
  form.append(link, embed);
  form.after(out);
}

/** Sets a panel's controls from the page's address and runs it. */
function openFromUrl() {
  const q = new URLSearchParams(location.search);
  const demo = q.get('demo');
  if (!demo) return;
  const section = document.getElementById(demo);
  if (!section?.classList.contains('demo')) {
    const mode = $('mode');
    mode.textContent += ` (The address asks for a demo named "${demo}", and there is none.)`;
    return;
  }
  if (q.has('embed')) {
    document.body.dataset.embed = demo;
    section.classList.add('embedded');
  }
  const form = section.querySelector('form');
  for (const [key, value] of q) {
    const input = form.elements[key];
    if (!input || input.type === 'file' || input.type === 'submit' || input.type === 'button') continue;
    input.value = value;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  section.scrollIntoView();
  form.requestSubmit();
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
  const main = document.querySelector('main');
  for (const spec of PANELS) buildPanel(main, spec, playground, info);
  for (const section of document.querySelectorAll('section.demo')) addShareButtons(section);
  openFromUrl();
  document.body.dataset.ready = 'true';
  showOffline();
}

async function showOffline() {
  const result = await playground.offline;
  $('offline').textContent = result.error
    ? `Not available offline: ${result.error}.`
    : `Available offline: ${result.files} files (${(result.bytes / 1024 / 1024).toFixed(1)} MiB) are cached in this browser.`;
}

main();
