#!/usr/bin/env python3
"""Convert the published C. elegans connectome files into plain CSVs.

Inputs are the raw published spreadsheets shipped inside the PyPI packages
cect==0.3.5 (directory cect/data/) and the soma positions in the NeuroML cell
files of c302==0.12.1 (directory c302/NeuroML2/). Both are located through the
installed packages, never through a download path.

Outputs (all under connectomes/, see connectomes/README.md):
  nodes/{herm,male}_{neurons,muscles,other}.csv   name,class,type,transmitter,x,y,z
  edges/<dataset>.csv                              pre,post,kind,weight
  unresolved/<dataset>.csv                         edges whose target is a placeholder, not a cell
  renames.csv                                      every raw name that was normalised
  counts.csv                                       per-dataset counts quoted in the README
  sources.sha256                                   hashes of every input file

The script only reads spreadsheets with openpyxl/xlrd/csv; it does not use the
cect readers (they were read to learn the file layouts). Output is sorted and
formatted deterministically, so a rerun reproduces the files byte for byte.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import re
import sys
import warnings
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import openpyxl
import xlrd

# openpyxl warns about an Excel extension in the eLife files; it is irrelevant here.
warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "connectomes"

CHEMICAL = "chemical"
ELECTRICAL = "electrical"


# --------------------------------------------------------------------------
# Locating the inputs
# --------------------------------------------------------------------------

def package_dir(name: str) -> Path:
    """Directory of an installed package, found without importing it.

    c302's __init__ imports libNeuroML, which we deliberately do not install,
    so the package must not be imported, only located.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {name!r} is not installed; run scripts/convert_celegans.sh")
    return Path(list(spec.submodule_search_locations)[0])


CECT_DATA = package_dir("cect") / "data"
C302_NML = package_dir("c302") / "NeuroML2"

COOK_XLSX = CECT_DATA / "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx"
VARSHNEY_XLS = CECT_DATA / "NeuronConnect.xls"
WHITE_CSV = CECT_DATA / "aconnectome_white_1986_whole.csv"
WANG_HERM_XLSX = CECT_DATA / "elife-95402-supp2-v1.xlsx"
WANG_MALE_XLSX = CECT_DATA / "elife-95402-supp3-v1.xlsx"
WITVLIET_XLSX = {
    1: "witvliet_2020_1 L1.xlsx",
    2: "witvliet_2020_2 L1.xlsx",
    3: "witvliet_2020_3 L1.xlsx",
    4: "witvliet_2020_4 L1.xlsx",
    5: "witvliet_2020_5 L2.xlsx",
    6: "witvliet_2020_6 L3.xlsx",
    7: "witvliet_2020_7 adult.xlsx",
    8: "witvliet_2020_8 adult.xlsx",
}

# The conversion was reviewed against exactly these inputs (cect 0.3.5, c302
# 0.12.1); a different file means the published data changed under us.
EXPECTED_SHA256 = {
    "SI 5 Connectome adjacency matrices, corrected July 2020.xlsx":
        "1f4fdbf84746b69b49a8da0816f52787860ce349b638dce37924ba80f90c70c9",
    "NeuronConnect.xls": "b5e32612967ff277c91ba37463bd03a85678bd8e65a4861abc6516323b6ff5f3",
    "aconnectome_white_1986_whole.csv": "c8aac78756b71f6337629951e5f4211448e85d148f6db9b367b2cd0450bb403a",
    "elife-95402-supp2-v1.xlsx": "0013e4b5f366b82a6b0ec0d682c3bace4027545c957823841293de93feafc0e2",
    "elife-95402-supp3-v1.xlsx": "34e8fddd31bcb2227d30c31cabb0d0c6d98d477140974d89d48d423987a41724",
    "witvliet_2020_1 L1.xlsx": "e988deaa25d290786434a23131c1bf3f144e3ca07980233a6edbfcfb8d4d30be",
    "witvliet_2020_2 L1.xlsx": "b365bdd96dea52c261c748232dd5d333671721865be1282f3b7efa806d010e2a",
    "witvliet_2020_3 L1.xlsx": "d94d522af2a64177ebef0dea0951b2a252eb973bbed01a85a19aaafe4ff0244b",
    "witvliet_2020_4 L1.xlsx": "10f16bd1f122288e9111acabccbf3fbd4811b861ce6e3293600d4eb5e42e4fbe",
    "witvliet_2020_5 L2.xlsx": "011ebda64c379fa066254ddd5c8ff0ab89621e1e85e8d31ffc0b37b9602fc163",
    "witvliet_2020_6 L3.xlsx": "9b342751812bf42733ae7c0de8b40f41ea0af0c5c560215d59525631b220b177",
    "witvliet_2020_7 adult.xlsx": "d0fd2dd32adbe5f04ce90a2e5b74c01c9a831876527b0a2b8bd5b94edc86b037",
    "witvliet_2020_8 adult.xlsx": "fdead89606257c1b26e57069fbe1de14c7696633b75b59b79e74c0bcc3497e62",
}


