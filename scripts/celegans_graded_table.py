#!/usr/bin/env python3
"""The tables of docs/celegans.md for the graded worm, rerunnable: every protocol under each
sign preset, the ablations of Chalfie et al. 1985, and the two known limits of worm-model.md
(PVC ablation and the AVA–AVB antagonism), printed as Markdown.

    python3 scripts/celegans_graded_table.py [path/to/plexus]
"""
import json, subprocess, sys, tempfile

plexus = sys.argv[1] if len(sys.argv) > 1 else ".build/release/plexus"

def run(*args):
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run([plexus, "simulate", "celegans", "--json", "--quiet", "--out", out, *args],
                                check=True, capture_output=True, text=True)
        return json.loads(result.stdout)

def verdict(value):
    return "—" if value is None else ("yes" if value else "**no**")

print("| signs | stimulus | ablated | ΔB (AVA, AVD) | ΔF (AVB, PVC) | expected | agrees | largest (expected) |")
print("|---|---|---|---|---|---|---|---|")
cases = [(signs, stimulus, "") for signs in ["transmitter", "fenyves2020", "chalfie"]
         for stimulus in ["touch-anterior", "touch-posterior", "nociception"]]
cases += [("transmitter", "touch-anterior", "AVDL,AVDR"), ("transmitter", "touch-posterior", "PVCL,PVCR"),
          ("transmitter", "touch-anterior", "AVAL,AVAR"), ("transmitter", "touch-posterior", "AVBL,AVBR")]
for signs, stimulus, ablate in cases:
    args = ["--signs", signs, "--stimulus", stimulus] + (["--ablate", ablate] if ablate else [])
    b = run(*args)["behaviour"]
    largest = b["largestResponder"] + (f" ({b['expectedLargestResponder']})" if b.get("expectedLargestResponder") else "")
    print(f"| {signs} | {stimulus} | {ablate or '–'} | {b['backwardChange']:+.4f} | {b['forwardChange']:+.4f} | "
          f"{b['expected']} | {verdict(b.get('agrees'))} | {largest} |")

print()
print("Known limit 1 — PVC ablation and the forward bias of posterior touch (forward − backward):")
intact = run("--stimulus", "touch-posterior")["behaviour"]
ablated = run("--stimulus", "touch-posterior", "--ablate", "PVCL,PVCR")["behaviour"]
print(f"- intact: ΔF − ΔB = {intact['forwardChange'] - intact['backwardChange']:+.4f} "
      f"(AVB {intact['classChange']['AVB']:+.4f}); PVC ablated: {ablated['forwardChange'] - ablated['backwardChange']:+.4f} "
      f"(AVB alone {ablated['classChange']['AVB']:+.4f})")
print()
print("Known limit 2 — AVA–AVB antagonism: Δa of the forward cells when AVA is driven (20 pA, 1 s):")
responses = run("--stimulus", "none", "--stimulate", "AVAL,AVAR:20:1000-2000")["responses"]
print("- " + ", ".join(f"{cell} {responses[cell]:+.4f}" for cell in ["AVBL", "AVBR", "RIBL", "RIBR", "AVDL", "AVDR"]))

print()
print("Other connectomes (transmitter signs, default contact factors):")
print()
print("| connectome | stimulus | ΔB | ΔF | agrees | largest |")
print("|---|---|---|---|---|---|")
for connectome in ["varshney2011", "white1986_whole", "witvliet2021_adult", "cook2019_male"]:
    for stimulus in ["touch-anterior", "touch-posterior"]:
        b = run("--connectome", connectome, "--stimulus", stimulus)["behaviour"]
        largest = b["largestResponder"] if b["backwardChange"] or b["forwardChange"] else "–"  # nothing responded
        print(f"| {connectome} | {stimulus} | {b['backwardChange']:+.4f} | {b['forwardChange']:+.4f} | {verdict(b.get('agrees'))} | {largest} |")
