#!/usr/bin/env python3
"""The behavioural check of the spiking (LIF) worm in docs/celegans.md, rerunnable: anterior and posterior touch,
over several seeds, with the default transmitter-based signs and with Chalfie et al.'s
(1985) hypothesis that the touch cells' chemical synapses are inhibitory. Prints a
Markdown table of the command interneurons' rates before and during the stimulus.

    python3 scripts/celegans_behaviour.py [path/to/plexus] [seeds]
"""
import json, os, statistics, subprocess, sys, tempfile

plexus = sys.argv[1] if len(sys.argv) > 1 else ".build/release/plexus"
seeds = range(1, 1 + (int(sys.argv[2]) if len(sys.argv) > 2 else 5))
hypotheses = {
    "transmitter signs (default)": {},
    "Chalfie 1985: touch-cell chemical synapses inhibitory": {"class_signs": {"ALM": -1, "AVM": -1, "PLM": -1, "PVM": -1}},
}

def rates(summary, classes):
    cells = [n for n in summary["neurons"] if n["cellClass"] in classes]
    return (statistics.mean(n["rateBeforeStimulusHz"] for n in cells), statistics.mean(n["rateDuringStimulusHz"] for n in cells))

print("| model | stimulus | backward AVA+AVD before → during (Hz) | forward AVB+PVC before → during (Hz) | all neurons (Hz) | seeds agreeing with Chalfie |")
print("|---|---|---|---|---|---|")
with tempfile.TemporaryDirectory() as work:
    for label, overrides in hypotheses.items():
        parameters = os.path.join(work, "params.json")
        with open(parameters, "w") as f:
            json.dump(overrides, f)
        for stimulus in ["touch-anterior", "touch-posterior"]:
            backward, forward, population, agree = [], [], [], 0
            for seed in seeds:
                out = os.path.join(work, "run")
                subprocess.run([plexus, "simulate", "celegans", "--model", "lif", "--stimulus", stimulus, "--seed", str(seed), "--model-params",
                                parameters, "--out", out, "--quiet", "--json"], check=True, capture_output=True)
                with open(os.path.join(out, "summary.json")) as f:
                    summary = json.load(f)
                backward.append(rates(summary, ["AVA", "AVD"]))
                forward.append(rates(summary, ["AVB", "PVC"]))
                population.append(rates(summary, {n["cellClass"] for n in summary["neurons"]}))
                agree += bool(summary["behaviour"]["agrees"])
            fmt = lambda pairs: "%.1f → %.1f" % (statistics.mean(p[0] for p in pairs), statistics.mean(p[1] for p in pairs))
            print(f"| {label} | {stimulus} | {fmt(backward)} | {fmt(forward)} | {fmt(population)} | {agree}/{len(seeds)} |")
