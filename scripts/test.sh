#!/usr/bin/env bash
# Installs what is missing, holds the code to its rules (scripts/lint.py: no force tries, no
# new force unwraps, line length, functions of at most 80 lines), then checks Plexus against
# things outside its code before the Swift test suite (whose closing line is the run's verdict):
#  1. the outputs open in the field's readers (h5py, pynwb) and agree with the CSV;
#  2. CUBA and Brunel statistics lie inside Brian2's and NEST's, and the Song 2000 STDP
#     experiment's rate and weights agree with both (bench/reference);
#  3. the graded worm against an independent stiff ODE solution, its sign table against its
#     source, and the notebooks in docs/notebooks executed headless;
#  4. swift test: analytic solutions, published counts and findings, round trips, bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
python3 scripts/lint.py
bash scripts/check-readers.sh
bash scripts/check-statistics.sh
bash scripts/check-worm.sh
swift test "$@"
