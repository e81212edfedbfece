# Sourced by the benchmark scripts: ensure_venv DIR REQUIREMENTS creates the virtual
# environment DIR with $PYTHON (default python3) if it is missing and installs the pinned
# REQUIREMENTS into it (a no-op when they are already there).
ensure_venv() {
  local venv="$1" requirements="$2"
  if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  "$venv/bin/pip" install -q -r "$requirements"
}
