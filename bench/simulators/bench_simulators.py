#!/usr/bin/env python3
"""Simulator benchmark: Plexus against NEST and Brian2 C++ standalone on the same networks.

Models (durations; --quick shortens them for a smoke test):

  cuba            CUBA (Brette et al. 2007), 4000 LIF, p = 0.02, 1 s       (examples/cuba.json)
  cuba_10s        the same, 10 s
  brunel          Brunel 2000, 12 500 LIF, fixed in-degree 1000 + 250, 1 s  (examples/brunel.json)
  brunel4x        Brunel 2000 with NE, NI x4 (50 000 neurons) and the SAME in-degree, 1 s
                  (Plexus: a model file derived from brunel.json, written to a temp dir)
  song2000        Song, Miller & Abbott 2000 STDP, 1000 Poisson inputs -> 1 neuron, 100 s
  cuba_stdp_10k   CUBA at 10 000 neurons, p = 0.008 (in-degree 80), additive all-to-all STDP
                  on E->E, 1 s (examples/cuba_stdp_10k.json; Brian2 / NEST versions below)

Tools: plexus-1t, plexus-2t (`plexus simulate --threads T`), nest-1t, nest-2t
(local_num_threads), brian2-standalone (C++ standalone, build_on_run, one thread: openmp_threads
= --b2-openmp, 0 = Brian2's no-OpenMP default), optionally brian2-standalone-2t (openmp_threads 2).

Every (model, tool, repetition) is a fresh subprocess; repetitions are interleaved (rep 1 of
every model and tool, then rep 2, ...). Per run: build time (network construction; for
Brian2 standalone compile time separately), simulation time, peak RSS (ru_maxrss of that
child via os.wait4; for Brian2 standalone the simulation binary's own peak RSS), synaptic
events per second and the network statistics.

    python bench_simulators.py --plexus .build/release/plexus                 # all, 3 reps
    python bench_simulators.py --plexus ... --quick --reps 1                 # smoke test
    python bench_simulators.py --plexus ... --models cuba brunel --tools plexus-1t nest-1t

Writes bench/results/simulators-<date>[-quick].{json,md}.
"""
import os
import sys

# --- exec wrapper: `--exec-rss FILE CMD...` runs CMD, writes CMD's peak RSS (MB) to FILE and its
# wall time (s) to FILE.wall.  Every measured child is started through it (and Brian2's
# run_cmd_unix too): Linux carries the peak RSS of the process that forks/execs a child over
# into the child's ru_maxrss, so a child spawned directly by the benchmark (whose RSS grows
# while it parses rasters) would report at least the benchmark's own peak.  This small
# process keeps that floor at ~10 MB.  Handled before any heavy import.
if len(sys.argv) > 3 and sys.argv[1] == "--exec-rss":
    import time as _time
    _cmd = sys.argv[3:]
    _t0 = _time.perf_counter()
    _pid = os.posix_spawnp(_cmd[0], _cmd, os.environ)
    _, _status, _ru = os.wait4(_pid, 0)
    _wall = _time.perf_counter() - _t0
    with open(sys.argv[2], "w") as _f:
        _f.write(repr(_ru.ru_maxrss / 1024.0))
    with open(sys.argv[2] + ".wall", "w") as _f:
        _f.write(repr(_wall))
    sys.exit(os.waitstatus_to_exitcode(_status))

import argparse  # noqa: E402
import copy  # noqa: E402
import datetime  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "bench" / "reference"))
import run_reference as rr  # noqa: E402  (CUBA / BRUNEL parameters, stats(), NEST builders)
import song2000 as sg  # noqa: E402      (Song 2000 model constants and summaries)

DEFAULT_RESULTS = ROOT / "bench" / "results"
DT_MS = 0.1

# --- models --------------------------------------------------------------------------------
BRUNEL4X = dict(rr.BRUNEL, NE=4 * rr.BRUNEL["NE"], NI=4 * rr.BRUNEL["NI"])  # same CE, CI, rates
# cuba_stdp_10k, as examples/cuba_stdp_10k.json (weights in pA as NEST's iaf_psc_exp; Brian2
# uses the same weights in mV: w_mV = w_pA * tau_m / C_m)
CUBA_STDP = dict(rr.CUBA, N=10000, NE=8000, p=0.008, delay=0.1,
                 w_ex_pA=20.25, w_in_pA=-112.5, Wmax_pA=40.5,
                 tau_plus=20.0, tau_minus=20.0, lam=0.01, alpha=1.05)

MODELS = {
    # name: kind, parameters, full / quick duration (ms), Plexus model file
    "cuba": dict(kind="cuba", p=rr.CUBA, ms=1000.0, quick_ms=300.0, file="examples/cuba.json"),
    "cuba_10s": dict(kind="cuba", p=rr.CUBA, ms=10000.0, quick_ms=500.0, file="examples/cuba.json"),
    "brunel": dict(kind="brunel", p=rr.BRUNEL, ms=1000.0, quick_ms=200.0, file="examples/brunel.json"),
    "brunel4x": dict(kind="brunel", p=BRUNEL4X, ms=1000.0, quick_ms=150.0, file=None),
    "song2000": dict(kind="song2000", p=sg.MODEL, ms=100000.0, quick_ms=2000.0,
                     file="examples/song2000.json"),
    "cuba_stdp_10k": dict(kind="cuba_stdp", p=CUBA_STDP, ms=1000.0, quick_ms=300.0,
                          file="examples/cuba_stdp_10k.json"),
}
TOOLS = {
    "plexus-1t": dict(sim="plexus", threads=1),
    "plexus-2t": dict(sim="plexus", threads=2),
    "nest-1t": dict(sim="nest", threads=1),
    "nest-2t": dict(sim="nest", threads=2),
    "brian2-standalone": dict(sim="brian2", threads=1),
    "brian2-standalone-2t": dict(sim="brian2", threads=2),
}
DEFAULT_TOOLS = ["plexus-1t", "plexus-2t", "nest-1t", "nest-2t", "brian2-standalone"]
ANCHORS = {1: ["nest-1t", "brian2-standalone"], 2: ["nest-2t", "brian2-standalone-2t"]}

