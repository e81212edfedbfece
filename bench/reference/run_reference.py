#!/usr/bin/env python3
"""Reference network statistics for the Plexus benchmarks (DESIGN.md §9).

Runs the CUBA and Brunel-2000 models in Brian2 and NEST for several seeds and
writes reference_stats.json (rate, CV of ISI, Fano factor, spike counts).

Every (model, simulator, seed) run happens in its own subprocess so that one
crash is recorded instead of killing the whole sweep, and so that peak memory
per run is meaningful.  See README.md for the exact model definitions.

    python run_reference.py                  # all models, both simulators, seeds 1..5
    python run_reference.py --seeds 1 2 --models cuba --sims nest
    python run_reference.py --single cuba brian2 1   # one run, JSON on stdout
    python run_reference.py --table                  # summary table of reference_stats.json

Resolution sweep (README "Convergence as dt -> 0"): --dt takes one or more
resolutions, --merge adds the runs to an existing --out file instead of
replacing it.  Runs at dt != 0.1 ms are stored under "<sim> dt=<dt>".

    python run_reference.py --models brunel --sims nest --dt 0.1 0.05 --seeds 1 2 \
        --out convergence_stats.json --merge
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time

import numpy as np

DEFAULT_DT_MS = 0.1  # simulation resolution unless --dt is given
DT_MS = DEFAULT_DT_MS  # set from --dt in main() (also in the --single subprocesses)
DURATION_MS = 1000.0  # simulated time per run
T0_MS = 100.0         # analysis window start: first 100 ms are an initial transient
BIN_MS = 10.0         # bin width for the Fano factor
MIN_SPIKES_CV = 3     # a neuron enters the CV average only with >= 3 spikes (>= 2 ISIs)

# --- model parameters (shared by both simulators) ---------------------------
CUBA = dict(N=4000, NE=3200, taum=20.0, taue=5.0, taui=10.0, El=-49.0, Vt=-50.0,
            Vr=-60.0, tref=5.0, p=0.02, we=60 * 0.27 / 10, wi=-20 * 4.5 / 10,
            C_m=250.0)
BRUNEL = dict(NE=10000, NI=2500, CE=1000, CI=250, J=0.1, g=5.0, eta=2.0,
              delay=1.5, tau=20.0, theta=20.0, Vr=10.0, tref=2.0, V0=0.0,
              C_m=250.0)
# threshold rate nu_th = theta/(J*CE*tau) in 1/ms; external rate per neuron = eta*nu_th*CE
BRUNEL["nu_th_hz"] = 1000.0 * BRUNEL["theta"] / (BRUNEL["J"] * BRUNEL["CE"] * BRUNEL["tau"])
BRUNEL["p_rate_hz"] = BRUNEL["eta"] * BRUNEL["nu_th_hz"] * BRUNEL["CE"]
# Side variant: NEST's brunel_delta_nest.py as shipped sets V_reset = 0 mV (and
# C_m = 1 pF, which does not matter for delta synapses), unlike Brunel 2000's 10 mV.
BRUNEL_NEST_EXAMPLE = dict(BRUNEL, Vr=0.0, C_m=1.0)
MODELS = {"cuba": CUBA, "brunel": BRUNEL, "brunel_nest_example": BRUNEL_NEST_EXAMPLE}
DEFAULT_SEEDS = {"cuba": range(1, 11), "brunel": range(1, 11), "brunel_nest_example": range(1, 4)}


# --- statistics --------------------------------------------------------------
def stats(times_ms, idx, N, NE):
    """Statistics of the spikes in the window [T0_MS, DURATION_MS)."""
    times_ms = np.asarray(times_ms, float)
    idx = np.asarray(idx, np.int64)
    keep = (times_ms >= T0_MS) & (times_ms < DURATION_MS)
    t, i = times_ms[keep], idx[keep]
    win_s = (DURATION_MS - T0_MS) / 1000.0
    # CV of ISI per neuron, averaged over neurons with >= MIN_SPIKES_CV spikes
    order = np.lexsort((t, i))
    t, i = t[order], i[order]
    counts = np.bincount(i, minlength=N)
    cvs = []
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    for n in np.nonzero(counts >= MIN_SPIKES_CV)[0]:
        isi = np.diff(t[starts[n]:starts[n] + counts[n]])
        cvs.append(isi.std() / isi.mean())
    # Fano factor of the population spike count in 10 ms bins (90 bins)
    edges = np.arange(T0_MS, DURATION_MS + BIN_MS / 2, BIN_MS)
    pop, _ = np.histogram(t, bins=edges)
    return dict(
        rate_hz=len(t) / (N * win_s),
        rate_e_hz=counts[:NE].sum() / (NE * win_s),
        rate_i_hz=counts[NE:].sum() / ((N - NE) * win_s),
        cv_isi=float(np.mean(cvs)) if cvs else None,
        n_cv_neurons=len(cvs),
        fano=float(pop.var() / pop.mean()) if pop.mean() > 0 else None,
        n_spikes=int(len(t)),
        n_spikes_total=int(keep.size),
    )


# --- Brian2 ------------------------------------------------------------------
def brian2_setup(seed):
    import brian2 as b2
    b2.start_scope()
    b2.prefs.codegen.target = "cython"  # runtime mode; compiled code is cached in ~/.cython
    b2.defaultclock.dt = DT_MS * b2.ms
    b2.seed(seed)
    return b2


def brian2_cuba_network(b2, p):
    """The CUBA network in an already configured Brian2 (runtime here; C++ standalone in
    bench/simulators): the network, its spike monitor, the namespace and the synapses."""
    ms, mV = b2.ms, b2.mV
    taum, taue, taui = p["taum"] * ms, p["taue"] * ms, p["taui"] * ms
    El, Vt, Vr = p["El"] * mV, p["Vt"] * mV, p["Vr"] * mV
    we, wi = p["we"] * mV, p["wi"] * mV
    eqs = """
    dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    P = b2.NeuronGroup(p["N"], eqs, threshold="v>Vt", reset="v = Vr",
                       refractory=p["tref"] * ms, method="exact")
    P.v = "Vr + rand() * (Vt - Vr)"
    P.ge = 0 * mV
    P.gi = 0 * mV
    # zero delay (Brian2's smallest); no self-connections
    Ce = b2.Synapses(P, P, on_pre="ge_post += we")
    Ci = b2.Synapses(P, P, on_pre="gi_post += wi")
    Ce.connect(condition=f"i < {p['NE']} and i != j", p=p["p"])
    Ci.connect(condition=f"i >= {p['NE']} and i != j", p=p["p"])
    M = b2.SpikeMonitor(P)
    net = b2.Network(P, Ce, Ci, M)
    ns = dict(taum=taum, taue=taue, taui=taui, El=El, Vt=Vt, Vr=Vr, we=we, wi=wi)
    return net, M, ns, [Ce, Ci]


