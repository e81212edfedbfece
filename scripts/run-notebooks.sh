#!/usr/bin/env bash
# Executes every docs/notebooks/*.ipynb headless (nbclient, 600 s per cell), in memory and with
# the notebook's own folder as working directory, so nothing is written into the repository.
#
#   bash scripts/run-notebooks.sh [VENV]
#
# VENV (default .venv-readers at the repository root) is a Python venv the caller has made and
# filled from scripts/readers-requirements.txt. The notebooks run in a `python3` kernel of that
# venv's own interpreter: its kernelspec is installed into VENV/share/jupyter if missing, and
# JUPYTER_PATH puts it ahead of any user or system kernel of the same name. PLEXUS, if set, is
# the plexus binary the notebooks use (else they find one in .build/). Prints `ok NAME (N.N s)`
# or the failing cell's error per notebook, then `notebooks: N passed, M failed`; exits non-zero
# if any notebook failed.
set -euo pipefail
caller="$PWD"
repo="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$repo/.venv-readers}"
case "$venv" in /*) ;; *) venv="$caller/$venv" ;; esac
if [ ! -x "$venv/bin/python" ]; then
    echo "run-notebooks: no Python venv at $venv; make one and pip install -r scripts/readers-requirements.txt" >&2
    exit 2
fi
venv="$(cd "$venv" && pwd)"
python="$venv/bin/python"

# The venv's own kernel, reinstalled if its kernelspec is missing or names another interpreter.
spec="$venv/share/jupyter/kernels/python3/kernel.json"
if ! "$python" -c 'import json, sys; sys.exit(json.load(open(sys.argv[1]))["argv"][0] != sys.executable)' "$spec" 2>/dev/null; then
    "$python" -m ipykernel install --prefix "$venv" --name python3 \
        --display-name "Python 3 ($(basename "$venv"))" > /dev/null
fi
export JUPYTER_PATH="$venv/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export MPLBACKEND=Agg PYTHONDONTWRITEBYTECODE=1 PYDEVD_DISABLE_FILE_VALIDATION=1
if [ -n "${PLEXUS:-}" ]; then
    # The kernels run in the notebooks' folder: a relative path must become absolute.
    case "$PLEXUS" in /*) ;; */*) PLEXUS="$caller/$PLEXUS" ;; esac
    export PLEXUS
fi

shopt -s nullglob
notebooks=("$repo"/docs/notebooks/*.ipynb)
if [ ${#notebooks[@]} -eq 0 ]; then
    echo "run-notebooks: no notebooks in $repo/docs/notebooks" >&2
    echo "notebooks: 0 passed, 0 failed"
    exit 1
fi
exec "$python" "$repo/scripts/run_notebooks.py" --kernel python3 --timeout 600 "${notebooks[@]}"
