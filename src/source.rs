//! The code the page shows: each demo's Rust file as compiled into this very
//! module (`include_str!`, so it cannot drift from what ran) and the Python
//! program of ours that does the same thing the tutorial's way.

/// `(demo name, Rust source, Python source)` for every demo on the page.
pub const DEMOS: &[(&str, &str, &str)] = &[
    (
        "grayscale",
        include_str!("demos/grayscale.rs"),
        include_str!("../python/grayscale.py"),
    ),
    (
        "counter",
        include_str!("demos/counter.rs"),
        include_str!("../python/counter.py"),
    ),
    (
        "tasks",
        include_str!("demos/tasks.rs"),
        include_str!("../python/tasks.py"),
    ),
    (
        "map",
        include_str!("demos/map.rs"),
        include_str!("../python/map.py"),
    ),
    (
        "fetch",
        include_str!("demos/fetch.rs"),
        include_str!("../python/fetch.py"),
    ),
    (
        "blocking",
        include_str!("demos/blocking.rs"),
        include_str!("../python/blocking.py"),
    ),
    (
        "queue",
        include_str!("demos/queue.rs"),
        include_str!("../python/queue_demo.py"),
    ),
];

/// The Rust and Python sources of a demo, or `None` for an unknown name.
pub fn source(name: &str) -> Option<(&'static str, &'static str)> {
    DEMOS
        .iter()
        .find(|(demo, _, _)| *demo == name)
        .map(|&(_, rust, python)| (rust, python))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_demo_has_both_sources() {
        for (name, rust, python) in super::DEMOS {
            assert!(
                rust.starts_with("//!"),
                "{name}: Rust source lacks module docs"
            );
            assert!(python.contains("def "), "{name}: Python source looks empty");
        }
        assert!(super::source("no-such-demo").is_none());
    }
}
