#!/usr/bin/env bash
# Produces the files the tutorial notebook (docs/celegans.md) reads: anterior and posterior
# touch runs of the spiking (LIF) worm, seed 1, one second each, in notebooks-data/<stimulus>/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product plexus
for stimulus in touch-anterior touch-posterior; do
    .build/release/plexus simulate celegans --model lif --stimulus "$stimulus" --seed 1 --duration 1000 --out "notebooks-data/$stimulus" --quiet
done
echo "Wrote notebooks-data/touch-anterior and notebooks-data/touch-posterior"
