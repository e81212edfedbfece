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
- Brunel: grid simulators detect threshold crossings at step ends, Plexus at the exact time,
  and their statistics drift toward Plexus's as dt shrinks (bench/reference/README.md,
  "Convergence as dt -> 0": CV 0.421 -> 0.433 for NEST from dt 0.1 to 0.0125 ms). The band is
  therefore Brian2's and NEST's runs at their finest dt (0.0125 ms, 3 seeds each) from
  bench/reference/convergence_stats.json, the references closest to the continuous-time limit.
  Plexus's mean over seeds 1-3 must lie inside. Without that file the dt = 0.1 ms band is used.
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
    runs = []
    if convergence:
        for simulator in ("nest", "brian2"):
            runs += finest_runs(convergence, "brunel", simulator)
    if runs:
        dts = sorted({r["dt_ms"] for r in runs})
        return band(runs), f"Brian2 and NEST at dt = {', '.join(map(str, dts))} ms ({len(runs)} runs)"
    return band(reference_runs("brunel")), "Brian2 and NEST at dt = 0.1 ms"


def finest_runs(data, model, simulator):
    """Runs of `simulator` at its finest dt: entries of models/<model>/simulators whose key is
    the simulator's name, alone (dt = 0.1) or followed by " dt=…"."""
    entries = [v for key, v in data["models"].get(model, {}).get("simulators", {}).items()
               if key == simulator or key.startswith(simulator + " ")]
    entries = [e for e in entries if any("error" not in r for r in e["runs"])]
    if not entries:
        return []
    finest = min(entries, key=lambda e: e["dt_ms"])
    return [dict(r, dt_ms=finest["dt_ms"]) for r in finest["runs"] if "error" not in r]


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
          ("brunel", [1, 2, 3], *brunel_band())]
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
