#!/usr/bin/env bash
# Mutation testing of baggage-core and baggage-derive with cargo-mutants: which changes to the
# code the tests would notice. The whole run takes hours (about 1,400 mutants in baggage-core),
# so it is not part of .ci/run; run it on the files a change touches.
#
#   scripts/mutants.sh --file '**/codec/escape.rs'          # one file of baggage-core
#   scripts/mutants.sh --package baggage-derive --file '**/check.rs'
#   scripts/mutants.sh --file '**/codec/*.rs' --iterate     # only what the last run missed
#
# The mutants of a file are tested by the unit tests of its own crate (fast: the crate alone is
# rebuilt). Most of the suite is the facade's tests/, which this does not run yet: with
# cargo-mutants 27.1, `--test-workspace=true` and `--test-package baggage` still ran only the
# mutated crate's tests here. Results: mutants.out/ (outcomes.json,
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
while [ $# -gt 0 ]; do
  case "$1" in
    --file) files+=(--file "$2"); shift 2 ;;
    --package) package="$2"; shift 2 ;;
    # Test again only the mutants the last run (in mutants.out/) missed or timed out on.
    --iterate) files+=(--iterate); shift ;;
    *) echo "usage: scripts/mutants.sh [--package baggage-core|baggage-derive] [--file GLOB]... [--iterate]" >&2; exit 2 ;;
  esac
done

exec cargo mutants --package "$package" "${files[@]}" --jobs 2 \
  --test-package "$package" --cargo-test-arg=--lib