# --------------------------------------------------------------------------
# Name normalisation (OpenWorm / cect conventions); every change is logged.
# --------------------------------------------------------------------------

# Numbered cord neurons lose the zero padding: DA01 -> DA1, CA01 -> CA1.
# (cect keeps CA01/CP01; we strip them too so that every numbered neuron
# follows one rule and matches WormAtlas and Wang et al. 2024.)
ZERO_PADDED = re.compile(r"^(AS|DA|DB|DD|VA|VB|VC|VD|CA|CP)0+(\d+)$")
# Cook: dBWML1 -> MDL01 (OpenWorm/c302 body-wall-muscle names are 2-digit).
COOK_BWM = re.compile(r"^([dv])BWM([LR])(\d+)$")
# Witvliet: BWM-DL01 -> MDL01.
WITVLIET_BWM = re.compile(r"^BWM-([DV])([LR])(\d+)$")
# Cook's male gap-junction sheets call ray structural cells R1shL, the
# chemical sheet R1stL: same cells (cect uses the 'st' form).
RAY_SH = re.compile(r"^R(\d)sh([LR])$")
# Single spelling fixes.
EXACT_RENAMES = {
    "avfl": "AVFL",  # lower-case typo in Varshney's NeuronConnect.xls (one row)
    "avfr": "AVFR",
    "excgl": "exc_gl",  # Witvliet spelling of the excretory gland cell
    "g1p": "g1P",  # Cook 2019 spelling; g1P in Cook 2020, WormAtlas and cect
}

RENAMES: set[tuple[str, str, str]] = set()  # (source file, raw, normalised)


def normalise(raw, source: str) -> str:
    """Return the canonical cell name and remember the rename, if any."""
    name = str(raw).strip()
    if name in EXACT_RENAMES:
        new = EXACT_RENAMES[name]
    elif m := ZERO_PADDED.match(name):
        new = m.group(1) + str(int(m.group(2)))
    elif m := COOK_BWM.match(name):
        new = f"M{m.group(1).upper()}{m.group(2)}{int(m.group(3)):02d}"
    elif m := WITVLIET_BWM.match(name):
        new = f"M{m.group(1)}{m.group(2)}{int(m.group(3)):02d}"
    elif m := RAY_SH.match(name):
        new = f"R{m.group(1)}st{m.group(2)}"
    else:
        new = name
    if new != str(raw):
        RENAMES.add((source, str(raw), new))
    return new


# --------------------------------------------------------------------------
# Cook et al. 2019 adjacency matrices
# --------------------------------------------------------------------------

