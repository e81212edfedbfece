#!/usr/bin/env bash
# Checks that a refactoring changed no result: builds plexus at BASE (a git revision) in a separate
# worktree, runs every example model, the spiking worm under each stimulus with seeds 1–3,
# a store build, import and export with both binaries, and compares every spike, weight
# and store file byte for byte (pictures and summaries, which hold wall times, are skipped).
#
#   bash scripts/check-identical-outputs.sh BASE_REVISION [DURATION_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: check-identical-outputs.sh BASE_REVISION [DURATION_MS]}
duration=${2:-200}
work=$(mktemp -d /tmp/plexus-identical.XXXXXX)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=0

git worktree add --detach "$work/base" "$base" >/dev/null
echo "building $base …" >&2
swift build -c release --product plexus --package-path "$work/base" --scratch-path "$PWD/.build-base" >/dev/null
swift build -c release --product plexus >/dev/null
old="$PWD/.build-base/release/plexus"
new="$PWD/.build/release/plexus"
store="$work/celegans.h5"
cp connectomes/celegans.h5 "$store" 2>/dev/null || "$new" connectome info cook2019_herm >/dev/null && cp connectomes/celegans.h5 "$store"

failures=0
skipped=0
compare() {  # compare DIR_A DIR_B LABEL
    for file in spikes.h5 spikes.csv spikes.nwb weights.csv weights.h5 voltage.h5 out.h5 out.csv; do
        if [ -e "$1/$file" ] || [ -e "$2/$file" ]; then
            if cmp -s "$1/$file" "$2/$file"; then echo "  same      $3 $file"; else echo "  DIFFERENT $3 $file"; failures=$((failures + 1)); fi
        fi
    done
}
run_both() {  # run_both LABEL OLD_ARGS... -- NEW_ARGS...
    local label=$1; shift
    local old_args=() new_args=()
    while [ "$1" != "--" ]; do old_args+=("$1"); shift; done; shift
    new_args=("$@")
    mkdir -p "$work/old/$label" "$work/new/$label"
    if ! "$old" "${old_args[@]}" --out "$work/old/$label" --quiet >/dev/null 2>"$work/old/$label.err"; then
        # A model the base cannot run (added since) has nothing to compare against.
        echo "  skipped   $label: the base revision cannot run it ($(head -c 200 "$work/old/$label.err"))"
        skipped=$((skipped + 1))
        return
    fi
    "$new" "${new_args[@]}" --out "$work/new/$label" --quiet >/dev/null
    compare "$work/old/$label" "$work/new/$label" "$label"
}

for model in examples/*.json; do
    name=$(basename "$model" .json)
    case $name in voxel_graph) continue ;; esac   # needs a generated 10^8-edge store (bench/run-scale.sh)
    args=(simulate "$model" --duration "$duration" --store "$store")
    run_both "$name" "${args[@]}" -- "${args[@]}"
done
for stimulus in touch-anterior touch-posterior nociception; do
    for seed in 1 2 3; do
        args=(simulate celegans --stimulus "$stimulus" --seed "$seed" --store "$store")
        run_both "worm-lif-$stimulus-$seed" "${args[@]}" -- "${args[@]}" --model lif
    done
done
# Stores: import and export through both binaries.
"$old" connectome export cook2019_herm --format csv --out "$work/cook.csv" --store "$store" >/dev/null
for who in old new; do
    bin=$old; [ $who = new ] && bin=$new
    mkdir -p "$work/$who/store"
    "$bin" connectome import csv "$work/cook.csv" --name imported --store "$work/$who/store/out.h5" >/dev/null
    "$bin" connectome export cook2019_herm --format csv --out "$work/$who/store/out.csv" --store "$store" >/dev/null
done
compare "$work/old/store" "$work/new/store" store

echo "identical outputs: $([ "$failures" -eq 0 ] && echo "all compared files identical" || echo "$failures files differ"); $skipped runs skipped (the base cannot run them)"
[ "$failures" -eq 0 ]
