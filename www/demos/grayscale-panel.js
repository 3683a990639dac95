// grayscale's own parts of its panel, loaded only on the page (never in a
// worker): the words, the file picker and drop zone, before/after canvases,
// the table of converted files with thumbnails and downloads, the .zip, and
// the progress of a batch. The generic panel (panels.js) builds the rest.
import { el } from '../dom.js';
import { fmtMs as fmt, busyPerLane, num } from '../format.js';
import { errorWords, showFigures } from '../panels.js';
import { t } from '../i18n.js';

export const title = 'grayscale.title';
export const python = 'Pool(os.cpu_count()).map(to_gray, paths)';
export const intro = 'grayscale.intro';
export const labels = {
  shape: ['grayscale.shape', { batch: 'grayscale.shape.batch', split: 'grayscale.shape.split' }],
  codec: ['grayscale.codec', { browser: 'grayscale.codec.browser', wasm: 'grayscale.codec.ours' }],
  workers: ['grayscale.workers'],
  width: ['grayscale.width', null, 'unit.px'],
  height: ['grayscale.height', null, 'unit.px'],
  seed: ['grayscale.seed'],
};
/** How many lanes a run of these parameters draws: the timeline keeps their room. */
/** One more than the workers: the copies (split) or the browser's decoder (batch) have a lane of their own. */
export const lanes = (p, info) => 1 + (p.backend === 'single' ? 1 : p.backend === 'threads' ? Math.min(p.workers, info.workers) : p.workers);
export const figureTerms = ['grayscale.fig.converted', 'figure.total', 'grayscale.fig.prepare', 'figure.busy'];
const SPLIT_ONLY = ['width', 'height', 'seed'];
const BATCH_ONLY = ['codec'];

/** The split-only fields show only for the split, the files and the codec only for a batch. */
export function adjust(form) {
  const section = form.closest('section');
  if (section) section.dataset.shape = form.elements.shape.value;
  for (const name of SPLIT_ONLY) form.elements[name].closest('label').classList.add('split-only');
  for (const name of BATCH_ONLY) form.elements[name].closest('label').classList.add('batch-only');
}

/**
 * Per converted file, the mean time of each stage as measured (decode by
 * whoever decoded, luma, encode), and the stage that took longest: the
 * sentence under a batch's figures. Null when no file was converted.
 */