NOTES = [
    "Simulation time: plexus = `wallSeconds` of `plexus simulate --json` (after the network is "
    "built; includes streaming every spike to spikes.h5 and spikes.csv); NEST = nest.Run() "
    "after nest.Prepare(); Brian2 standalone = the binary's own time-stepping loop "
    "(device._last_run_time).",
    "Build time: NEST = ResetKernel .. Prepare() (node creation, Connect, the connection "
    "infrastructure built in Prepare); Brian2 standalone = Python model declaration + the "
    "binary's time outside its loop (synapse creation, reading static arrays, writing results); "
    "Brian2's code generation + `make` is the separate compile column; plexus = process wall "
    "time minus wallSeconds (process start, model parsing, network construction, writing "
    "summary/weights files). Python interpreter start and `import nest/brian2` are in no column.",
    "Peak RSS: every measured process is started by a small exec wrapper (os.posix_spawn + "
    "os.wait4), because Linux carries a parent's peak RSS over into an exec'd child's ru_maxrss "
    "(floor ~10 MB this way). plexus = ru_maxrss of the plexus process; NEST = ru_maxrss of the "
    "Python worker at the end of nest.Run(), before the analysis (interpreter + PyNEST + numpy "
    "are ~80 MB before any network; the whole worker's peak, incl. analysis, is "
    "peak_rss_worker_mb in the JSON); Brian2 standalone = the "
    "simulation binary alone (measured by a tiny exec wrapper; the compiler and the Python "
    "worker are reported separately in the JSON).",
    "Synaptic events: recurrent spikes x out-degree, summed (external Poisson drive of brunel "
    "not counted; for song2000 the input spikes, out-degree 1). plexus: its JSON synapticEvents "
    "(the same definition). Brian2: exact per-neuron out-degree from S.i. NEST: exact per-neuron "
    "out-degree from GetConnections for cuba / cuba_stdp_10k, the exact mean out-degree per "
    "population (N*CE/NE, N*CI/NI) for brunel/brunel4x; song2000: recorded parrot spikes "
    "(NEST), input spike count (Brian2). events/s = events / simulation time.",
    "Statistics (rate, CV ISI, Fano of population counts in 10 ms bins) over [100 ms, end) with "
    "bench/reference/run_reference.stats; plexus from its spikes.csv. song2000: output rate over "
    "the run and over the last 20 s, final weight fractions w < 0.1 wmax / > 0.9 wmax "
    "(song2000.weight_summary); NEST's final weights include the pending potentiation as in "
    "song2000.py. cuba_stdp_10k: mean final E->E weight / Wmax (NEST: stored weights, without "
    "pending potentiation).",
    "Model differences: cuba delays are 0 ms in Brian2 (reference definition), 0.1 ms in NEST "
    "and plexus; plexus integrates in continuous time (exact spike times, Poisson arrivals off "
    "grid), NEST and Brian2 on the 0.1 ms grid; NEST's stdp_synapse has dendritic-delay timing "
    "and lazy potentiation (see song2000.py); NEST song2000 uses iaf_cond_exp (GSL RKF45), "
    "Brian2 exponential_euler. With 2 threads NEST draws different random streams, so its "
    "statistics differ from 1 thread; plexus's results do not depend on the thread count.",
    "Brian2 standalone compiles with its default flags (-O3 -ffast-math -march=native) and "
    "`make -j<--make-jobs>`; every run compiles from scratch in a fresh directory.",
]


# --- helpers ---------------------------------------------------------------------------------
def log(*a):
    print(*a, flush=True)


def outdegree_events(times_ms, idx, outdeg):
    """Synaptic events: sum over spikes of the sender's out-degree."""
    return float(np.sum(np.asarray(outdeg, float)[np.asarray(idx, np.int64)])) if len(idx) else 0.0


def network_stats(times_ms, idx, N, NE, duration_ms):
    if duration_ms <= rr.T0_MS:
        return dict(n_spikes_total=int(len(times_ms)))  # no analysis window
    rr.DURATION_MS = duration_ms  # window [T0_MS = 100 ms, duration)
    s = rr.stats(times_ms, idx, N, NE)
    return {k: s[k] for k in ("rate_hz", "rate_e_hz", "rate_i_hz", "cv_isi", "fano", "n_spikes",
                              "n_cv_neurons")}


def song_stats(times_ms, w_rel, duration_ms):
    s = sg.spike_summary(times_ms, duration_ms / 1000.0)
    w = sg.weight_summary(w_rel)
    return dict(out_rate_hz=s["rate_hz"], out_rate_last20s_hz=s["rate_last20s_hz"],
                n_spikes=s["n_spikes"], frac_near0=w["frac_near0"],
                frac_near_max=w["frac_near_max"], mean_w_rel=w["mean_w_rel"])


# --- Brian2 C++ standalone -------------------------------------------------------------------
def b2_cuba(b2, p):
    net, M, ns, synapses = rr.brian2_cuba_network(b2, p)
    return net, ns, M, [(S, 0) for S in synapses], {}


