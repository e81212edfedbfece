#!/usr/bin/env bash
# Runs CUBA and Brunel in Plexus (release build) and checks rate, CV ISI and Fano factor
# against Brian2 and NEST (bench/reference). About 3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product plexus
python3 scripts/check_statistics.py .build/release/plexus
