// The framed page's side of the embed protocol (see README, "For course
// authors"). When the page runs inside a frame it tells its parent:
//   {type: 'playground:ready', modes, isolated, threads, isolation}
//   {type: 'playground:resize', height}   its content's height, on load and on every change
//   {type: 'playground:result', demo, ok, total_ms, summary, error?, id?}
// and it answers {type: 'playground:run', demo, params, id?} with the result
// of that run, its parameters checked as on the API. A result message carries
// words and numbers only — never a user's files or a fetched body.

/** The height the embedded lesson wants: its header and its run pane's content, or the page's. */
function contentHeight() {
  const section = document.querySelector('main > section:not([hidden])');
  const pane = section?.querySelector('.run-pane');
  if (!pane || getComputedStyle(pane).overflowY === 'visible') return Math.ceil(document.documentElement.scrollHeight);
  const box = pane.getBoundingClientRect();
  const bottom = Math.max(...[...pane.children].filter((c) => c.offsetParent !== null).map((c) => c.getBoundingClientRect().bottom), box.top);
  const content = bottom - box.top + pane.scrollTop + parseFloat(getComputedStyle(pane).paddingBottom) + 2;
  const above = box.top + window.scrollY;
  return Math.ceil(above + Math.max(content, 420) + 16);
}

/** What a parent may learn of a result: its demo, outcome and timing, and one sentence. */
function summary(result, headline, id) {
  const message = { type: 'playground:result', demo: result.demo, ok: result.ok, total_ms: result.total_ms };
  if (result.ok) message.summary = headline(result);
  else Object.assign(message, { summary: result.error, error: result.error, error_code: result.error_code });
  if (id !== undefined) message.id = id;
  return message;
}

/**
 * Starts the protocol if this page is in a frame. `headline(result)` words a
 * result as the panel's status line does.
 */
export function startEmbedProtocol(playground, headline) {
  const parent = window.parent;
  if (parent === window) return;
  const post = (message) => parent.postMessage(message, '*');
  playground.ready.then(
    (info) => post({ type: 'playground:ready', modes: info.modes, isolated: info.isolated, threads: info.threads, isolation: info.isolation }),
    (err) => post({ type: 'playground:ready', error: err.message }),
  );
  let last = 0;
  const resize = () => {
    const height = contentHeight();
    if (Math.abs(height - last) < 1) return;
    last = height;
    post({ type: 'playground:resize', height });
  };
  const observer = new ResizeObserver(resize);
  observer.observe(document.body);
  const watch = () => document.querySelectorAll('.run-pane > *').forEach((el) => observer.observe(el));
  new MutationObserver(() => {
    watch();
    resize();
  }).observe(document.querySelector('main'), { childList: true, subtree: true });
  watch();
  resize();
  // Every run — from the panel's button or asked for by the parent — is reported.
  const run = playground.run;
  playground.run = async (name, params) => {
    const result = await run(name, params);
    post(summary(result, headline, undefined));
    return result;
  };
  window.addEventListener('message', async (event) => {
    const data = event.data;
    if (event.source !== parent || data?.type !== 'playground:run') return;
    const result = await run(data.demo, data.params ?? {});
    post(summary(result, headline, data.id));
  });
}
