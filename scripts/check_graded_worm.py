#!/usr/bin/env python3
"""Checks `plexus simulate celegans` (graded model, /work/shared/worm-model.md) against an
independent reference: the model rebuilt here from connectomes/*.csv and integrated with a stiff
solver (scipy LSODA, analytic Jacobian, rtol 1e-9), not with the exponential Euler Plexus uses.

    python3 scripts/check_graded_worm.py --plexus PLEXUS_BINARY [--work DIR]
    python3 scripts/check_graded_worm.py --self-test [--work DIR]

Traces are held to the spec's three decimals except in the 100 ms after each current step, where
the exponential Euler's first-order error is larger (see compare()); the responses Δa always.
--self-test stands this script's own exponential Euler (the spec's integrator, dt 0.1 ms) in
for Plexus, writing the same traces.h5 / summary.json layout, to exercise the comparison.
Needs numpy, scipy and h5py.
"""
import argparse, csv, json, os, subprocess, sys, tempfile, time

import h5py
import numpy as np
from scipy.integrate import solve_ivp

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
# Parameters of the spec; units pF, nS, mV, pA, ms.
C, G_C, E_C, G_SYN, G_GAP, BETA = 1.5, 0.01, -35.0, 0.1, 0.1, 0.125
E_EXC, E_INH = 0.0, -48.0
A_R, A_D = (1 / 1.5) / 1000, (5 / 1.5) / 1000
S_EQ = A_R / (A_R + 2 * A_D)  # s at φ = 1/2, i.e. at V = V_th
COOK_CHEMICAL, COOK_ELECTRICAL = 2.60, 3.37  # EM sections per contact (connectomes/README.md)
DT, RECORD, T_ON, T_OFF, T_END, AMPLITUDE = 0.1, 1.0, 1000.0, 2000.0, 3000.0, 20.0
STIMULI = {"touch-anterior": ["ALML", "ALMR", "AVM"], "touch-posterior": ["PLML", "PLMR"]}
BACKWARD, FORWARD = ["AVAL", "AVAR", "AVDL", "AVDR"], ["AVBL", "AVBR", "PVCL", "PVCR"]
# Tolerances; the reason for each is beside its check in compare().
TOL_VTH = 1e-9          # mV
TOL_RESPONSE = 1e-3     # Δa: the spec's "three decimals" for readouts
TOL_ACTIVITY, TOL_VOLTAGE = 1e-3, 0.05  # traces away from current steps
TOL_ACTIVITY_STEP, TOL_VOLTAGE_STEP = 0.015, 1.0  # traces in the 100 ms after a current step
STEP_WINDOW = 100.0     # ms
TOL_SAME_ALGORITHM = 1e-6  # mV, Plexus vs this script's own exponential Euler


def load_model():
    """Rows are postsynaptic, columns presynaptic; conductances in nS."""
    with open(os.path.join(ROOT, "connectomes", "nodes", "herm_neurons.csv")) as f:
        nodes = list(csv.DictReader(f))
    names = [r["name"] for r in nodes]
    index = {name: i for i, name in enumerate(names)}
    n_syn, n_gap = np.zeros((len(names),) * 2), np.zeros((len(names),) * 2)
    with open(os.path.join(ROOT, "connectomes", "edges", "cook2019_herm.csv")) as f:
        for r in csv.DictReader(f):
            if r["pre"] not in index or r["post"] not in index:
                continue  # muscles and other end organs are not part of the model
            pre, post, w = index[r["pre"]], index[r["post"]], float(r["weight"])
            if r["kind"] == "chemical":
                n_syn[post, pre] += w / COOK_CHEMICAL  # autapses kept
            elif pre != post:  # a gap junction onto itself carries no current: dropped
                n_gap[pre, post] += w / COOK_ELECTRICAL  # listed once per pair: symmetrise
                n_gap[post, pre] += w / COOK_ELECTRICAL
    reversal = np.array([E_INH if r["transmitter"] == "GABA" else E_EXC for r in nodes])  # by presynaptic cell
    return {"names": names, "index": index, "gs": G_SYN * n_syn, "gg": G_GAP * n_gap,
            "gg_sum": G_GAP * n_gap.sum(1), "E": reversal}


def threshold_system(m):
    """A V = b for the rest state with every s_j = s_eq and no input."""
    a = np.diag(G_C + m["gg_sum"] + m["gs"] @ np.full(len(m["E"]), S_EQ)) - m["gg"]
    return a, G_C * E_C + m["gs"] @ (S_EQ * m["E"])