def b2_cuba_stdp(b2, p):
    ms, mV = b2.ms, b2.mV
    to_mV = p["taum"] / p["C_m"]  # pA -> mV of the voltage-unit currents
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    NE = p["NE"]
    P = b2.NeuronGroup(p["N"], eqs, threshold="v>Vt", reset="v = Vr",
                       refractory=p["tref"] * ms, method="exact")
    Vr, Vt = p["Vr"] * mV, p["Vt"] * mV  # names used by the string below
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0 * mV
    P.gi = 0 * mV
    E, I = P[:NE], P[NE:]
    d = p["delay"] * ms  # axonal delay of the on_pre pathway (spike + STDP), as plexus
    # additive all-to-all STDP with event-driven traces; on a presynaptic arrival the weight
    # is depressed first and then transmitted (as NEST and plexus)
    See = b2.Synapses(E, E, model="""w : volt
                     dApre/dt = -Apre / taupre : volt (event-driven)
                     dApost/dt = -Apost / taupost : volt (event-driven)""",
                      on_pre="""Apre += dApre
                     w = clip(w + Apost, 0*mV, wmax)
                     ge_post += w""",
                      on_post="""Apost += dApost
                     w = clip(w + Apre, 0*mV, wmax)""", delay=d)
    See.connect(condition="i != j", p=p["p"])
    we = p["w_ex_pA"] * to_mV * mV  # name used by the string below
    See.w = "we"
    Sei = b2.Synapses(E, I, on_pre="ge_post += we", delay=d)
    Sei.connect(p=p["p"])
    Si = b2.Synapses(I, P, on_pre="gi_post += wi", delay=d)
    Si.connect(condition=f"i + {NE} != j", p=p["p"])  # i is relative to the subgroup I
    M = b2.SpikeMonitor(P)
    wmax = p["Wmax_pA"] * to_mV * mV
    ns = dict(taum=p["taum"] * ms, taue=p["taue"] * ms, taui=p["taui"] * ms, El=p["El"] * mV,
              Vt=p["Vt"] * mV, Vr=p["Vr"] * mV, we=p["w_ex_pA"] * to_mV * mV,
              wi=p["w_in_pA"] * to_mV * mV, taupre=p["tau_plus"] * ms,
              taupost=p["tau_minus"] * ms, wmax=wmax, dApre=p["lam"] * wmax,
              dApost=-p["alpha"] * p["lam"] * wmax)

    def extra():
        return dict(w_mean_rel=float(np.mean(np.asarray(See.w[:]) / float(wmax))),
                    n_plastic=int(len(See.w[:])))
    return b2.Network(P, See, Sei, Si, M), ns, M, [(See, 0), (Sei, 0), (Si, NE)], extra


def b2_brunel(b2, p, seed):
    net, M, ns, synapses = rr.brian2_brunel_network(b2, p, seed)
    return net, ns, M, [(S, 0) for S in synapses], {}


def b2_song(b2, m):
    inputs, neuron, syn, ns = sg.brian2_song_network(b2, m, "exponential_euler", m["delay"])
    M = b2.SpikeMonitor(neuron)
    Min = b2.SpikeMonitor(inputs, record=False)  # counts only

    def extra():
        return dict(w_rel=np.asarray(syn.w[:]) / m["gmax"], input_spikes=int(Min.num_spikes))
    return b2.Network(inputs, neuron, syn, M, Min), ns, M, [], extra


def run_brian2(job):
    import brian2 as b2
    spec = MODELS[job["model"]]
    p = spec["p"]
    threads = job["threads"]
    omp = job["b2_openmp"] if threads == 1 else threads
    workdir = tempfile.mkdtemp(prefix=f"b2_{job['model']}_", dir=job["tmp"])
    rss_file = os.path.join(workdir, "main_peak_rss_mb.txt")
    b2.set_device("cpp_standalone", directory=workdir, build_on_run=True)
    prefs = b2.prefs
    prefs.devices.cpp_standalone.openmp_threads = omp
    prefs.devices.cpp_standalone.extra_make_args_unix = [f"-j{job['make_jobs']}"]
    prefs.devices.cpp_standalone.run_cmd_unix = [sys.executable, str(Path(__file__).resolve()),
                                                 "--exec-rss", rss_file, "./main"]
    b2.defaultclock.dt = DT_MS * b2.ms
    b2.seed(job["seed"])
    t0 = time.time()
    kind = spec["kind"]
    if kind == "cuba":
        net, ns, M, syns, extra = b2_cuba(b2, p)
    elif kind == "cuba_stdp":
        net, ns, M, syns, extra = b2_cuba_stdp(b2, p)
    elif kind == "brunel":
        net, ns, M, syns, extra = b2_brunel(b2, p, job["seed"])
    else:
        net, ns, M, syns, extra = b2_song(b2, p)
    t_setup = time.time()
    net.run(job["duration_ms"] * b2.ms, namespace=ns)  # code generation + make + binary
    t_run = time.time()
    dev = b2.get_device()
    make_s = dev.timers["compile"]["make"] or 0.0
    clean_s = dev.timers["compile"]["clean"] or 0.0
    binary_s = dev.timers["run_binary"]
    loop_s = float(dev._last_run_time)
    codegen_s = (t_run - t_setup) - make_s - clean_s - binary_s
    out = dict(sim_s=loop_s, build_s=(t_setup - t0) + (binary_s - loop_s),
               compile_s=codegen_s + make_s + clean_s, codegen_s=codegen_s, make_s=make_s,
               binary_s=binary_s, python_setup_s=t_setup - t0, openmp_threads=omp,
               version=b2.__version__)
    out["peak_rss_binary_mb"] = float(Path(rss_file).read_text())
    times = np.asarray(M.t[:] / b2.ms)
    idx = np.asarray(M.i[:])
    if kind == "song2000":
        e = extra()
        out["events"] = float(e["input_spikes"])
        out.update(song_stats(times, e["w_rel"], job["duration_ms"]))
    else:
        N = p.get("N") or p["NE"] + p["NI"]
        outdeg = np.zeros(N)
        n_syn = 0
        for S, offset in syns:
            src = np.asarray(S.i[:], np.int64) + offset
            outdeg += np.bincount(src, minlength=N)
            n_syn += src.size
        out["n_synapses"] = int(n_syn)
        out["events"] = outdegree_events(times, idx, outdeg)
        out.update(network_stats(times, idx, N, p["NE"], job["duration_ms"]))
        if extra:
            out.update(extra())
    dev.delete(force=True)
    shutil.rmtree(workdir, ignore_errors=True)
    return out


