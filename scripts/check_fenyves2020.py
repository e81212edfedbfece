#!/usr/bin/env python3
"""Check the committed connectomes/signs/fenyves2020.csv (standard library only).

    python3 scripts/check_fenyves2020.py [CSV] [--neurons connectomes/nodes/herm_neurons.csv]

Checks: exact header, "\n" line endings and a final newline, rows strictly sorted by
(pre, post) in code-point order (hence no duplicate pair), every name in the hermaphrodite
neuron list, `prediction` one of + - complex none, `sign` 1 / -1 / empty as the prediction
requires, and the per-label row counts equal to the counts of the source sheet ("5. Sign
prediction" of the S3 table of Fenyves et al. 2020, as converted by
scripts/convert_fenyves2020.py). Exits non-zero with a message on the first failure.
"""

import argparse
import collections
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

HEADER = "pre,post,sign,prediction"
SIGN = {"+": "1", "-": "-1", "complex": "", "none": ""}
# Rows per label in the source sheet (journal.pcbi.1007974.s003.xlsx, sha256 85959066…7c47).
EXPECTED_COUNTS = {"+": 1327, "-": 425, "complex": 471, "none": 1415}
EXPECTED_ROWS = 3638


def fail(message: str) -> None:
    sys.exit(f"check_fenyves2020.py: FAIL: {message}")


def main() -> None:
    parser = argparse.ArgumentParser(description="check connectomes/signs/fenyves2020.csv")
    parser.add_argument("csv", nargs="?", type=Path, default=REPO / "connectomes" / "signs" / "fenyves2020.csv")
    parser.add_argument("--neurons", type=Path, default=REPO / "connectomes" / "nodes" / "herm_neurons.csv")
    args = parser.parse_args()

    with open(args.neurons, newline="") as f:
        neurons = {row["name"] for row in csv.DictReader(f)}

    data = args.csv.read_bytes()
    if b"\r" in data:
        fail(f"{args.csv}: contains carriage returns; lines must end with \\n only")
    if not data.endswith(b"\n"):
        fail(f"{args.csv}: does not end with a newline")
    lines = data.decode("utf-8").split("\n")[:-1]
    if not lines or lines[0] != HEADER:
        fail(f"{args.csv}: header is {lines[0] if lines else ''!r}, expected {HEADER!r}")

    counts = collections.Counter()
    previous = None
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if len(fields) != 4:
            fail(f"line {number}: {len(fields)} fields, expected 4: {line!r}")
        pre, post, sign, prediction = fields
        for name in (pre, post):
            if name not in neurons:
                fail(f"line {number}: {name!r} is not a neuron of {args.neurons}")
        if prediction not in SIGN:
            fail(f"line {number}: prediction {prediction!r} is none of {sorted(SIGN)}")
        if sign != SIGN[prediction]:
            fail(f"line {number}: sign {sign!r} does not match prediction {prediction!r} (expected {SIGN[prediction]!r})")
        key = (pre, post)
        if previous is not None and key <= previous:
            what = "duplicate pair" if key == previous else "not sorted by (pre, post)"
            fail(f"line {number}: {what}: {pre},{post} after {previous[0]},{previous[1]}")
        previous = key
        counts[prediction] += 1

    rows = len(lines) - 1
    if rows != EXPECTED_ROWS:
        fail(f"{rows} rows, expected {EXPECTED_ROWS}")
    for label, expected in EXPECTED_COUNTS.items():
        if counts[label] != expected:
            fail(f"{counts[label]} rows with prediction {label!r}, expected {expected}")

    print(f"OK {args.csv.name}: {rows} rows (+ {counts['+']}, - {counts['-']}, complex {counts['complex']}, "
          f"none {counts['none']}), sorted, unique, all names hermaphrodite neurons, signs consistent")


if __name__ == "__main__":
    main()
