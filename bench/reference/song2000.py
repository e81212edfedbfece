#!/usr/bin/env python3
"""Song, Miller & Abbott (2000) STDP experiment: reference runs in Brian2 and NEST.

One conductance-based LIF neuron receives 1000 independent 15 Hz Poisson inputs
through additive all-to-all STDP synapses (the model of Brian2's
examples/synapses/STDP.py, with the changes listed below).  Competition between
the synapses pushes the weights towards 0 or gmax and lowers the output rate.
After 100 s this is far from finished (about a quarter of the weights near 0,
a fifth near gmax, rate still falling), so compare runs of equal length.
Plexus runs the same model; this script gives the numbers to compare against.

One run per process (so peak RSS and timings belong to that run):

    python song2000.py --simulator brian2-runtime --seed 1 --out run.json
    python song2000.py --simulator brian2-standalone --seed 1 --out run.json
    python song2000.py --simulator nest --seed 1 --out run.json
    python song2000.py --simulator brian2-runtime --method euler --seed 1 --out run.json

Collect per-run files into one reference file with a per-(simulator, method) summary,
and print its table:

    python song2000.py --collect run1.json run2.json ... --out song2000_reference.json
    python song2000.py --table song2000_reference.json

Differences from Brian2's example, all deliberate (Plexus runs exactly this model):
  * v starts at -60 mV (the example leaves Brian2's default 0 mV, so the neuron
    fires at once and starts with a transient);
  * a 0.1 ms delay on the whole on_pre pathway (the example has none), so the
    synapse and its STDP see the presynaptic spike when it arrives;
  * on a presynaptic arrival the weight is depressed before it is transmitted
    (the example transmits first).  NEST's stdp_synapse uses this order;
  * method exponential_euler by default (the example uses euler).

NEST's stdp_synapse differs from the Brian2 model in ways that matter here:
  * its delay is dendritic: the synapse sees a presynaptic spike when it is sent
    and a postsynaptic spike `delay` later, so every pre/post interval is 2*delay
    = 0.2 ms later than in the axonal Brian2 model (small effect on its own);
  * it applies the potentiation from postsynaptic spikes only at the next
    presynaptic spike.  The final weights below add that pending potentiation
    (weights_final); the raw stored values are in weights_final_stored;
  * a postsynaptic spike in the same time step as a presynaptic one counts for
    neither potentiation nor depression in NEST, but as a potentiating pair
    (Apre already incremented) in Brian2, whose on_pre runs before on_post.
    Such pairs occur at about r_post*dt per input spike whatever the
    correlations, so the bias scales with dt.  Replaying both rules on one set
    of spike trains (seed 1, 100 s) gave mean w/gmax 0.480 (Brian2) vs 0.463
    (NEST) at dt = 0.1 ms and 0.475 vs 0.467 at dt = 0.025 ms.  Because the
    output rate is very sensitive to the mean weight, Brian2 ends at a higher rate
    (last 20 s: about 20 Hz vs 16 Hz at dt = 0.1 ms);
  * two Poisson events of one input in one step reach the neuron as one spike
    with multiplicity 2 but count once for STDP (about 0.07 % of input spikes).
"""
import argparse
import json
import platform
import resource
import sys
import tempfile
import time

T_PROCESS_START = time.time()  # wall_total_s counts imports of the simulators too

import numpy as np

# --- model (shared by every simulator) --------------------------------------
# Voltages in mV, times in ms, conductances dimensionless (relative to the leak).
MODEL = dict(
    N=1000,             # Poisson inputs, all-to-all onto one neuron
    rate_hz=15.0,       # input rate
    taum=10.0,          # membrane time constant
    E_L=-74.0, V_th=-54.0, V_reset=-60.0,  # no refractory period
    E_e=0.0,            # excitatory reversal potential
    taue=5.0,           # exponential conductance decay
    v0=-60.0, ge0=0.0,  # initial state
    delay=0.1,          # axonal delay of the whole on_pre pathway (spike + STDP)
    taupre=20.0, taupost=20.0,
    gmax=0.01,          # maximum weight (relative to g_L)
    dApre_rel=0.01,     # Apre += dApre_rel * gmax at a presynaptic arrival
    dApost_rel=-0.01 * 1.05,  # Apost += dApost_rel * gmax at a postsynaptic spike
    w0="uniform(0, gmax)",
)
# NEST needs physical units: with C_m = 100 pF and g_L = 10 nS, tau_m = 10 ms and a
# dimensionless weight w becomes w * g_L nS.
NEST_C_M_PF = 100.0
NEST_G_L_NS = 10.0