# --- NEST ----------------------------------------------------------------------------------
def nest_kernel(seed, threads):
    import nest
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.ResetKernel()
    nest.resolution = DT_MS
    nest.local_num_threads = threads
    nest.rng_seed = seed
    return nest


def nest_song(nest, m, seed, threads, duration_ms):
    """song2000.run_nest without the 10 s weight sampling (one Prepare/Run)."""
    wmax_ns = m["gmax"] * sg.NEST_G_L_NS
    neuron = nest.Create("iaf_cond_exp", params=dict(
        C_m=sg.NEST_C_M_PF, g_L=sg.NEST_G_L_NS, E_L=m["E_L"], V_th=m["V_th"],
        V_reset=m["V_reset"], t_ref=0.0, E_ex=m["E_e"], tau_syn_ex=m["taue"],
        V_m=m["v0"], g_ex=m["ge0"], tau_minus=m["taupost"]))
    gen = nest.Create("poisson_generator", params={"rate": m["rate_hz"]})
    parrots = nest.Create("parrot_neuron", m["N"])
    nest.Connect(gen, parrots, syn_spec={"delay": DT_MS})
    nest.CopyModel("stdp_synapse", "stdp_song2000", {
        "tau_plus": m["taupre"], "lambda": m["dApre_rel"],
        "alpha": -m["dApost_rel"] / m["dApre_rel"], "mu_plus": 0.0, "mu_minus": 0.0,
        "Wmax": wmax_ns})
    nest.Connect(parrots, neuron, "all_to_all", syn_spec={
        "synapse_model": "stdp_song2000", "delay": m["delay"],
        "weight": nest.random.uniform(0.0, wmax_ns)})
    sr = nest.Create("spike_recorder")
    nest.Connect(neuron, sr)
    sr_in = nest.Create("spike_recorder")
    nest.Connect(parrots, sr_in)
    return neuron, parrots, sr, sr_in, wmax_ns


def nest_song_final_weights(nest, m, parrots, neuron, sr, sr_in, wmax_ns):
    """Final w/gmax with the pending potentiation added (as song2000.run_nest.weights_now)."""
    conns = nest.GetConnections(parrots, neuron)
    src = np.asarray(conns.get("source")) - parrots[0].global_id
    ev = sr_in.get("events")
    t_last_pre = np.full(m["N"], -np.inf)
    np.maximum.at(t_last_pre, np.asarray(ev["senders"], np.int64) - parrots[0].global_id,
                  np.asarray(ev["times"], float))
    w = np.asarray(conns.get("weight"), float) / wmax_ns
    kplus = np.asarray(conns.get("Kplus"), float)
    t_last = t_last_pre[src]
    seen = np.asarray(sr.get("events")["times"], float) + m["delay"]
    for k in np.nonzero(np.isfinite(t_last))[0]:
        pending = seen[seen > t_last[k] + 1e-9]
        w[k] = min(w[k] + m["dApre_rel"] * kplus[k] *
                   np.exp((t_last[k] - pending) / m["taupre"]).sum(), 1.0)
    return w, len(ev["times"])


def run_nest(job):
    spec = MODELS[job["model"]]
    p, kind, seed, threads = spec["p"], spec["kind"], job["seed"], job["threads"]
    # run_reference's builders call nest_setup(seed); give them our thread count
    rr.nest_setup = lambda s: nest_kernel(s, threads)
    t0 = time.time()
    out = {}
    if kind == "song2000":
        nest = nest_kernel(seed, threads)
        neuron, parrots, sr, sr_in, wmax_ns = nest_song(nest, p, seed, threads, job["duration_ms"])
    else:
        if kind == "cuba":
            nest, P, info = rr.nest_cuba(seed, p)
        elif kind == "brunel":
            nest, P, info = rr.nest_brunel(seed, p)
        else:
            nest = nest_kernel(seed, threads)
            P = nest.Create("iaf_psc_exp", p["N"], params=dict(
                C_m=p["C_m"], tau_m=p["taum"], t_ref=p["tref"], E_L=p["El"], V_th=p["Vt"],
                V_reset=p["Vr"], tau_syn_ex=p["taue"], tau_syn_in=p["taui"], I_e=0.0,
                tau_minus=p["tau_minus"]))
            P.V_m = nest.random.uniform(p["Vr"], p["Vt"])
            E, I = P[:p["NE"]], P[p["NE"]:]
            nest.CopyModel("stdp_synapse", "stdp_cuba", {
                "tau_plus": p["tau_plus"], "lambda": p["lam"], "alpha": p["alpha"],
                "mu_plus": 0.0, "mu_minus": 0.0, "Wmax": p["Wmax_pA"]})
            conn = {"rule": "pairwise_bernoulli", "p": p["p"], "allow_autapses": False}
            nest.Connect(E, E, conn, {"synapse_model": "stdp_cuba", "weight": p["w_ex_pA"],
                                      "delay": p["delay"]})
            nest.Connect(E, I, conn, {"weight": p["w_ex_pA"], "delay": p["delay"]})
            nest.Connect(I, P, conn, {"weight": p["w_in_pA"], "delay": p["delay"]})
        sr = nest.Create("spike_recorder")
        nest.Connect(P, sr)
    t_built = time.time()
    nest.Prepare()
    t_prep = time.time()
    nest.Run(job["duration_ms"])
    t_run = time.time()
    # peak RSS up to the end of the simulation (the analysis below can allocate a lot more:
    # SynapseCollection.get("source") of 320k connections takes ~700 MB)
    out["peak_rss_sim_mb"] = __import__("resource").getrusage(
        __import__("resource").RUSAGE_SELF).ru_maxrss / 1024.0
    nest.Cleanup()
    out.update(build_s=t_prep - t0, sim_s=t_run - t_prep, connect_s=t_built - t0,
               prepare_s=t_prep - t_built, version=nest.__version__,
               threads=nest.local_num_threads)
    if kind == "song2000":
        w_rel, n_in = nest_song_final_weights(nest, p, parrots, neuron, sr, sr_in, wmax_ns)
        out["events"] = float(n_in)
        out.update(song_stats(sr.get("events")["times"], w_rel, job["duration_ms"]))
        return out
    ev = sr.get("events")
    times = np.asarray(ev["times"], float)
    idx = np.asarray(ev["senders"], np.int64) - P[0].global_id
    N = len(P)
    if kind == "brunel":
        # fixed in-degree: N*CE synapses from the NE excitatory neurons, N*CI from the NI
        outdeg = np.where(np.arange(N) < p["NE"], N * p["CE"] / p["NE"], N * p["CI"] / p["NI"])
        out["n_synapses"] = int(N * (p["CE"] + p["CI"]))
        out["events_method"] = "mean out-degree per population"
    else:
        src = np.asarray(nest.GetConnections(source=P, target=P).get("source"), np.int64)
        outdeg = np.bincount(src - P[0].global_id, minlength=N)
        out["n_synapses"] = int(src.size)
        out["events_method"] = "per-neuron out-degree"
    out["events"] = outdegree_events(times, idx, outdeg)
    out.update(network_stats(times, idx, N, p["NE"], job["duration_ms"]))
    if kind == "cuba_stdp":
        w = np.asarray(nest.GetConnections(source=P[:p["NE"]], target=P[:p["NE"]],
                                           synapse_model="stdp_cuba").get("weight"), float)
        out.update(w_mean_rel=float(w.mean() / p["Wmax_pA"]), n_plastic=int(w.size))
    return out


