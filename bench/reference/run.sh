#!/usr/bin/env bash
# Create bench/.venv, install the pinned simulators and regenerate reference_stats.json.
# Extra arguments go to run_reference.py (e.g. --models cuba --seeds 1 2).
# Needs python3.11 (NEST's PyPI wheels are per CPython version) and gcc (Brian2's cython target).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/../.venv"
source "$here/../venv.sh"
ensure_venv "$venv" "$here/requirements.txt"
exec "$venv/bin/python" "$here/run_reference.py" "$@"
