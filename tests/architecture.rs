//! The order of `src/`, kept: shared layers import no feature, a feature
//! imports only features below it (or beside it, without a loop), and no
//! files of different features import each other round in a loop. The
//! imports are read from the source as `tests/authorization.rs` reads the
//! routes: every `crate::` and `super::` path, and every `mod` a file
//! declares, resolved to the file it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first; within a layer a feature may use another, without a loop.
const LAYERS: &[(&str, &[&str])] = &[
    ("shared layers", &["config", "clock", "db", "web", "auth", "email", "domain", "telemetry"]),
    ("base", &["vendors", "groups", "links", "partners"]),
    (
        "program content",
        &[
            "form_builder",
            "invites",
            "applications",
            "pipelines",
            "social",
            "resources",
            "banners",
            "tracking",
            "customers",
        ],
    ),
    ("money and reports", &["conversions", "rewards", "stats"]),
    (
        "areas and use cases",
        &["accounts", "partner_center", "api", "integration", "import", "demo", "seed", "home", "metrics"],
    ),
    ("the application", &["lib", "main", "startup", "build"]),
];

/// Imports against the order that remain, each with its reason.
const ALLOWED_UPWARD: &[(&str, &str, &str)] = &[
    ("groups", "stats", "the Groups page shows each group's all-time totals, which stats keeps"),
    ("partners", "stats", "All Partners and a partner's page show the partner's totals, which stats keeps"),
    ("partners", "customers", "a partner's page lists the customers credited to them"),
    ("pipelines", "conversions", "a won lead or deal becomes a customer and a sale through conversions::deals"),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The feature a file belongs to: its top folder, or its name at the top.
fn feature(file: &Path) -> String {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

fn layer(feature: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, features)| features.contains(&feature))
}

/// Loops among the shared layers are theirs to mind; for loops between
/// features they count as one.
fn unit(feature: &str) -> String {
    if layer(feature) == Some(0) { "shared layers".to_string() } else { feature.to_string() }
}

/// The deepest module file that `segments`, read from the folder `dir`, name.
fn resolve(dir: &Path, segments: &[&str]) -> Option<PathBuf> {
    let mut here = dir.to_path_buf();
    let mut found = None;
    for segment in segments {
        let (file, folder) = (here.join(format!("{segment}.rs")), here.join(segment));
        if file.is_file() {
            found = Some(file);
        } else if folder.join("mod.rs").is_file() {
            found = Some(folder.join("mod.rs"));
        } else {
            break;
        }
        here = folder;
    }
    found
}

/// The names a path ends in: `a::b::{c, d::e}` gives `a::b::c` and `a::b::d`.
fn paths_after(source: &str, start: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (at, _) in source.match_indices(start) {
        let rest = &source[at + start.len()..];
        let mut prefix: Vec<String> = Vec::new();
        let mut rest = rest;
        loop {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if name.is_empty() {
                if let Some(group) = rest.strip_prefix('{') {
                    let inner = group.split('}').next().unwrap_or_default();
                    for item in inner.split(',') {
                        let first =
                            item.trim().split("::").next().unwrap_or_default().split(' ').next().unwrap_or_default();
                        let mut path = prefix.clone();
                        if !first.is_empty() && first != "self" {
                            path.push(first.to_string());
                        }
                        paths.push(path);
                    }
                }
                break;
            }
            prefix.push(name.clone());
            rest = &rest[name.len()..];
            match rest.strip_prefix("::") {
                Some(more) => rest = more,
                None => {
                    paths.push(prefix.clone());
                    break;
                }
            }
        }
    }
    paths
}

