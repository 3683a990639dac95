// The page: builds one panel per demo of the registry, wires them to
// window.playground, and draws their results, in the page's language (the
// switch rebuilds the panels with their values and last results). The UI
// calls exactly the API that tests and course authors call.
import { playground, reasonWords } from './playground.js';
import { buildPanel } from './panels.js';
import { DEMOS, GROUPS } from './demos/index.js';
import { startEmbedProtocol } from './frame.js';
import { fmtMs } from './format.js';
import * as i18n from './i18n.js';
import { t } from './i18n.js';
import { el } from './dom.js';

window.playground = playground;

const $ = (id) => document.getElementById(id);

/** The three models as the lesson list names them: the catalog key of each, and its Python module. */
const GROUP_WORDS = { coroutines: ['group.coroutines', 'asyncio'], threads: ['group.threads', 'threading'], processes: ['group.processes', 'multiprocessing'] };
const DEFAULT_DEMO = 'counter';
/** Why the page cannot work offline, by the `why` `playground.offline` gives. */
const OFFLINE = { no_service_worker: 'offline.no_sw', timeout: 'offline.timeout' };
/** What isolated the page, as the mode line says it. */
const ISOLATED_BY = { headers: 'mode.by.headers', 'document-isolation-policy': 'mode.by.dip', 'service-worker': 'mode.by.service_worker' };

/** The lesson list: the introduction, then one link per demo of the registry, grouped by model. */
function tableOfContents() {
  const nav = $('toc');
  nav.setAttribute('aria-label', t('nav.label'));
  const link = (id, text) => el('a', { href: `#${id}` }, text);
  const parts = [link('overview', t('nav.intro'))];
  for (const group of GROUPS) {
    const [key, module] = GROUP_WORDS[group];
    const list = el('ul', {}, ...DEMOS.filter((d) => d.group === group).map((demo) => el('li', {}, link(demo.name, t(demo.view.name)))));
    parts.push(el('p', { class: 'group' }, `${t(key)} `, el('span', { class: 'python' }, module)), list);
  }
  nav.replaceChildren(...parts);
}

