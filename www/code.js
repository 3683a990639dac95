// The code pane: a demo's Rust lesson as compiled into this module, our
// Python program, and the demo's JavaScript descriptor as served (what its
// processes back end and its workers run), as tabs, line-numbered and
// highlighted by highlight.js (pinned via npm, copied into vendor/).
// highlight.js reads the element's text and escapes it; the text is set with
// textContent, byte for byte.
// The lines that matter carry a comment starting with `<-` in the source
// itself; they are marked with the CSS Custom Highlight API, which paints
// over the text without touching the DOM, so the text stays byte for byte.
import hljs from './vendor/hljs/core.min.js';
import rust from './vendor/hljs/rust.min.js';
import python from './vendor/hljs/python.min.js';
import javascript from './vendor/hljs/javascript.min.js';

import { el } from './dom.js';
import { t } from './i18n.js';

hljs.registerLanguage('rust', rust);
hljs.registerLanguage('python', python);
hljs.registerLanguage('javascript', javascript);

/** The languages a demo's code pane shows, in order: [key, tab, what it is (a catalog key)]. */
const LANGUAGES = [
  ['rust', 'Rust', 'code.rust'],
  ['python', 'Python', 'code.python'],
  ['javascript', 'JavaScript', 'code.javascript'],
];
const NAMES = Object.fromEntries(LANGUAGES.map(([lang, name]) => [lang, name]));
const CHOICE = 'concurrency-playground:code';
const panes = new Set();

/** The reader's remembered tab, where storage is allowed (not in every sandboxed frame). */
function remembered() {
  try {
    const lang = localStorage.getItem(CHOICE);
    return NAMES[lang] ? lang : 'rust';
  } catch {
    return 'rust';
  }
}

function remember(lang) {
  try {
    localStorage.setItem(CHOICE, lang);
  } catch {
    // A sandboxed frame may refuse storage; the choice then lasts this page only.
  }
}


/**
 * The code pane of demo `id`: a tab per language (the choice is one for the
 * whole page and remembered), each a line-numbered, highlighted view whose
 * text is exactly `sources[lang]`, with buttons to the marked lines. Below
 * 1100 px the pane can be folded away (it comes first, above the run).
 */
