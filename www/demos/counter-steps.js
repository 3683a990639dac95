// "Be the scheduler", beside the counter's real run (after The Deadlock
// Empire): two threads each do `counter += 1` once, shown as the steps the
// machine really takes — CPython's bytecode for it (`dis` on Python 3.11:
// LOAD_GLOBAL; LOAD_CONST 1 + BINARY_OP +=; STORE_GLOBAL) beside the Rust
// `racy` variant's read and write — and the learner picks which thread takes
// the next step. With the lock on, the steps are acquire … release and a
// thread waiting for the lock cannot step. How many of all the possible
// orders lose an update is enumerated here, not written down.

import { el } from '../dom.js';
import { rich, t } from '../i18n.js';

/** One thread's program: each step's name (a catalog key), CPython bytecode, and Rust. */
const STEPS = {
  acquire: ['steps.step.acquire', 'with lock:  (lock.acquire())', 'let mut c = counter.lock().unwrap();'],
  load: ['steps.step.load', 'LOAD_GLOBAL counter', 'let seen = counter.load(Relaxed);'],
  add: ['steps.step.add', 'LOAD_CONST 1 · BINARY_OP 13 (+=)', 'seen + 1'],
  store: ['steps.step.store', 'STORE_GLOBAL counter', 'counter.swap(seen + 1, Relaxed);'],
  release: ['steps.step.release', '(end of with: lock.release())', '} // the guard drops: unlocked'],
};
const program = (locked) => (locked ? ['acquire', 'load', 'add', 'store', 'release'] : ['load', 'add', 'store']);
const THREADS = ['A', 'B'];

/** The state after playing `order` (a list of thread indexes) with or without the lock. */
function play(order, locked) {
  const steps = program(locked);
  const s = { counter: 0, owner: null, pc: [0, 0], local: [null, null], stack: [null, null] };
  for (const t of order) {
    const step = steps[s.pc[t]];
    if (!enabled(s, t, steps)) throw new Error(`thread ${THREADS[t]} cannot ${step} now`);
    if (step === 'acquire') s.owner = t;
    if (step === 'release') s.owner = null;
    if (step === 'load') s.local[t] = s.counter;
    if (step === 'add') s.stack[t] = s.local[t] + 1;
    if (step === 'store') s.counter = s.stack[t];
    s.pc[t] += 1;
  }
  return s;
}

/** Whether thread `t` may take its next step: it has one, and no one else holds the lock it needs. */
export function enabled(s, t, steps) {
  if (s.pc[t] >= steps.length) return false;
  return !(steps[s.pc[t]] === 'acquire' && s.owner !== null && s.owner !== t);
}

/** Every order the scheduler could choose, played out: `{orders, losing}`. */
export function enumerate(locked) {
  const steps = program(locked);
  let orders = 0;
  let losing = 0;
  const walk = (order) => {
    const s = play(order, locked);
    const next = [0, 1].filter((t) => enabled(s, t, steps));
    if (!next.length) {
      orders += 1;
      if (s.counter !== 2) losing += 1;
      return;
    }
    for (const t of next) walk([...order, t]);
  };
  walk([]);
  return { orders, losing };
}


/** Builds the step mode into `container` (the counter's run pane). */
export function mount(container) {
  let order = [];
  const lock = el('input', { type: 'checkbox', id: 'counter-steps-lock' });
  const shared = el('p', { class: 'shared', id: 'counter-steps-shared', 'aria-live': 'polite' });
  const verdict = el('p', { class: 'verdict', id: 'counter-steps-verdict', role: 'status' });
  const count = el('p', { class: 'note', id: 'counter-steps-count' });
  const history = el('p', { class: 'note', id: 'counter-steps-order' });
  const undo = el('button', { type: 'button', id: 'counter-steps-undo' }, t('steps.undo'));
  const reset = el('button', { type: 'button', id: 'counter-steps-reset' }, t('steps.reset'));
  const cards = THREADS.map((name, th) => {
    const list = el('ol');
    const local = el('p', { class: 'note' });
    const button = el('button', { type: 'button', id: `counter-step-${name.toLowerCase()}` });
    button.addEventListener('click', () => {
      order.push(th);
      render();
      button.focus();
    });
    return { list, local, button, card: el('div', { class: 'thread' }, el('h4', {}, t('steps.thread', { name })), list, local, button) };
  });
  const section = el('section', { class: 'stepper', id: 'counter-steps', 'aria-labelledby': 'counter-steps-title' },
    el('h3', { id: 'counter-steps-title' }, t('steps.title')),
    el('p', { class: 'note' }, ...rich(t('steps.intro'))),
    el('label', {}, lock, ' ', ...rich(t('steps.lock'))),
    el('div', { class: 'threads' }, ...cards.map((c) => c.card)),
    shared, verdict, history, el('div', { class: 'buttons' }, undo, reset), count);
  container.append(section);

  function render() {
    const locked = lock.checked;
    const steps = program(locked);
    const s = play(order, locked);
    cards.forEach(({ list, local, button }, th) => {
      list.replaceChildren(...steps.map((step, i) => {
        const [what, python, rust] = STEPS[step];
        return el('li', { class: i < s.pc[th] ? 'done' : i === s.pc[th] ? 'next' : undefined }, `${t(what)}: ${python}  ·  ${rust}`);
      }));
      const copy = s.local[th] === null ? t('steps.copy_none') : s.stack[th] === null ? t('steps.copy_read', { read: s.local[th] }) : t('steps.copy_write', { read: s.local[th], write: s.stack[th] });
      local.textContent = copy;
      const next = steps[s.pc[th]];
      const waiting = next === 'acquire' && s.owner !== null && s.owner !== th;
      button.disabled = !enabled(s, th, steps);
      const words = { name: THREADS[th], step: next ? t(STEPS[next][0]) : '' };
      button.textContent = next ? t(waiting ? 'steps.button_waits' : 'steps.button', words) : t('steps.thread_done', words);
    });
    shared.textContent = s.owner === null ? t('steps.shared', { value: s.counter }) : t('steps.shared_held', { value: s.counter, name: THREADS[s.owner] });
    history.textContent = order.length
      ? t('steps.order', { order: order.map((th, i) => `${THREADS[th]}-${t(STEPS[steps[order.slice(0, i).filter((u) => u === th).length]][0])}`).join(t('list.separator')) })
      : t('steps.no_step');
    const done = s.pc.every((pc) => pc === steps.length);
    verdict.className = 'verdict';
    if (!done) verdict.textContent = '';
    else if (s.counter === 2) verdict.textContent = t('steps.both');
    else {
      verdict.textContent = t('steps.lost', { value: s.counter });
      verdict.classList.add('lost');
    }
    const { orders, losing } = enumerate(locked);
    count.textContent = t(locked ? 'steps.count_locked' : 'steps.count', { orders, losing });
    undo.disabled = order.length === 0;
  }
  undo.addEventListener('click', () => {
    order.pop();
    render();
  });
  reset.addEventListener('click', () => {
    order = [];
    render();
  });
  lock.addEventListener('change', () => {
    order = [];
    render();
  });
  render();
}