NEAR_0 = 0.1    # "near 0":     w < 0.1 * gmax
NEAR_MAX = 0.9  # "near w_max": w > 0.9 * gmax
HIST_BINS = 20  # histogram of w/gmax on [0, 1]
RATE_BIN_S = 10.0   # output rate in 10 s bins
LAST_WINDOW_S = 20.0  # "settled" rate over the last 20 s
SIMULATORS = ("brian2-runtime", "brian2-standalone", "nest")
METHODS = ("euler", "exponential_euler", "rk4")


# --- statistics --------------------------------------------------------------
def weight_summary(w_rel):
    """Summary of weights given as w/gmax."""
    w_rel = np.asarray(w_rel, float)
    hist, _ = np.histogram(w_rel, bins=HIST_BINS, range=(0.0, 1.0))  # 1.0 lands in the last bin
    return dict(frac_near0=float(np.mean(w_rel < NEAR_0)),
                frac_near_max=float(np.mean(w_rel > NEAR_MAX)),
                mean_w_rel=float(w_rel.mean()),
                hist_w_rel=hist.tolist())


def spike_summary(times_ms, duration_s):
    t_s = np.asarray(times_ms, float) / 1000.0
    edges = np.arange(0.0, duration_s, RATE_BIN_S)
    edges = np.append(edges, duration_s)  # a shorter last bin if duration is not a multiple of 10 s
    counts, _ = np.histogram(t_s, bins=edges)
    last0 = max(0.0, duration_s - LAST_WINDOW_S)
    return dict(n_spikes=int(t_s.size),
                rate_hz=t_s.size / duration_s,
                rate_last20s_hz=float(np.sum(t_s >= last0) / (duration_s - last0)),
                rate_bins_hz=(counts / np.diff(edges)).tolist(),
                rate_bin_edges_s=edges.tolist())


# --- Brian2 ------------------------------------------------------------------
def brian2_song_network(b2, m, method, delay_ms):
    """The Song 2000 model in an already configured Brian2 (runtime or C++ standalone):
    the input group, the neuron, the plastic synapses and the namespace."""
    ms, mV, Hz = b2.ms, b2.mV, b2.Hz
    eqs = """
    dv/dt = (ge * (E_e - v) + E_L - v) / taum : volt
    dge/dt = -ge / taue : 1
    """
    inputs = b2.PoissonGroup(m["N"], rates=m["rate_hz"] * Hz)
    neuron = b2.NeuronGroup(1, eqs, threshold="v > V_th", reset="v = V_reset",
                            method=method)
    neuron.v = m["v0"] * mV
    neuron.ge = m["ge0"]
    # Traces are event-driven (exact exponential decay between events).  on_pre runs at
    # the spike's arrival (delay applies to the whole pathway), and depresses before
    # it transmits, as NEST's stdp_synapse does.
    syn = b2.Synapses(
        inputs, neuron,
        model="""w : 1
                 dApre/dt = -Apre / taupre : 1 (event-driven)
                 dApost/dt = -Apost / taupost : 1 (event-driven)""",
        on_pre="""Apre += dApre
                  w = clip(w + Apost, 0, gmax)
                  ge_post += w""",
        on_post="""Apost += dApost
                   w = clip(w + Apre, 0, gmax)""",
        delay=delay_ms * ms)
    # all-to-all onto one neuron, with explicit indices so that synapse k is the one
    # from input k (standalone then knows the indices before the run)
    syn.connect(i=np.arange(m["N"]), j=np.zeros(m["N"], dtype=int))
    syn.w = f"rand() * {m['gmax']!r}"  # uniform on [0, gmax); drawn from Brian2's seeded RNG
    ns = dict(E_e=m["E_e"] * mV, E_L=m["E_L"] * mV, V_th=m["V_th"] * mV,
              V_reset=m["V_reset"] * mV, taum=m["taum"] * ms, taue=m["taue"] * ms,
              taupre=m["taupre"] * ms, taupost=m["taupost"] * ms, gmax=m["gmax"],
              dApre=m["dApre_rel"] * m["gmax"], dApost=m["dApost_rel"] * m["gmax"])
    return inputs, neuron, syn, ns