def worker_main(job_path):
    job = json.loads(Path(job_path).read_text())
    try:
        out = (run_nest if job["sim"] == "nest" else run_brian2)(job)
    except Exception:
        traceback.print_exc()
        return 1
    out["peak_rss_self_mb"] = __import__("resource").getrusage(
        __import__("resource").RUSAGE_SELF).ru_maxrss / 1024.0
    out["peak_rss_children_mb"] = __import__("resource").getrusage(
        __import__("resource").RUSAGE_CHILDREN).ru_maxrss / 1024.0
    Path(job["result"]).write_text(json.dumps(out, default=float))
    return 0


# --- running ------------------------------------------------------------------------------
def busy_cpu_s():
    """CPU seconds spent busy by the whole machine since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")


OTHER_LOAD = {}


def run_child(cmd, env, stdout_path, stderr_path, timeout):
    """Runs cmd (through the --exec-rss wrapper) in its own process group; returns (exit code,
    wall s, peak RSS MB of cmd itself, timed out).  OTHER_LOAD["last"] = average number of
    cores used by OTHER processes during the run (machine busy time minus the run's own CPU
    time, over the wall time)."""
    rss_file = Path(str(stdout_path) + ".rss")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--exec-rss", str(rss_file)] + list(cmd)
    with open(stdout_path, "wb") as so, open(stderr_path, "wb") as se:
        busy0 = busy_cpu_s()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=so, stderr=se, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - t0 > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)  # the group of this child only
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - t0
        own = usage.ru_utime + usage.ru_stime
        OTHER_LOAD["last"] = max(0.0, (busy_cpu_s() - busy0 - own) / wall) if wall > 0 else None
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:  # cmd's own peak RSS and wall time, measured by the wrapper
        rss = float(rss_file.read_text())
        wall = float(Path(str(rss_file) + ".wall").read_text())
    except (OSError, ValueError):
        rss = usage.ru_maxrss / 1024.0
    return proc.returncode, wall, rss, timed_out


def child_env(threads):
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    env["PYNEST_QUIET"] = "1"
    return env


def tail(path, n=2000):
    try:
        return Path(path).read_text(errors="replace")[-n:]
    except OSError:
        return ""


def plexus_model_file(model, ctx):
    spec = MODELS[model]
    if spec["file"]:
        return ROOT / spec["file"]
    # brunel4x: examples/brunel.json with population sizes x4, same in-degree
    path = ctx["work"] / "brunel4x.json"
    if not path.exists():
        m = json.loads((ROOT / "examples" / "brunel.json").read_text())
        for pop in m["populations"]:
            pop["size"] *= 4
        for proj in m["projections"]:
            assert proj["rule"] == "fixed_indegree", proj  # in-degree unchanged by scaling N
        assert [pop["size"] for pop in m["populations"]] == [BRUNEL4X["NE"], BRUNEL4X["NI"]]
        m["name"] = "brunel4x"
        m["description"] = ("brunel.json scaled 4x in N (NE = 40000, NI = 10000) with the same "
                            "in-degree (CE = 1000, CI = 250) and external drive; written by "
                            "bench/simulators/bench_simulators.py. " + m["description"])
        path.write_text(json.dumps(m, indent=1))
    return path


def parse_plexus_csv(path, model_file):
    """spikes.csv (time_ms, population[index]) -> times, global indices (model-file order)."""
    pops = json.loads(Path(model_file).read_text())["populations"]
    offset, start = {}, 0
    for pop in pops:
        offset[pop["name"]] = start
        start += pop["size"]
    times, idx = [], []
    pat = re.compile(r"^(.*)\[(\d+)\]$")
    with open(path) as f:
        next(f)
        for line in f:
            t, name = line.rstrip("\n").rsplit(",", 1)
            mm = pat.match(name)
            times.append(float(t))
            idx.append(offset[mm.group(1)] + int(mm.group(2)))
    return np.array(times, float), np.array(idx, np.int64), offset


def run_plexus(model, tool, seed, duration_ms, ctx, work):
    spec = MODELS[model]
    threads = TOOLS[tool]["threads"]
    model_file = plexus_model_file(model, ctx)
    out_dir = work / "out"
    cmd = [str(ctx["plexus"]), "simulate", str(model_file), "--seed", str(seed), "--threads",
           str(threads), "--duration", repr(duration_ms), "--out", str(out_dir), "--quiet", "--json"]
    rc, wall, rss, to = run_child(cmd, child_env(threads), work / "stdout", work / "stderr",
                                  ctx["timeout"])
    rec = dict(wall_s=wall, peak_rss_mb=rss, cmd=" ".join(cmd))
    if rc != 0 or to:
        rec["error"] = ("timeout " if to else "") + f"exit {rc}: {tail(work / 'stderr')}"
        return rec
    js = json.loads((work / "stdout").read_text())
    rec.update(sim_s=js["wallSeconds"], build_s=wall - js["wallSeconds"], events=float(js["synapticEvents"]),
               n_synapses=js["synapses"], spikes_total=js["spikes"], version=ctx["plexus_version"])
    times, idx, offset = parse_plexus_csv(out_dir / "spikes.csv", model_file)
    p = spec["p"]
    if spec["kind"] == "song2000":
        sel = idx == offset["neuron"]
        w = np.loadtxt(out_dir / "weights.csv", delimiter=",", skiprows=1, usecols=2, ndmin=1)
        rec.update(song_stats(times[sel], w / (p["gmax"] * sg.NEST_G_L_NS), duration_ms))
    else:
        N = p.get("N") or p["NE"] + p["NI"]
        rec.update(network_stats(times, idx, N, p["NE"], duration_ms))
        if spec["kind"] == "cuba_stdp":
            w = np.loadtxt(out_dir / "weights.csv", delimiter=",", skiprows=1, usecols=2, ndmin=1)
            rec.update(w_mean_rel=float(w.mean() / p["Wmax_pA"]), n_plastic=int(w.size))
    return rec


def run_python(model, tool, seed, duration_ms, ctx, work):
    t = TOOLS[tool]
    job = dict(model=model, sim=t["sim"], threads=t["threads"], seed=seed,
               duration_ms=duration_ms, result=str(work / "result.json"), tmp=str(work),
               make_jobs=ctx["make_jobs"], b2_openmp=ctx["b2_openmp"])
    (work / "job.json").write_text(json.dumps(job))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(work / "job.json")]
    rc, wall, rss, to = run_child(cmd, child_env(t["threads"]), work / "stdout", work / "stderr",
                                  ctx["timeout"])
    rec = dict(wall_s=wall, peak_rss_worker_mb=rss)
    if rc != 0 or to or not (work / "result.json").exists():
        rec["error"] = ("timeout " if to else "") + f"exit {rc}: {tail(work / 'stderr')}"
        return rec
    rec.update(json.loads((work / "result.json").read_text()))
    # Brian2 standalone: the simulation binary's own peak; NEST: the worker process up to the
    # end of nest.Run (before the analysis in the worker)
    rec["peak_rss_mb"] = rec["peak_rss_binary_mb"] if t["sim"] == "brian2" else rec["peak_rss_sim_mb"]
    return rec


def run_one(model, tool, rep, seed, ctx):
    duration_ms = MODELS[model]["quick_ms" if ctx["quick"] else "ms"]
    work = ctx["work"] / f"{model}-{tool}-r{rep}"
    work.mkdir(parents=True, exist_ok=True)
    load0 = os.getloadavg()
    runner = run_plexus if TOOLS[tool]["sim"] == "plexus" else run_python
    try:
        rec = runner(model, tool, seed, duration_ms, ctx, work)
    except Exception:
        rec = dict(error=traceback.format_exc()[-2000:])
    rec["other_load"] = OTHER_LOAD.pop("last", None)
    rec.update(model=model, tool=tool, threads=TOOLS[tool]["threads"], rep=rep, seed=seed,
               duration_ms=duration_ms, loadavg_before=load0[0], loadavg_after=os.getloadavg()[0])
    if "error" not in rec:
        rec["events_per_s"] = rec["events"] / rec["sim_s"] if rec["sim_s"] > 0 else None
    if not ctx["keep"]:
        shutil.rmtree(work, ignore_errors=True)
    return rec


# --- summary -------------------------------------------------------------------------------
SUMMARY_KEYS = ("build_s", "compile_s", "sim_s", "wall_s", "peak_rss_mb", "events",
                "events_per_s", "rate_hz", "cv_isi", "fano", "n_spikes", "out_rate_hz",
                "out_rate_last20s_hz", "frac_near0", "frac_near_max", "mean_w_rel", "w_mean_rel",
                "n_synapses", "loadavg_before", "other_load")


def summarize(runs, models, tools):
    summary = {}
    for model in models:
        for tool in tools:
            rs = [r for r in runs if r["model"] == model and r["tool"] == tool]
            ok = [r for r in rs if "error" not in r]
            s = dict(model=model, tool=tool, threads=TOOLS[tool]["threads"], n_ok=len(ok),
                     n_runs=len(rs))
            for k in SUMMARY_KEYS:
                v = [r[k] for r in ok if r.get(k) is not None]
                if v:
                    s[k] = statistics.median(v)
            summary[f"{model}|{tool}"] = s
    # ratios: plexus at T threads / fastest anchor (NEST or Brian2 standalone) at T threads
    for model in models:
        for tool in tools:
            if TOOLS[tool]["sim"] != "plexus":
                continue
            s = summary[f"{model}|{tool}"]
            cands = [(summary[f"{model}|{a}"]["sim_s"], a) for a in ANCHORS[s["threads"]]
                     if f"{model}|{a}" in summary and "sim_s" in summary[f"{model}|{a}"]]
            if cands and "sim_s" in s:
                best, name = min(cands)
                s.update(anchor=name, anchor_sim_s=best, ratio_vs_anchor=s["sim_s"] / best)
    return summary


def fmt(v, n=3):
    if v is None:
        return "—"
    if isinstance(v, str):
        return v
    if abs(v) >= 1e5:
        return f"{v:.3g}"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.{n}g}"


def markdown(result):
    meta, summary = result["meta"], result["summary"]
    L = [f"# Simulator benchmark (plexus vs NEST vs Brian2 standalone), {meta['date']}", ""]
    L.append(f"Host: {meta['host']}; Python {meta['python']}; load average at start / end "
             f"{meta['loadavg_start']:.2f} / {meta['loadavg_end']:.2f}; versions: "
             + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()))
    L.append("")
    L.append(f"Command: `{meta['command']}`  ")
    L.append(f"{meta['reps']} repetition(s), interleaved, medians shown; seeds = repetition number; "
             f"dt = {DT_MS} ms; durations: " + ", ".join(
                 f"{m} {d / 1000:g} s" for m, d in meta["durations_ms"].items())
             + (" (**--quick**)" if meta["quick"] else "") + f"; total wall {meta['wall_all_s'] / 60:.1f} min.")
    L.append("")
    L.append("**Ratio columns**: `plexus-1t / anchor` = plexus 1-thread simulation time divided by the "
             "FASTEST 1-thread anchor (the faster of nest-1t and brian2-standalone); `plexus-2t / anchor` = "
             "plexus 2-thread simulation time divided by the fastest 2-thread anchor (nest-2t, and "
             "brian2-standalone-2t if it was run). > 1 means plexus is slower.")
    L.append("")
    L.append("| model | plexus-1t sim (s) | fastest 1-thread anchor | anchor sim (s) | plexus-1t / anchor "
             "| plexus-2t sim (s) | fastest 2-thread anchor | anchor sim (s) | plexus-2t / anchor |")
    L.append("|---" * 9 + "|")
    for model in meta["models"]:
        row = [model]
        for tool in ("plexus-1t", "plexus-2t"):
            s = summary.get(f"{model}|{tool}", {})
            row += [fmt(s.get("sim_s")), s.get("anchor", "—"), fmt(s.get("anchor_sim_s")),
                    (f"**{s['ratio_vs_anchor']:.2f}**" if "ratio_vs_anchor" in s else "—")]
        L.append("| " + " | ".join(row) + " |")
    L.append("")
    L.append("`other procs (cores)`: CPU used by processes outside the benchmark during the run "
             "(machine busy time from /proc/stat minus the run's own CPU time, divided by its wall "
             "time). On this 2-core machine, values near 1 mean only one core was free: 2-thread "
             "times of such runs are not meaningful (NEST's per-step OpenMP barriers suffer most).")
    L.append("")
    L.append("## All medians")
    L.append("")
    L.append("| model | tool | ok | build (s) | compile (s) | sim (s) | sim / anchor | wall (s) | peak RSS (MB) "
             "| syn. events/s | other procs (cores) | rate (Hz) | CV ISI | Fano | other |")
    L.append("|---" * 15 + "|")
    for model in meta["models"]:
        for tool in meta["tools"]:
            s = summary[f"{model}|{tool}"]
            ratio = (f"{s['ratio_vs_anchor']:.2f} vs {s['anchor']}" if "ratio_vs_anchor" in s else "")
            if MODELS[model]["kind"] == "song2000":
                rate = fmt(s.get("out_rate_hz"))
                other = (f"last 20 s {fmt(s.get('out_rate_last20s_hz'))} Hz; w<0.1: "
                         f"{fmt(s.get('frac_near0'))}, w>0.9: {fmt(s.get('frac_near_max'))}, "
                         f"mean w/wmax {fmt(s.get('mean_w_rel'))}") if "out_rate_hz" in s else ""
                cv = fano = "—"
            else:
                rate, cv, fano = fmt(s.get("rate_hz")), fmt(s.get("cv_isi")), fmt(s.get("fano"))
                other = (f"mean E→E w/Wmax {s['w_mean_rel']:.4f}" if "w_mean_rel" in s else "")
            L.append(f"| {model} | {tool} | {s['n_ok']}/{s['n_runs']} | {fmt(s.get('build_s'))} | "
                     f"{fmt(s.get('compile_s'))} | {fmt(s.get('sim_s'))} | {ratio} | {fmt(s.get('wall_s'))} | "
                     f"{fmt(s.get('peak_rss_mb'))} | {fmt(s.get('events_per_s'))} | {'—' if s.get('other_load') is None else format(s['other_load'], '.2f')} | "
                     f"{rate} | {cv} | "
                     f"{fano} | {other} |")
    if result.get("contended_runs"):
        L += ["", f"{len(result['contended_runs'])} run(s) were repeated because other processes used "
              f"> {meta['contended_threshold']} cores during them (kept under contended_runs in the JSON): "
              + ", ".join(f"{r['model']} {r['tool']} rep {r['rep']} ({r['other_load']:.2f} cores, "
                          f"sim {r['sim_s']:.2f} s)" for r in result["contended_runs"])]
    errs = [r for r in result["runs"] if "error" in r]
    if errs:
        L += ["", "## Failed runs", ""]
        for r in errs:
            L.append(f"- {r['model']} {r['tool']} rep {r['rep']}: `{r['error'][-400:].strip()}`"
                     .replace("\n", " "))
    L += ["", "## Notes", ""] + [f"- {n}" for n in NOTES]
    return "\n".join(L) + "\n"


def user_args():
    """The command-line arguments without --plexus PATH (which run.sh adds)."""
    args, skip = [], False
    for x in sys.argv[1:]:
        if skip:
            skip = False
        elif x == "--plexus":
            skip = True
        elif not x.startswith("--plexus="):
            args.append(x)
    return args


def versions(plexus):
    v = {}
    for pkg in ("brian2", "nest-simulator", "numpy"):
        try:
            v[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            v[pkg] = "not installed"
    try:
        v["plexus"] = subprocess.run([str(plexus), "--version"], capture_output=True, text=True,
                                     timeout=30).stdout.strip()
    except Exception:
        v["plexus"] = "?"
    try:
        v["g++"] = subprocess.run(["g++", "-dumpfullversion"], capture_output=True, text=True).stdout.strip()
    except Exception:
        pass
    return v


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        return worker_main(sys.argv[2])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plexus", type=Path, default=ROOT / ".build" / "release" / "plexus")
    ap.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    ap.add_argument("--tools", nargs="+", default=DEFAULT_TOOLS, choices=list(TOOLS))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="short durations (smoke test)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per run")
    ap.add_argument("--make-jobs", type=int, default=2, help="make -jN for Brian2 standalone")
    ap.add_argument("--b2-openmp", type=int, default=0,
                    help="openmp_threads of the 1-thread brian2-standalone tool (0 = no OpenMP, "
                         "Brian2's default; 1 = OpenMP code on one thread)")
    ap.add_argument("--results-dir", type=Path, default=DEFAULT_RESULTS)
    ap.add_argument("--keep", action="store_true", help="keep per-run work directories")
    ap.add_argument("--contended", type=float, default=0.3,
                    help="a run during which other processes used more than this many cores "
                         "counts as contended (default 0.3)")
    ap.add_argument("--retry-contended", type=int, default=2,
                    help="run a contended run again up to this many times (default 2; the "
                         "contended records are kept under contended_runs in the JSON)")
    ap.add_argument("--tag", help="suffix of the result file names (simulators-<date>[-quick]-<tag>)")
    a = ap.parse_args()
    if not a.plexus.is_file() or not os.access(a.plexus, os.X_OK):
        sys.exit(f"plexus binary not found: {a.plexus}")
    a.results_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="simulators-", dir=a.results_dir))
    vers = versions(a.plexus)
    ctx = dict(plexus=a.plexus.resolve(), plexus_version=vers["plexus"], work=work, quick=a.quick,
               timeout=a.timeout, make_jobs=a.make_jobs, b2_openmp=a.b2_openmp, keep=a.keep)
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except Exception:
        pass
    meta = dict(date=datetime.date.today().isoformat(), started=time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                host=f"{os.cpu_count()} cores, {cpu}", python=platform.python_version(),
                machine=platform.platform(), versions=vers, quick=a.quick, reps=a.reps,
                models=a.models, tools=a.tools, timeout_s=a.timeout, make_jobs=a.make_jobs,
                b2_openmp_1t=a.b2_openmp, dt_ms=DT_MS, contended_threshold=a.contended,
                retry_contended=a.retry_contended,
                durations_ms={m: MODELS[m]["quick_ms" if a.quick else "ms"] for m in a.models},
                command=" ".join(["bash bench/simulators/run.sh"] + user_args()),
                loadavg_start=os.getloadavg()[0], anchors=ANCHORS, notes=NOTES)
    log(f"host: {meta['host']}; load {meta['loadavg_start']:.2f}; versions {vers}")
    runs, contended = [], []
    t_all = time.time()
    stem = f"simulators-{meta['date']}" + ("-quick" if a.quick else "") + (f"-{a.tag}" if a.tag else "")
    for rep in range(1, a.reps + 1):
        for model in a.models:
            for tool in a.tools:
                rec = run_one(model, tool, rep, rep, ctx)
                for _ in range(a.retry_contended):
                    # another process took CPU during the run: keep it aside and run again
                    if "error" in rec or (rec["other_load"] or 0.0) <= a.contended:
                        break
                    log(f"rep {rep} {model:14s} {tool:21s} contended (other procs "
                        f"{rec['other_load']:.2f} cores, sim {rec['sim_s']:.2f} s): running again")
                    contended.append(rec)
                    rec = run_one(model, tool, rep, rep, ctx)
                runs.append(rec)
                if "error" in rec:
                    msg = "FAILED " + rec["error"][-300:].replace("\n", " | ")
                else:
                    st = (f"rate {rec['out_rate_hz']:.2f} Hz near0 {rec['frac_near0']:.3f} nearmax "
                          f"{rec['frac_near_max']:.3f}" if "out_rate_hz" in rec else
                          f"rate {rec['rate_hz']:.2f} Hz CV {rec['cv_isi']:.3f} Fano {rec['fano']:.1f}")
                    msg = (f"build {rec['build_s']:.2f} s" +
                           (f" compile {rec['compile_s']:.1f} s" if "compile_s" in rec else "") +
                           f"  sim {rec['sim_s']:.2f} s  wall {rec['wall_s']:.1f} s  RSS "
                           f"{rec['peak_rss_mb']:.0f} MB  {rec['events_per_s']:.3g} ev/s  {st}")
                log(f"rep {rep} {model:14s} {tool:21s} {msg}  (load {rec['loadavg_before']:.2f}, "
                    f"other procs {rec['other_load'] if rec['other_load'] is None else round(rec['other_load'], 2)} cores)")
                # write partial results after every run
                meta.update(wall_all_s=time.time() - t_all, loadavg_end=os.getloadavg()[0])
                result = dict(meta=meta, summary=summarize(runs, a.models, a.tools), runs=runs,
                              contended_runs=contended)
                (a.results_dir / f"{stem}.json").write_text(json.dumps(result, indent=1, default=float))
                md = markdown(result)
                (a.results_dir / f"{stem}.md").write_text(md)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    log(md)
    log(f"wrote {a.results_dir / (stem + '.json')} and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
