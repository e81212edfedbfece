#!/usr/bin/env bash
# Store benchmarks (issue 2): bash bench/run-store.sh [--csv-edges 1e7] [--large-edges 1e8]
# Builds in release mode in a separate package, so the root package's tests never compile it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/../scripts/install-deps.sh"
swift build -c release --package-path "$here" --product store-bench
mkdir -p "$here/results"
"$here/.build/release/store-bench" --manifest "$here/../connectomes/manifest.json" --work "${TMPDIR:-/tmp}/plexus-bench" "$@"
cp "${TMPDIR:-/tmp}/plexus-bench/store-bench.json" "$here/results/store-bench.json"
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