def read_cook_sheet(ws, source: str):
    """Read one Cook adjacency sheet.

    Layout: row 3 holds post-synaptic names from column D, column C holds
    pre-synaptic names from row 4; rows 1-2 / columns A-B hold category
    labels that apply until the next label. A footer repeats the names after
    the last cell, so reading stops at the first empty name.
    Returns (weights {(pre, post): w}, categories {cell: (major, minor)}).
    """
    rows = list(ws.iter_rows(values_only=True))
    categories = {}

    cols = []
    major = minor = None
    for j in range(3, len(rows[2])):
        if rows[2][j] is None:
            break
        if rows[0][j] is not None:
            major, minor = rows[0][j], None
        if rows[1][j] is not None:
            minor = rows[1][j]
        name = normalise(rows[2][j], source)
        cols.append(name)
        categories.setdefault(name, set()).add((major, minor))

    weights = {}
    major = minor = None
    for r in range(3, len(rows)):
        row = rows[r]
        if row[2] is None:
            break
        if row[0] is not None:
            major, minor = row[0], None
        if row[1] is not None:
            minor = row[1]
        pre = normalise(row[2], source)
        categories.setdefault(pre, set()).add((major, minor))
        for j, post in enumerate(cols):
            value = row[3 + j]
            if value is None or value == 0:
                continue
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{source}: unexpected value {value!r} at {pre}->{post}")
            weights[(pre, post)] = value
    return weights, categories


def cook_cell_type(name: str, labels: set) -> str:
    """Cell type from Cook's own category labels in the matrices.

    Each label is a (major, minor) pair from the sheet margins. The minor
    label is the specific one ('BODYWALL MUSCLES' can sit under a stale
    'MOTOR NEURONS' major label), except that sensory/interneuron layers are
    numbered minors (1-6) of a major label. A bare 'SEX-SPECIFIC CELLS'
    label (herm chemical sheet) does not say what a cell is and is ignored;
    the gap-junction sheets label the same cells more specifically.
    Returns sensory/interneuron/motor/pharyngeal/muscle/other, or
    'neuron:other' for CANL/R (neurons that Cook lists among end organs).
    """
    types = set()
    for major, minor in labels:
        label = str(minor if isinstance(minor, str) else major or "").upper()
        if label in ("BODYWALL MUSCLES", "MUSCLES"):
            t = "muscle"
        elif label == "OTHER END ORGANS":
            t = "neuron:other" if name.startswith("CAN") else (
                "muscle" if name.startswith("mu_") else "other")
        elif label == "OTHER":
            t = "other"
        elif label == "PHARYNX":
            if name.startswith("pm"):
                t = "muscle"
            elif re.match(r"^(mc\d|e\d|g\d|bm$)", name):
                t = "other"
            else:
                t = "pharyngeal"
        elif label == "HEAD":
            # Male head: Cook groups CEM (sensory) with MCM (interneuron) under
            # 'HEAD'; the split follows WormAtlas (CEM = cephalic male sensory
            # neurons, MCM = 'mystery cells of the male', interneurons).
            t = "sensory" if name.startswith("CEM") else "interneuron"
        elif label in ("SENSORY NEURONS", "SENSOSRY NEURONS"):  # typo in male sheet
            t = "sensory"
        elif label == "INTERNEURONS":
            t = "interneuron"
        elif label.endswith("MOTOR NEURONS"):  # head/sublateral/ventral cord/body
            t = "motor"
        elif label in ("SEX-SPECIFIC CELLS", "SEX SPECIFIC", "SEX-SPECIFIC"):
            continue
        else:
            raise ValueError(f"unknown Cook category {label!r} for {name}")
        types.add(t)
    if len(types) != 1:
        raise ValueError(f"no single Cook category for {name}: {labels} -> {types}")
    return types.pop()


