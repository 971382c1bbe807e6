//! Every test that SECURITY.md names as the proof of a defence exists.

use std::fs;
use std::path::Path;

/// The test names SECURITY.md lists after each `—`: backticked names separated by commas.
fn named_tests(text: &str) -> Vec<String> {
    let text = text.replace('\n', " ");
    let mut names = Vec::new();
    for segment in text.split('—').skip(1) {
        let mut rest = segment.trim_start();
        while let Some(after) = rest.strip_prefix('`') {
            let Some((name, tail)) = after.split_once('`') else {
                break;
            };
            names.push(name.to_owned());
            rest = tail.trim_start().trim_start_matches(',').trim_start();
        }
    }
    names
}

fn sources(dir: &Path, out: &mut String) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push_str(&fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

#[test]
fn every_named_test_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let security = fs::read_to_string(root.join("SECURITY.md")).unwrap();
    let names = named_tests(&security);
    assert!(names.len() >= 20, "{names:?}");
    let mut code = String::new();
    for dir in ["tests", "baggage-core/src", "baggage-rules/src", "src"] {
        sources(&root.join(dir), &mut code);
    }
    let missing: Vec<_> = names
        .iter()
        .filter(|name| !code.contains(&format!("fn {name}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "SECURITY.md names tests that do not exist: {missing:?}"
    );
}

/// Every source file SECURITY.md points to is where it says.
#[test]
fn every_named_file_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let security = fs::read_to_string(root.join("SECURITY.md")).unwrap();
    let files: Vec<&str> = security
        .split('`')
        .skip(1)
        .step_by(2)
        // Globs (`tests/ui/pii/*.rs`) name folders of cases, checked by the UI test itself.
        .filter(|quoted| quoted.ends_with(".rs") && quoted.contains('/') && !quoted.contains('*'))
        .collect();
    assert!(files.len() >= 2, "{files:?}");
    let missing: Vec<_> = files
        .iter()
        .filter(|file| !root.join(file).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "SECURITY.md names files that do not exist: {missing:?}"
    );
}
