// The page: builds one panel per demo of the registry, wires them to
// window.playground, and draws their results. The UI calls exactly the API
// that tests and course authors call.
import { playground } from './playground.js';
import { buildPanel } from './panels.js';
import { DEMOS, GROUPS } from './demos/index.js';

window.playground = playground;

const $ = (id) => document.getElementById(id);

/** The lesson list: one link per demo of the registry, grouped by model. */
function tableOfContents() {
  const nav = $('toc');
  const links = [['overview', 'Overview'], ...GROUPS.flatMap((group) => DEMOS.filter((d) => d.group === group).map((d) => [d.name, d.name[0].toUpperCase() + d.name.slice(1)]))];
  nav.replaceChildren(...links.flatMap(([id, text], i) => {
    const a = document.createElement('a');
    a.href = `#${id}`;
    a.textContent = text;
    return i ? [' · ', a] : [a];
  }));
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
  tableOfContents();
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
  const main = document.querySelector('main');
  for (const demo of DEMOS) await buildPanel(main, demo, playground, info);
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
