#!/usr/bin/env bash
# Installs what is missing, builds plexus in release mode and runs the main job: the
# C. elegans connectome (Cook et al. 2019) under anterior touch, one second, written to
# out/celegans/ (spikes.h5, spikes.nwb, spikes.csv, raster.svg, raster.png, summary.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product plexus
.build/release/plexus simulate celegans --stimulus touch-anterior --duration 1000 --out out/celegans "$@"
