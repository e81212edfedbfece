#!/usr/bin/env python3
"""Opens a `plexus simulate celegans` output directory with the field's own readers —
pynwb for spikes.nwb, h5py for spikes.h5 — and checks that both agree with spikes.csv:
the same neurons (all 302 names), the same number of spikes per neuron, the same times.

    python3 scripts/check_readers.py OUTPUT_DIR
"""
import collections, csv, sys

import h5py
from pynwb import NWBHDF5IO

directory = sys.argv[1]
with open(f"{directory}/spikes.csv") as f:
    rows = list(csv.DictReader(f))
csv_counts = collections.Counter(row["neuron"] for row in rows)
csv_times = sorted(float(row["time_ms"]) for row in rows)

with h5py.File(f"{directory}/spikes.h5", "r") as f:
    names = [n.decode() for n in f["neurons/name"][:]]
    timestamps = f["spikes/network/timestamps"][:]
    node_ids = f["spikes/network/node_ids"][:]
    assert f["spikes/network/timestamps"].attrs["units"] == "ms"
h5_counts = collections.Counter(names[i] for i in node_ids)

with NWBHDF5IO(f"{directory}/spikes.nwb", "r") as io:
    nwb = io.read()
    units = nwb.units.to_dataframe()
nwb_counts = {row.neuron_name: len(row.spike_times) for row in units.itertuples()}
nwb_times = sorted(1000 * t for times in units.spike_times for t in times)

assert len(names) == 302 and len(set(names)) == 302, f"spikes.h5 lists {len(names)} neurons"
assert len(units) == 302 and set(units.neuron_name) == set(names), "spikes.nwb units differ from spikes.h5 neurons"
assert sum(csv_counts.values()) == len(timestamps) == len(nwb_times), (sum(csv_counts.values()), len(timestamps), len(nwb_times))
for name in names:
    assert csv_counts.get(name, 0) == h5_counts.get(name, 0) == nwb_counts[name], name
assert all(abs(a - b) < 1e-9 for a, b in zip(csv_times, sorted(timestamps))), "spikes.h5 times differ from the CSV"
assert all(abs(a - b) < 1e-9 for a, b in zip(csv_times, nwb_times)), "spikes.nwb times (s) differ from the CSV (ms)"
print(f"readers agree: 302 neurons, {len(timestamps)} spikes in spikes.csv, spikes.h5 (h5py) and spikes.nwb (pynwb)")