def read_cook(sex: str):
    """Return (cells {name: type}, chemical {(pre,post): w}, electrical {pair: w}, notes)."""
    wb = openpyxl.load_workbook(COOK_XLSX, read_only=True)
    src = COOK_XLSX.name
    chem, cats = read_cook_sheet(wb[f"{sex} chemical"], src)
    sym, cats_s = read_cook_sheet(wb[f"{sex} gap jn symmetric"], src)
    # Category labels come from the chemical and symmetric sheets only: in the
    # asymmetric herm sheet the row label 'MUSCLES' sits two rows too low
    # (at um1AL instead of um2AL), which would make um2AL/R motor neurons.
    asym, _ = read_cook_sheet(wb[f"{sex} gap jn asymmetric"], src)
    for cell, labels in cats_s.items():
        cats.setdefault(cell, set()).update(labels)

    notes = []
    # The symmetric sheet must be symmetric and equal to asym + asym^T
    # (diagonal: equal); the July 2020 correction claims exactly this.
    for (a, b), w in sym.items():
        if sym.get((b, a)) != w:
            notes.append(f"Cook {sex}: symmetric sheet not symmetric at {a},{b}")
    pairs = {tuple(sorted(k)) for k in list(sym) + list(asym)}
    for a, b in pairs:
        expected = asym.get((a, a), 0) if a == b else asym.get((a, b), 0) + asym.get((b, a), 0)
        if sym.get((a, b), 0) != expected:
            notes.append(f"Cook {sex}: symmetric {a},{b}={sym.get((a, b), 0)} but asymmetric sum {expected}")

    electrical = {(a, b): w for (a, b), w in sym.items() if a <= b}
    cells = {cell: cook_cell_type(cell, labels) for cell, labels in cats.items()}
    return cells, chem, electrical, notes


# --------------------------------------------------------------------------
# Wang et al. 2024 neurotransmitter atlas (eLife 95402, supp. files 2 and 3)
# --------------------------------------------------------------------------

FAST = {"ACh": "acetylcholine", "Glu": "glutamate", "GABA": "GABA"}
# Wang lists combined identities on one row; these are expanded to the
# individual cells Cook names (each pair shares its transmitters).
WANG_MULTI = {"DB1/3": ["DB1"], "DB3/1": ["DB3"], "DX1/2": ["DX1", "DX2"],
              "DX3/4": ["DX3", "DX4"], "EF1/2": ["EF1", "EF2"], "EF3/4": ["EF3", "EF4"]}
# Sex-specific override documented in Wang's own comment column (supp. 2,
# rows AIML/AIMR): "AIM is cholinergic in the male".
MALE_TRANSMITTER_OVERRIDES = {"AIML": "acetylcholine", "AIMR": "acetylcholine"}


def fast_transmitter(entries: list[str]) -> str:
    """Primary fast transmitter: the first ACh/Glu/GABA entry in Wang's order.

    Entries keep Wang's markers: a leading '*' (dim/variable expression) and
    a ' - NEW' / ' (new)' suffix (new in that study) are accepted. Monoamines,
    betaine, 'GABA (uptake)' and 'unknown (orphan)' are not fast transmitters;
    a neuron with none of ACh/Glu/GABA gets 'unknown'.
    """
    for entry in entries:
        token = entry.strip().lstrip("*").strip()
        token = re.sub(r"\s*(- NEW|\(new\))$", "", token).strip()
        if token in FAST:
            return FAST[token]
    return "unknown"


def read_wang(path: Path):
    """Return {neuron: (class, [transmitter entries])} from one Wang table."""
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[3]
    nt_col = next(j for j, h in enumerate(header) if h == "Neurotransmitter(s)")
    result = {}
    current_class = None
    for row in rows[4:]:
        label, neuron = row[1], row[2]
        if neuron is None or not re.match(r"^[A-Z][A-Za-z0-9/]*$", str(neuron).strip()):
            # Section headings ('HEAD', 'TAIL: ...') and the legend below the
            # table ('blue: different from previous reports') are not neurons.
            current_class = None
            continue
        if label is not None:
            current_class = str(label).strip().rstrip("*").strip()
        entries = [str(v) for v in row[nt_col:nt_col + 3] if v is not None]
        raw = str(neuron).strip()
        for name in WANG_MULTI.get(raw, [normalise(raw, path.name)]):
            if raw in WANG_MULTI:
                RENAMES.add((path.name, raw, name))
            result.setdefault(name, (current_class, entries))
    return result


