// The code view: the Rust that was compiled into this module and our Python
// program, highlighted by highlight.js (pinned via npm, copied into vendor/).
// highlight.js reads the element's text and escapes it; the sources are our
// own files, shown exactly as compiled (src/source.rs uses include_str!).
import hljs from './vendor/hljs/core.min.js';
import rust from './vendor/hljs/rust.min.js';
import python from './vendor/hljs/python.min.js';

hljs.registerLanguage('rust', rust);
hljs.registerLanguage('python', python);

/** Fills `rustEl` and `pythonEl` with the demo's sources, highlighted when first shown. */
export function showCode(details, rustEl, pythonEl, { rust: rustSource, python: pythonSource }) {
  rustEl.textContent = rustSource;
  pythonEl.textContent = pythonSource;
  rustEl.classList.add('language-rust');
  pythonEl.classList.add('language-python');
  const highlight = () => {
    if (details.open && !rustEl.dataset.highlighted) {
      hljs.highlightElement(rustEl);
      hljs.highlightElement(pythonEl);
    }
  };
  details.addEventListener('toggle', highlight);
  highlight();
}
