// The page: builds one panel per demo of the registry, wires them to
// window.playground, and draws their results. The UI calls exactly the API
// that tests and course authors call.
import { playground } from './playground.js';
import { buildPanel } from './panels.js';
import { DEMOS, GROUPS } from './demos/index.js';
import { startEmbedProtocol } from './frame.js';
import { fmtMs } from './format.js';

window.playground = playground;

const $ = (id) => document.getElementById(id);

/** The three models as the lesson list names them. */
const GROUP_WORDS = { coroutines: ['Coroutines', 'asyncio'], threads: ['Threads', 'threading'], processes: ['Processes', 'multiprocessing'] };
const DEFAULT_DEMO = 'counter';

/** The lesson list: the introduction, then one link per demo of the registry, grouped by model. */
function tableOfContents() {
  const nav = $('toc');
  const link = (id, text) => Object.assign(document.createElement('a'), { href: `#${id}`, textContent: text });
  const parts = [link('overview', 'Introduction')];
  for (const group of GROUPS) {
    const [name, module] = GROUP_WORDS[group];
    const title = document.createElement('p');
    title.className = 'group';
    title.append(`${name} `, Object.assign(document.createElement('span'), { className: 'python', textContent: module }));
    const list = document.createElement('ul');
    for (const demo of DEMOS.filter((d) => d.group === group)) {
      const item = document.createElement('li');
      item.append(link(demo.name, demo.name[0].toUpperCase() + demo.name.slice(1)));
      list.append(item);
    }
    parts.push(title, list);
  }
  nav.replaceChildren(...parts);
}

/** At the end of each lesson, a link to the next one (the last leads back to the introduction). */
function nextLinks() {
  DEMOS.forEach((demo, i) => {
    const next = DEMOS[i + 1];
    const a = Object.assign(document.createElement('a'), { className: 'next-lesson', href: `#${next?.name ?? 'overview'}` });
    a.textContent = next ? `Next lesson: ${next.name[0].toUpperCase()}${next.name.slice(1)} →` : 'Back to the introduction →';
    document.getElementById(`${demo.name}-run-pane`).append(a);
  });
}

/** Which part of the page the address asks for: `#name`, else `?demo=name`, else the counter. */
function wanted() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash) return hash;
  return new URLSearchParams(location.search).get('demo') ?? DEFAULT_DEMO;
}

/** Shows one demo (or the introduction) and marks its lesson link; the others hide. */
function show(id) {
  const target = document.getElementById(id);
  const known = target && (target.classList.contains('demo') || id === 'overview');
  const shown = known ? id : DEFAULT_DEMO;
  for (const section of document.querySelectorAll('main > section')) section.hidden = section.id !== shown;
  for (const a of document.querySelectorAll('#toc a')) {
    if (a.getAttribute('href') === `#${shown}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // A link to #lesson may have scrolled the lesson list's neighbour, main, to it: back to the top.
  const main = document.querySelector('main');
  main.scrollTop = 0;
  requestAnimationFrame(() => (main.scrollTop = 0));
  const heading = document.getElementById(`${shown}-title`);
  document.title = `${heading ? heading.textContent.replace(/\s+/g, ' ').trim() : 'Concurrency Playground'} · Concurrency Playground`;
  return known;
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
    const title = `Concurrency Playground: ${section.querySelector('h2').firstChild.textContent.trim()}`.replaceAll('"', '&quot;');
    share(`<iframe src="${src}" title="${title}" width="100%" height="760" loading="lazy" allow="cross-origin-isolated" style="border: 0"></iframe>`, 'embed code');
  });
  form.querySelector('.buttons').append(link, embed);
  form.after(out);
}

/** Sets a panel's controls from the page's address and runs it. */
function openFromUrl() {
  const q = new URLSearchParams(location.search);
  const demo = q.get('demo');
  if (!demo) return;
  const section = document.getElementById(demo);
  if (!section?.classList.contains('demo')) return;
  const form = section.querySelector('form');
  for (const [key, value] of q) {
    const input = form.elements[key];
    if (!input || input.type === 'file' || input.type === 'submit' || input.type === 'button') continue;
    input.value = value;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  // A click, not requestSubmit(): a frame sandboxed without allow-forms blocks submission.
  form.querySelector('[type=submit]').click();
}

async function main() {
  const q = new URLSearchParams(location.search);
  if (q.has('embed')) document.body.dataset.embed = q.get('demo') ?? DEFAULT_DEMO;
  // In a frame, the parent hears of readiness, size and results (embed protocol).
  startEmbedProtocol(playground, (r) => DEMOS.find((d) => d.name === r.demo)?.view.headline?.(r) ?? `${r.demo}: done in ${fmtMs(r.total_ms)}`);
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
  const by = {
    headers: 'by the server\'s COOP and COEP headers',
    'document-isolation-policy': 'by Document-Isolation-Policy, which isolates this page on its own, even in a frame',
    'service-worker': 'by the page\'s service worker, which adds the headers the host does not send',
  };
  mode.textContent = info.threads
    ? `Threads: shared memory across ${info.workers} workers (this page is cross-origin isolated ${by[info.isolation] ?? ''}).`.replace(' )', ')')
    : info.modes.length
      ? `No shared memory here — ${info.reason}. Thread demos run on process-style workers, each with its own memory.`
      : `No workers here — ${info.reason}.`;
  mode.dataset.isolation = info.isolation;
  mode.dataset.threads = String(info.threads);
  const main = document.querySelector('main');
  for (const demo of DEMOS) await buildPanel(main, demo, playground, info);
  for (const section of document.querySelectorAll('section.demo')) addShareButtons(section);
  $('loading')?.remove();
  if (!show(wanted())) mode.textContent += ` (The address asks for "${wanted()}", and there is no such lesson; here is the counter.)`;
  // Links in the lesson list and the introduction change the hash: back and
  // forward work. Focus follows to the lesson's heading, so the keyboard goes on
  // from there into the lesson.
  window.addEventListener('hashchange', () => {
    show(wanted());
    window.scrollTo(0, 0);
    document.querySelector('main > section:not([hidden]) h2')?.focus({ preventScroll: true });
  });
  nextLinks();
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
