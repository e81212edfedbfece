#!/usr/bin/env bash
# Checks the graded C. elegans model (docs/celegans.md) against things outside its Swift code,
# with the release build and the readers' venv (.venv-readers, made by check-readers.sh):
#  1. the shipped Fenyves et al. 2020 sign table against the counts of its source sheet;
#  2. anterior and posterior touch against an independent stiff ODE solution (scipy LSODA with
#     the analytic Jacobian) of the same equations built from the CSVs: thresholds, traces,
#     responses and the behaviour (scripts/check_graded_worm.py);
#  3. the notebooks in docs/notebooks executed headless (pynwb, h5py and matplotlib on real runs).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-readers
swift build -c release --product plexus
python3 scripts/check_fenyves2020.py
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" scripts/check_graded_worm.py --plexus .build/release/plexus --work "$work"
PLEXUS=.build/release/plexus bash scripts/run-notebooks.sh "$venv"
