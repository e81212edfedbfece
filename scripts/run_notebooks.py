#!/usr/bin/env python3
"""Executes Jupyter notebooks headless with nbclient, in memory: nothing is saved, each runs with
its own folder as working directory. Prints `ok NAME (N.N s)` or the failing cell's error per
notebook, then `notebooks: N passed, M failed`; exits 1 if any failed. Run by
scripts/run-notebooks.sh, which chooses the kernel.

    python scripts/run_notebooks.py [--kernel python3] [--timeout 600] NOTEBOOK...
"""
import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
import zmq
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets.config import Config

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def failing_cell(notebook):
    """Index and source of the first code cell with an error output, else (None, None)."""
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return number, cell.source
    return None, None


def indent(text):
    return "\n".join("    " + line for line in ANSI.sub("", text).rstrip().splitlines())


def run(path, kernel, timeout):
    """Returns None if the notebook ran to the end, else a description of the failure."""
    notebook = nbformat.read(path, as_version=4)
    config = Config()
    if zmq.has("curve"):  # encrypt the kernel's TCP sockets (ipykernel warns when they are not)
        config.KernelManager.transport_encryption = "auto"
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel, config=config,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as error:
        number, _ = failing_cell(notebook)
        where = f"code cell {number}" if number else "a cell"
        return f"{where} raised {error.ename}: {error.evalue}\n{indent(error.traceback)}"
    except CellTimeoutError as error:
        return f"a cell ran longer than {timeout} s\n{indent(str(error))}"
    except DeadKernelError as error:
        return f"the kernel died\n{indent(str(error))}"
    except Exception as error:  # kernel could not start, unreadable notebook, ...
        return f"{type(error).__name__}: {error}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--kernel", default="python3", help="kernel name (default python3)")
    parser.add_argument("--timeout", type=int, default=600, help="per-cell timeout in seconds (default 600)")
    args = parser.parse_args()

    passed = failed = 0
    for path in args.notebooks:
        path = path.resolve()
        started = time.perf_counter()
        failure = run(path, args.kernel, args.timeout)
        seconds = time.perf_counter() - started
        if failure is None:
            passed += 1
            print(f"ok {path.name} ({seconds:.1f} s)", flush=True)
        else:
            failed += 1
            print(f"FAIL {path.name} ({seconds:.1f} s): {failure}", flush=True)
    print(f"notebooks: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
