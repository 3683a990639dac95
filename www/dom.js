// The one way the page builds HTML elements: attributes set one by one
// (undefined and false left out, true as a bare attribute) and children
// appended as nodes or text — never parsed as HTML.

/** `<tag attrs…>children…</tag>`. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children);
  return node;
}
