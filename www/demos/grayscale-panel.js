// grayscale's own parts of its panel, loaded only on the page (never in a
// worker): the words, the file picker and drop zone, before/after canvases,
// the table of converted files with thumbnails and downloads, the .zip, and
// the progress of a batch. The generic panel (panels.js) builds the rest.
import { el } from '../dom.js';
import { fmtMs as fmt, busyPerLane } from '../format.js';
import { showFigures } from '../panels.js';

export const title = 'Grayscale — multiprocessing.Pool.map over an image';
export const python = 'Pool(os.cpu_count()).map(to_gray, paths)';
export const intro = 'Each worker converts rows of the image to gray (BT.601 luma, bit-exact with OpenCV). '
  + 'threads: one shared memory, a rayon pool on Web Workers; each worker takes the next thin slice of rows until none is left, as a pool hands the next item to whoever is free. '
  + 'processes: each worker has its own memory and one band of rows, which travels to it and back by message, like Pool.map pickling its arguments. single: one worker does it all.';
export const labels = {
  shape: ['Job', { batch: 'a batch of image files (one task per file)', split: 'one large image, split into bands of rows' }],
  workers: ['Workers'],
  width: ['Width', null, 'px'],
  height: ['Height', null, 'px'],
  seed: ['Seed'],
};
/** How many lanes a run of these parameters draws: the timeline keeps their room. */
export const lanes = (p, info) => (p.backend === 'single' ? 1 : p.backend === 'threads' ? Math.min(p.workers, info.workers) : p.workers);
export const figureTerms = ['converted', 'total', 'preparing the input (before the clock starts)', 'busy time per worker'];
const SPLIT_ONLY = ['width', 'height', 'seed'];

/** The split-only fields show only for the split, the files only for a batch. */
export function adjust(form) {
  const section = form.closest('section');
  if (section) section.dataset.shape = form.elements.shape.value;
  for (const name of SPLIT_ONLY) form.elements[name].closest('label').classList.add('split-only');
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
  const bitmap = await createImageBitmap(new ImageData(rgba, width, height), { resizeWidth: w, resizeHeight: h, resizeQuality: 'medium' });
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
}

/** `name` unique among `taken`: `cat_gray.png`, then `cat_gray (2).png`, … */
function unique(name, taken) {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.[^.]*)?$/, (ext) => ` (${n})${ext}`);
  taken.add(candidate);
  return candidate;
}