# --------------------------------------------------------------------------
# c302 soma positions
# --------------------------------------------------------------------------

def canonical_number(text: str) -> str:
    """The shortest text that reads back as the same double, without a trailing '.0'
    ('11.0' -> '11'): the form plexus writes, so CSV -> store -> CSV is byte-identical."""
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


def read_soma_positions():
    """Soma centre (x, y, z in µm) for each c302 neuron, as canonical numbers.

    The soma is segment 0 ('Seg0_soma_0'); its proximal and distal points
    coincide for neurons. c302 also ships one muscle cell (MDL08) whose
    segment 0 spans tens of µm; it is not a soma position and is skipped.
    """
    ns = {"n": "http://www.neuroml.org/schema/neuroml2"}
    positions = {}
    for path in sorted(C302_NML.glob("*.cell.nml")):
        cell = path.name[: -len(".cell.nml")]
        seg = ET.parse(path).getroot().find(".//n:segment[@id='0']", ns)
        prox, dist = seg.find("n:proximal", ns), seg.find("n:distal", ns)
        xyz = tuple(prox.get(k) for k in ("x", "y", "z"))
        if xyz != tuple(dist.get(k) for k in ("x", "y", "z")):
            continue  # MDL08: not a point soma
        positions[normalise(cell, "c302/NeuroML2")] = tuple(canonical_number(v) for v in xyz)
    return positions


# --------------------------------------------------------------------------
# Other edge lists
# --------------------------------------------------------------------------

def read_varshney():
    """Varshney et al. 2011 NeuronConnect.xls.

    Columns: Neuron 1, Neuron 2, Type, Nbr. S/Sp = Neuron 1 sends to Neuron 2
    (monadic / polyadic), R/Rp = Neuron 1 receives from Neuron 2, EJ =
    electrical junction (listed in both directions), NMJ = neuromuscular
    junction onto the placeholder 'NMJ' (no specific muscle).
    Chemical weight = sum of S and Sp; R/Rp is only used as a cross-check.
    """
    sheet = xlrd.open_workbook(VARSHNEY_XLS).sheet_by_index(0)
    send, receive, ej, nmj = (defaultdict(int) for _ in range(4))
    notes = []
    for r in range(1, sheet.nrows):
        a, b, kind, n = (sheet.cell_value(r, c) for c in range(4))
        a, b, n = normalise(a, VARSHNEY_XLS.name), normalise(b, VARSHNEY_XLS.name), int(n)
        if n == 0:
            notes.append(f"Varshney row {r + 1}: {a} {b} {kind} has Nbr 0 (dropped)")
            continue
        if kind in ("S", "Sp"):
            send[(a, b)] += n
        elif kind in ("R", "Rp"):
            receive[(b, a)] += n
        elif kind == "EJ":
            ej[(a, b)] += n
        elif kind == "NMJ":
            nmj[(a, b)] += n  # repeated rows for one neuron are summed
        else:
            raise ValueError(f"unknown Varshney type {kind!r}")
    for key in sorted(set(send) | set(receive)):
        if send.get(key) != receive.get(key):
            notes.append(f"Varshney: send {key}={send.get(key)} but receive {receive.get(key)}")
    electrical = {}
    for (a, b), n in ej.items():
        if a != b and ej.get((b, a)) != n:
            notes.append(f"Varshney: EJ {a}-{b}={n} but {b}-{a}={ej.get((b, a))}")
        if a <= b:
            electrical[(a, b)] = n  # one direction of the mirrored pair
    return dict(send), electrical, dict(nmj), notes