def brian2_cuba(seed, p):
    b2 = brian2_setup(seed)
    net, M, ns, synapses = brian2_cuba_network(b2, p)
    return b2, net, M, ns, dict(n_synapses=int(sum(len(S) for S in synapses)), delay_ms=0.0)


def brian2_brunel_network(b2, p, seed):
    """As brian2_cuba_network, for Brunel 2000 (`seed` draws the fixed in-degree sources)."""
    ms, mV, Hz = b2.ms, b2.mV, b2.Hz
    N = p["NE"] + p["NI"]
    tau, theta, Vr, J = p["tau"] * ms, p["theta"] * mV, p["Vr"] * mV, p["J"] * mV
    Ji = -p["g"] * J
    P = b2.NeuronGroup(N, "dv/dt = -v/tau : volt (unless refractory)",
                       threshold="v >= theta", reset="v = Vr",
                       refractory=p["tref"] * ms, method="exact")
    P.v = p["V0"] * mV
    # NEST's iaf_psc_delta drops input that arrives while refractory.  Brian2
    # does the same without extra code: a variable marked (unless refractory)
    # gets a conditional write, so synaptic and PoissonInput writes to v are
    # ignored while not_refractory is False (checked: gating by hand changes nothing).
    Se = b2.Synapses(P, P, on_pre="v_post += J", delay=p["delay"] * ms)
    Si = b2.Synapses(P, P, on_pre="v_post += Ji", delay=p["delay"] * ms)
    # fixed in-degree like NEST's fixed_indegree: sources drawn with
    # replacement (multapses and autapses allowed, NEST's defaults)
    rng = np.random.default_rng(seed)
    post = np.arange(N)
    Se.connect(i=rng.integers(0, p["NE"], (N, p["CE"])).ravel(), j=np.repeat(post, p["CE"]))
    Si.connect(i=rng.integers(p["NE"], N, (N, p["CI"])).ravel(), j=np.repeat(post, p["CI"]))
    # external drive: CE independent Poisson sources of eta*nu_th each (20 kHz total)
    ext = b2.PoissonInput(P, "v", N=p["CE"], rate=p["eta"] * p["nu_th_hz"] * Hz,
                          weight=J)
    M = b2.SpikeMonitor(P)
    net = b2.Network(P, Se, Si, ext, M)
    ns = dict(tau=tau, theta=theta, Vr=Vr, J=J, Ji=Ji)
    return net, M, ns, [Se, Si]


