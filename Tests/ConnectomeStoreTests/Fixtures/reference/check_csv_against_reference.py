#!/usr/bin/env python3
"""Check connectomes/edges/*.csv against celegans_reference.json.

Uses only the standard library: it reads the converted CSVs, recomputes the
per-neuron and per-dataset figures the reference records, and reports every
difference. Exit status 1 if anything differs.

    python3 Tests/ConnectomeStoreTests/Fixtures/reference/check_csv_against_reference.py
"""

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
EDGES = REPO / "connectomes" / "edges"
UNRESOLVED = REPO / "connectomes" / "unresolved"


def read_edges(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [(r["pre"], r["post"], r["kind"], int(r["weight"])) for r in rows]


def figures(rows, neurons):
    """The same figures as generate_reference.summarise, from CSV rows."""
    totals = {"chemical": {"edges": 0, "weight": 0}, "electrical": {"edges": 0, "weight": 0}}
    chem_in, chem_out = defaultdict(set), defaultdict(set)
    w_in, w_out = defaultdict(int), defaultdict(int)
    e_partners, e_weight = defaultdict(set), defaultdict(int)
    for pre, post, kind, w in rows:
        totals[kind]["edges"] += 1
        totals[kind]["weight"] += w
        if kind == "chemical":
            chem_out[pre].add(post)
            chem_in[post].add(pre)
            w_out[pre] += w
            w_in[post] += w
        else:
            e_partners[pre].add(post)
            e_partners[post].add(pre)
            e_weight[pre] += w
            if post != pre:
                e_weight[post] += w
    per_neuron = {
        n: {"chemical": {"in_partners": len(chem_in[n]), "in_weight": w_in[n],
                         "out_partners": len(chem_out[n]), "out_weight": w_out[n]},
            "electrical": {"partners": len(e_partners[n]), "weight": e_weight[n]}}
        for n in neurons
    }
    return totals, per_neuron


def compare(label, expected, actual, failures):
    if expected != actual:
        failures.append(f"{label}: reference {expected} != csv {actual}")
        return 0
    return 1


def main():
    reference = json.loads((HERE / "celegans_reference.json").read_text(encoding="utf-8"))
    passed, failures = 0, []
    for dataset, ref in sorted(reference["datasets"].items()):
        rows = read_edges(EDGES / f"{dataset}.csv")
        totals, per_neuron = figures(rows, ref["neurons"])
        for kind in ("chemical", "electrical"):
            passed += compare(f"{dataset} totals {kind}", ref["totals"][kind], totals[kind], failures)
        for neuron, expected in sorted(ref["neurons"].items()):
            for kind in ("chemical", "electrical"):
                passed += compare(f"{dataset} {neuron} {kind}", expected[kind],
                                  per_neuron[neuron][kind], failures)
        if "nmj_placeholder" in ref:
            nmj = read_edges(UNRESOLVED / f"{dataset}.csv")
            actual = {"neurons": len({r[0] for r in nmj}), "weight": sum(r[3] for r in nmj)}
            passed += compare(f"{dataset} NMJ placeholder", ref["nmj_placeholder"], actual, failures)
    for failure in failures:
        print("MISMATCH", failure)
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
