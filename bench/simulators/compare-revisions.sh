#!/usr/bin/env bash
# Plexus against Plexus: the simulation time of the harness's models (bench/simulators) with two
# binaries, interleaved rep by rep so both see the same machine load, on one thread. For
# refactorings that must not slow anything down (issue 13's "no benchmark gets slower").
#
#   bash bench/simulators/compare-revisions.sh OLD_PLEXUS NEW_PLEXUS [REPS] [MODEL ...]
#
# MODEL is cuba (1 s), brunel (1 s) or song2000 (100 s) (default: all three). Prints the
# median simulation seconds (`wallSeconds` of summary.json: the run, not reading or writing)
# of each and the ratio new / old.
set -euo pipefail
old=${1:?usage: compare-revisions.sh OLD_PLEXUS NEW_PLEXUS [REPS] [MODEL ...]}
new=${2:?usage: compare-revisions.sh OLD_PLEXUS NEW_PLEXUS [REPS] [MODEL ...]}
reps=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
models=("$@"); [ ${#models[@]} -eq 0 ] && models=(cuba brunel song2000)
cd "$(dirname "$0")/../.."
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
seconds() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["wallSeconds"])' "$1/summary.json"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $reps interleaved reps, 1 thread"
for model in "${models[@]}"; do
    case $model in
        cuba) args=(examples/cuba.json --duration 1000) ;;
        brunel) args=(examples/brunel.json --duration 1000) ;;
        song2000) args=(examples/song2000.json --duration 100000) ;;
        *) echo "unknown model $model (cuba, brunel, song2000)" >&2; exit 2 ;;
    esac
    a=(); b=()
    for rep in $(seq "$reps"); do
        "$old" simulate "${args[@]}" --threads 1 --out "$work/old" --quiet >/dev/null; a+=("$(seconds "$work/old")")
        "$new" simulate "${args[@]}" --threads 1 --out "$work/new" --quiet >/dev/null; b+=("$(seconds "$work/new")")
    done
    ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
    printf '%-9s old %7.3f s  new %7.3f s  new/old %.3f  (old: %s; new: %s)\n' "$model" "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)" "${a[*]}" "${b[*]}"
done