def brian2_brunel(seed, p):
    b2 = brian2_setup(seed)
    net, M, ns, synapses = brian2_brunel_network(b2, p, seed)
    return b2, net, M, ns, dict(n_synapses=int(sum(len(S) for S in synapses)), delay_ms=p["delay"])


def run_brian2(model, seed):
    t_start = time.time()
    build = brian2_cuba if model == "cuba" else brian2_brunel
    b2, net, M, ns, info = build(seed, MODELS[model])
    t_built = time.time()
    net.run(DURATION_MS * b2.ms, namespace=ns)  # explicit: constants live in the builder
    t_done = time.time()
    times = np.asarray(M.t / b2.ms)
    return times, np.asarray(M.i), dict(
        info, simulator="brian2", version=b2.__version__,
        target=b2.prefs.codegen.target, wall_build_s=t_built - t_start,
        wall_sim_s=t_done - t_built)


# --- NEST --------------------------------------------------------------------
def nest_setup(seed):
    import nest
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.ResetKernel()
    tics = 1000  # NEST's default tic is 1 us; finer dt (e.g. 0.0125 ms) needs finer tics
    while abs(DT_MS * tics - round(DT_MS * tics)) > 1e-9:
        tics *= 10
    if tics != 1000:
        nest.set(tics_per_ms=tics, resolution=DT_MS)
    else:
        nest.resolution = DT_MS
    nest.local_num_threads = 1  # 2-core machine shared with a compiler; results depend on thread count
    nest.rng_seed = seed
    return nest


def nest_cuba(seed, p):
    nest = nest_setup(seed)
    P = nest.Create("iaf_psc_exp", p["N"], params=dict(
        C_m=p["C_m"], tau_m=p["taum"], t_ref=p["tref"], E_L=p["El"], V_th=p["Vt"],
        V_reset=p["Vr"], tau_syn_ex=p["taue"], tau_syn_in=p["taui"], I_e=0.0))
    P.V_m = nest.random.uniform(p["Vr"], p["Vt"])
    # a current jump of C_m*w/taum pA gives the same voltage effect as ge += w
    w_ex = p["C_m"] * p["we"] / p["taum"]   # 20.25 pA
    w_in = p["C_m"] * p["wi"] / p["taum"]   # -112.5 pA
    conn = {"rule": "pairwise_bernoulli", "p": p["p"], "allow_autapses": False}
    nest.Connect(P[:p["NE"]], P, conn, {"weight": w_ex, "delay": DT_MS})  # smallest delay = dt
    nest.Connect(P[p["NE"]:], P, conn, {"weight": w_in, "delay": DT_MS})
    return nest, P, dict(delay_ms=DT_MS, w_ex_pA=w_ex, w_in_pA=w_in)


