//! The demos, one folder each, and the one list of them on the Rust side:
//! each demo's name, the lesson the page shows (`include_str!` of the very
//! file compiled here, so it cannot drift from what ran), our Python program
//! that does the same the tutorial's way, and its parameters' specs.

pub mod blocking;
pub mod condition;
pub mod counter;
pub mod fetch;
pub mod grayscale;
pub mod map;
pub mod pipe;
pub mod queue;
pub mod semaphore;
pub mod tasks;

use crate::error::Spec;

/// One demo as the page knows it. The sources live in the plain module
/// only: the page reads them from there, and the threads module is lighter.
pub struct Demo {
    pub name: &'static str,
    #[cfg(not(feature = "threads"))]
    pub rust: &'static str,
    #[cfg(not(feature = "threads"))]
    pub python: &'static str,
    pub specs: &'static [Spec],
}

/// One entry of [`DEMOS`]: the demo's module, its lesson (`<name>/lesson.rs`,
/// the very file compiled as that module's `lesson`) and its Python program.
macro_rules! demo {
    ($name:ident, $python:literal) => {
        Demo {
            name: stringify!($name),
            #[cfg(not(feature = "threads"))]
            rust: include_str!(concat!(stringify!($name), "/lesson.rs")),
            #[cfg(not(feature = "threads"))]
            python: include_str!(concat!("../../python/", $python)),
            specs: $name::SPECS,
        }
    };
}

/// Every demo, in the order of the page's lessons.
pub const DEMOS: &[Demo] = &[
    demo!(fetch, "fetch.py"),
    demo!(blocking, "blocking.py"),
    demo!(counter, "counter.py"),
    demo!(semaphore, "semaphore.py"),
    demo!(condition, "condition.py"),
    demo!(tasks, "tasks.py"),
    demo!(map, "map.py"),
    // Not queue.py: that name would shadow the standard library's `queue`,
    // which multiprocessing imports, when the program is run from python/.
    demo!(queue, "queue_demo.py"),
    demo!(pipe, "pipe.py"),
    demo!(grayscale, "grayscale.py"),
];

/// The demo called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Demo> {
    DEMOS.iter().find(|d| d.name == name)
}
