#!/usr/bin/env bash
# Installs what is missing, builds plexus in release mode and runs the main job: the graded
# C. elegans model on the Cook et al. 2019 connectome under anterior touch (3 s: 1 s rest,
# 1 s touch, 1 s recovery), written to out/celegans/ (summary.json with every neuron's
# response and the behaviour check, traces.h5/.nwb, voltage.csv, activity.csv, activity and
# command-interneuron plots as SVG and PNG).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product plexus
.build/release/plexus simulate celegans --stimulus touch-anterior --out out/celegans "$@"