/** At the end of each lesson, a link to the next one (the last leads back to the introduction). */
function nextLinks() {
  DEMOS.forEach((demo, i) => {
    const next = DEMOS[i + 1];
    const words = next ? t('nav.next', { name: t(next.view.name) }) : t('nav.back');
    document.getElementById(`${demo.name}-run-pane`).append(el('a', { class: 'next-lesson', href: `#${next?.name ?? 'overview'}` }, words));
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
  const name = t('app.name');
  document.title = heading ? t('app.page_title', { lesson: heading.textContent.replace(/\s+/g, ' ').trim(), name }) : name;
  return known;
}

/** `?demo=…&key=value…&lang=…` for a panel's current controls (file inputs left out) in the page's language. */
function linkFor(section) {
  const q = new URLSearchParams({ demo: section.id });
  for (const input of section.querySelector('form').elements) {
    if (!input.name || input.disabled || input.type === 'file' || input.value === '') continue;
    q.set(input.name, input.value);
  }
  q.set('lang', i18n.current());
  return new URL(`?${q}`, location.href).href;
}

/** A "copy link" and an "embed" button for every panel. */
function addShareButtons(section) {
  const form = section.querySelector('form');
  const out = document.createElement('input');
  out.readOnly = true;
  out.className = 'share';
  out.setAttribute('aria-label', t('share.label'));
  out.hidden = true;
  const share = async (text, what) => {
    out.value = text;
    out.hidden = false;
    out.select();
    try {
      await navigator.clipboard.writeText(text);
      out.title = t('share.copied', { what });
    } catch {
      out.title = t('share.press', { what });
    }
  };
  const link = el('button', { type: 'button' }, t('share.link'));
  link.addEventListener('click', () => share(linkFor(section), t('share.link_what')));
  const embed = el('button', { type: 'button' }, t('share.embed'));
  embed.addEventListener('click', () => {
    const src = `${linkFor(section)}&embed`;
    const title = t('share.frame_title', { name: t('app.name'), lesson: section.querySelector('h2').firstChild.textContent.trim() }).replaceAll('"', '&quot;');
    share(`<iframe src="${src}" title="${title}" width="100%" height="760" loading="lazy" allow="cross-origin-isolated" style="border: 0"></iframe>`, t('share.embed_what'));
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

/** The mode line: what this browser offers the lessons, and why. */
function showMode(info, error) {
  const mode = $('mode');
  mode.classList.toggle('error', Boolean(error));
  if (error) {
    mode.textContent = t('mode.cannot_run', { message: error.message });
    return;
  }
  const reason = reasonWords(info);
  mode.textContent = info.threads
    ? t('mode.threads', { workers: info.workers, by: t(ISOLATED_BY[info.isolation] ?? 'mode.by.unknown') })
    : info.modes.length
      ? t('mode.processes', { reason })
      : t('mode.none', { reason });
  mode.dataset.isolation = info.isolation;
  mode.dataset.threads = String(info.threads);
}

/** Shows the lesson the address asks for; the mode line says so when there is no such lesson. */
function showWanted() {
  if (!show(wanted())) $('mode').textContent += ` ${t('mode.no_such_lesson', { name: wanted() })}`;
}

/** The words outside the lessons: the document's language, the static text, the language switch. */
function paintWords() {
  document.documentElement.lang = i18n.current();
  i18n.translate();
  const select = $('language');
  select.replaceChildren(...i18n.LANGUAGES.map((code) => el('option', { value: code, lang: code }, t(`language.${code}`))));
  select.value = i18n.current();
  select.setAttribute('aria-label', t('language.label'));
  document.documentElement.classList.remove('i18n-pending');
}

/** Every lesson's panel, with its share buttons and its link to the next lesson. */
async function buildPanels(info, values = new Map()) {
  const main = document.querySelector('main');
  for (const demo of DEMOS) {
    const section = await buildPanel(main, demo, playground, info);
    // Built again: its controls get back the values they had.
    const form = section.querySelector('form');
    for (const [name, value] of values.get(form.id) ?? []) {
      if (form.elements[name]) form.elements[name].value = value;
    }
    if (values.has(form.id)) form.dispatchEvent(new Event('change'));
  }
  for (const section of document.querySelectorAll('section.demo')) addShareButtons(section);
  nextLinks();
}

/**
 * Changes the page's language in place: the panels are built again in the
 * new words, with the values their controls had and their last results (a
 * run is never lost to a change of language).
 */
async function switchLanguage(code, info) {
  document.body.dataset.ready = 'false';
  await i18n.use(code);
  i18n.remember(code);
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', code);
    history.replaceState(history.state, '', url);
  }
  const values = [...document.querySelectorAll('section.demo form')].map((form) => [form.id, [...form.elements]
    .filter((input) => input.name && input.type !== 'file' && !['submit', 'button'].includes(input.type))
    .map((input) => [input.name, input.value])]);
  const focused = document.activeElement?.id;
  paintWords();
  tableOfContents();
  if (info) showMode(info);
  if (!info) return;
  document.querySelectorAll('section.demo').forEach((section) => section.remove());
  await buildPanels(info, new Map(values));
  showWanted();
  showOffline();
  if (focused) document.getElementById(focused)?.focus();
  document.body.dataset.ready = 'true';
}

async function main() {
  const q = new URLSearchParams(location.search);
  if (q.has('embed')) document.body.dataset.embed = q.get('demo') ?? DEFAULT_DEMO;
  // The words come first: nothing is shown before its language is known.
  try {
    await i18n.ready();
  } catch (err) {
    // Without a catalog there are no words to show but the error itself.
    document.documentElement.classList.remove('i18n-pending');
    $('mode').textContent = err.message;
    return;
  }
  paintWords();
  // In a frame, the parent hears of readiness, size and results (embed protocol).
  startEmbedProtocol(playground, (r) => DEMOS.find((d) => d.name === r.demo)?.view.headline?.(r) ?? t('panel.done_in', { demo: r.demo, time: fmtMs(r.total_ms) }));
  tableOfContents();
  let info = null;
  $('language').addEventListener('change', (event) => switchLanguage(event.target.value, info));
  try {
    info = await playground.ready;
  } catch (err) {
    showMode(null, err);
    return;
  }
  showMode(info);
  await buildPanels(info);
  $('loading')?.remove();
  showWanted();
  // Links in the lesson list and the introduction change the hash: back and
  // forward work. Focus follows to the lesson's heading, so the keyboard goes on
  // from there into the lesson.
  window.addEventListener('hashchange', () => {
    show(wanted());
    window.scrollTo(0, 0);
    document.querySelector('main > section:not([hidden]) h2')?.focus({ preventScroll: true });
  });
  openFromUrl();
  document.body.dataset.ready = 'true';
  showOffline();
}

async function showOffline() {
  const result = await playground.offline;
  $('offline').textContent = result.error
    ? t('offline.no', { error: OFFLINE[result.why] ? t(OFFLINE[result.why]) : result.error })
    : t('offline.yes', { files: result.files, size: i18n.num(result.bytes / 1024 / 1024, 1) });
}

main();
