#!/usr/bin/env bash
# Installs what is missing, checks the outputs in the field's readers (h5py, pynwb), then
# runs the whole Swift test suite (its closing line is the run's verdict).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/check-readers.sh
swift test "$@"
