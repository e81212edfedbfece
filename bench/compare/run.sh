#!/usr/bin/env bash
# Comparison-module benchmark: rsatoolbox / himalaya / scikit-learn vs `plexus compare`.
#   bash bench/compare/run.sh                       # all workloads, 3 reps, 1 thread
#   bash bench/compare/run.sh --threads 1 2 --reps 3
#   bash bench/compare/run.sh --python-only --reps 1   # no Swift build, Python tools only
# Creates bench/compare/.venv from the comparison module's pinned requirements (the same pins
# as scripts/.venv-compare), builds plexus in release mode from the repo root, then runs
# compare_bench.py (other arguments go to it). Writes bench/results/compare-<date>.{json,md}.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
source "$here/../venv.sh"
ensure_venv "$venv" "$root/Tests/NeuralCompareTests/Fixtures/requirements.txt"

python_only=0
for arg in "$@"; do [ "$arg" = "--python-only" ] && python_only=1; done
plexus_args=()
if [ "$python_only" -eq 0 ]; then
  bash "$root/scripts/install-deps.sh"
  (cd "$root" && swift build -c release --product plexus)
  plexus_args=(--plexus "$(cd "$root" && swift build -c release --show-bin-path)/plexus")
fi
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
exec "$venv/bin/python" "$here/compare_bench.py" "${plexus_args[@]}" "$@"
