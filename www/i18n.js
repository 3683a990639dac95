// The page's words: one message catalog per language (i18n/<lang>.json,
// plain JSON keyed by id, `{name}` placeholders, plural entries as objects
// keyed by Intl.PluralRules category), the choice of language, and numbers
// and durations through Intl. A catalog entry may mark `code` with
// backquotes and links as [text](href); `rich()` turns those into nodes,
// never HTML. Workers import modules that import this one: nothing here
// runs until the page asks.

/** The languages the page speaks, in the order the switch offers them. */
export const LANGUAGES = ['en', 'zh-CN'];
const STORE = 'concurrency-playground:lang';

let lang = 'en';
let catalog = {};
let english = {};
let loading = null;
/** Keys asked for that no catalog has (a test reads this). */
export const missing = new Set();

/** The language in force. */
export const current = () => lang;

/** `code` if the page speaks it, or the closest it does (`zh`, `zh-Hans-CN` → `zh-CN`), or null. */
export function supported(code) {
  if (typeof code !== 'string' || !code) return null;
  const lower = code.toLowerCase();
  if (lower.startsWith('zh') && !/^zh-(hant|tw|hk|mo)\b/.test(lower)) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return null;
}

/** `?lang=`, then the reader's remembered choice, then the browser's languages, then English. */
export function chosen() {
  const asked = supported(new URLSearchParams(location.search).get('lang'));
  if (asked) return asked;
  try {
    const kept = supported(localStorage.getItem(STORE));
    if (kept) return kept;
  } catch {
    // A sandboxed frame may have no storage.
  }
  for (const code of navigator.languages ?? [navigator.language]) {
    const found = supported(code);
    if (found) return found;
  }
  return 'en';
}

async function fetchCatalog(code) {
  const response = await fetch(new URL(`./i18n/${code}.json`, import.meta.url));
  if (!response.ok) throw new Error(`i18n/${code}.json: HTTP ${response.status}`);
  return response.json();
}

/** Loads `code`'s catalog (English too, for any gap) and makes it the page's language. */
export async function use(code) {
  const wanted = supported(code) ?? 'en';
  const base = Object.keys(english).length ? Promise.resolve(english) : fetchCatalog('en');
  // English wanted: one fetch serves as both.
  const [words, en] = await Promise.all([wanted === 'en' ? base : fetchCatalog(wanted), base]);
  english = en;
  catalog = words;
  lang = wanted;
  loading = Promise.resolve(lang);
  return lang;
}

/** The page's language, loaded once: the first call chooses it. */
export function ready() {
  loading ??= use(chosen());
  return loading;
}

/** Remembers the reader's choice (where storage is allowed). */
export function remember(code) {
  try {
    localStorage.setItem(STORE, code);
  } catch {
    // The choice then lasts this page only.
  }
}

const numbers = new Map();
/** `x` in the page's language: grouped from five digits, at most `digits` decimals. */
export function num(x, digits = 2) {
  const key = `${lang}|${digits}`;
  if (!numbers.has(key)) numbers.set(key, new Intl.NumberFormat(lang, { useGrouping: 'min2', maximumFractionDigits: digits }));
  return numbers.get(key).format(x);
}

const durations = new Map();
/** Milliseconds with two decimals under 10 ms, one above, as the page's language writes them. */
export function ms(x) {
  const digits = Math.abs(x) < 10 ? 2 : 1;
  const key = `${lang}|${digits}`;
  if (!durations.has(key)) {
    durations.set(key, new Intl.NumberFormat(lang, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', useGrouping: 'min2', minimumFractionDigits: digits, maximumFractionDigits: digits }));
  }
  return durations.get(key).format(x);
}

/** Whether a catalog has `key`. */
export const has = (key) => Object.hasOwn(catalog, key) || Object.hasOwn(english, key);

/**
 * The words of `key` with `args` in place of its `{placeholders}`. Numbers
 * are formatted for the language; a plural entry picks its form by
 * `args.count`. A key no catalog has comes back as itself (and is noted).
 */
export function t(key, args = {}) {
  let entry = Object.hasOwn(catalog, key) ? catalog[key] : english[key];
  if (entry === undefined) {
    missing.add(key);
    return key;
  }
  if (typeof entry === 'object') {
    const form = new Intl.PluralRules(lang).select(Number(args.count ?? 0));
    entry = entry[form] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!Object.hasOwn(args, name)) return whole;
    const value = args[name];
    return typeof value === 'number' ? num(value) : String(value);
  });
}

/**
 * Catalog text as DOM nodes: `code` in backquotes becomes <code>, [text](href)
 * a link (same-page `#…` links stay in the tab, others open a new one).
 */
export function rich(text) {
  const nodes = [];
  const pattern = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) nodes.push(document.createTextNode(text.slice(at, m.index)));
    if (m[1] !== undefined) {
      const code = document.createElement('code');
      code.textContent = m[1];
      nodes.push(code);
    } else {
      const a = document.createElement('a');
      a.textContent = m[2];
      a.href = m[3];
      if (!m[3].startsWith('#')) Object.assign(a, { target: '_blank', rel: 'noopener' });
      nodes.push(a);
    }
    at = m.index + m[0].length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

/** Fills every `[data-i18n]` element under `root` with its key's words (rich text). */
export function translate(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.replaceChildren(...rich(t(node.dataset.i18n)));
}
