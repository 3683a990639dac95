// The code view: a demo's Rust lesson as compiled into this module, our
// Python program, and the demo's JavaScript descriptor as served (what its
// processes back end and its workers run), highlighted by highlight.js
// (pinned via npm, copied into vendor/). highlight.js reads the element's
// text and escapes it; the text is set with textContent, byte for byte.
// The lines that matter carry a comment starting with `<-` in the source
// itself; they are marked with the CSS Custom Highlight API, which paints
// over the text without touching the DOM, so the text stays byte for byte.
import hljs from './vendor/hljs/core.min.js';
import rust from './vendor/hljs/rust.min.js';
import python from './vendor/hljs/python.min.js';
import javascript from './vendor/hljs/javascript.min.js';

hljs.registerLanguage('rust', rust);
hljs.registerLanguage('python', python);
hljs.registerLanguage('javascript', javascript);

/** The languages a demo's code view shows, in order: [key, heading]. */
export const LANGUAGES = [
  ['rust', 'Rust (compiled into this page)'],
  ['python', 'Python (the tutorial\'s way)'],
  ['javascript', 'JavaScript (the demo\'s descriptor: its back ends and workers)'],
];
const NAMES = { rust: 'Rust', python: 'Python', javascript: 'JavaScript' };

/**
 * Fills each `views[lang]` (a <code>) with `sources[lang]`, highlighted the
 * first time `details` is open.
 */
export function showCode(details, views, sources) {
  for (const [lang] of LANGUAGES) {
    views[lang].textContent = sources[lang];
    views[lang].classList.add(`language-${lang}`);
  }
  const highlight = () => {
    if (!details.open || views.rust.dataset.highlighted) return;
    const jumps = [];
    for (const [lang] of LANGUAGES) {
      hljs.highlightElement(views[lang]);
      jumps.push(...markLines(views[lang]).map((m) => [NAMES[lang], views[lang], m]));
    }
    showJumps(details, jumps);
  };
  details.addEventListener('toggle', highlight);
  highlight();
}

/** A line that matters: its comment starts with `<-` (`// <- …` or `# <- …`). */
export const MARKER = /(\/\/|#) <- /;
const KEY_LINES = 'key-line';

/**
 * Buttons that scroll a code view to each marked line, so the lines that
 * matter are one click (or one key press) away, not a scroll through the file.
 */
function showJumps(details, jumps) {
  if (!jumps.length) return;
  const nav = document.createElement('p');
  nav.className = 'note jumps';
  nav.append('Go to a marked line: ');
  for (const [language, code, { range, line }] of jumps) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${language} line ${line}`;
    button.addEventListener('click', () => {
      const pre = code.parentElement;
      const top = range.getBoundingClientRect().top - pre.getBoundingClientRect().top + pre.scrollTop;
      pre.scrollTop = Math.max(0, top - pre.clientHeight / 3);
      pre.scrollIntoView({ block: 'nearest' });
    });
    nav.append(button, ' ');
  }
  details.querySelector('.code-pair').before(nav);
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
