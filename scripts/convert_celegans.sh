#!/usr/bin/env bash
# Rebuild connectomes/ from the published files shipped in cect/c302, then
# regenerate the independent reference and check the CSVs against it.
# Creates scripts/.venv (git-ignored) on first use.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
venv="$here/.venv"
reference="$repo/Tests/ConnectomeStoreTests/Fixtures/reference"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$here/requirements.txt"

"$venv/bin/python" "$here/convert_celegans.py"
"$venv/bin/python" "$reference/generate_reference.py"
"$venv/bin/python" "$reference/check_csv_against_reference.py"
