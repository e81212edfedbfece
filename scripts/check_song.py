#!/usr/bin/env python3
"""Checks Plexus's Song, Miller & Abbott (2000) experiment (examples/song2000.json: 1000
Poisson inputs at 15 Hz, additive STDP, one conductance-based LIF neuron, 100 s) against the
same model in Brian2 and NEST (bench/reference/song2000_reference.json, made by
bench/reference/song2000.py).

    python3 scripts/check_song.py PLEXUS_BINARY

Plexus runs seeds 1-5. Checks, each able to fail:
- bimodality: the lowest and highest tenth of [0, w_max] each hold more weights than any
  tenth in between (from a uniform start);
- the fractions of weights near 0 (< 0.1 w_max) and near w_max (> 0.9 w_max), averaged over
  seeds, lie inside the range of the reference runs (all seeds of Brian2 and NEST);
- the output rate over the whole run and over its last 20 s, averaged over seeds, lies between
  the Brian2 and NEST seed means at their finest time step (0.025 ms), widened by two standard
  errors of Plexus's mean. At dt = 0.1 ms the two references differ by ~4 Hz, mostly because a
  pre and a post spike in the same step count as potentiation in Brian2 (on_pre runs before
  on_post) and as nothing in NEST; the rate is very sensitive to the mean weight this shifts
  (bench/reference/README.md). Both move toward each other as dt shrinks; Plexus, in
  continuous time, has no same-step pairs, so the fine-step runs are its reference, as for
  Brunel in check_statistics.py.
"""
import csv, json, os, statistics, subprocess, sys, tempfile

plexus = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..")
reference = json.load(open(os.path.join(root, "bench", "reference", "song2000_reference.json")))
runs = [r for r in reference["runs"] if "error" not in r]
SEEDS = [1, 2, 3, 4, 5]
W_MAX = 0.1  # nS, examples/song2000.json


def simulate(seed, out):
    subprocess.run([plexus, "simulate", os.path.join(root, "examples", "song2000.json"), "--seed", str(seed),
                    "--out", out, "--quiet"], check=True, stdout=subprocess.DEVNULL)
    times = [float(r["time_ms"]) for r in csv.DictReader(open(os.path.join(out, "spikes.csv")))
             if r["neuron"].startswith("neuron")]
    weights = [float(r["weight"]) / W_MAX for r in csv.DictReader(open(os.path.join(out, "weights.csv")))]
    deciles = [0] * 10
    for w in weights:
        deciles[min(9, int(w * 10))] += 1
    return {"rate": len(times) / 100.0, "rate_last20": sum(t >= 80_000 for t in times) / 20.0,
            "near0": sum(w < 0.1 for w in weights) / len(weights), "near_max": sum(w > 0.9 for w in weights) / len(weights),
            "deciles": deciles}


def mean_of(simulator, key):
    """Seed mean of `key` for `simulator` (default integrator) at its finest dt."""
    mine = [r for r in runs if r["simulator"] == simulator and r.get("method") in ("exponential_euler", "gsl_rkf45")]
    dt = min(r["dt_ms"] for r in mine)
    values = [r[key] for r in mine if r["dt_ms"] == dt]
    return statistics.mean(values), len(values), dt


failures = []
results = []
with tempfile.TemporaryDirectory() as tmp:
    for seed in SEEDS:
        r = simulate(seed, os.path.join(tmp, f"s{seed}"))
        results.append(r)
        print(f"Plexus seed {seed}: rate {r['rate']:.2f} Hz (last 20 s {r['rate_last20']:.2f}), "
              f"near 0 {r['near0']:.3f}, near w_max {r['near_max']:.3f}")
        ends, middle = (r["deciles"][0], r["deciles"][9]), r["deciles"][1:9]
        if min(ends) <= max(middle):
            failures.append(f"seed {seed}: weights not bimodal (deciles {r['deciles']})")

for key, ref_key in (("near0", "frac_near0"), ("near_max", "frac_near_max")):
    values = [r["weights_final"][ref_key] for r in runs]
    ours = statistics.mean(r[key] for r in results)
    ok = min(values) <= ours <= max(values)
    print(f"{key}: Plexus {ours:.3f}, reference runs {min(values):.3f}-{max(values):.3f} {'ok' if ok else 'OUTSIDE'}")
    if not ok:
        failures.append(f"{key} {ours:.3f} outside {min(values):.3f}-{max(values):.3f}")

for key, ref_key in (("rate", "rate_hz"), ("rate_last20", "rate_last20s_hz")):
    ours = [r[key] for r in results]
    m, se = statistics.mean(ours), statistics.stdev(ours) / len(ours) ** 0.5
    (brian2, nb, db), (nest, nn, dn) = mean_of("brian2-runtime", ref_key), mean_of("nest", ref_key)
    low, high = min(brian2, nest) - 2 * se, max(brian2, nest) + 2 * se
    ok = low <= m <= high
    print(f"{key}: Plexus {m:.2f} ± {se:.2f} Hz (5 seeds); Brian2 {brian2:.2f} ({nb} seeds, dt {db} ms), "
          f"NEST {nest:.2f} ({nn} seeds, dt {dn} ms); band {low:.2f}-{high:.2f} {'ok' if ok else 'OUTSIDE'}")
    if not ok:
        failures.append(f"{key} {m:.2f} outside {low:.2f}-{high:.2f}")

if failures:
    print("Song 2000 check FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("Song 2000 check passed")
