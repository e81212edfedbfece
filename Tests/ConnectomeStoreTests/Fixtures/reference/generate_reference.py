#!/usr/bin/env python3
"""Independent reference figures for the C. elegans connectome CSVs.

This reads the raw published spreadsheets shipped in the installed cect
package directly with pandas. It deliberately shares no code with
scripts/convert_celegans.py and does not use the cect readers, so that
check_csv_against_reference.py compares two independent readings.

For a dozen named neurons it records, per dataset and synapse kind, the
number of distinct partners and summed weights in and out; and per dataset
the number of edges and the summed weight per kind. Electrical synapses are
counted once per unordered pair of cells (self-pairs once).

Run with the venv made by scripts/convert_celegans.sh:
    scripts/.venv/bin/python Tests/ConnectomeStoreTests/Fixtures/reference/generate_reference.py
"""

import hashlib
import importlib.util
import json
import re
import warnings
from collections import defaultdict
from pathlib import Path

import pandas as pd

# pandas 3 flags its xlrd engine as deprecated; it still reads the .xls file.
warnings.filterwarnings("ignore", message=".*xlrd engine is deprecated.*")

HERE = Path(__file__).resolve().parent
DATA = Path(list(importlib.util.find_spec("cect").submodule_search_locations)[0]) / "data"

COOK = "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"
VARSHNEY = "NeuronConnect.xls"
WITVLIET_ADULT = "witvliet_2020_8 adult.xlsx"

NEURONS = ["AVAL", "AVAR", "AVBL", "PVCL", "ALML", "PLML", "ASHL", "RIML",
           "DA1", "VB1", "AIYL", "RMGL",
           # edge cases: AVFL has a lower-case twin in Varshney's file,
           # RIBL has an electrical self-pair, M4 is pharyngeal (absent from
           # Varshney), VC6 makes only neuromuscular junctions in Varshney.
           "AVFL", "RIBL", "M4", "VC6"]


def canonical(name) -> str:
    """Neuron names as used in the CSVs: drop the zero padding of numbered
    cord neurons (VB01 -> VB1). Other renames (muscles, glands) do not change
    partner counts, so they are not needed here."""
    name = str(name).strip()
    m = re.fullmatch(r"(AS|DA|DB|DD|VA|VB|VC|VD|CA|CP)0*(\d+)", name)
    if m:
        return m.group(1) + str(int(m.group(2)))
    return name


def cook_matrix(sheet: str) -> dict:
    """{(row cell, column cell): weight} from one Cook adjacency sheet."""
    df = pd.read_excel(DATA / COOK, sheet_name=sheet, header=None)
    col_names = []
    for value in df.iloc[2, 3:]:
        if pd.isna(value):
            break
        col_names.append(canonical(value))
    out = {}
    for r in range(3, len(df)):
        if pd.isna(df.iat[r, 2]):
            break
        pre = canonical(df.iat[r, 2])
        for j, post in enumerate(col_names):
            v = df.iat[r, 3 + j]
            if not pd.isna(v) and v != 0:
                out[(pre, post)] = int(v)
    return out


def undirected(entries: dict) -> dict:
    """Mirror-listed electrical entries -> {frozenset pair: weight}; both
    directions must agree, and the weight is the per-pair value, not a sum."""
    pairs = {}
    for (a, b), w in entries.items():
        key = frozenset((a, b))
        if key in pairs and pairs[key] != w:
            raise ValueError(f"asymmetric electrical entry {a},{b}: {pairs[key]} vs {w}")
        pairs[key] = w
    return pairs


def read_cook(sex: str):
    chem = cook_matrix(f"{sex} chemical")
    elec = undirected(cook_matrix(f"{sex} gap jn symmetric"))
    return chem, elec


def read_varshney():
    df = pd.read_excel(DATA / VARSHNEY)
    df.columns = ["a", "b", "type", "n"]
    # Every Varshney cell is a neuron with an upper-case name; one row spells
    # AVFL/AVFR in lower case.
    df["a"] = df["a"].str.upper().map(canonical)
    df["b"] = df["b"].str.upper().map(canonical)
    sends = df[df["type"].isin(["S", "Sp"])].groupby(["a", "b"])["n"].sum()
    chem = {k: int(v) for k, v in sends.items() if v > 0}
    ej = df[df["type"] == "EJ"].groupby(["a", "b"])["n"].sum()
    elec = undirected({k: int(v) for k, v in ej.items() if v > 0})
    nmj = df[df["type"] == "NMJ"]
    nmj_summary = {"neurons": int(nmj["a"].nunique()), "weight": int(nmj["n"].sum())}
    return chem, elec, nmj_summary


def read_witvliet_adult():
    df = pd.read_excel(DATA / WITVLIET_ADULT)
    chem, elec_entries = {}, {}
    for a, b, kind, n in df[["pre", "post", "type", "synapses"]].itertuples(index=False):
        target = chem if kind == "chemical" else elec_entries
        target[(canonical(a), canonical(b))] = target.get((canonical(a), canonical(b)), 0) + int(n)
    return chem, undirected(elec_entries)


def summarise(chem: dict, elec: dict) -> dict:
    out_partners, in_partners = defaultdict(set), defaultdict(set)
    out_weight, in_weight = defaultdict(int), defaultdict(int)
    for (a, b), w in chem.items():
        out_partners[a].add(b)
        in_partners[b].add(a)
        out_weight[a] += w
        in_weight[b] += w
    e_partners, e_weight = defaultdict(set), defaultdict(int)
    for pair, w in elec.items():
        cells = sorted(pair)
        a, b = cells[0], cells[-1]  # a == b for a self-pair
        e_partners[a].add(b)
        e_partners[b].add(a)
        e_weight[a] += w
        if b != a:
            e_weight[b] += w
    neurons = {}
    for n in NEURONS:
        neurons[n] = {
            "chemical": {"in_partners": len(in_partners[n]), "in_weight": in_weight[n],
                         "out_partners": len(out_partners[n]), "out_weight": out_weight[n]},
            "electrical": {"partners": len(e_partners[n]), "weight": e_weight[n]},
        }
    totals = {"chemical": {"edges": len(chem), "weight": sum(chem.values())},
              "electrical": {"edges": len(elec), "weight": sum(elec.values())}}
    return {"totals": totals, "neurons": neurons}


def sha256(name: str) -> str:
    return hashlib.sha256((DATA / name).read_bytes()).hexdigest()


def main():
    datasets = {}
    for key, sex in (("cook2019_herm", "hermaphrodite"), ("cook2019_male", "male")):
        datasets[key] = summarise(*read_cook(sex))
        datasets[key]["source"] = {"file": f"cect/data/{COOK}", "sha256": sha256(COOK)}
    chem, elec, nmj = read_varshney()
    datasets["varshney2011"] = summarise(chem, elec)
    datasets["varshney2011"]["nmj_placeholder"] = nmj
    datasets["varshney2011"]["source"] = {"file": f"cect/data/{VARSHNEY}", "sha256": sha256(VARSHNEY)}
    datasets["witvliet2021_adult"] = summarise(*read_witvliet_adult())
    datasets["witvliet2021_adult"]["source"] = {"file": f"cect/data/{WITVLIET_ADULT}",
                                                "sha256": sha256(WITVLIET_ADULT)}
    with open(HERE / "celegans_reference.json", "w", encoding="utf-8", newline="\n") as f:
        json.dump({"datasets": datasets}, f, indent=2, sort_keys=True)
        f.write("\n")
    for key, d in datasets.items():
        print(key, json.dumps(d["totals"], sort_keys=True))


if __name__ == "__main__":
    main()
