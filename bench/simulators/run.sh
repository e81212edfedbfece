#!/usr/bin/env bash
# Simulator benchmark: plexus (1 and 2 threads) vs NEST (1 and 2 threads) vs Brian2 C++ standalone.
#   bash bench/simulators/run.sh                          # all models, 3 interleaved reps
#   bash bench/simulators/run.sh --quick --reps 1         # short durations, smoke test
#   bash bench/simulators/run.sh --models cuba brunel --tools plexus-1t nest-1t --reps 1
# Uses (or creates) bench/.venv from bench/reference/requirements.txt (brian2 2.9.0,
# nest-simulator 3.10.0; Python 3.11, PYTHON=... to choose), checks that the release binary
# .build/release/plexus exists (PLEXUS=... to use another; this script does not build it),
# then runs bench_simulators.py (other arguments go to it). Needs g++ and make (Brian2 standalone).
# Writes bench/results/simulators-<date>[-quick].{json,md} (gitignored).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/bench/.venv"
source "$here/../venv.sh"
ensure_venv "$venv" "$root/bench/reference/requirements.txt"
plexus="${PLEXUS:-$root/.build/release/plexus}"
if [ ! -x "$plexus" ]; then
  echo "error: plexus binary not found at $plexus" >&2
  echo "build it first: (cd $root && swift build -c release --product plexus), or set PLEXUS=..." >&2
  exit 1
fi
for tool in g++ make; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed for Brian2 C++ standalone" >&2; exit 1; }
done
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec "$venv/bin/python" "$here/bench_simulators.py" --plexus "$plexus" "$@"
