// The one list of demos on the JavaScript side. The page, its lesson list,
// playground.demos, both kinds of worker and the tests all iterate this list;
// the Rust side lists the same names (src/demos/mod.rs) and a test checks
// that the two agree. Adding a demo: its Rust folder and web shell, its
// descriptor here, and its Python program.
import fetchDemo from './fetch.js';
import blocking from './blocking.js';
import counter from './counter.js';
import semaphore from './semaphore.js';
import condition from './condition.js';
import tasks from './tasks.js';
import map from './map.js';
import queue from './queue.js';
import pipe from './pipe.js';
import grayscale from './grayscale.js';

/** In lesson order; each descriptor's `group` is its model. */
export const DEMOS = [fetchDemo, blocking, counter, semaphore, condition, tasks, map, queue, pipe, grayscale];

/** The three models, in the order the page teaches them. */
export const GROUPS = ['coroutines', 'threads', 'processes'];