export function stageWords(value) {
  const done = value.filter((v) => v.stages);
  if (done.length === 0) return null;
  const mean = (key) => done.reduce((sum, v) => sum + v.stages[key], 0) / done.length;
  const stages = { decode: mean('decode_ms'), luma: mean('luma_ms'), encode: mean('encode_ms') };
  const slowest = Object.keys(stages).reduce((a, b) => (stages[b] > stages[a] ? b : a));
  const browser = done.filter((v) => v.decoder === 'browser').length;
  const decoder = browser === done.length ? 'grayscale.decoder.browser' : browser === 0 ? 'grayscale.decoder.ours' : 'grayscale.decoder.mixed';
  const names = { decode: 'grayscale.stage.decode', luma: 'grayscale.stage.luma', encode: 'grayscale.stage.encode' };
  return t('grayscale.stages', { decoder: t(decoder), decode: fmt(stages.decode), luma: fmt(stages.luma), encode: fmt(stages.encode), slowest: t(names[slowest]) });
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

/** The files the reader chose: kept when the panel is built again in another language. */
let files = null;

/** Adds the file picker, canvases, table and .zip to the panel; returns its hooks. */
export function enhance({ section, form, status, figures, playground, info }) {
  let last = null;
  const urls = [];
  const objectUrl = (blob) => {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    return url;
  };

  const chosen = el('span', { id: 'grayscale-chosen', class: 'note' }, t('grayscale.no_files'));
  const input = el('input', { name: 'files', id: 'grayscale-files', type: 'file', accept: 'image/png,image/jpeg,.png,.jpg,.jpeg', multiple: true });
  const drop = el('label', { class: 'drop', id: 'grayscale-drop' }, t('grayscale.drop'), input);
  const samples = el('button', { type: 'button', id: 'grayscale-samples' }, t('grayscale.samples'));
  form.querySelector('.buttons').before(el('fieldset', { class: 'batch-only' }, el('legend', {}, t('grayscale.files')), drop, chosen, samples));
  const progress = el('progress', { id: 'grayscale-progress', max: 1, value: 0, class: 'invisible' });
  status.after(progress);
  const canvas = (id, label) => el('canvas', { id, width: 320, height: 240, 'aria-label': label });
  const before = canvas('grayscale-before', t('grayscale.input_image'));
  const after = canvas('grayscale-after', t('grayscale.gray_image'));
  const images = el('div', { class: 'images split-only' },
    el('figure', {}, before, el('figcaption', {}, t('grayscale.before'))), el('figure', {}, after, el('figcaption', {}, t('grayscale.after'))));
  const zip = el('button', { type: 'button', id: 'grayscale-zip', disabled: true }, t('grayscale.zip'));
  const body = el('tbody');
  const table = el('table', { class: 'files', id: 'grayscale-table' },
    el('caption', { class: 'visually-hidden' }, t('grayscale.table')),
    el('thead', {}, el('tr', {}, ...['grayscale.before', 'grayscale.after', 'grayscale.col.file', 'grayscale.col.result'].map((c) => el('th', { scope: 'col' }, t(c))))), body);
  const stages = el('p', { id: 'grayscale-stages', class: 'note' });
  const batch = el('div', { class: 'batch-only' }, stages, zip, el('div', { class: 'table-box', tabindex: 0, role: 'region', 'aria-label': t('grayscale.table') }, table));
  section.querySelector('.timeline').after(images, batch);
  form.elements.workers.value = info.workers;
  adjust(form);

  const choose = (list) => {
    files = list.length ? list : null;
    chosen.textContent = files
      ? t(files.length > 3 ? 'grayscale.chosen_more' : 'grayscale.chosen', { count: files.length, names: files.slice(0, 3).map((f) => f.name).join(t('list.separator')) })
      : t('grayscale.no_files');
  };
  if (files) choose(files);
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
      const beforeImg = input.size > 0 ? thumb(input, t('grayscale.alt_before', { name: row.name }), i >= 24) : '—';
      if (row.error) return el('tr', {}, cell(beforeImg), cell('—'), cell(row.name), cell(el('span', { class: 'error' }, errorWords(row))));
      const type = /\.jpe?g$/i.test(row.output_name) ? 'image/jpeg' : 'image/png';
      const blob = new Blob([row.output], { type });
      const link = el('a', { href: objectUrl(blob), download: row.output_name }, t('grayscale.output', { name: row.output_name, width: String(row.width), height: String(row.height), size: num(row.output.length / 1024, 0) }));
      return el('tr', {}, cell(beforeImg), cell(thumb(blob, t('grayscale.alt_after', { name: row.name }), i >= 24)), cell(row.name), cell(link));
    }));
  }

  return {
    params(params) {
      if (params.shape === 'split') {
        for (const name of BATCH_ONLY) delete params[name];
        return {};
      }
      for (const name of SPLIT_ONLY) delete params[name];
      progress.value = 0;
      progress.classList.remove('invisible');
      zip.disabled = true;
      return {
        ...(files && { files }),
        onProgress: (done, total) => {
          progress.max = total;
          progress.value = done;
          status.textContent = t('grayscale.progress', { backend: t(`backend.${params.backend}`), done, total });
        },
      };
    },
    running: (params) => t('grayscale.running', { backend: t(`backend.${params.backend}`) }),
    async show(result) {
      last = result;
      const who = t('grayscale.who', { backend: t(`backend.${result.params.backend}`), count: result.params.workers });
      if (result.params.shape === 'split') {
        status.textContent = t('panel.done', { headline: t('grayscale.headline_split', { width: String(result.width), height: String(result.height), who, time: fmt(result.total_ms) }) });
        showFigures(figures, [
          ['grayscale.fig.checksum', `0x${result.value.toString(16).padStart(8, '0')}`],
          ['figure.total', fmt(result.total_ms)],
          ['grayscale.fig.prepare', fmt(result.prepare_ms)],
          ['figure.busy', busyPerLane(result.events)],
        ]);
        await paint(before, result.rgba, result.width, result.height, 4);
        await paint(after, result.gray, result.width, result.height, 1);
      } else {
        const words = { converted: result.converted, count: result.value.length, who, time: fmt(result.total_ms), failed: result.failed };
        status.textContent = t('panel.done', { headline: t(result.failed ? 'grayscale.headline_failed' : 'grayscale.headline_batch', words) });
        showFigures(figures, [
          ['grayscale.fig.converted', t('figure.of', { part: num(result.converted), whole: num(result.value.length) })],
          ['figure.total', fmt(result.total_ms)],
          ['grayscale.fig.prepare', fmt(result.prepare_ms)],
          ['figure.busy', busyPerLane(result.events)],
        ]);
        stages.textContent = stageWords(result.value) ?? '';
        showBatch(result);
        zip.disabled = result.converted === 0;
      }
    },
    after: () => progress.classList.add('invisible'),
  };
}
