#!/usr/bin/env bash
# Installs what is missing, builds plexus in release mode and runs the main job on the
# shipped C. elegans connectomes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product plexus
plexus=".build/release/plexus"
$plexus connectome list
echo
$plexus connectome info cook2019_herm
echo
$plexus connectome neighbors cook2019_herm AVAL --direction in --kind chemical