export function codePane(id, sources) {
  const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': t('code.tabs') });
  const body = el('div', { class: 'code-body', id: `${id}-code-body` });
  const jumps = el('p', { class: 'note jumps' });
  body.append(jumps);
  const pane = el('div', { class: 'pane code-pane', id: `${id}-code` }, tabs, body);
  const views = {};
  const buttons = {};
  const panels = {};
  for (const [lang, name, what] of LANGUAGES) {
    const code = el('code', { id: `${id}-${lang}`, class: `language-${lang}` });
    code.textContent = sources[lang];
    const lines = sources[lang].split('\n').length - (sources[lang].endsWith('\n') ? 1 : 0);
    const gutter = el('pre', { class: 'gutter', 'aria-hidden': 'true' }, Array.from({ length: lines }, (_, i) => i + 1).join('\n'));
    const scroll = el('div', { class: 'code-scroll', tabindex: 0, role: 'region', 'aria-label': t(what) }, gutter, el('pre', {}, code));
    panels[lang] = el('div', { class: 'code-view', role: 'tabpanel', id: `${id}-view-${lang}`, 'aria-labelledby': `${id}-tab-${lang}` }, scroll);
    buttons[lang] = el('button', { type: 'button', role: 'tab', id: `${id}-tab-${lang}`, 'aria-controls': `${id}-view-${lang}` }, name);
    buttons[lang].addEventListener('click', () => choose(lang, true));
    tabs.append(buttons[lang]);
    body.append(panels[lang]);
    views[lang] = code;
  }
  tabs.addEventListener('keydown', (event) => {
    const order = LANGUAGES.map(([lang]) => lang);
    const i = order.findIndex((lang) => buttons[lang] === document.activeElement);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (i < 0 || !step) return;
    event.preventDefault();
    const next = order[(i + step + order.length) % order.length];
    choose(next, true);
    buttons[next].focus();
  });
  const toggle = el('button', { type: 'button', class: 'quiet code-toggle', 'aria-expanded': 'true', 'aria-controls': `${id}-code-body` }, t('code.hide'));
  toggle.addEventListener('click', () => {
    const collapsed = pane.classList.toggle('collapsed');
    toggle.setAttribute('aria-expanded', String(!collapsed));
    toggle.textContent = t(collapsed ? 'code.show' : 'code.hide');
  });
  tabs.append(toggle);
  const entry = {
    select(lang) {
      for (const [other] of LANGUAGES) {
        const on = other === lang;
        buttons[other].setAttribute('aria-selected', String(on));
        buttons[other].tabIndex = on ? 0 : -1;
        panels[other].hidden = !on;
      }
      // The jump buttons of the open tab only.
      for (const button of jumps.querySelectorAll('button')) button.hidden = button.dataset.lang !== lang;
    },
  };
  // Panes built again (a change of language) replace the old ones.
  for (const p of panes) if (p.attached && !p.attached()) panes.delete(p);
  panes.add(entry);
  // One choice for the page: every pane follows the tab the reader picked.
  const choose = (lang, save) => {
    if (save) remember(lang);
    for (const p of panes) p.select(lang);
  };
  entry.attached = () => pane.isConnected;
  const marks = [];
  for (const [lang] of LANGUAGES) {
    hljs.highlightElement(views[lang]);
    marks.push(...markLines(views[lang]).map((m) => [lang, m]));
  }
  showJumps(jumps, marks, (lang) => choose(lang, true));
  entry.select(remembered());
  return { pane, views };
}

/** A line that matters: its comment starts with `<-` (`// <- …` or `# <- …`). */
const MARKER = /(\/\/|#) <- /;
const KEY_LINES = 'key-line';

/**
 * Buttons that scroll a code view to each marked line (switching to its
 * tab), so the lines that matter are one click or key press away.
 */
function showJumps(nav, marks, choose) {
  if (!marks.length) return;
  nav.append(t('code.jumps'));
  for (const [lang, { range, line }] of marks) {
    const button = el('button', { type: 'button', 'data-lang': lang }, t('code.jump', { language: NAMES[lang], line: String(line) }));
    button.addEventListener('click', () => {
      choose(lang);
      const scroll = range.startContainer.parentElement.closest('.code-scroll');
      const top = range.getBoundingClientRect().top - scroll.getBoundingClientRect().top + scroll.scrollTop;
      scroll.scrollTop = Math.max(0, top - scroll.clientHeight / 3);
    });
    nav.append(button, ' ');
  }
}

/** Marks `code`'s lines that carry the marker; returns `[{range, line}]`. */
function markLines(code) {
  if (!globalThis.CSS?.highlights || typeof Highlight === 'undefined') return [];
  let marks = CSS.highlights.get(KEY_LINES);
  if (!marks) CSS.highlights.set(KEY_LINES, (marks = new Highlight()));
  // Text offsets of every text node, in document order.
  const nodes = [];
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  let total = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: total });
    total += node.data.length;
  }
  const at = (pos) => {
    let i = nodes.length - 1;
    while (i > 0 && nodes[i].start > pos) i--;
    return [nodes[i].node, pos - nodes[i].start];
  };
  let start = 0;
  const found = [];
  code.textContent.split('\n').forEach((line, i) => {
    if (MARKER.test(line)) {
      const range = new Range();
      range.setStart(...at(start + line.length - line.trimStart().length));
      range.setEnd(...at(start + line.length));
      marks.add(range);
      found.push({ range, line: i + 1 });
    }
    start += line.length + 1;
  });
  code.dataset.marked = String(found.length);
  return found;
}