def phi(v, vth):
    return 1.0 / (1.0 + np.exp(-BETA * (v - vth)))


def current_vector(m, stimulus, on):
    i = np.zeros(len(m["names"]))
    i[[m["index"][x] for x in STIMULI[stimulus]]] = AMPLITUDE if on else 0.0
    return i


def reference(m, vth, stimulus, times, method="LSODA"):
    """V [samples, neurons] from a stiff solver, piecewise so the current steps fall on segment ends."""
    n, gs, gg, e = len(vth), m["gs"], m["gg"], m["E"]

    def f(t, y, i):
        v, s = y[:n], y[n:]
        dv = (-G_C * (v - E_C) - m["gg_sum"] * v + gg @ v - v * (gs @ s) + gs @ (s * e) + i) / C
        p = phi(v, vth)
        return np.concatenate([dv, A_R * p * (1 - s) - A_D * s])

    def jac(t, y, i):  # dense 604 × 604; cheap next to the thousands of steps it saves
        v, s = y[:n], y[n:]
        p = phi(v, vth)
        j = np.zeros((2 * n, 2 * n))
        j[:n, :n] = (gg - np.diag(G_C + m["gg_sum"] + gs @ s)) / C
        j[:n, n:] = gs * (e[None, :] - v[:, None]) / C
        j[n:, :n] = np.diag(A_R * (1 - s) * BETA * p * (1 - p))
        j[n:, n:] = np.diag(-A_R * p - A_D)
        return j

    y, out = np.concatenate([vth, np.full(n, S_EQ)]), [vth]
    for a, b, on in [(0.0, T_ON, False), (T_ON, T_OFF, True), (T_OFF, T_END, False)]:
        sol = solve_ivp(f, (a, b), y, method=method, jac=jac, rtol=1e-9, atol=1e-12,
                        t_eval=times[(times > a) & (times <= b)], args=(current_vector(m, stimulus, on),))
        if not sol.success:
            sys.exit(f"reference integration failed on [{a}, {b}] ms: {sol.message}")
        y = sol.y[:, -1]
        out.append(sol.y[:n].T)
    return np.vstack(out)


def exp_euler(m, vth, stimulus, dt=DT, record=RECORD):
    """The spec's integrator: per-neuron exponential Euler, neighbours from the previous step."""
    v, s = vth.copy(), np.full(len(vth), S_EQ)
    every, out = int(round(record / dt)), [vth.copy()]
    k_on, k_off = int(round(T_ON / dt)), int(round(T_OFF / dt))  # step k spans [k dt, (k+1) dt)
    for k in range(int(round(T_END / dt))):
        i = current_vector(m, stimulus, k_on <= k < k_off)
        d = G_C + m["gg_sum"] + m["gs"] @ s
        v_inf = (G_C * E_C + m["gg"] @ v + m["gs"] @ (s * m["E"]) + i) / d
        p = phi(v, vth)
        rate = A_R * p + A_D
        s = A_R * p / rate + (s - A_R * p / rate) * np.exp(-rate * dt)  # exact with φ frozen
        v = v_inf + (v - v_inf) * np.exp(-d * dt / C)
        if (k + 1) % every == 0:
            out.append(v.copy())
    return np.array(out)


def responses(times, activity):
    """Mean over the last 200 ms of the stimulus minus the mean before it, per neuron."""
    late = (times > T_OFF - 200) & (times <= T_OFF)
    return activity[late].mean(0) - activity[(times >= 0) & (times < T_ON)].mean(0)


def write_standin(m, vth, stimulus, out_dir):
    """traces.h5 and summary.json in Plexus's layout, from exp_euler (for --self-test)."""
    os.makedirs(out_dir, exist_ok=True)
    times = np.arange(0.0, T_END + RECORD / 2, RECORD)
    v = exp_euler(m, vth, stimulus)
    a = phi(v, vth)
    current = np.where((times >= T_ON) & (times < T_OFF), AMPLITUDE, 0.0)
    with h5py.File(os.path.join(out_dir, "traces.h5"), "w") as f:
        f["names"] = np.array(m["names"], dtype=h5py.string_dtype())
        f["time"], f["voltage"], f["activity"], f["threshold"] = times, v, a, vth
        f["stimulus/neurons"] = np.array(STIMULI[stimulus], dtype=h5py.string_dtype())
        f["stimulus/current"] = np.repeat(current[:, None], len(STIMULI[stimulus]), 1)
        f.attrs.update(dt_ms=DT, record_interval_ms=RECORD, connectome="cook2019_herm", signs="transmitter")
    with open(os.path.join(out_dir, "summary.json"), "w") as f:
        json.dump({"responses": dict(zip(m["names"], responses(times, a).tolist()))}, f)


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


