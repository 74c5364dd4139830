//! The layering the architecture promises, read from the source (the one test here that does
//! not drive the binary): no two modules import each other, directly or round a circle, and
//! the model — the pure core — imports nothing from reading, checking, rendering or commands.
//!
//! A module is a file's path two levels deep (`model::pace`, `render::annex`, `cli`); an edge
//! is a `crate::a::b` or `super::b` path outside comments and `#[cfg(test)]` code. A path to a
//! module's own parent (its re-exports, `use super::{Plan, Status}`) is not an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::workdir::repo;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// `render::diff::view` from `src/render/diff/view.rs`; `render::diff` from its `mod.rs`.
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        parts.pop();
    }
    parts.join("::")
}

fn two_levels(module: &str) -> String {
    module.split("::").take(2).collect::<Vec<_>>().join("::")
}

/// The identifiers joined by `::` that follow `prefix` at each place it occurs in `line`.
fn paths_after<'l>(line: &'l str, prefix: &str) -> Vec<&'l str> {
    line.match_indices(prefix)
        .map(|(at, _)| {
            let rest = &line[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches(':')
        })
        .filter(|path| !path.is_empty())
        .collect()
}

fn add_files(dir: &Path, src: &Path, graph: &mut Graph) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            add_files(&path, src, graph);
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let module = module_of(path.strip_prefix(src).unwrap());
        let from = two_levels(&module);
        let parent = module.rsplit_once("::").map_or("", |(parent, _)| parent);
        let text = std::fs::read_to_string(&path).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut targets = Vec::new();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            targets.extend(paths_after(line, "crate::").into_iter().map(two_levels));
            for path in paths_after(line, "super::") {
                let name = path.split("::").next().unwrap_or_default();
                let full = if parent.is_empty() {
                    name.to_string()
                } else {
                    format!("{parent}::{name}")
                };
                targets.push(two_levels(&full));
            }
        }
        let edges = graph.entry(from.clone()).or_default();
        for to in targets {
            let related = to == from
                || from.starts_with(&format!("{to}::"))
                || to.starts_with(&format!("{from}::"));
            if !related {
                edges.insert(to);
            }
        }
    }
}

fn source_graph() -> Graph {
    let src = repo().join("src");
    let mut graph = Graph::new();
    add_files(&src, &src, &mut graph);
    graph
}

/// A circle through `start`, if there is one.
fn circle_from(graph: &Graph, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                let mut circle = path.clone();
                circle.push(next.clone());
                return Some(circle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push(longer);
            }
        }
    }
    None
}

#[test]
fn no_two_modules_import_each_other_round_any_circle() {
    let graph = source_graph();
    assert!(graph.contains_key("model::pace") && graph.contains_key("render::annex"));
    let circles: Vec<String> = graph
        .keys()
        .filter_map(|start| circle_from(&graph, start))
        .map(|circle| circle.join(" → "))
        .collect();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_model_imports_nothing_but_the_model() {
    let graph = source_graph();
    let outside: Vec<(&String, &String)> = graph
        .iter()
        .filter(|(from, _)| from.starts_with("model"))
        .flat_map(|(from, tos)| tos.iter().map(move |to| (from, to)))
        .filter(|(_, to)| !to.starts_with("model"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let mut graph = Graph::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph.entry(from.into()).or_default().insert(to.into());
    }
    assert_eq!(
        circle_from(&graph, "a").map(|c| c.join(" ")),
        Some("a b c a".into())
    );
    assert_eq!(circle_from(&graph, "d"), None);
    assert_eq!(
        paths_after("use super::grid::{TaskIx};", "super::"),
        ["grid"]
    );
    assert_eq!(
        paths_after("x crate::model::pace::Rate y", "crate::"),
        ["model::pace::Rate"]
    );
    assert_eq!(module_of(Path::new("render/diff/mod.rs")), "render::diff");
}
