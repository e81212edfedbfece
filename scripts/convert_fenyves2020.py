#!/usr/bin/env python3
"""Convert the per-edge synapse sign predictions of Fenyves et al. 2020 into a plain CSV.

    python3 scripts/convert_fenyves2020.py PATH/TO/journal.pcbi.1007974.s003.xlsx \
        [--out connectomes/signs/fenyves2020.csv]

Source: S3 table of Fenyves BG, Szilágyi GS, Vassy Z, Sőti C, Csermely P (2020), PLoS Comput
Biol 16(12):e1007974, doi:10.1371/journal.pcbi.1007974 (CC BY 4.0), as shipped in the PyPI
package wormneuroatlas 0.0.7.3 (wormneuroatlas/data/journal.pcbi.1007974.s003.xlsx).

Input: the sheet "5. Sign prediction", one row per chemical connection between two neurons
(source neuron in column A, target neuron in column D, edge weight in E, edge type in F, the
six receptor-match flags Glu+/Glu-/ACh+/ACh-/GABA+/GABA- in G..L and the predicted polarity
in Q: "+", "-", "complex" or "no pred"). Column Q is a spreadsheet formula; its value as
last saved by Excel is what is read.

Output: CSV with header `pre,post,sign,prediction`, one row per (pre, post) pair, sorted by
(pre, post) in code-point order, "\n" line endings. `prediction` is `+`, `-`, `complex` or
`none` (the sheet's "no pred"); `sign` is 1 for `+`, -1 for `-` and empty otherwise (the
consumer then uses the presynaptic transmitter's sign). See connectomes/signs/README.md.

Names are normalised to connectomes/nodes/herm_neurons.csv: zero-padded numbered neurons
(`DA01`, `VB01`, `AS01`, `VC01`, ...) lose the padding. A name that still does not name a
hermaphrodite neuron stops the script with the list of such names (the sheet holds neurons
only, so nothing is dropped silently).

Self-checks, any failure stops the script without writing:
  * the header rows are the expected ones and every edge type is "chemical";
  * the polarity in column Q equals the one recomputed from the six flags in G..L
    (complex if some flag is + and some is -, otherwise + or -, otherwise no pred);
  * the per-label row counts written equal the per-label counts of the sheet's rows;
  * the per-label sums of edge weights equal the totals on the workbook's "Summary" sheet.

Needs openpyxl (`pip install openpyxl`). Output is byte-identical on rerun.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import re
import sys
from pathlib import Path

try:
    import openpyxl
except ImportError:
    sys.exit("convert_fenyves2020.py needs openpyxl: pip install openpyxl")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "connectomes" / "signs" / "fenyves2020.csv"
NEURONS = REPO / "connectomes" / "nodes" / "herm_neurons.csv"

# SHA-256 of wormneuroatlas-0.0.7.3's journal.pcbi.1007974.s003.xlsx (the reviewed input).
REVIEWED_SHA256 = "85959066fd7cbdbc2024d0ebb323b71c4365f4083bc85e555ee973f470697c47"

SHEET = "5. Sign prediction"
SUMMARY = "Summary"

# Sheet label -> output label, and output label -> sign column.
LABELS = {"+": "+", "-": "-", "complex": "complex", "no pred": "none"}
SIGN = {"+": "1", "-": "-1", "complex": "", "none": ""}
ORDER = ["+", "-", "complex", "none"]

# "Summary" sheet row caption -> which weights it sums (None = all rows).
SUMMARY_ROWS = {
    "Chemical synapses": None,
    "Predicted excitatory synapses": "+",
    "Predicted inhibitory synapses": "-",
    "Predicted complex synapses": "complex",
    "Total unpredicted chemical synapses": "none",
}

# Columns (0-based) of the sign prediction sheet and the header text expected there.
COL_PRE, COL_POST, COL_WEIGHT, COL_KIND, COL_LABEL = 0, 3, 4, 5, 16
FLAG_COLS = range(6, 12)
EXPECTED_HEADER_1 = {0: "Source", 3: "Target", 4: "Connection", 16: "Predicted polarity",
                     6: "+", 7: "-", 8: "+", 9: "-", 10: "+", 11: "-"}
EXPECTED_HEADER_2 = {0: "Neuron", 3: "Neuron", 4: "Edge weight", 5: "Edge type",
                     6: "Glu", 7: "Glu", 8: "ACh", 9: "ACh", 10: "GABA", 11: "GABA"}

PADDED = re.compile(r"^([A-Z]+)0([1-9])$")


def fail(message: str) -> None:
    sys.exit(f"convert_fenyves2020.py: {message}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_neurons(path: Path) -> set[str]:
    with open(path, newline="") as f:
        return {row["name"] for row in csv.DictReader(f)}


def check_header(row: tuple, expected: dict[int, str], which: str) -> None:
    for col, text in expected.items():
        got = row[col] if col < len(row) else None
        if got != text:
            fail(f"{SHEET!r} {which} header, column {col + 1}: expected {text!r}, found {got!r}; "
                 "not the expected S3 table layout")


def recomputed_label(flags: list[bool]) -> str:
    """The sheet's rule: flags are (Glu+, Glu-, ACh+, ACh-, GABA+, GABA-)."""
    positive = any(flags[0::2])
    negative = any(flags[1::2])
    if positive and negative:
        return "complex"
    if positive:
        return "+"
    if negative:
        return "-"
    return "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("xlsx", type=Path, help="journal.pcbi.1007974.s003.xlsx")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output CSV (default {DEFAULT_OUT.relative_to(REPO)})")
    parser.add_argument("--neurons", type=Path, default=NEURONS, help="hermaphrodite neuron list (column name)")
    parser.add_argument("--any-sha256", action="store_true", help="accept an xlsx whose SHA-256 differs from the reviewed one")
    args = parser.parse_args()

    digest = sha256_of(args.xlsx)
    print(f"source {args.xlsx} sha256 {digest}", file=sys.stderr)
    if digest != REVIEWED_SHA256 and not args.any_sha256:
        fail(f"sha256 differs from the reviewed file ({REVIEWED_SHA256}); "
             "rerun with --any-sha256 to convert it anyway")

    neurons = read_neurons(args.neurons)
    workbook = openpyxl.load_workbook(args.xlsx, read_only=True, data_only=True)
    if SHEET not in workbook.sheetnames:
        fail(f"no sheet {SHEET!r} (sheets: {workbook.sheetnames})")
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    if len(rows) < 3:
        fail(f"{SHEET!r} has no data rows")
    check_header(rows[0], EXPECTED_HEADER_1, "first")
    check_header(rows[1], EXPECTED_HEADER_2, "second")

    renames: dict[str, str] = {}
    renamed_cells = 0
    unresolved: set[str] = set()

    def normalise(raw: object, where: str) -> str:
        nonlocal renamed_cells
        if not isinstance(raw, str) or not raw.strip():
            fail(f"{where}: neuron name {raw!r} is not a name")
        name = raw.strip()
        if name in neurons:
            return name
        match = PADDED.match(name)
        if match and match.group(1) + match.group(2) in neurons:
            renames[name] = match.group(1) + match.group(2)
            renamed_cells += 1
            return renames[name]
        unresolved.add(name)
        return name

    sheet_rows = 0
    blank_rows = 0
    sheet_counts: collections.Counter[str] = collections.Counter()
    weight_sums: collections.Counter[str] = collections.Counter()
    recompute_mismatches = []
    pairs: dict[tuple[str, str], tuple[str, int]] = {}  # (pre, post) -> (label, sheet row number)
    merged_duplicates: collections.Counter[str] = collections.Counter()
    conflicts = []

    for index, row in enumerate(rows[2:], start=3):
        if all(cell is None for cell in row):
            blank_rows += 1
            continue
        where = f"{SHEET!r} row {index}"
        sheet_rows += 1
        kind = row[COL_KIND]
        if kind != "chemical":
            fail(f"{where}: edge type {kind!r}, expected 'chemical'")
        raw_label = row[COL_LABEL]
        if raw_label not in LABELS:
            fail(f"{where}: predicted polarity {raw_label!r} is none of {sorted(LABELS)} "
                 "(was the workbook saved without computed formula values?)")
        label = LABELS[raw_label]
        flags = [row[c] for c in FLAG_COLS]
        if not all(isinstance(flag, bool) for flag in flags):
            fail(f"{where}: receptor-match flags G..L are not all TRUE/FALSE: {flags}")
        if recomputed_label(flags) != label:
            recompute_mismatches.append(f"row {index}: Q={raw_label!r}, flags give {recomputed_label(flags)!r}")
        weight = row[COL_WEIGHT]
        if not isinstance(weight, int) or isinstance(weight, bool) or weight <= 0:
            fail(f"{where}: edge weight {weight!r} is not a positive integer")
        sheet_counts[label] += 1
        weight_sums[label] += weight

        pre = normalise(row[COL_PRE], where)
        post = normalise(row[COL_POST], where)
        key = (pre, post)
        if key in pairs:
            first_label, first_index = pairs[key]
            if first_label == label:
                merged_duplicates[label] += 1
            else:
                conflicts.append(f"{pre}->{post}: row {first_index} says {first_label!r}, row {index} says {label!r}")
            continue
        pairs[key] = (label, index)

    if unresolved:
        fail(f"{len(unresolved)} name(s) name no neuron of {args.neurons}: {', '.join(sorted(unresolved))}")
    if conflicts:
        fail("duplicate (pre, post) pairs with different predictions:\n  " + "\n  ".join(conflicts))
    if recompute_mismatches:
        fail("predicted polarity (column Q) disagrees with the receptor flags (G..L):\n  "
             + "\n  ".join(recompute_mismatches[:20]))

    # Self-check 1: rows written per label = sheet rows per label (less identical duplicates).
    out_counts = collections.Counter(label for label, _ in pairs.values())
    for label in ORDER:
        if out_counts[label] + merged_duplicates[label] != sheet_counts[label]:
            fail(f"label {label!r}: {out_counts[label]} rows written + {merged_duplicates[label]} "
                 f"merged duplicates != {sheet_counts[label]} sheet rows")
    if sum(out_counts.values()) + sum(merged_duplicates.values()) != sheet_rows:
        fail("rows written do not account for every sheet row")

    # Self-check 2: weight sums per label = the workbook's own Summary sheet.
    if SUMMARY not in workbook.sheetnames:
        fail(f"no sheet {SUMMARY!r} to check the totals against")
    summary = {}
    for row in workbook[SUMMARY].iter_rows(values_only=True):
        if row and row[0] in SUMMARY_ROWS and len(row) > 1:
            summary[row[0]] = row[1]
    for caption, label in SUMMARY_ROWS.items():
        expected = summary.get(caption)
        got = sum(weight_sums.values()) if label is None else weight_sums[label]
        if expected != got:
            fail(f"Summary {caption!r} is {expected!r}, the rows of {SHEET!r} sum to {got}")

    lines = ["pre,post,sign,prediction\n"]
    for (pre, post), (label, _) in sorted(pairs.items()):
        lines.append(f"{pre},{post},{SIGN[label]},{label}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.writelines(lines)

    print(f"{SHEET!r}: {sheet_rows} data rows ({blank_rows} blank rows skipped), all chemical", file=sys.stderr)
    print(f"names: {len(renames)} distinct names normalised ({renamed_cells} cells), e.g. "
          + ", ".join(f"{raw}->{new}" for raw, new in sorted(renames.items())[:4]), file=sys.stderr)
    print(f"duplicate (pre, post) rows merged: {sum(merged_duplicates.values())}", file=sys.stderr)
    print("rows per label: " + ", ".join(f"{label} {out_counts[label]}" for label in ORDER)
          + f"; total {len(pairs)}", file=sys.stderr)
    print("self-check OK: labels match flags G..L; counts match the sheet rows; weights per label "
          + ", ".join(f"{label} {weight_sums[label]}" for label in ORDER)
          + f" (total {sum(weight_sums.values())}) match the Summary sheet", file=sys.stderr)
    print(f"wrote {args.out} ({len(pairs)} rows)", file=sys.stderr)


if __name__ == "__main__":
    main()
