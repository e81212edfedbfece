#!/usr/bin/env python3
"""Checks that Plexus's CUBA and Brunel networks behave like the same networks in Brian2 and
NEST: mean rate, CV of inter-spike intervals and Fano factor of 10 ms population counts
(window 100-1000 ms, rules in bench/reference/README.md) must lie inside the range the
reference simulators span over their seeds.

    python3 scripts/check_statistics.py PLEXUS_BINARY

Reference bands (bench/reference/*.json, made by bench/reference/run.sh):
- CUBA: min..max over 10 seeds x {Brian2, NEST} at dt = 0.1 ms. Plexus's mean over seeds 1-3
  must lie inside; a correct simulator fails this only if its mean sits in a tail of the
  seed-to-seed distribution.
- Brunel: grid simulators detect threshold crossings at step ends, Plexus at the exact time.
  The band is NEST's at the finest dt of bench/reference/convergence_stats.json (seeds 1-3),
  widened to cover Brian2/NEST at dt = 0.1 ms when the finest-dt data are missing.
"""
import json, os, statistics, subprocess, sys, tempfile

plexus = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
reference = json.load(open(os.path.join(here, "..", "bench", "reference", "reference_stats.json")))["models"]
convergence_path = os.path.join(here, "..", "bench", "reference", "convergence_stats.json")
convergence = json.load(open(convergence_path)) if os.path.exists(convergence_path) else None
STATS = [("rate_hz", "rateHz"), ("cv_isi", "cvISI"), ("fano", "fano")]


def band(runs):
    return {name: (min(r[name] for r in runs), max(r[name] for r in runs)) for name, _ in STATS}


def reference_runs(model):
    return [r for sim in reference[model]["simulators"].values() for r in sim["runs"] if "error" not in r]


def brunel_band():
    if convergence:
        runs = convergence_runs(convergence, "brunel", "nest")
        if runs:
            return band(runs), f"NEST at dt = {runs[0]['dt_ms']} ms ({len(runs)} seeds)"
    return band(reference_runs("brunel")), "Brian2 and NEST at dt = 0.1 ms"


def convergence_runs(data, model, simulator):
    """Runs of `simulator` at the finest dt in the convergence file."""
    runs = [r for r in data.get("runs", []) if r.get("model") == model and r.get("simulator") == simulator and "error" not in r]
    if not runs:
        return []
    finest = min(r["dt_ms"] for r in runs)
    return [r for r in runs if r["dt_ms"] == finest]


def plexus_stats(model, seeds):
    values = []
    with tempfile.TemporaryDirectory() as work:
        for seed in seeds:
            out = os.path.join(work, f"{model}-{seed}")
            subprocess.run([plexus, "simulate", os.path.join(here, "..", "examples", f"{model}.json"), "--seed", str(seed),
                            "--out", out, "--quiet"], check=True, stdout=subprocess.DEVNULL)
            result = subprocess.run([plexus, "stats", os.path.join(out, "spikes.h5"), "--from", "100", "--to", "1000", "--json"],
                                    check=True, capture_output=True, text=True)
            values.append(json.loads(result.stdout))
    return {name: statistics.mean(v[key] for v in values) for name, key in STATS}


failures = 0
checks = [("cuba", [1, 2, 3], band(reference_runs("cuba")), "Brian2 and NEST at dt = 0.1 ms"),
          ("brunel", [1], *brunel_band())]
print("| model | statistic | Plexus | reference band | source | result |")
print("|---|---|---|---|---|---|")
for model, seeds, limits, source in checks:
    ours = plexus_stats(model, seeds)
    for name, _ in STATS:
        low, high = limits[name]
        ok = low <= ours[name] <= high
        failures += not ok
        print(f"| {model} (seeds {seeds[0]}-{seeds[-1]}) | {name} | {ours[name]:.3f} | {low:.3f} - {high:.3f} | {source} | {'ok' if ok else 'OUTSIDE'} |")
total = len(checks) * len(STATS)
print(f"statistics check: {total - failures} of {total} inside the reference bands")
sys.exit(1 if failures else 0)
