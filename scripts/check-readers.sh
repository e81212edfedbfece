#!/usr/bin/env bash
# Runs the spiking (LIF) worm once and opens its outputs with h5py and pynwb, from a venv this script
# creates (.venv-readers, git-ignored), to prove the files work in the field's own readers.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-readers
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv" 2>/dev/null || {
        sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
        $sudo apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$venv"
    }
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/readers-requirements.txt
swift build --product plexus
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
.build/debug/plexus simulate celegans --model lif --duration 500 --out "$out" --quiet > /dev/null
"$venv/bin/python" scripts/check_readers.py "$out"