def orient_once(pairs: dict, dataset: str, notes: list) -> dict:
    """Electrical entries listed once per pair in either orientation -> (min, max)."""
    out = {}
    for (a, b), n in pairs.items():
        key = (a, b) if a <= b else (b, a)
        if key in out:
            notes.append(f"{dataset}: electrical pair {key} listed twice ({out[key]}, {n})")
            if out[key] != n:
                raise ValueError(f"{dataset}: conflicting electrical weights for {key}")
            continue
        out[key] = n
    return out


def read_edge_table(rows, source: str, dataset: str):
    """(pre, post, type, synapses) rows -> (chemical, electrical, notes)."""
    chem, elec_raw, notes = {}, {}, []
    for pre, post, kind, n in rows:
        pre, post, n = normalise(pre, source), normalise(post, source), int(n)
        table = chem if kind == CHEMICAL else elec_raw if kind == ELECTRICAL else None
        if table is None:
            raise ValueError(f"{source}: unknown type {kind!r}")
        if (pre, post) in table:
            raise ValueError(f"{source}: duplicate row {pre} {post} {kind}")
        if n > 0:
            table[(pre, post)] = n
    return chem, orient_once(elec_raw, dataset, notes), notes


def read_white():
    """White et al. 1986 'whole animal' list as curated in cect (tab-separated)."""
    with open(WHITE_CSV, newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader)
        assert header == ["pre", "post", "type", "synapses"], header
        rows = [r for r in reader if r]
    return read_edge_table(rows, WHITE_CSV.name, "white1986_whole")


def read_witvliet(number: int):
    path = CECT_DATA / WITVLIET_XLSX[number]
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0][:4]) == ["pre", "post", "type", "synapses"], rows[0]
    return read_edge_table([r[:4] for r in rows[1:] if r[0] is not None], path.name,
                           f"witvliet2021 dataset {number}")


# --------------------------------------------------------------------------
# Node tables
# --------------------------------------------------------------------------

MUSCLE_CLASS = [  # (pattern, class) for muscles; first match wins
    (r"^M[DV][LR]\d\d$", "BWM"),
    (r"^(pm\d)", None),  # pm3D -> pm3
    (r"^([uv]m\d)", None),  # um1AL -> um1, vm2PR -> vm2
    (r"^(mu_int)[LR]$", None),
    (r"^(dgl)[LR]\d$", None),  # male diagonal muscles
    (r"^([a-z]{3})[LR]$", None),  # male aobL -> aob, etc.
]
OTHER_CLASS = [
    (r"^(CEPsh)[DV][LR]$", None),
    (r"^(GLR)", None),
    (r"^(mc\d)", None),
    (r"^(e\d)", None),
    (r"^(g\d)", None),
    (r"^(R\dst)[LR]$", None),  # male ray structural cells
]


def class_by_rules(name: str, rules) -> str:
    for pattern, cls in rules:
        m = re.match(pattern, name)
        if m:
            return cls or m.group(1)
    return name  # single cells: mu_anal, hyp, int, exc_cell, gonad, ...


def neuron_class(name: str, wang_class: str) -> str:
    """Neuron class as listed by Wang et al. 2024 ('Class' column).

    Wang groups all ray neurons as RnA / RnB; Cook and WormAtlas treat each
    ray's pair as its own class, so R5AL -> R5A.
    """
    if wang_class in ("RnA", "RnB"):
        return name[:-1]
    return wang_class


def build_nodes(cells: dict, wang: dict, positions: dict, sex: str):
    """Split Cook's cells into neuron / muscle / other rows."""
    groups = {"neurons": [], "muscles": [], "other": []}
    for name in sorted(cells):
        ctype = cells[name]
        if ctype == "muscle":
            groups["muscles"].append([name, class_by_rules(name, MUSCLE_CLASS), "muscle", "", "", "", ""])
        elif ctype == "other":
            groups["other"].append([name, class_by_rules(name, OTHER_CLASS), "other", "", "", "", ""])
        else:
            if name not in wang:
                raise ValueError(f"{sex}: neuron {name} missing from Wang et al. 2024")
            cls, entries = wang[name]
            transmitter = fast_transmitter(entries)
            if sex == "male":
                transmitter = MALE_TRANSMITTER_OVERRIDES.get(name, transmitter)
            x, y, z = positions.get(name, ("", "", ""))
            ntype = "other" if ctype == "neuron:other" else ctype
            groups["neurons"].append([name, neuron_class(name, cls), ntype, transmitter, x, y, z])
    return groups


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------

