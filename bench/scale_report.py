"""Turns bench/run-scale.sh's step log into JSON and a Markdown table."""
import json
import sys

log, json_path, md_path = sys.argv[1:]
steps = {}
for line in open(log):
    record = json.loads(line)
    steps[record["step"]] = record

rows = []


def row(what, value, target=""):
    rows.append((what, value, target))


g = steps.get("generate")
if g:
    s = g["output"]["summary"]
    row("generate: nodes, edges", f'{s["nodes"]:,} nodes, {s["edges"]:,} edges (expected {s["expectedEdges"]:,.0f} ± {s["expectedEdgesSD"]:,.0f})')
    row("generate: time, rate", f'{s["seconds"]:.1f} s, {g["output"]["edgesPerSecond"] / 1e6:.2f} M edges/s')
    row("bytes per edge on disk (target, int32 weight, float32 delay)", f'{g["output"]["bytesPerEdge"]:.2f} B', "≤ 4 B")
    row("generate: peak RSS", f'{g["peak_rss_mb"]:.0f} MB')
f = steps.get("fanout")
if f:
    o = f["output"]
    row("fan-out, warm (1000 random cells)", f'median {o["warm_ms_median"]:.3f} ms, 99th pct {o["warm_ms_p99"]:.3f} ms', "≤ 5 ms")
    row("fan-out, cold (first read after opening the store; the open itself apart)",
        f'median {o["cold_ms_median"]:.3f} ms, 99th pct {o["cold_ms_p99"]:.3f} ms; open {o["open_ms_median"]:.1f} ms', "≤ 5 ms")
l = steps.get("load")
if l:
    o = l["output"]
    row(f'load all {o["edges"]:,} edges (targets, weights, delays)',
        f'{o["seconds_1_threads"]:.1f} s with 1 decoding thread, {o["seconds_2_threads"]:.1f} s with 2 '
        f'({o["edges_per_second_2_threads"] / 1e6:.1f} M edges/s)')
i = steps.get("import")
if i:
    edges = steps["csv"]["output"]["edges"]
    row("streamed CSV import (edges, rate)", f'{edges:,} edges in {i["wall_s"]:.1f} s = {edges / i["wall_s"] / 1e6:.2f} M edges/s', "≥ 5 M edges/s")
    row("streamed CSV import: peak RSS", f'{i["peak_rss_mb"]:.0f} MB', "≤ 2 GB for 10^9 edges")
c = steps.get("import-check")
if c:
    row("imported store", str(c["output"])[:160])
sim = steps.get("simulate")
if sim:
    o = sim["output"]
    row("simulate 100 ms (examples/voxel_graph.json)",
        f'{o["neurons"]:,} neurons, {o["synapses"]:,} synapses: {o["wallSeconds"]:.1f} s simulation, {sim["wall_s"]:.1f} s total, '
        f'{o["spikes"]:,} spikes, {o["synapticEvents"]:,} synaptic events')
    row("simulate: memory", f'peak RSS {sim["peak_rss_mb"]:.0f} MB = {sim["peak_rss_mb"] * 2**20 / o["synapses"]:.1f} B/synapse '
        f'(connection tables {o["bytesPerSynapse"]:.1f} B/synapse)')
e = steps.get("extract")
if e:
    o = e["output"]
    row("extract x < 3 mm", f'{sum(o["nodes"].values()):,} nodes, {sum(o["edges"].values()):,} edges in {e["wall_s"]:.1f} s, peak RSS {e["peak_rss_mb"]:.0f} MB')
n = steps.get("info")
if n:
    row("connectome info (degree summary, all edges streamed)", f'{n["wall_s"]:.1f} s, peak RSS {n["peak_rss_mb"]:.0f} MB')
for name in ["generate-1e9", "fanout-1e9", "info-1e9"]:
    b = steps.get(name)
    if not b:
        continue
    if name == "generate-1e9":
        s = b["output"]["summary"]
        row("10^9: generate", f'{s["edges"]:,} edges, {s["nodes"]:,} nodes in {s["seconds"]:.0f} s, {b["output"]["bytesPerEdge"]:.2f} B/edge, '
            f'peak RSS {b["peak_rss_mb"]:.0f} MB', "≤ 8 GB")
    elif name == "fanout-1e9":
        o = b["output"]
        row("10^9: fan-out", f'warm median {o["warm_ms_median"]:.3f} ms, cold median {o["cold_ms_median"]:.3f} ms (open {o["open_ms_median"]:.1f} ms), '
            f'peak RSS {b["peak_rss_mb"]:.0f} MB', "≤ 8 GB")
    else:
        row("10^9: connectome info (all edges streamed)", f'{b["wall_s"]:.0f} s, peak RSS {b["peak_rss_mb"]:.0f} MB', "≤ 8 GB")

json.dump({"steps": steps, "table": rows}, open(json_path, "w"), indent=2)
with open(md_path, "w") as out:
    out.write("| measurement | result | target (issue 8) |\n|---|---|---|\n")
    for what, value, target in rows:
        out.write(f"| {what} | {value} | {target} |\n")
print(open(md_path).read())
