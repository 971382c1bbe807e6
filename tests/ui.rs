//! The compile errors of the derives, one case per file under `tests/ui/<class>/`, each with its
//! expected `.stderr`. Regenerate with `TRYBUILD=overwrite cargo test --test ui`, then review.

#[test]
fn compile_errors() {
    let cases = trybuild::TestCases::new();
    for class in ["attr", "budget", "key", "pii", "shape", "type"] {
        cases.compile_fail(format!("tests/ui/{class}/*.rs"));
    }
}
