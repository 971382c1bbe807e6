#!/usr/bin/env bash
# How much CPU does `#[derive(Baggage)]` add to a user's crate, next to serde's derive +
# serde_json? Builds three copies of one 20-field struct (no derive, the Baggage derive, the
# serde derive) and times, round after round, the compile of each crate alone.
#
#   scripts/compile-cost/run.sh [--rounds N]
#
# On a shared machine: nice -n 19 env CARGO_BUILD_JOBS=1 scripts/compile-cost/run.sh
# Progress goes to stderr; the Markdown summary to stdout. See README.md.
set -euo pipefail
shopt -s inherit_errexit

usage() {
    sed -n '2,9s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

rounds=7
while (($# > 0)); do
    case "$1" in
        --rounds)
            (($# >= 2)) || { echo "run.sh: --rounds needs a number" >&2; exit 2; }
            rounds="$2"
            shift 2
            ;;
        --rounds=*)
            rounds="${1#--rounds=}"
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            echo "run.sh: unknown argument '$1'" >&2
            usage >&2
            exit 2
            ;;
    esac
done
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
    echo "run.sh: --rounds takes a positive integer, not '$rounds'" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/Cargo.toml"
# The harness's own target dir (gitignored), never the library's.
export CARGO_TARGET_DIR="$here/target"
# Non-incremental, as a clean or CI build of a user's crate is. Set for the warm-up too, so
# that the measured builds find the dependencies fresh.
export CARGO_INCREMENTAL=0
export CARGO_TERM_COLOR=never

# Directory, package name and table label of each crate, in the order they are built.
dirs=(plain baggage_derive serde_json)
packages=(cost-plain cost-baggage-derive cost-serde-json)
labels=(
    '`plain`: the struct, no derive'
    '`baggage_derive`: `#[derive(Baggage)]`'
    '`serde_json`: `#[derive(Serialize, Deserialize)]` + serde_json'
)
profiles=(debug release)

log="$CARGO_TARGET_DIR/compile-cost.log"
mkdir -p "$CARGO_TARGET_DIR"

cargo_build() { # profile, cargo arguments...
    local profile="$1"
    shift
    if [[ "$profile" == release ]]; then
        cargo build --manifest-path "$manifest" --release "$@"
    else
        cargo build --manifest-path "$manifest" "$@"
    fi
}

# 1. Dependencies, once per profile: baggage (and its derive, syn, ...), serde, serde_derive,
#    serde_json. Each crate is built on its own, as it is measured: built together, their
#    dependencies' features would be unified (`syn`'s, for one), and a crate built alone would
#    then rebuild them. The crates are built too, which also checks that they compile.
for profile in "${profiles[@]}"; do
    for i in "${!dirs[@]}"; do
        echo "== warm-up: ${packages[$i]} and its dependencies ($profile)" >&2
        cargo_build "$profile" -p "${packages[$i]}"
    done
done

# 2. One sample: CPU seconds (user + sys, of cargo and the rustc it runs) to rebuild one crate
#    after touching its source. Bash's `time` keyword counts the waited-for children, rustc
#    included, with millisecond resolution (GNU /usr/bin/time would give 10 ms). A sample in
#    which cargo compiled anything besides the crate (the library under it was edited meanwhile)
#    is thrown away and taken again, the dependency now fresh.
TIMEFORMAT='%3U %3S'
sample() { # index, profile -> prints CPU seconds
    local i="$1" profile="$2" attempt cpu compiled
    for attempt in 1 2 3; do
        touch "$here/${dirs[$i]}/src/lib.rs"
        cpu="$({ time cargo_build "$profile" -p "${packages[$i]}" >"$log" 2>&1; } 2>&1)" || {
            cat "$log" >&2
            echo "run.sh: building ${packages[$i]} ($profile) failed" >&2
            return 1
        }
        compiled="$(grep -c '^ *Compiling ' "$log" || true)"
        if [[ "$compiled" == 1 ]] && grep -q "^ *Compiling ${packages[$i]} " "$log"; then
            awk '{ printf "%.3f\n", $1 + $2 }' <<<"$cpu"
            return 0
        fi
        echo "   (${packages[$i]}, $profile: cargo compiled $compiled crates, not the one alone; sample taken again)" >&2
    done
    echo "run.sh: could not build ${packages[$i]} ($profile) alone in 3 attempts; see $log" >&2
    return 1
}

# 3. Rounds, interleaved (plain, derive, serde, plain, ...) so that a slow spell of the machine
#    falls on all three alike.
declare -A samples=()
for ((round = 1; round <= rounds; round++)); do
    for profile in "${profiles[@]}"; do
        line="== round $round/$rounds, $profile:"
        for i in "${!dirs[@]}"; do
            s="$(sample "$i" "$profile")"
            samples[$i,$profile]+="$s "
            line+=" ${dirs[$i]} ${s}s"
        done
        echo "$line" >&2
    done
done

median() { # numbers... -> median
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
range() { # numbers... -> "min–max"
    printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }'
}
declare -A med=()
for i in "${!dirs[@]}"; do
    for profile in "${profiles[@]}"; do
        # shellcheck disable=SC2086 # the samples are a space-separated list
        med[$i,$profile]="$(median ${samples[$i,$profile]})"
    done
done
cells() { # index -> the two table cells
    local i="$1" profile out=""
    for profile in "${profiles[@]}"; do
        out+=" $(printf '%.2f' "${med[$i,$profile]}")"
        if ((rounds > 1)); then
            # shellcheck disable=SC2086
            out+=" ($(range ${samples[$i,$profile]}))"
        fi
        out+=" |"
    done
    printf '%s' "$out"
}
added() { # index, profile[, sign] -> "+0.42" (or "0.42" without a sign)
    awk -v a="${med[$1,$2]}" -v b="${med[0,$2]}" -v f="${3:-%+.2f}" 'BEGIN { printf f, a - b }'
}

lock_version() { # package -> its version in Cargo.lock
    awk -v name="$1" '$1 == "name" && $3 == "\"" name "\"" { getline; gsub(/"/, "", $3); print $3; exit }' \
        "$here/Cargo.lock"
}
commit="$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$here/../.." status --porcelain -- src baggage-core baggage-derive 2>/dev/null)" ]]; then
    commit+=" with uncommitted changes"
fi

rows=()
for i in "${!dirs[@]}"; do
    rows+=("| ${labels[$i]} |$(cells "$i")")
done

if ((rounds > 1)); then
    spread=" (min–max)"
    what="median of $rounds interleaved rounds"
else
    spread=""
    what="a single round: one noisy sample each, not a median"
fi

cat <<EOF

### Compile cost of the derive

CPU seconds (user + sys) to compile one small crate holding a 20-field struct, its dependencies
already built; $what.

| crate | debug, CPU s$spread | release, CPU s$spread |
|---|---:|---:|
${rows[0]}
${rows[1]}
${rows[2]}
| added by \`#[derive(Baggage)]\` | $(added 1 debug) | $(added 1 release) |
| added by serde's derive + serde_json | $(added 2 debug) | $(added 2 release) |

\`#[derive(Baggage)]\` adds $(added 1 debug %.2f) s of CPU in debug and $(added 1 release %.2f) s in
release; serde's derive + serde_json add $(added 2 debug %.2f) s in debug and $(added 2 release %.2f) s
in release (the crate's median minus \`plain\`'s).

Each sample is the CPU time of \`touch src/lib.rs && cargo build -p <crate> [--release]\` with
\`CARGO_INCREMENTAL=0\`: the derive's expansion, then type checking and code generation of the
generated code and of the \`from_header\`/\`to_header\` (\`from_str\`/\`to_string\`) calls that
instantiate it. Cargo's own overhead (start-up, fingerprints) is in all three rows alike and
cancels in the differences. Not counted: building the dependencies once (\`baggage\`,
\`baggage-derive\`, \`syn\`; \`serde\`, \`serde_derive\`, \`serde_json\`). Reproduce with
\`scripts/compile-cost/run.sh --rounds $rounds\`.

$(rustc -V), CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-unset}, $(nproc) cores,
baggage at $commit,
serde $(lock_version serde), serde_json $(lock_version serde_json), $(date -u +%Y-%m-%d).
EOF
