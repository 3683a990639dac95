//! The demos, one folder each, and the one list of them on the Rust side:
//! each demo's name, the lesson the page shows (`include_str!` of the very
//! file compiled here, so it cannot drift from what ran), our Python program
//! that does the same the tutorial's way, and its parameters' specs.

pub mod blocking;
pub mod counter;
pub mod fetch;
pub mod grayscale;
pub mod map;
pub mod queue;
pub mod tasks;

use crate::error::Spec;

/// One demo as the page knows it.
pub struct Demo {
    pub name: &'static str,
    pub rust: &'static str,
    pub python: &'static str,
    pub specs: &'static [Spec],
}

/// Every demo, in the order of the page's lessons.
pub const DEMOS: &[Demo] = &[
    Demo {
        name: "fetch",
        rust: include_str!("fetch/lesson.rs"),
        python: include_str!("../../python/fetch.py"),
        specs: fetch::SPECS,
    },
    Demo {
        name: "blocking",
        rust: include_str!("blocking/lesson.rs"),
        python: include_str!("../../python/blocking.py"),
        specs: blocking::SPECS,
    },
    Demo {
        name: "counter",
        rust: include_str!("counter/lesson.rs"),
        python: include_str!("../../python/counter.py"),
        specs: counter::SPECS,
    },
    Demo {
        name: "tasks",
        rust: include_str!("tasks/lesson.rs"),
        python: include_str!("../../python/tasks.py"),
        specs: tasks::SPECS,
    },
    Demo {
        name: "map",
        rust: include_str!("map/lesson.rs"),
        python: include_str!("../../python/map.py"),
        specs: map::SPECS,
    },
    Demo {
        name: "queue",
        rust: include_str!("queue/lesson.rs"),
        // Not queue.py: that name would shadow the standard library's `queue`,
        // which multiprocessing imports, when the program is run from python/.
        python: include_str!("../../python/queue_demo.py"),
        specs: queue::SPECS,
    },
    Demo {
        name: "grayscale",
        rust: include_str!("grayscale/lesson.rs"),
        python: include_str!("../../python/grayscale.py"),
        specs: grayscale::SPECS,
    },
];

/// The demo called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Demo> {
    DEMOS.iter().find(|d| d.name == name)
}
