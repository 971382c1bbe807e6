#!/usr/bin/env bash
# Mutation testing of baggage-core and baggage-derive with cargo-mutants: which changes to the
# code the tests would notice. The whole run takes hours (about 1,400 mutants in baggage-core),
# so it is not part of .ci/run; run it on the files a change touches.
#
#   scripts/mutants.sh --file '**/codec/escape.rs'          # one file of baggage-core
#   scripts/mutants.sh --package baggage-derive --file '**/check.rs'
#   scripts/mutants.sh --all-tests --file '**/codec/escape.rs'  # with every test of the workspace
#
# By default the mutants of a file are tested by the unit tests of its own crate (fast: the
# crate alone is rebuilt); --all-tests runs the whole workspace's tests but the compile-fail
# suite, which catches more and takes several times longer. Results: mutants.out/ (outcomes.json,
# caught.txt, missed.txt, timeout.txt, unviable.txt). Mutants that cannot change behaviour are
# listed, each with its reason, in scripts/mutants-equivalent.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=27.1.0
if ! cargo mutants --version 2>/dev/null | grep -q "$VERSION"; then
  cargo install cargo-mutants --locked --version "$VERSION"
fi

package=baggage-core
files=()
all_tests=false
while [ $# -gt 0 ]; do
  case "$1" in
    --file) files+=(--file "$2"); shift 2 ;;
    --package) package="$2"; shift 2 ;;
    --all-tests) all_tests=true; shift ;;
    *) echo "usage: scripts/mutants.sh [--package baggage-core|baggage-derive] [--file GLOB]... [--all-tests]" >&2; exit 2 ;;
  esac
done

if $all_tests; then
  tests=(--test-workspace=true --all-features --cargo-test-arg=--lib --cargo-test-arg=--tests
         -- -- --skip compile_errors)
else
  tests=(--test-package "$package" --cargo-test-arg=--lib)
fi
exec cargo mutants --package "$package" "${files[@]}" --jobs 2 "${tests[@]}"