/** Adds the file picker, canvases, table and .zip to the panel; returns its hooks. */
export function enhance({ section, form, status, figures, playground, info }) {
  let files = null;
  let last = null;
  const urls = [];
  const objectUrl = (blob) => {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    return url;
  };

  const chosen = el('span', { id: 'grayscale-chosen', class: 'note' }, 'No files chosen: Run converts 16 generated sample photos.');
  const input = el('input', { name: 'files', id: 'grayscale-files', type: 'file', accept: 'image/png,image/jpeg,.png,.jpg,.jpeg', multiple: true });
  const drop = el('label', { class: 'drop', id: 'grayscale-drop' }, 'Choose or drop PNG / JPEG files', input);
  const samples = el('button', { type: 'button', id: 'grayscale-samples' }, 'Use sample images');
  form.querySelector('.buttons').before(el('fieldset', { class: 'batch-only' }, el('legend', {}, 'Files'), drop, chosen, samples));
  const progress = el('progress', { id: 'grayscale-progress', max: 1, value: 0, class: 'invisible' });
  status.after(progress);
  const canvas = (id, label) => el('canvas', { id, width: 320, height: 240, 'aria-label': label });
  const before = canvas('grayscale-before', 'input image');
  const after = canvas('grayscale-after', 'gray image');
  const images = el('div', { class: 'images split-only' },
    el('figure', {}, before, el('figcaption', {}, 'before')), el('figure', {}, after, el('figcaption', {}, 'after')));
  const zip = el('button', { type: 'button', id: 'grayscale-zip', disabled: true }, 'Download all (.zip)');
  const body = el('tbody');
  const table = el('table', { class: 'files', id: 'grayscale-table' },
    el('caption', { class: 'visually-hidden' }, 'Converted files'),
    el('thead', {}, el('tr', {}, ...['before', 'after', 'file', 'result'].map((c) => el('th', { scope: 'col' }, c)))), body);
  const batch = el('div', { class: 'batch-only' }, zip, el('div', { class: 'table-box', tabindex: 0, role: 'region', 'aria-label': 'converted files' }, table));
  section.querySelector('.timeline').after(images, batch);
  form.elements.workers.value = info.workers;
  adjust(form);

  const choose = (list) => {
    files = list.length ? list : null;
    chosen.textContent = files
      ? `${files.length} file(s) chosen: ${files.slice(0, 3).map((f) => f.name).join(', ')}${files.length > 3 ? ', …' : ''}`
      : 'No files chosen: Run converts 16 generated sample photos.';
  };
  input.addEventListener('change', (e) => choose([...e.target.files]));
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
  samples.addEventListener('click', () => {
    input.value = '';
    choose([]);
    form.querySelector('[type=submit]').click();
  });
  zip.addEventListener('click', async () => {
    if (!last?.value) return;
    const taken = new Set();
    const entries = last.value.filter((r) => r.output).map((r) => ({ name: unique(r.output_name, taken), bytes: r.output }));
    const bytes = await playground.zip(entries);
    const a = el('a', { href: URL.createObjectURL(new Blob([bytes], { type: 'application/zip' })), download: 'grayscale.zip' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  });

  const thumb = (blob, alt, lazy) => el('img', { src: objectUrl(blob), alt, width: 96, loading: lazy ? 'lazy' : undefined, decoding: 'async' });
  const cell = (...children) => el('td', {}, ...children);
  function showBatch(result) {
    for (const url of urls.splice(0)) URL.revokeObjectURL(url);
    body.replaceChildren(...result.value.map((row, i) => {
      const input = result.inputs[i];
      const beforeImg = input.size > 0 ? thumb(input, `${row.name} before`, i >= 24) : '—';
      if (row.error) return el('tr', {}, cell(beforeImg), cell('—'), cell(row.name), cell(el('span', { class: 'error' }, row.error)));
      const type = /\.jpe?g$/i.test(row.output_name) ? 'image/jpeg' : 'image/png';
      const blob = new Blob([row.output], { type });
      const link = el('a', { href: objectUrl(blob), download: row.output_name }, `${row.output_name} (${row.width} × ${row.height}, ${(row.output.length / 1024).toFixed(0)} KiB)`);
      return el('tr', {}, cell(beforeImg), cell(thumb(blob, `${row.name} after`, i >= 24)), cell(row.name), cell(link));
    }));
  }

  return {
    params(params) {
      if (params.shape === 'split') return {};
      for (const name of SPLIT_ONLY) delete params[name];
      progress.value = 0;
      progress.classList.remove('invisible');
      zip.disabled = true;
      return {
        ...(files && { files }),
        onProgress: (done, total) => {
          progress.max = total;
          progress.value = done;
          status.textContent = `Running on ${params.backend}: ${done} of ${total} done…`;
        },
      };
    },
    running: (params) => `Running on ${params.backend}…`,
    async show(result) {
      last = result;
      const who = `${result.params.backend} with ${result.params.workers} worker(s)`;
      if (result.params.shape === 'split') {
        status.textContent = `Done: ${result.width} × ${result.height} on ${who} in ${fmt(result.total_ms)}.`;
        showFigures(figures, [
          ['checksum (FNV-1a of the gray bytes)', `0x${result.value.toString(16).padStart(8, '0')}`],
          ['total', fmt(result.total_ms)],
          ['preparing the input (before the clock starts)', fmt(result.prepare_ms)],
          ['busy time per worker', busyPerLane(result.events)],
        ]);
        await paint(before, result.rgba, result.width, result.height, 4);
        await paint(after, result.gray, result.width, result.height, 1);
      } else {
        status.textContent = `Done: ${result.converted} of ${result.value.length} file(s) converted on ${who} in ${fmt(result.total_ms)}${result.failed ? `; ${result.failed} failed` : ''}.`;
        showFigures(figures, [
          ['converted', `${result.converted} of ${result.value.length}`],
          ['total', fmt(result.total_ms)],
          ['preparing the input (before the clock starts)', fmt(result.prepare_ms)],
          ['busy time per worker', busyPerLane(result.events)],
        ]);
        showBatch(result);
        zip.disabled = result.converted === 0;
      }
    },
    after: () => progress.classList.add('invisible'),
  };
}
