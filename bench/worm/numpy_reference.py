#!/usr/bin/env python3
"""The graded worm's integrator (worm-model.md: exponential Euler, Jacobi) written with numpy
sparse products, as the baseline a modeller would write in Python: the same network from the
committed CSVs, the same protocol (anterior touch, 20 pA, 1 s after 1 s of rest, 3 s at
dt 0.1 ms). Prints the integration time in seconds and the backward/forward responses, so the
benchmark also shows both implementations agree.

    python3 bench/worm/numpy_reference.py
"""
import csv, os, sys, time
import numpy as np
from scipy import sparse

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "connectomes")
names, transmitters = [], []
with open(os.path.join(root, "nodes", "herm_neurons.csv")) as f:
    for row in csv.DictReader(f):
        names.append(row["name"]); transmitters.append(row["transmitter"])
index = {n: i for i, n in enumerate(names)}
n = len(names)
syn = np.zeros((n, n)); gap = np.zeros((n, n))
with open(os.path.join(root, "edges", "cook2019_herm.csv")) as f:
    for row in csv.DictReader(f):
        if row["pre"] not in index or row["post"] not in index:
            continue
        i, j, w = index[row["pre"]], index[row["post"]], float(row["weight"])
        if row["kind"] == "chemical":
            syn[j, i] += 0.1 * w / 2.60
        elif i != j:
            gap[i, j] += 0.1 * w / 3.37; gap[j, i] += 0.1 * w / 3.37
C, Gc, Ec, ar, ad, beta, dt = 1.5, 0.01, -35.0, 1 / 1.5 / 1000, 5 / 1.5 / 1000, 0.125, 0.1
E = np.where(np.array(transmitters) == "GABA", -48.0, 0.0)
seq = ar / (ar + 2 * ad)
A = np.diag(Gc + gap.sum(1) + syn.sum(1) * seq) - gap
vth = np.linalg.solve(A, Gc * Ec + (syn * seq) @ E)
S, SE, G = sparse.csr_matrix(syn), sparse.csr_matrix(syn * E), sparse.csr_matrix(gap)
gtotal = gap.sum(1)
stim = np.zeros(n); stim[[index[c] for c in ("ALML", "ALMR", "AVM")]] = 20.0
v, s = vth.copy(), np.full(n, seq)
steps, every = 30000, 10
samples = []
start = time.perf_counter()
for k in range(steps):
    t = k * dt
    current = stim if 1000 <= t < 2000 else 0.0
    total = Gc + gtotal + S @ s
    vinf = (Gc * Ec + G @ v + SE @ s + current) / total
    phi = 1 / (1 + np.exp(-beta * (v - vth)))
    rise = ar * phi; rate = rise + ad
    s = rise / rate + (s - rise / rate) * np.exp(-rate * dt)
    v = vinf + (v - vinf) * np.exp(-total * dt / C)
    if (k + 1) % every == 0:
        samples.append(1 / (1 + np.exp(-beta * (v - vth))))
elapsed = time.perf_counter() - start
a = np.array(samples)  # t = 1 … 3000 ms
times = np.arange(1, 3001)
before = np.concatenate([[0.5] * 1, []])
delta = a[(times > 1800) & (times <= 2000)].mean(0) - np.vstack([np.full(n, 0.5), a[times < 1000]]).mean(0)
B = np.mean([delta[index[c]] for c in ("AVAL", "AVAR", "AVDL", "AVDR")])
F = np.mean([delta[index[c]] for c in ("AVBL", "AVBR", "PVCL", "PVCR")])
print(f"{elapsed:.3f} {B:.4f} {F:.4f}")