class Report:
    def __init__(self):
        self.passed, self.failed = 0, 0

    def check(self, ok, message):
        self.passed, self.failed = self.passed + bool(ok), self.failed + (not ok)
        print(f"  {'ok  ' if ok else 'FAIL'} {message}")

    def close_to(self, what, ours, theirs, tolerance, times, names, unit="", labels=("Plexus", "reference")):
        """Max |theirs − ours| with where it happens, so a failure names neuron, time and both values."""
        d = np.abs(theirs - ours)
        t, j = np.unravel_index(np.argmax(d), d.shape)
        self.check(d[t, j] <= tolerance, f"{what}: max |diff| {d[t, j]:.3g}{unit} ≤ {tolerance:g}{unit} (worst {names[j]}"
                   f" at t = {times[t]:g} ms: {labels[0]} {theirs[t, j]:.6f}, {labels[1]} {ours[t, j]:.6f})")


def compare(m, vth, stimulus, out_dir, report):
    print(f"\n{stimulus} ({out_dir})")
    with h5py.File(os.path.join(out_dir, "traces.h5"), "r") as f:
        cols = [m["index"].get(text(x), -1) for x in f["names"][()]]  # -1: not a hermaphrodite neuron
        order = np.argsort(cols)  # Plexus column order → CSV order
        times, th = f["time"][()], f["threshold"][()][order]
        volt, act = f["voltage"][()][:, order], f["activity"][()][:, order]
        stim_names, stim_current = [text(x) for x in f["stimulus/neurons"][()]], f["stimulus/current"][()]
        attrs = {k: (text(v) if isinstance(v, (bytes, str)) else float(v)) for k, v in f.attrs.items()}
    expected = np.arange(0.0, T_END + RECORD / 2, RECORD)
    ok = sorted(cols) == list(range(len(vth))) and times.shape == expected.shape and np.allclose(times, expected, atol=1e-9)
    report.check(ok, f"the 302 neurons, samples t = 0, 1, …, {T_END:g} ms (file: {len(cols)} columns, {len(times)} samples)")
    if not ok:
        return  # nothing below can line up
    want = {"dt_ms": DT, "record_interval_ms": RECORD, "connectome": "cook2019_herm", "signs": "transmitter"}
    report.check(all(attrs.get(k) == v for k, v in want.items()), f"defaults {want} (file: {attrs})")
    # Half-open step: on at t_on, already off at the t_off sample.
    on = np.where((times >= T_ON) & (times < T_OFF), AMPLITUDE, 0.0)
    report.check(sorted(stim_names) == sorted(STIMULI[stimulus]) and np.allclose(stim_current, on[:, None]),
                 f"stimulus {AMPLITUDE:g} pA into {', '.join(STIMULI[stimulus])} for {T_ON:g} ≤ t < {T_OFF:g} ms (file: {', '.join(stim_names)})")
    # Same linear system in double precision: forward error ≲ cond·ε·|V| ≈ 1e3·2e-16·22 mV ≈ 5e-12
    # mV, plus ε-level differences in assembling it; 1e-9 mV leaves a margin of over 100.
    d = np.abs(th - vth)
    j = int(np.argmax(d))
    report.check(d[j] <= TOL_VTH, f"V_th: max |diff| {d[j]:.3g} mV ≤ {TOL_VTH:g} mV (worst {m['names'][j]}: Plexus {th[j]:.12f}, reference {vth[j]:.12f})")

    start = time.perf_counter()
    v_ref = reference(m, vth, stimulus, times)
    elapsed = time.perf_counter() - start
    v_bdf = reference(m, vth, stimulus, times, method="BDF")
    # Two stiff methods must agree far below every tolerance, or the reference is not one.
    report.close_to(f"reference LSODA ({elapsed:.1f} s) vs BDF", v_ref, v_bdf, 1e-5, times, m["names"], " mV", ("BDF", "LSODA"))
    a_ref = phi(v_ref, vth)
    # Exponential Euler with Jacobi coupling has a first-order global error, large only while V
    # moves fast: in the ~10 ms relaxation after each current step (self-test at dt 0.1 ms:
    # 0.48 mV, 7.7e-3 activity; 4.9 mV at dt 1, 0.048 mV at dt 0.01). There the bound is about
    # twice that error; elsewhere the spec's three decimals (measured 2.6e-3 mV, 8e-5).
    near = np.zeros_like(times, dtype=bool)
    for t_step in (T_ON, T_OFF):
        near |= (times >= t_step) & (times < t_step + STEP_WINDOW)
    names = m["names"]
    report.close_to("voltage, away from steps", v_ref[~near], volt[~near], TOL_VOLTAGE, times[~near], names, " mV")
    report.close_to("activity, away from steps", a_ref[~near], act[~near], TOL_ACTIVITY, times[~near], names)
    report.close_to(f"voltage, {STEP_WINDOW:g} ms after steps", v_ref[near], volt[near], TOL_VOLTAGE_STEP, times[near], names, " mV")
    report.close_to(f"activity, {STEP_WINDOW:g} ms after steps", a_ref[near], act[near], TOL_ACTIVITY_STEP, times[near], names)
    # The spec fixes the integrator; replaying it here pins Plexus's step and sampling conventions
    # (a stimulus one step late moves the traces by ~1 mV, inside the first-order bounds above).
    report.close_to("voltage vs the spec's exponential Euler run here (same algorithm)", exp_euler(m, vth, stimulus),
                    volt, TOL_SAME_ALGORITHM, times, names, " mV", ("Plexus", "here"))

    with open(os.path.join(out_dir, "summary.json")) as f:
        plexus_responses = json.load(f)["responses"]
    r_ref = responses(times, a_ref)
    missing = [x for x in names if x not in plexus_responses]
    d = np.array([abs(plexus_responses.get(x, np.nan) - r) for x, r in zip(names, r_ref)])
    j = int(np.nanargmax(d)) if not missing else m["index"][missing[0]]
    report.check(not missing and d[j] <= TOL_RESPONSE, f"responses Δa: max |diff| {d[j]:.3g} ≤ {TOL_RESPONSE:g} "
                 f"(worst {names[j]}: Plexus {plexus_responses.get(names[j], float('nan')):.6f}, reference {r_ref[j]:.6f}; {len(missing)} missing)")
    print(f"    {'neuron':8}{'Δa reference':>14}{'Δa Plexus':>12}")
    for x in BACKWARD + FORWARD:
        print(f"    {x:8}{r_ref[m['index'][x]]:14.5f}{plexus_responses.get(x, float('nan')):12.5f}")
    b, fw = (np.mean([r_ref[m["index"][x]] for x in group]) for group in (BACKWARD, FORWARD))
    top = max(BACKWARD + FORWARD, key=lambda x: r_ref[m["index"][x]])
    print(f"    backward B {b:.5f}, forward F {fw:.5f}; largest command response {top}")
    if stimulus == "touch-anterior":
        report.check(b > fw, f"anterior touch: B {b:.4f} > F {fw:.4f} (Chalfie et al. 1985)")
    else:
        report.check(fw > b, f"posterior touch: F {fw:.4f} > B {b:.4f} (Chalfie et al. 1985)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plexus", help="path to the plexus binary")
    parser.add_argument("--work", help="directory for the runs (default: a temporary one)")
    parser.add_argument("--self-test", action="store_true", help="use this script's exponential Euler in place of Plexus")
    args = parser.parse_args()
    if not args.plexus and not args.self_test:
        parser.error("give --plexus PATH or --self-test")
    work = args.work or tempfile.mkdtemp(prefix="graded-worm-")
    m = load_model()
    a, b = threshold_system(m)
    vth = np.linalg.solve(a, b)
    print(f"model: {len(vth)} neurons, V_th {vth.min():.2f} … {vth.max():.2f} mV, "
          f"cond(A) = {np.linalg.cond(a):.3g}, cond·ε·max|V_th| = {np.linalg.cond(a) * np.finfo(float).eps * np.abs(vth).max():.2g} mV")
    report = Report()
    for stimulus in STIMULI:
        out_dir = os.path.join(work, stimulus.split("-")[1])
        if args.self_test:
            write_standin(m, vth, stimulus, out_dir)
        else:
            subprocess.run([args.plexus, "simulate", "celegans", "--stimulus", stimulus, "--out", out_dir, "--quiet"],
                           check=True, stdout=subprocess.DEVNULL)
        compare(m, vth, stimulus, out_dir, report)
    print(f"\ngraded worm reference: {report.passed} passed, {report.failed} failed")
    sys.exit(1 if report.failed else 0)


if __name__ == "__main__":
    main()