def run_brian2(a, standalone):
    import brian2 as b2
    t0 = time.time()
    ms, second = b2.ms, b2.second
    workdir = None
    if standalone:
        workdir = tempfile.mkdtemp(prefix="song2000_standalone_")
        b2.set_device("cpp_standalone", directory=workdir, build_on_run=True)
        # Brian2 runs 'make -j' (unbounded); the machine is shared, so compile serially.
        b2.prefs.devices.cpp_standalone.extra_make_args_unix = ["-j1"]
    else:
        b2.prefs.codegen.target = "cython"  # as run_reference.py; compiled code cached in ~/.cython
    b2.defaultclock.dt = a.dt * ms
    b2.seed(a.seed)
    m = MODEL

    inputs, neuron, syn, ns = brian2_song_network(b2, m, a.method, a.delay)
    spikes = b2.SpikeMonitor(neuron)
    # weights every 10 s (start of each rate bin) to show whether they have settled
    wmon = b2.StateMonitor(syn, "w", record=np.arange(m["N"]), dt=RATE_BIN_S * second)
    net = b2.Network(inputs, neuron, syn, spikes, wmon)
    t_setup = time.time()
    net.run(a.duration_s * second, namespace=ns)
    t_run = time.time()

    device = b2.get_device()
    info = dict(version=b2.__version__, method=a.method, wall_setup_s=t_setup - t0,
                wall_run_call_s=t_run - t_setup,
                # time-stepping loop only (standalone: measured inside the binary)
                wall_sim_loop_s=float(device._last_run_time))
    if standalone:
        # run() = code generation + 'make' + the binary; the binary also loads and
        # writes arrays, so it is a little longer than its loop.
        info.update(target="cpp_standalone",
                    wall_compile_s=device.timers["compile"]["make"],
                    wall_simulate_s=device.timers["run_binary"])
    else:
        info.update(target="cython", wall_simulate_s=info["wall_sim_loop_s"])
    # build = everything before time stepping (model setup, code generation, compilation)
    info["wall_build_s"] = t_run - t0 - info["wall_simulate_s"]

    times_ms = np.asarray(spikes.t / ms)
    w_final = np.asarray(syn.w[:]) / m["gmax"]
    w_traj = np.asarray(wmon.w) / m["gmax"]  # (synapse, sample)
    traj_t = np.asarray(wmon.t / second)
    if standalone:
        b2.device.delete(force=True)  # removes workdir (code, binary, results)
        b2.device.reinit()
    return times_ms, w_final, traj_t, w_traj.T, info


