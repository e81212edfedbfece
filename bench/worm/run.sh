#!/usr/bin/env bash
# The graded worm's benchmarks (docs/celegans.md "Performance"), release build, one machine:
#  - a 3 s anterior-touch run at dt 0.1 ms: integration time on one core (Plexus reports it) and
#    end to end, median of REPS runs, against the same integrator in numpy/scipy sparse
#    (bench/worm/numpy_reference.py) run interleaved;
#  - the full 302-neuron perturbation map on all cores;
#  - scripts/demo.sh end to end once the build exists.
#
#   bash bench/worm/run.sh [REPS]
set -euo pipefail
cd "$(dirname "$0")/../.."
reps=${1:-5}
source bench/venv.sh
# bench/.venv is shared with the simulator benchmarks, whose brian2 pins numpy 2.3.
ensure_venv bench/.venv bench/worm/requirements.txt
swift build -c release --product plexus >/dev/null
plexus=.build/release/plexus
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$plexus" connectome list >/dev/null   # builds the shipped store once, outside the timings

plexus_sim=(); plexus_wall=(); numpy_sim=()
for rep in $(seq "$reps"); do
    start=$(date +%s.%N)
    "$plexus" simulate celegans --out "$work/run" --quiet --json > "$work/summary.json"
    end=$(date +%s.%N)
    plexus_wall+=("$(echo "$end - $start" | bc -l)")
    plexus_sim+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["simulation"]["simulationSeconds"])' "$work/summary.json")")
    read -r seconds backward forward < <(bench/.venv/bin/python bench/worm/numpy_reference.py)
    numpy_sim+=("$seconds")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
ps=$(median "${plexus_sim[@]}"); pw=$(median "${plexus_wall[@]}"); ns=$(median "${numpy_sim[@]}")
echo "3 s graded worm, dt 0.1 ms, 1 thread, median of $reps:"
printf '  Plexus integration %.3f s (target ≤ 0.2 s), end to end %.3f s\n' "$ps" "$pw"
printf '  numpy/scipy sparse integration %.3f s (responses B %s, F %s) → Plexus %.1f× faster\n' "$ns" "$backward" "$forward" "$(echo "$ns / $ps" | bc -l)"

start=$(date +%s.%N)
"$plexus" simulate celegans --perturbation-map --out "$work/map" --quiet >/dev/null
end=$(date +%s.%N)
printf 'Perturbation map, 302 × 302, %d cores: %.1f s (target ≤ 40 s)\n' "$(nproc)" "$(echo "$end - $start" | bc -l)"

start=$(date +%s.%N)
bash scripts/demo.sh --out "$work/demo" >/dev/null
end=$(date +%s.%N)
printf 'scripts/demo.sh end to end (packages and build present): %.2f s (target ≤ 5 s)\n' "$(echo "$end - $start" | bc -l)"