def nest_brunel(seed, p):
    nest = nest_setup(seed)
    params = dict(C_m=p["C_m"], tau_m=p["tau"], t_ref=p["tref"], E_L=0.0,
                  V_reset=p["Vr"], V_m=p["V0"], V_th=p["theta"])
    E = nest.Create("iaf_psc_delta", p["NE"], params=params)
    I = nest.Create("iaf_psc_delta", p["NI"], params=params)
    P = E + I
    # one poisson_generator sends an independent train to each target
    noise = nest.Create("poisson_generator", params={"rate": p["p_rate_hz"]})
    ex = {"weight": p["J"], "delay": p["delay"]}
    inh = {"weight": -p["g"] * p["J"], "delay": p["delay"]}
    nest.Connect(noise, P, syn_spec=ex)
    # fixed_indegree with NEST defaults: allow_autapses=True, allow_multapses=True
    nest.Connect(E, P, {"rule": "fixed_indegree", "indegree": p["CE"]}, ex)
    nest.Connect(I, P, {"rule": "fixed_indegree", "indegree": p["CI"]}, inh)
    return nest, P, dict(delay_ms=p["delay"])


def run_nest(model, seed):
    t_start = time.time()
    build = nest_cuba if model == "cuba" else nest_brunel
    nest, P, info = build(seed, MODELS[model])
    # network synapses only (brunel also has one generator connection per neuron)
    info["n_synapses"] = int(nest.num_connections) - len(P) * (model != "cuba")
    sr = nest.Create("spike_recorder")
    nest.Connect(P, sr)
    t_built = time.time()
    nest.Simulate(DURATION_MS)
    t_done = time.time()
    ev = sr.get("events")
    idx = np.asarray(ev["senders"]) - P[0].global_id
    return np.asarray(ev["times"]), idx, dict(
        info, simulator="nest", version=nest.__version__, threads=1,
        wall_build_s=t_built - t_start, wall_sim_s=t_done - t_built)


# --- driver ------------------------------------------------------------------
def single(model, sim, seed):
    times, idx, info = {"brian2": run_brian2, "nest": run_nest}[sim](model, seed)
    p = MODELS[model]
    N = p.get("N") or p["NE"] + p["NI"]
    out = dict(seed=seed, dt_ms=DT_MS, **stats(times, idx, N, p["NE"]), **info)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def summarize(runs):
    ok = [r for r in runs if "error" not in r]
    summ = {"n_ok": len(ok), "n_failed": len(runs) - len(ok)}
    for key in ("rate_hz", "rate_e_hz", "rate_i_hz", "cv_isi", "fano", "n_spikes"):
        v = np.array([r[key] for r in ok if r.get(key) is not None], float)
        if len(v):
            # std across seeds is the sample std (ddof=1)
            summ[key] = dict(mean=v.mean(), std=v.std(ddof=1) if len(v) > 1 else 0.0,
                             min=v.min(), max=v.max())
    return summ


