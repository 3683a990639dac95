// Concurrency Playground for course pages: include this script once, e.g.
//   <script src="https://…/embed.js" defer></script>
// and every playground <iframe> on the page is sized to its content from the
// frame's playground:resize messages (so it never shows a scrollbar of its
// own). The frame's other messages — playground:ready, playground:result —
// are dispatched on its <iframe> element as DOM events of the same name,
// with the message as `detail`; and
//   ConcurrencyPlayground.run(iframe, 'counter', {threads: 4}) → Promise of
// {demo, ok, total_ms, summary, error?}. Without this script the plain
// <iframe> still works, at the height it was given.
(() => {
  const pending = new Map();
  let next = 1;
  const frameOf = (source) => [...document.querySelectorAll('iframe')].find((f) => f.contentWindow === source);
  window.addEventListener('message', (event) => {
    const data = event.data;
    if (!data || typeof data.type !== 'string' || !data.type.startsWith('playground:')) return;
    const frame = frameOf(event.source);
    if (!frame) return;
    if (data.type === 'playground:resize' && Number.isFinite(data.height)) {
      frame.style.height = `${Math.round(Math.min(Math.max(data.height, 200), 5000))}px`;
    }
    if (data.type === 'playground:result' && pending.has(data.id)) {
      pending.get(data.id)(data);
      pending.delete(data.id);
    }
    frame.dispatchEvent(new CustomEvent(data.type, { detail: data }));
  });
  window.ConcurrencyPlayground = {
    /** Runs `demo` with `params` in the playground shown by `iframe`; resolves with its result message. */
    run(iframe, demo, params = {}) {
      const id = `run-${next++}`;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        iframe.contentWindow.postMessage({ type: 'playground:run', demo, params, id }, '*');
      });
    },
  };
})();
