#!/usr/bin/env bash
# Runs CUBA and Brunel in Plexus (release build) and checks rate, CV ISI and Fano factor
# against Brian2 and NEST (bench/reference); then the Song et al. 2000 STDP experiment (output
# rate, bimodal weights) against the same model in both. About 4 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product plexus
python3 scripts/check_statistics.py .build/release/plexus
python3 scripts/check_song.py .build/release/plexus