def write_csv(path: Path, header: list, rows: list):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def edge_rows(chemical: dict, electrical: dict) -> list:
    rows = [[CHEMICAL, a, b, w] for (a, b), w in chemical.items()]
    rows += [[ELECTRICAL, a, b, w] for (a, b), w in electrical.items()]
    rows.sort()  # (kind, pre, post), plain code-point order
    return [[a, b, kind, w] for kind, a, b, w in rows]


def split_placeholders(chemical: dict, known: set):
    """Separate edges whose endpoint is not a cell (e.g. 'NMJ')."""
    kept, placeholder = {}, {}
    for key, w in chemical.items():
        (kept if key[0] in known and key[1] in known else placeholder)[key] = w
    return kept, placeholder


def counts_row(dataset, chemical, electrical, unresolved, neurons, muscles):
    touched = {c for pair in list(chemical) + list(electrical) for c in pair}
    nm = {k: w for k, w in chemical.items() if k[0] in neurons and k[1] in muscles}
    return [dataset, len(touched), len(touched & neurons),
            len(chemical), sum(chemical.values()),
            len(electrical), sum(electrical.values()),
            sum(1 for a, b in electrical if a == b),
            len(nm), sum(nm.values()),
            len(unresolved), sum(unresolved.values())]


def compare_weights(cook: tuple, varshney: tuple) -> list:
    """Cook (EM sections) vs Varshney (synapse counts) on shared connections.

    Only pairs of neurons present in Varshney are considered; a connection is
    shared when both datasets have a non-zero weight for it.
    """
    v_cells = {c for pair in list(varshney[0]) + list(varshney[1]) for c in pair}
    rows = []
    for kind, c_edges, v_edges in ((CHEMICAL, cook[0], varshney[0]), (ELECTRICAL, cook[1], varshney[1])):
        c_edges = {k: w for k, w in c_edges.items() if k[0] in v_cells and k[1] in v_cells}
        shared = sorted(set(c_edges) & set(v_edges))
        c_sum = sum(c_edges[k] for k in shared)
        v_sum = sum(v_edges[k] for k in shared)
        ratios = sorted(c_edges[k] / v_edges[k] for k in shared)
        mid = len(ratios) // 2
        median = ratios[mid] if len(ratios) % 2 else (ratios[mid - 1] + ratios[mid]) / 2
        rows.append([kind, len(shared), len(set(c_edges) - set(v_edges)), len(set(v_edges) - set(c_edges)),
                     c_sum, v_sum, f"{c_sum / v_sum:.3f}", f"{median:.3f}"])
    return rows


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_inputs():
    for name, expected in EXPECTED_SHA256.items():
        actual = sha256(CECT_DATA / name)
        if actual != expected:
            sys.exit(f"{name}: sha256 {actual} differs from the reviewed {expected}")