# --- NEST --------------------------------------------------------------------
def run_nest(a):
    import nest
    t0 = time.time()
    m = MODEL
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.ResetKernel()
    nest.resolution = a.dt
    nest.local_num_threads = 1  # shared 2-core machine; results depend on the thread count
    nest.rng_seed = a.seed
    wmax_ns = m["gmax"] * NEST_G_L_NS  # 0.1 nS

    # t_ref = 0 is accepted by iaf_cond_exp (no clamping after a spike).
    neuron = nest.Create("iaf_cond_exp", params=dict(
        C_m=NEST_C_M_PF, g_L=NEST_G_L_NS, E_L=m["E_L"], V_th=m["V_th"],
        V_reset=m["V_reset"], t_ref=0.0, E_ex=m["E_e"], tau_syn_ex=m["taue"],
        V_m=m["v0"], g_ex=m["ge0"],
        tau_minus=m["taupost"]))  # the postsynaptic trace lives in the neuron
    # A poisson_generator sends an independent train to every target, but its
    # spikes cannot drive STDP synapses directly; parrot_neurons repeat them as
    # ordinary spikes.  The generator->parrot delay (dt) only shifts the trains.
    gen = nest.Create("poisson_generator", params={"rate": m["rate_hz"]})
    parrots = nest.Create("parrot_neuron", m["N"])
    nest.Connect(gen, parrots, syn_spec={"delay": a.dt})
    # Additive STDP (mu_plus = mu_minus = 0): w += lambda*Wmax*Kplus at a post spike,
    # w -= alpha*lambda*Wmax*Kminus at a pre spike, clipped to [0, Wmax].
    nest.CopyModel("stdp_synapse", "stdp_song2000", {
        "tau_plus": m["taupre"], "lambda": m["dApre_rel"],
        "alpha": -m["dApost_rel"] / m["dApre_rel"], "mu_plus": 0.0, "mu_minus": 0.0,
        "Wmax": wmax_ns})
    nest.Connect(parrots, neuron, "all_to_all", syn_spec={
        "synapse_model": "stdp_song2000", "delay": a.delay,
        "weight": nest.random.uniform(0.0, wmax_ns)})
    sr = nest.Create("spike_recorder")
    nest.Connect(neuron, sr)
    conns = nest.GetConnections(parrots, neuron)
    src = np.asarray(conns.get("source")) - parrots[0].global_id  # parrot index per connection
    t_setup = time.time()

    def weights_now(post_ms):
        """w/gmax as Brian2 would hold it now.  stdp_synapse applies the potentiation
        from postsynaptic spikes only at the synapse's next presynaptic spike, so
        the stored weight lacks lambda*Kplus*exp(-(t_post + d - t_last)/tau_plus)
        for every postsynaptic spike seen since its last presynaptic one."""
        w = np.asarray(conns.get("weight"), float) / wmax_ns
        kplus = np.asarray(conns.get("Kplus"), float)  # pre trace right after the last pre spike
        # A parrot's last spike time is its synapse's last presynaptic spike (checked
        # against a spike_recorder on the parrots and against Kplus; -1 = none yet).
        t_last = np.asarray(parrots.get("t_spike"), float)[src]
        seen = np.asarray(post_ms) + a.delay  # a post spike reaches the synapse after the delay
        for k in np.nonzero(kplus > 0)[0]:
            pending = seen[seen > t_last[k] + 1e-9]  # spikes at t_last were applied at t_last
            w[k] = min(w[k] + m["dApre_rel"] * kplus[k] *
                       np.exp((t_last[k] - pending) / m["taupre"]).sum(), 1.0)
        return w

    # Simulate in 10 s pieces to sample the weights (Prepare/Run/Cleanup is NEST's way
    # of splitting a simulation without changing it).
    traj_t, traj_w = [], []
    t_sim = 0.0
    nest.Prepare()
    for t_end in np.append(np.arange(RATE_BIN_S, a.duration_s, RATE_BIN_S), a.duration_s):
        traj_t.append(nest.biological_time / 1000.0)
        traj_w.append(weights_now(sr.get("events")["times"]))
        t1 = time.time()
        nest.Run(t_end * 1000.0 - nest.biological_time)
        t_sim += time.time() - t1
    nest.Cleanup()

    times_ms = np.asarray(sr.get("events")["times"], float)
    w_stored = np.asarray(conns.get("weight"), float) / wmax_ns
    w_final = weights_now(times_ms)
    # iaf_cond_exp integrates each step with GSL's adaptive RKF45 (no --method choice)
    info = dict(version=nest.__version__, method="gsl_rkf45", threads=1, t_ref_ms=0.0,
                C_m_pF=NEST_C_M_PF, g_L_nS=NEST_G_L_NS,
                Wmax_nS=wmax_ns, wall_setup_s=t_setup - t0, wall_simulate_s=t_sim,
                wall_build_s=t_setup - t0,
                n_stdp_connections=len(conns),
                # the raw stored weights, without the pending potentiation
                weights_final_stored=weight_summary(w_stored))
    return times_ms, w_final, np.array(traj_t), np.array(traj_w), info


# --- one run -----------------------------------------------------------------
def single(a):
    if a.simulator == "nest":
        times_ms, w_final, traj_t, traj_w, info = run_nest(a)
    else:
        times_ms, w_final, traj_t, traj_w, info = run_brian2(a, a.simulator == "brian2-standalone")
    out = dict(simulator=a.simulator, seed=a.seed, dt_ms=a.dt, delay_ms=a.delay,
               duration_s=a.duration_s, **info)
    out.update(spike_summary(times_ms, a.duration_s))
    out["weights_final"] = weight_summary(w_final)
    # mean and near-0 / near-max fractions every 10 s (t = start of each rate bin)
    out["weights_trajectory"] = [dict(t_s=float(t), **{k: v for k, v in weight_summary(w).items()
                                                       if k != "hist_w_rel"})
                                 for t, w in zip(traj_t, traj_w)]
    out["wall_total_s"] = time.time() - T_PROCESS_START
    ru_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ru_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["peak_rss_mb"] = ru_self
    # standalone: the largest of the compiler processes and the simulation binary
    out["peak_rss_children_mb"] = ru_children
    out.update(python=platform.python_version(), machine=platform.platform(),
               date=time.strftime("%Y-%m-%d %H:%M:%S %Z"))
    return out