/// Each file with the files it imports or declares.
fn graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let root = src();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for file in rust_files(&root) {
        let source: String = std::fs::read_to_string(&file)
            .unwrap()
            .lines()
            .map(|line| line.split("//").next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        let dir = file.parent().unwrap().to_path_buf();
        let is_module_root = file.ends_with("mod.rs") || file == root.join("lib.rs") || file == root.join("main.rs");
        let own_folder = if is_module_root { dir.clone() } else { dir.join(file.file_stem().unwrap()) };
        let mut targets = BTreeSet::new();
        for path in paths_after(&source, "crate::") {
            let segments: Vec<&str> = path.iter().map(String::as_str).collect();
            targets.extend(resolve(&root, &segments));
        }
        let parent = if is_module_root { dir.parent().unwrap_or(&dir).to_path_buf() } else { dir.clone() };
        for path in paths_after(&source, "super::") {
            let segments: Vec<&str> = path.iter().map(String::as_str).collect();
            targets.extend(resolve(&parent, &segments).or_else(|| {
                let module = parent.join("mod.rs");
                module.is_file().then_some(module)
            }));
        }
        for line in source.lines() {
            let declared = line.trim().trim_start_matches("pub ").trim_start_matches("pub(crate) ");
            if let Some(name) = declared.strip_prefix("mod ").and_then(|rest| rest.strip_suffix(';')) {
                targets.extend(resolve(&own_folder, &[name.trim()]));
            }
        }
        targets.remove(&file);
        edges.insert(file, targets);
    }
    edges
}

fn short(file: &Path) -> String {
    file.strip_prefix(src()).unwrap().display().to_string()
}

#[test]
fn every_feature_has_its_place_in_the_order() {
    let unplaced: BTreeSet<String> =
        graph().keys().map(|file| feature(file)).filter(|feature| layer(feature).is_none()).collect();
    assert!(unplaced.is_empty(), "put these in LAYERS (and docs/architecture.md): {unplaced:?}");
}

#[test]
fn shared_layers_import_no_feature_and_features_import_only_below_them() {
    let mut wrong = BTreeSet::new();
    let mut used_exceptions = BTreeSet::new();
    for (file, targets) in graph() {
        let from = feature(&file);
        for target in targets {
            let to = feature(&target);
            let (Some(from_layer), Some(to_layer)) = (layer(&from), layer(&to)) else { continue };
            if from == to || to_layer <= from_layer {
                continue;
            }
            match ALLOWED_UPWARD.iter().find(|(a, b, _)| *a == from && *b == to) {
                Some(exception) if from_layer > 0 => {
                    used_exceptions.insert(*exception);
                }
                _ => {
                    wrong.insert(format!("{} -> {} ({from} is below {to})", short(&file), short(&target)));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the order:\n{}", wrong.into_iter().collect::<Vec<_>>().join("\n"));
    let stale: Vec<_> = ALLOWED_UPWARD.iter().filter(|exception| !used_exceptions.contains(*exception)).collect();
    assert!(stale.is_empty(), "exceptions no import needs any more: {stale:?}");
}

#[test]
fn no_files_of_different_features_import_each_other_round_in_a_loop() {
    let edges = graph();
    let loops: Vec<String> = strongly_connected(&edges)
        .into_iter()
        .filter(|files| files.iter().map(|file| unit(&feature(file))).collect::<BTreeSet<_>>().len() > 1)
        .map(|files| files.iter().map(|file| short(file)).collect::<Vec<_>>().join(", "))
        .collect();
    assert!(loops.is_empty(), "import loops between features:\n{}", loops.join("\n"));
}

/// Tarjan's strongly connected components, without recursion.
fn strongly_connected(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    let nodes: Vec<&PathBuf> = edges.keys().collect();
    let position: BTreeMap<&PathBuf, usize> = nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let next: Vec<Vec<usize>> =
        nodes.iter().map(|n| edges[*n].iter().filter_map(|t| position.get(t).copied()).collect()).collect();
    let (mut index, mut low, mut on_stack) =
        (vec![usize::MAX; nodes.len()], vec![0; nodes.len()], vec![false; nodes.len()]);
    let (mut stack, mut components, mut counter) = (Vec::new(), Vec::new(), 0);
    for start in 0..nodes.len() {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work = vec![(start, 0usize)];
        while let Some((node, child)) = work.pop() {
            if child == 0 {
                index[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = next[node].get(child) {
                work.push((node, child + 1));
                if index[target] == usize::MAX {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(nodes[member].clone());
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    components
}