def main():
    check_inputs()
    notes = []
    positions = read_soma_positions()
    wang_herm = read_wang(WANG_HERM_XLSX)
    wang_male_specific = read_wang(WANG_MALE_XLSX)
    wang_male = {**wang_herm, **wang_male_specific}

    node_sets = {}
    datasets = {}  # name -> (sex, chemical, electrical, unresolved)
    for sex, short, wang in (("hermaphrodite", "herm", wang_herm), ("male", "male", wang_male)):
        cells, chem, elec, cook_notes = read_cook(sex)
        notes += cook_notes
        groups = build_nodes(cells, wang, positions, sex)
        for group, rows in groups.items():
            write_csv(OUT / "nodes" / f"{short}_{group}.csv",
                      ["name", "class", "type", "transmitter", "x", "y", "z"], rows)
        node_sets[short] = {g: {r[0] for r in rows} for g, rows in groups.items()}
        datasets[f"cook2019_{short}"] = (short, chem, elec, {})

    # Sanity checks on the node tables against independent lists.
    herm_neurons = node_sets["herm"]["neurons"]
    assert len(herm_neurons) == 302, len(herm_neurons)
    assert herm_neurons == set(positions), sorted(herm_neurons ^ set(positions))
    # Cook's 302 neurons = c302's neuron models = Wang's hermaphrodite table.
    assert herm_neurons == set(wang_herm), sorted(herm_neurons ^ set(wang_herm))
    notes.append("Wang male-specific rows not in Cook male: "
                 f"{sorted(set(wang_male_specific) - node_sets['male']['neurons'])}")

    herm_known = set().union(*node_sets["herm"].values())
    send, v_elec, v_nmj, v_notes = read_varshney()
    notes += v_notes
    datasets["varshney2011"] = ("herm", send, v_elec, v_nmj)

    w_chem, w_elec, w_notes = read_white()
    notes += w_notes
    w_chem, w_placeholder = split_placeholders(w_chem, herm_known)
    datasets["white1986_whole"] = ("herm", w_chem, w_elec, w_placeholder)

    for number in range(1, 9):
        chem, elec, wn = read_witvliet(number)
        notes += wn
        name = "witvliet2021_adult" if number == 8 else f"witvliet2021_stage{number}"
        datasets[name] = ("herm", chem, elec, {})

    counts = []
    for name in sorted(datasets):
        sex, chem, elec, unresolved = datasets[name]
        known = set().union(*node_sets[sex].values())
        for pre, post in list(chem) + list(elec):
            if pre not in known or post not in known:
                raise ValueError(f"{name}: {pre}->{post} not in the {sex} node files")
        write_csv(OUT / "edges" / f"{name}.csv", ["pre", "post", "kind", "weight"],
                  edge_rows(chem, elec))
        if unresolved:
            write_csv(OUT / "unresolved" / f"{name}.csv", ["pre", "post", "kind", "weight"],
                      edge_rows(unresolved, {}))
        counts.append(counts_row(name, chem, elec, unresolved,
                                 node_sets[sex]["neurons"], node_sets[sex]["muscles"]))

    write_csv(OUT / "counts.csv",
              ["dataset", "cells", "connected_neurons", "chemical_edges", "chemical_weight",
               "electrical_edges", "electrical_weight", "electrical_self_pairs",
               "neuron_to_muscle_edges", "neuron_to_muscle_weight",
               "unresolved_edges", "unresolved_weight"], counts)
    write_csv(OUT / "cook_vs_varshney.csv",
              ["kind", "shared_connections", "only_cook", "only_varshney", "cook_weight_shared",
               "varshney_weight_shared", "ratio_of_sums", "median_ratio"],
              compare_weights(datasets["cook2019_herm"][1:3], datasets["varshney2011"][1:3]))
    write_csv(OUT / "renames.csv", ["source", "raw", "normalised"], sorted(RENAMES))

    sources = [COOK_XLSX, VARSHNEY_XLS, WHITE_CSV, WANG_HERM_XLSX, WANG_MALE_XLSX]
    sources += [CECT_DATA / f for f in WITVLIET_XLSX.values()]
    sources += sorted(C302_NML.glob("*.cell.nml"))
    with open(OUT / "sources.sha256", "w", encoding="utf-8", newline="\n") as f:
        for path in sources:
            rel = path.relative_to(path.parents[2])  # e.g. cect/data/NeuronConnect.xls
            f.write(f"{sha256(path)}  {rel.as_posix()}\n")

    for row in counts:
        print(",".join(str(v) for v in row))
    print(f"{len(RENAMES)} renames; notes:")
    for note in notes:
        print("  " + note)


if __name__ == "__main__":
    main()