# --- collection --------------------------------------------------------------
def collect(paths):
    runs = [json.load(open(p)) for p in paths]
    groups = {}
    for r in runs:
        key = f"{r['simulator']} {r['method']}" + (f" dt={r['dt_ms']:g}" if r["dt_ms"] != 0.1 else "")
        groups.setdefault(key, []).append(r)
    summary = {}
    for key, rs in groups.items():
        s = dict(n_runs=len(rs), seeds=[r["seed"] for r in rs])
        get = {"rate_hz": lambda r: r["rate_hz"],
               "rate_last20s_hz": lambda r: r["rate_last20s_hz"],
               "frac_near0": lambda r: r["weights_final"]["frac_near0"],
               "frac_near_max": lambda r: r["weights_final"]["frac_near_max"],
               "mean_w_rel": lambda r: r["weights_final"]["mean_w_rel"],
               "wall_build_s": lambda r: r["wall_build_s"],
               "wall_simulate_s": lambda r: r["wall_simulate_s"],
               "wall_total_s": lambda r: r["wall_total_s"],
               "peak_rss_mb": lambda r: max(r["peak_rss_mb"], r["peak_rss_children_mb"])}
        for name, f in get.items():
            v = np.array([f(r) for r in rs], float)
            s[name] = dict(mean=float(v.mean()), min=float(v.min()), max=float(v.max()))
        summary[key] = s
    return dict(meta=dict(model=MODEL, nest_C_m_pF=NEST_C_M_PF, nest_g_L_nS=NEST_G_L_NS,
                          near0=f"w < {NEAR_0} gmax", near_max=f"w > {NEAR_MAX} gmax",
                          rate_last20s="spikes in [T-20 s, T) / 20 s",
                          summary_peak_rss="max of the process and its children",
                          date=time.strftime("%Y-%m-%d %H:%M:%S %Z")),
                summary=summary, runs=runs)


def table(ref):
    rows = ["| simulator / method | seeds | rate (Hz) | rate last 20 s (Hz) | near 0 | near w_max "
            "| mean w/gmax | build (s) | simulate (s) | total (s) |", "|---" * 10 + "|"]
    f = lambda d, n: (f"{d['mean']:.{n}f} [{d['min']:.{n}f}, {d['max']:.{n}f}]"
                      if d["min"] != d["max"] else f"{d['mean']:.{n}f}")
    for key, s in ref["summary"].items():
        rows.append(f"| {key} | {s['n_runs']} | {f(s['rate_hz'], 2)} | {f(s['rate_last20s_hz'], 2)} | "
                    f"{f(s['frac_near0'], 3)} | {f(s['frac_near_max'], 3)} | {f(s['mean_w_rel'], 3)} | "
                    f"{s['wall_build_s']['mean']:.1f} | {s['wall_simulate_s']['mean']:.1f} | "
                    f"{s['wall_total_s']['mean']:.1f} |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--simulator", choices=SIMULATORS)
    ap.add_argument("--method", choices=METHODS, default="exponential_euler",
                    help="Brian2 integration method for the neuron (NEST always uses its own)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--duration-s", type=float, default=100.0)
    ap.add_argument("--dt", type=float, default=0.1, help="resolution in ms")
    ap.add_argument("--delay", type=float, default=MODEL["delay"],
                    help="synaptic delay in ms (a whole number of steps, at least one)")
    ap.add_argument("--out", help="output JSON (default: stdout)")
    ap.add_argument("--collect", nargs="+", metavar="RUN_JSON",
                    help="merge per-run files into --out with a summary")
    ap.add_argument("--table", metavar="REFERENCE_JSON", help="print the summary table of a collected file")
    a = ap.parse_args()

    if a.table:
        print(table(json.load(open(a.table))))
        return
    if a.collect:
        result = collect(a.collect)
        text = json.dumps(result, indent=1)
    else:
        if not a.simulator:
            ap.error("--simulator is required (or --collect / --table)")
        steps = a.delay / a.dt
        if round(steps) < 1 or abs(steps - round(steps)) > 1e-9:
            ap.error("--delay must be a whole number (>= 1) of --dt steps")
        result = single(a)
        text = json.dumps(result, indent=1)
        print(f"{a.simulator} {result['method']} seed {a.seed}: rate {result['rate_hz']:.2f} Hz, "
              f"last 20 s {result['rate_last20s_hz']:.2f} Hz, near0 "
              f"{result['weights_final']['frac_near0']:.3f}, near max "
              f"{result['weights_final']['frac_near_max']:.3f}, build {result['wall_build_s']:.1f} s, "
              f"simulate {result['wall_simulate_s']:.1f} s, total {result['wall_total_s']:.1f} s",
              file=sys.stderr)
    if a.out:
        with open(a.out, "w") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    if a.collect:
        print(table(result))


if __name__ == "__main__":
    main()
