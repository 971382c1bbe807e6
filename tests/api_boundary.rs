//! The shape of the public API, checked on the sources: a public struct with public fields is
//! `#[non_exhaustive]` (so a new field is not a breaking change), and hidden items live only in
//! `__private`.

use std::fs;
use std::path::{Path, PathBuf};

/// Newtypes whose one public field is their whole meaning: a wrapper, not a record that grows.
const NEWTYPES: &[&str] = &["TypedBaggage", "BaggageRejection", "OptionalBaggage"];

/// The hidden items outside `__private`, each with why it cannot move there.
const HIDDEN_OUTSIDE_PRIVATE: &[(&str, &str)] = &[
    // `__private` itself is declared hidden, in baggage-core and re-exported by the facade.
    ("baggage-core/src/lib.rs", "pub mod __private;"),
    ("src/lib.rs", "pub mod __private {"),
    // `#[macro_export]` puts a macro at its crate's root, whatever module defines it.
    (
        "baggage-core/src/lib.rs",
        "macro_rules! __baggage_tracing_impl",
    ),
    (
        "src/lib.rs",
        "pub use baggage_core::__baggage_tracing_impl;",
    ),
    ("src/tracing.rs", "macro_rules! __baggage_tracing_impl"),
];

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src", "baggage-core/src", "baggage-rules/src"] {
        walk(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 20, "sources not found: {files:?}");
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The attributes right above line `index`.
fn attributes(lines: &[&str], index: usize) -> Vec<String> {
    lines[..index]
        .iter()
        .rev()
        .map(|line| line.trim())
        .take_while(|line| line.starts_with("#[") || line.starts_with("///"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn public_structs_with_public_fields_are_non_exhaustive() {
    let mut offenders = Vec::new();
    for path in sources() {
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let Some(rest) = line.trim().strip_prefix("pub struct ") else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if path.to_string_lossy().contains("private") || NEWTYPES.contains(&name.as_str()) {
                continue;
            }
            let public_field = if rest.contains("(pub ") {
                true
            } else if rest.trim_end().ends_with('{') {
                lines[index + 1..]
                    .iter()
                    .take_while(|line| line.trim() != "}")
                    .any(|line| line.trim().starts_with("pub ") && line.contains(':'))
            } else {
                false
            };
            let non_exhaustive = attributes(&lines, index)
                .iter()
                .any(|attribute| attribute == "#[non_exhaustive]");
            if public_field && !non_exhaustive {
                offenders.push(format!("{}:{}: {name}", relative(&path), index + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "public fields without #[non_exhaustive]:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn hidden_items_live_in_private() {
    let mut unexpected = Vec::new();
    for path in sources() {
        let file = relative(&path);
        if file.starts_with("baggage-core/src/private/") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            if line.trim() != "#[doc(hidden)]" {
                continue;
            }
            let item = lines[index + 1..]
                .iter()
                .map(|line| line.trim())
                .find(|line| !line.starts_with("#[") && !line.starts_with("///"))
                .unwrap_or_default();
            let known = HIDDEN_OUTSIDE_PRIVATE
                .iter()
                .any(|(known_file, known_item)| {
                    file == *known_file && item.starts_with(known_item)
                });
            if !known {
                unexpected.push(format!("{file}:{}: {item}", index + 1));
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "hidden items outside __private:\n{}",
        unexpected.join("\n")
    );
}
