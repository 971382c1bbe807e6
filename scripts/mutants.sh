#!/usr/bin/env bash
# Mutation testing of baggage-core and baggage-derive with cargo-mutants: which changes to the
# code the tests would notice. The whole run takes over an hour (about 1,470 mutants in
# baggage-core, some 3 seconds each on two cores),
# so it is not part of .ci/run; run it on the files a change touches.
#
#   scripts/mutants.sh --file '**/codec/escape.rs'          # one file of baggage-core
#   scripts/mutants.sh --package baggage-derive --file '**/check.rs'
#   scripts/mutants.sh --file '**/codec/*.rs' --iterate     # only what the last run missed
#
# The mutants of a file are tested by the unit tests of its own crate (`--lib`: the crate alone
# is rebuilt, a few seconds a mutant). The facade's tests/ would rebuild and run some forty test
# binaries for each mutant, minutes each on two cores, so a file's survivors are killed with
# unit tests next to it. Results: mutants.out/ (outcomes.json, caught.txt, missed.txt,
# timeout.txt, unviable.txt). Mutants that cannot change behaviour are listed, each with its
# reason, in scripts/mutants-equivalent.txt; the script ends by naming the missed ones that are
# not.
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

status=0
cargo mutants --package "$package" "${files[@]}" --jobs 2 --all-features \
  --test-package "$package" --cargo-test-arg=--lib || status=$?

# The missed mutants that are not listed as equivalent: each wants a test that kills it.
if [ -f mutants.out/missed.txt ]; then
  listed=$(grep -v '^#' scripts/mutants-equivalent.txt | sed 's/ :: .*//')
  unlisted=$(sed -E 's/:[0-9]+:[0-9]+:/:/' mutants.out/missed.txt | grep -vxF "$listed" || true)
  if [ -n "$unlisted" ]; then
    echo "missed, and not listed in scripts/mutants-equivalent.txt:"
    echo "$unlisted"
  else
    echo "every missed mutant is listed in scripts/mutants-equivalent.txt"
  fi
fi
exit "$status"