def table(path):
    """Markdown table (mean ± std over seeds) from a reference_stats.json."""
    res = json.load(open(path))
    entries = [(model, d) for model, entry in res["models"].items()
               for d in entry["simulators"].values()]
    dt_of = lambda d: d.get("dt_ms", res["meta"]["dt_ms"])
    # a dt column only when the file holds more than one resolution
    dt_col = len({dt_of(d) for _, d in entries}) > 1
    rows = ["| model | simulator |" + (" dt (ms) |" if dt_col else "") +
            " seeds | rate (Hz) | CV ISI | Fano (10 ms) | spikes in window | wall/run (s) |",
            "|---|---|" + ("---|" if dt_col else "") + "---|---|---|---|---|---|"]
    for model, d in entries:
        s = d["summary"]
        ok = [r for r in d["runs"] if "error" not in r]
        if not ok:
            rows.append(f"| {model} | {d['runs'][0].get('simulator', '?')} |" +
                        (f" {dt_of(d):g} |" if dt_col else "") + " 0 (all failed) | | | | | |")
            continue
        f = lambda k, n: f"{s[k]['mean']:.{n}f} ± {s[k]['std']:.{n}f}"
        wall = np.mean([r["wall_total_s"] for r in d["runs"]])
        rows.append(f"| {model} | {ok[0]['simulator']} {ok[0].get('version', '?')} |" +
                    (f" {dt_of(d):g} |" if dt_col else "") + f" {s['n_ok']} | "
                    f"{f('rate_hz', 2)} | {f('cv_isi', 3)} | {f('fano', 1)} | "
                    f"{f('n_spikes', 0)} | {wall:.1f} |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, nargs="+", help="default: DEFAULT_SEEDS per model")
    ap.add_argument("--models", nargs="+", default=list(MODELS))
    ap.add_argument("--sims", nargs="+", default=["brian2", "nest"])
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "reference_stats.json"))
    ap.add_argument("--dt", type=float, nargs="+", default=[DEFAULT_DT_MS],
                    help="resolution(s) in ms (default 0.1); delays must be multiples of each")
    ap.add_argument("--merge", action="store_true",
                    help="add the runs to an existing --out file instead of replacing it")
    ap.add_argument("--single", nargs=3, metavar=("MODEL", "SIM", "SEED"))
    ap.add_argument("--table", action="store_true", help="print the summary table of --out and exit")
    a = ap.parse_args()
    global DT_MS
    if a.table:
        print(table(a.out))
        return
    if a.single:
        DT_MS = a.dt[0]
        print(json.dumps(single(a.single[0], a.single[1], int(a.single[2]))))
        return

    result = dict(meta=dict(
        dt_ms=a.dt[0] if len(a.dt) == 1 else a.dt, duration_ms=DURATION_MS, window_ms=[T0_MS, DURATION_MS],
        rules=dict(
            rate_hz="spikes in window / (N * 0.9 s), all neurons",
            cv_isi=f"std/mean (ddof=0) of ISIs per neuron with >= {MIN_SPIKES_CV} spikes in window, "
                   "averaged over those neurons (count in n_cv_neurons)",
            fano=f"var/mean (ddof=0) of population spike counts in {BIN_MS:g} ms bins over the window",
            n_spikes="spikes in window; n_spikes_total = whole run",
            summary_std="sample std across seeds (ddof=1)"),
        python=platform.python_version(), machine=platform.platform(),
        date=time.strftime("%Y-%m-%d %H:%M:%S %Z")), models={})
    wall_before = 0.0
    if a.merge and os.path.exists(a.out):
        old = json.load(open(a.out))
        wall_before = old["meta"].get("wall_all_s", 0.0)
        result["models"] = old["models"]
    t_all = time.time()
    for model in a.models:
        entry = result["models"].setdefault(model, dict(params=MODELS[model], simulators={}))
        for sim in a.sims:
            for dt in a.dt:
                runs = []
                for seed in a.seeds or DEFAULT_SEEDS[model]:
                    t0 = time.time()
                    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--single",
                                           model, sim, str(seed), "--dt", repr(dt)],
                                          capture_output=True, text=True)
                    lines = proc.stdout.strip().splitlines()
                    if proc.returncode == 0 and lines:
                        r = json.loads(lines[-1])
                    else:
                        r = dict(seed=seed, dt_ms=dt,
                                 error=f"exit {proc.returncode}: {proc.stderr[-2000:]}")
                    r["wall_total_s"] = time.time() - t0
                    runs.append(r)
                    print(f"{model:7s} {sim:7s} dt {dt:g} seed {seed}: " + (
                        r.get("error", "")[:300] or
                        f"rate {r['rate_hz']:.2f} Hz  CV {r['cv_isi']:.3f}  Fano {r['fano']:.2f}  "
                        f"wall {r['wall_total_s']:.1f} s"), flush=True)
                key = sim if dt == DEFAULT_DT_MS else f"{sim} dt={dt:g}"
                entry["simulators"][key] = dict(dt_ms=dt, runs=runs, summary=summarize(runs))
    all_dts = sorted({d.get("dt_ms", DEFAULT_DT_MS) for e in result["models"].values()
                      for d in e["simulators"].values()}, reverse=True)
    result["meta"]["dt_ms"] = all_dts[0] if len(all_dts) == 1 else all_dts
    result["meta"]["wall_all_s"] = wall_before + time.time() - t_all
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1, default=float)
    print("wrote", a.out)
    print(table(a.out))


if __name__ == "__main__":
    main()
