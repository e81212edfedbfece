#!/usr/bin/env python3
"""Comparison-module benchmark: rsatoolbox / himalaya / scikit-learn against `plexus compare`.

Workloads (sizes are the defaults; --quick shrinks them for a smoke test):

  rdm    RDM of 1000 stimuli x 10 000 features, methods correlation and euclidean:
         rsatoolbox calc_rdm  vs  plexus compare rdm
  rsa    one data RDM (1000 stimuli x 1000 channels, correlation distance) against 100
         model RDMs given as condensed vectors, comparisons corr, spearman, cosine_cov:
         rsatoolbox calc_rdm + compare  vs  plexus compare rsa
  ridge  1000 stimuli x 4096 features -> 500 targets, alphas logspace(-2, 4, 10), inner
         KFold(5) unshuffled, one alpha per target, fit_intercept, then predict held-out
         stimuli and take Pearson r per target (what `plexus compare regress` does):
           ridge-cv      one split, 998 training / 2 test stimuli: essentially one RidgeCV fit
           ridge-nested  5 outer folds (seeded shuffle) x inner KFold(5): five RidgeCV fits
         himalaya RidgeCV (numpy backend), scikit-learn (three variants, see NOTES)
         vs  plexus compare regress --load-splits (the benchmark writes the splits file, so
         every tool uses the very same train/test rows)

Data come from numpy.random.default_rng([seed, k]) and are written as float64 C-order .npy
into a fresh directory under bench/results/compare-data/ (removed at the end unless
--keep-data). Every (case, tool, repetition) runs in its own subprocess: Python tools load
their arrays first and time only the computation (time.perf_counter); plexus's compute time
is timing.computeSeconds from its result.json. Wall time of the whole process and its peak
RSS (os.wait4 -> ru_maxrss of that child alone) are recorded for every run. BLAS threads are
set through OPENBLAS_NUM_THREADS / OMP_NUM_THREADS / MKL_NUM_THREADS for every child.

    python compare_bench.py --plexus .build/release/plexus          # everything, 3 reps, 1 thread
    python compare_bench.py --python-only --reps 1                 # Python tools only
    python compare_bench.py --threads 1 2 --workloads rdm rsa
    python compare_bench.py --quick --python-only --reps 1         # small sizes, smoke test

Writes bench/results/compare-<date>.json and .md (or --results-dir) and prints a table.
Ratios are tool / plexus on compute time: > 1 means plexus is faster.
"""
import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

# One BLAS thread in this (parent) process: data generation is then reproducible bit for
# bit and leaves the cores to the children. Must happen before numpy is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_RESULTS = ROOT / "bench" / "results"
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

SIZES = {
    "full": dict(rdm_stimuli=1000, rdm_features=10000,
                 rsa_stimuli=1000, rsa_channels=1000, rsa_models=100, rsa_model_features=50,
                 ridge_stimuli=1000, ridge_features=4096, ridge_targets=500),
    "quick": dict(rdm_stimuli=200, rdm_features=1000,
                  rsa_stimuli=200, rsa_channels=200, rsa_models=10, rsa_model_features=20,
                  ridge_stimuli=200, ridge_features=512, ridge_targets=50),
}
ALPHAS = np.logspace(-2, 4, 10)
FOLDS = 5        # inner folds: alpha selection (KFold, unshuffled)
OUTER_FOLDS = 5  # ridge-nested: outer folds, seeded shuffle
RDM_METHODS = ("correlation", "euclidean")
RSA_DATA_RDM = "correlation"
RSA_METHODS = ("corr", "spearman", "cosine_cov")

# Python tools per workload. Each name maps to a worker function below.
PY_TOOLS = {
    "rdm": ["rsatoolbox"],
    "rsa": ["rsatoolbox"],
    "ridge": ["himalaya", "sklearn-kfold-loop", "sklearn-cv5-shared", "sklearn-loo"],
}
TOOL_NOTES = {
    "rsatoolbox": "rsatoolbox 0.3.2: Dataset(data) + calc_rdm(ds, method) (descriptor=None: one "
                  "pattern per row, no averaging); rsa adds RDMs(models) + compare(...)",
    "himalaya": "himalaya.ridge.RidgeCV(alphas, fit_intercept=True, cv=5, solver='svd'), numpy "
                "backend: KFold(5) unshuffled, per-target alpha by mean negative MSE, refit on the "
                "training rows, predict the test rows",
    "sklearn-kfold-loop": "same semantics as himalaya built from scikit-learn parts: for each "
                          "KFold(5) fold and alpha, Ridge(alpha, fit_intercept=True).fit/predict "
                          "(50 fits), per-target mean negative MSE + 1e-10 ln(alpha), argmax, "
                          "refit one Ridge per distinct chosen alpha",
    "sklearn-cv5-shared": "sklearn RidgeCV(alphas, cv=5): GridSearchCV over Ridge, ONE alpha "
                          "shared by all targets, chosen by R^2 averaged over targets (cv=5 with "
                          "alpha_per_target=True raises ValueError in scikit-learn 1.9.1)",
    "sklearn-loo": "sklearn RidgeCV(alphas, alpha_per_target=True), cv=None: per-target alpha by "
                   "efficient leave-one-out (GCV, 'gram' mode since n <= p), not 5-fold",
}
NOTES = [
    "Compute time excludes reading the .npy files for every tool (Python: arrays are loaded "
    "before the timer starts; plexus: its own timing.computeSeconds). The wall column is the "
    "whole process: interpreter start, imports, reading, computing (and plexus writing result.json).",
    "Peak RSS is ru_maxrss of the child process (os.wait4). For Python it includes the "
    "interpreter, the imported libraries and the loaded arrays (rss_before_compute_mb in the JSON is "
    "the peak RSS after imports and loading, before the computation).",
    "rsa: both sides compute the data RDM (correlation distance) and the 100 comparisons; "
    "rsatoolbox's compare-only time is in the JSON (compare_seconds). plexus reads the model "
    "files inside its timed region and subtracts that reading time itself.",
    "rdm: rsatoolbox's correlation RDM goes through numpy.einsum('ik,jk', ...) without BLAS; "
    "its euclidean RDM uses numpy.dot (BLAS), hence the large gap between the two.",
    "plexus's wall time also covers writing its plots (rdm.svg; for rsa the data RDM and up to "
    "20 model RDM heat maps; for regress a histogram) and rdm.npy / CSV files.",
    "ridge: `plexus compare regress` always evaluates held-out predictions: for each outer "
    "split it chooses one alpha per target by inner KFold(--inner-folds) of the training rows, "
    "refits, predicts the test rows and reports Pearson r (mean over splits). Its --folds is the "
    "OUTER fold count, not the alpha-selection folds. The Python tools are timed on exactly that "
    "loop (fit on train, predict test, Pearson r), with the splits plexus reads via "
    "--load-splits. ridge-cv uses one split with 2 test stimuli, i.e. one RidgeCV fit on 998 "
    "stimuli: the closest plexus gets to a plain RidgeCV.fit.",
    "ridge: scikit-learn 1.9.1 RidgeCV cannot do 5-fold CV with one alpha per target "
    "(`cv!=None and alpha_per_target=True are incompatible`). sklearn-cv5-shared is "
    "RidgeCV(cv=5), which selects one alpha for all targets by mean R^2 through GridSearchCV; "
    "sklearn-loo is RidgeCV(alpha_per_target=True) with the efficient leave-one-out (GCV) "
    "instead of 5-fold; sklearn-kfold-loop reproduces the himalaya/plexus semantics with "
    "Ridge + KFold by hand. Only himalaya and sklearn-kfold-loop compute the same thing as "
    "plexus compare regress (checked: same alphas and coefficients as himalaya).",
    "Python libraries use the BLAS bundled with the numpy/scipy wheels (scipy-openblas); "
    "plexus links Debian's libopenblas. Thread counts are set with OPENBLAS_NUM_THREADS, "
    "OMP_NUM_THREADS and MKL_NUM_THREADS (and plexus's --threads option when it has one).",
]


# --------------------------------------------------------------------------- data
def condensed_correlation_rdm(features, iu):
    """rsatoolbox's correlation RDM as a condensed (upper triangle, row-major) vector."""
    c = features - features.mean(axis=1, keepdims=True)
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    return (1.0 - c @ c.T)[iu]


def save(path, array):
    np.save(path, np.ascontiguousarray(array, dtype=np.float64))


def generate_data(data_dir, sizes, seed, workloads):
    """Writes the seeded inputs; returns the file names per workload."""
    files = {}
    t0 = time.perf_counter()
    if "rdm" in workloads:
        rng = np.random.default_rng([seed, 1])
        k, p = sizes["rdm_stimuli"], sizes["rdm_features"]
        latent = rng.standard_normal((k, 20))
        data = latent @ rng.standard_normal((20, p)) + 2.0 * rng.standard_normal((k, p))
        save(data_dir / "rdm_data.npy", data)
        files["rdm"] = {"data": "rdm_data.npy"}
    if "rsa" in workloads:
        rng = np.random.default_rng([seed, 2])
        k, p = sizes["rsa_stimuli"], sizes["rsa_channels"]
        latent = rng.standard_normal((k, 20))
        data = latent @ rng.standard_normal((20, p)) + 2.0 * rng.standard_normal((k, p))
        save(data_dir / "rsa_data.npy", data)
        iu = np.triu_indices(k, 1)
        models = []
        # Model m sees the latent structure with weight w_m: similarities from ~0 to high.
        for m, w in enumerate(np.linspace(0.0, 1.5, sizes["rsa_models"])):
            q = sizes["rsa_model_features"]
            feats = w * latent @ rng.standard_normal((20, q)) + rng.standard_normal((k, q))
            name = f"rsa_model_{m:03d}.npy"
            save(data_dir / name, condensed_correlation_rdm(feats, iu))
            models.append(name)
        files["rsa"] = {"data": "rsa_data.npy", "models": models}
    if "ridge" in workloads:
        rng = np.random.default_rng([seed, 3])
        n, p, t = sizes["ridge_stimuli"], sizes["ridge_features"], sizes["ridge_targets"]
        r = min(256, p // 2)
        # Correlated features with a decaying spectrum, scaled so that the best alphas of the
        # logspace(-2, 4, 10) grid spread over the grid; non-zero means (intercept matters).
        z = rng.standard_normal((n, r)) * (np.arange(1, r + 1) ** -0.7)
        x = 0.02 * (z @ rng.standard_normal((r, p)) + 0.3 * rng.standard_normal((n, p)))
        x += rng.normal(0.0, 1.0, p)
        signal = x @ (rng.standard_normal((p, t)) / np.sqrt(p))
        signal = (signal - signal.mean(0)) / signal.std(0)
        snr = np.logspace(-2, 1.5, t)
        rng.shuffle(snr)
        y = signal * np.sqrt(snr) + rng.standard_normal((n, t)) + rng.normal(0.0, 3.0, t)
        save(data_dir / "ridge_X.npy", x)
        save(data_dir / "ridge_Y.npy", y)
        # Splits shared by plexus (--load-splits) and the Python tools; rows ascending.
        single = [{"train": list(range(n - 2)), "test": [n - 2, n - 1]}]
        fold_of = np.empty(n, dtype=int)
        fold_of[np.random.default_rng([seed, 4]).permutation(n)] = np.arange(n) % OUTER_FOLDS
        nested = [{"train": np.flatnonzero(fold_of != k).tolist(),
                   "test": np.flatnonzero(fold_of == k).tolist()} for k in range(OUTER_FOLDS)]
        (data_dir / "ridge_splits_single.json").write_text(json.dumps(single))
        (data_dir / "ridge_splits_nested.json").write_text(json.dumps(nested))
        files["ridge"] = {"features": "ridge_X.npy", "responses": "ridge_Y.npy",
                          "splits": {"ridge-cv": "ridge_splits_single.json",
                                     "ridge-nested": "ridge_splits_nested.json"}}
    return files, time.perf_counter() - t0


def cases_for(workloads, rsa_methods, ridge_cases):
    cases = []
    if "rdm" in workloads:
        cases += [dict(workload="rdm", case=f"rdm-{m}", method=m) for m in RDM_METHODS]
    if "rsa" in workloads:
        cases += [dict(workload="rsa", case=f"rsa-{m}", method=m) for m in rsa_methods]
    if "ridge" in workloads:
        cases += [dict(workload="ridge", case=c, method="ridge") for c in ridge_cases]
    return cases


# --------------------------------------------------------------------------- workers
# These run in a fresh child process (python compare_bench.py --worker job.json).
def _rss_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def worker_rdm_rsatoolbox(job, d):
    from rsatoolbox.data import Dataset
    from rsatoolbox.rdm import calc_rdm
    data = np.load(d / job["files"]["data"])
    base = _rss_mb()
    t0 = time.perf_counter()
    rdm = calc_rdm(Dataset(data), method=job["method"])
    t1 = time.perf_counter()
    out = {"compute_seconds": t1 - t0, "rss_before_compute_mb": base}
    if job.get("ref_dir"):
        np.save(Path(job["ref_dir"]) / "rdm.npy", rdm.get_vectors()[0])
    return out


def worker_rsa_rsatoolbox(job, d):
    from rsatoolbox.data import Dataset
    from rsatoolbox.rdm import RDMs, calc_rdm, compare
    data = np.load(d / job["files"]["data"])
    first = np.load(d / job["files"]["models"][0])
    models = np.empty((len(job["files"]["models"]), first.size))  # one copy in memory
    for i, f in enumerate(job["files"]["models"]):
        models[i] = first if i == 0 else np.load(d / f)
    del first
    base = _rss_mb()
    t0 = time.perf_counter()
    data_rdm = calc_rdm(Dataset(data), method=RSA_DATA_RDM)
    t1 = time.perf_counter()
    scores = compare(data_rdm, RDMs(models), method=job["method"])
    t2 = time.perf_counter()
    out = {"compute_seconds": t2 - t0, "rdm_seconds": t1 - t0, "compare_seconds": t2 - t1,
           "rss_before_compute_mb": base}
    if job.get("ref_dir"):
        np.save(Path(job["ref_dir"]) / "scores.npy", np.asarray(scores)[0])
    return out


def pearson_columns(pred, truth):
    """Pearson r of each column of pred with the same column of truth."""
    p = pred - pred.mean(axis=0)
    t = truth - truth.mean(axis=0)
    return (p * t).sum(axis=0) / np.sqrt((p * p).sum(axis=0) * (t * t).sum(axis=0))


def fit_himalaya(x, y, alphas):
    from himalaya.ridge import RidgeCV
    model = RidgeCV(alphas=alphas, fit_intercept=True, cv=FOLDS,
                    solver_params=dict(warn=False)).fit(x, y)
    best = np.argmin(np.abs(np.log(model.best_alphas_)[:, None] - np.log(alphas)[None]), 1)
    return model.predict, best, np.asarray(model.coef_), np.asarray(model.intercept_), None


def fit_sklearn_kfold_loop(x, y, alphas):
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import KFold
    scores = np.zeros((alphas.size, y.shape[1]))
    for train, val in KFold(FOLDS, shuffle=False).split(x):
        for i, alpha in enumerate(alphas):
            pred = Ridge(alpha=alpha, fit_intercept=True).fit(x[train], y[train]).predict(x[val])
            scores[i] -= ((y[val] - pred) ** 2).mean(axis=0)
    scores = scores / FOLDS + 1e-10 * np.log(alphas)[:, None]
    best = np.argmax(scores, axis=0)
    coef = np.empty((x.shape[1], y.shape[1]))
    intercept = np.empty(y.shape[1])
    for i in np.unique(best):
        cols = np.flatnonzero(best == i)
        fit = Ridge(alpha=alphas[i], fit_intercept=True).fit(x, y[:, cols])
        coef[:, cols] = np.reshape(fit.coef_, (cols.size, -1)).T  # 1-D for a single column
        intercept[cols] = np.reshape(fit.intercept_, -1)
    srt = np.sort(scores, axis=0)
    return (lambda xt: xt @ coef + intercept), best, coef, intercept, srt[-1] - srt[-2]


def fit_sklearn_cv5_shared(x, y, alphas):
    from sklearn.linear_model import RidgeCV
    model = RidgeCV(alphas=alphas, cv=FOLDS, fit_intercept=True).fit(x, y)
    best = np.full(y.shape[1], int(np.argmin(np.abs(np.log(model.alpha_) - np.log(alphas)))))
    return model.predict, best, None, None, None


def fit_sklearn_loo(x, y, alphas):
    from sklearn.linear_model import RidgeCV
    model = RidgeCV(alphas=alphas, alpha_per_target=True, fit_intercept=True).fit(x, y)
    best = np.argmin(np.abs(np.log(model.alpha_)[:, None] - np.log(alphas)[None]), 1)
    return model.predict, best, None, None, None


RIDGE_FITS = {"himalaya": fit_himalaya, "sklearn-kfold-loop": fit_sklearn_kfold_loop,
              "sklearn-cv5-shared": fit_sklearn_cv5_shared, "sklearn-loo": fit_sklearn_loo}


def worker_ridge(job, d):
    """For each split: choose alphas on the training rows, refit, predict the test rows,
    Pearson r per target; mean over splits (plexus compare regress's evaluation)."""
    if job["tool"] == "himalaya":
        from himalaya.backend import set_backend
        set_backend("numpy", on_error="raise")
    elif job["tool"].startswith("sklearn"):
        import sklearn.linear_model  # noqa: F401 - import before the timer
        import sklearn.model_selection  # noqa: F401
    fit = RIDGE_FITS[job["tool"]]
    x = np.load(d / job["files"]["features"])
    y = np.load(d / job["files"]["responses"])
    alphas = np.asarray(job["alphas"])
    splits = [(np.asarray(s["train"]), np.asarray(s["test"]))
              for s in json.loads((d / job["files"]["splits"][job["case"]]).read_text())]
    base = _rss_mb()
    t0 = time.perf_counter()
    r = np.empty((len(splits), y.shape[1]))
    chosen = np.empty((len(splits), y.shape[1]), dtype=int)
    for k, (train, test) in enumerate(splits):
        predict, best, coef, intercept, margin = fit(x[train], y[train], alphas)
        r[k] = pearson_columns(predict(x[test]), y[test])
        chosen[k] = best
    t1 = time.perf_counter()
    out = {"compute_seconds": t1 - t0, "rss_before_compute_mb": base, "splits": len(splits),
           "alpha_histogram": np.bincount(chosen.ravel(), minlength=alphas.size).tolist()}
    if job.get("ref_dir"):
        ref = Path(job["ref_dir"])
        tag = job["tool"]
        np.save(ref / f"{tag}_best_index.npy", chosen)         # splits x targets
        np.save(ref / f"{tag}_pearson_r.npy", r.mean(axis=0))  # mean over splits
        if coef is not None and len(splits) == 1:
            np.save(ref / f"{tag}_coef.npy", coef)             # features x targets
            np.save(ref / f"{tag}_intercept.npy", intercept)
        if margin is not None and len(splits) == 1:
            np.save(ref / "selection_margin.npy", margin)
    return out


WORKERS = {
    ("rdm", "rsatoolbox"): worker_rdm_rsatoolbox,
    ("rsa", "rsatoolbox"): worker_rsa_rsatoolbox,
    **{("ridge", tool): worker_ridge for tool in RIDGE_FITS},
}


def worker_main(job_path):
    job = json.loads(Path(job_path).read_text())
    try:
        out = WORKERS[(job["workload"], job["tool"])](job, Path(job["data_dir"]))
    except Exception:
        traceback.print_exc()
        return 1
    Path(job["result"]).write_text(json.dumps(out))
    return 0


# --------------------------------------------------------------------------- running
def run_child(cmd, env, stdout_path, stderr_path, timeout):
    """Runs cmd; returns (exit code, wall seconds, peak RSS MB of this child alone)."""
    with open(stdout_path, "wb") as so, open(stderr_path, "wb") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=so, stderr=se, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_maxrss / 1024.0


def child_env(threads):
    env = dict(os.environ)
    for var in THREAD_VARS:
        env[var] = str(threads)
    return env


def tail(path, n=1500):
    try:
        return Path(path).read_text(errors="replace")[-n:]
    except OSError:
        return ""


def run_python(case, tool, threads, rep, ctx):
    work = ctx["work"] / "py" / f"{case['case']}-{tool}-t{threads}-r{rep}"
    work.mkdir(parents=True, exist_ok=True)
    ref_dir = None
    if rep == 0 and threads == ctx["threads"][0]:
        ref_dir = ctx["work"] / "ref" / case["case"]
        ref_dir.mkdir(parents=True, exist_ok=True)
    job = dict(workload=case["workload"], case=case["case"], tool=tool, method=case["method"],
               data_dir=str(ctx["data_dir"]), files=ctx["files"][case["workload"]],
               alphas=ALPHAS.tolist(), result=str(work / "result.json"),
               ref_dir=str(ref_dir) if ref_dir else None)
    (work / "job.json").write_text(json.dumps(job))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(work / "job.json")]
    rc, wall, rss = run_child(cmd, child_env(threads), work / "stdout", work / "stderr",
                              ctx["timeout"])
    rec = {"rep": rep, "wall_seconds": wall, "peak_rss_mb": rss}
    if rc != 0 or not (work / "result.json").exists():
        rec["error"] = f"exit {rc}: {tail(work / 'stderr')}"
    else:
        rec.update(json.loads((work / "result.json").read_text()))
    return rec


def plexus_command(case, threads, out_dir, ctx):
    d = ctx["data_dir"]
    f = ctx["files"][case["workload"]]
    exe = str(ctx["plexus"])
    if case["workload"] == "rdm":
        cmd = [exe, "compare", "rdm", "--data", str(d / f["data"]), "--rdm", case["method"]]
    elif case["workload"] == "rsa":
        cmd = [exe, "compare", "rsa", "--data", str(d / f["data"]), "--models",
               *[str(d / m) for m in f["models"]], "--rdm", RSA_DATA_RDM,
               "--compare", case["method"]]
    else:
        cmd = [exe, "compare", "regress", "--features", str(d / f["features"]),
               "--responses", str(d / f["responses"]), "--method", "ridge",
               "--alphas", ",".join(repr(float(a)) for a in ALPHAS),
               "--inner-folds", str(FOLDS), "--load-splits", str(d / f["splits"][case["case"]])]
    cmd += ["--out", str(out_dir)]
    if ctx["plexus_threads_option"].get(case["workload"]):  # none has one yet (BLAS env only)
        cmd += ["--threads", str(threads)]
    return cmd


def run_plexus(case, threads, rep, ctx):
    work = ctx["work"] / "plexus" / f"{case['case']}-t{threads}-r{rep}"
    work.mkdir(parents=True, exist_ok=True)
    out_dir = work / "out"
    missing = ctx["plexus_missing_options"].get(case["workload"])
    if missing:
        return {"rep": rep, "error": f"plexus compare {case['workload']} has no {missing} option "
                                     "(see `--help`); cannot run the same computation"}
    cmd = plexus_command(case, threads, out_dir, ctx)
    rc, wall, rss = run_child(cmd, child_env(threads), work / "stdout", work / "stderr",
                              ctx["timeout"])
    rec = {"rep": rep, "wall_seconds": wall, "peak_rss_mb": rss}
    result_path = out_dir / "result.json"
    if rc != 0:
        rec["error"] = f"exit {rc}: {tail(work / 'stderr')}"
        rec["command"] = " ".join(cmd[:12]) + (" ..." if len(cmd) > 12 else "")
    elif not result_path.exists():
        rec["error"] = f"exit 0 but {result_path} was not written"
    else:
        try:
            result = json.loads(result_path.read_text())
            rec["compute_seconds"] = float(result["timing"]["computeSeconds"])
            if "totalSeconds" in result.get("timing", {}):
                rec["plexus_total_seconds"] = float(result["timing"]["totalSeconds"])
        except (KeyError, TypeError, ValueError) as e:
            rec["error"] = f"result.json has no numeric timing.computeSeconds ({e!r})"
    if rep == 0 and threads == ctx["threads"][0]:
        ctx["plexus_outputs"][case["case"]] = out_dir
    elif not ctx["keep_data"]:
        shutil.rmtree(out_dir, ignore_errors=True)
    return rec


def check_plexus(ctx, workloads):
    """Fails with a clear message unless `plexus compare <sub>` exists for each workload."""
    exe = ctx["plexus"]
    if not exe.is_file() or not os.access(exe, os.X_OK):
        sys.exit(f"error: plexus binary not found at {exe}.\n"
                 "Build it with `swift build -c release --product plexus` (bench/compare/run.sh "
                 "does), pass --plexus PATH, or use --python-only to time the Python tools alone.")
    sub = {"rdm": "rdm", "rsa": "rsa", "ridge": "regress"}
    for w in workloads:
        r = subprocess.run([str(exe), "compare", sub[w], "--help"], capture_output=True,
                           text=True, timeout=60)
        if r.returncode != 0:
            sys.exit(f"error: `{exe} compare {sub[w]} --help` failed (exit {r.returncode}):\n"
                     f"{(r.stderr or r.stdout).strip()[-800:]}\n"
                     "The plexus comparison CLI (`plexus compare rdm|rsa|regress`) is not in this "
                     "build yet. Use --python-only to time the Python tools alone.")
        ctx["plexus_threads_option"][w] = "--threads" in r.stdout
        if w == "ridge":
            need = [o for o in ("--inner-folds", "--load-splits") if o not in r.stdout]
            ctx["plexus_missing_options"][w] = " / ".join(need) if need else None
    v = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
    return v.stdout.strip()


# --------------------------------------------------------------------------- agreement checks
def _norm(key):
    return key.lower().replace("_", "").replace("-", "")


def find_array(obj, names, length=None):
    """First value under one of `names` (any depth, case/underscore-insensitive) that is a
    numeric array (a list of numbers, or of dicts with a numeric score/value field) of the
    given length; returns (key path, ndarray) or (None, None)."""
    wanted = {_norm(n) for n in names}

    def num(e):
        # plexus writes non-finite doubles as the strings "NaN", "Infinity", "-Infinity"
        if isinstance(e, (int, float)) and not isinstance(e, bool):
            return float(e)
        return float(e) if e in ("NaN", "Infinity", "-Infinity") else None

    def as_array(v):
        if isinstance(v, list) and v and all(isinstance(e, dict) for e in v):
            for field in ("score", "mean", "value", "similarity", "r"):
                values = [num(e.get(field)) for e in v]
                if all(x is not None for x in values):
                    return np.asarray(values, dtype=float)
            return None
        try:
            a = np.asarray(v, dtype=float)
        except (TypeError, ValueError):
            return None
        return a if a.ndim >= 1 and a.size > 0 else None

    def walk(o, path):
        if isinstance(o, dict):
            for k, v in o.items():
                if _norm(k) in wanted:
                    a = as_array(v)
                    if a is not None and (length is None or a.shape[0] == length
                                          or a.size == length):
                        return f"{path}{k}", a
            for k, v in o.items():
                if isinstance(v, (dict, list)):
                    hit = walk(v, f"{path}{k}.")
                    if hit[0]:
                        return hit
        elif isinstance(o, list) and o and isinstance(o[0], dict):
            for i, v in enumerate(o[:4]):
                hit = walk(v, f"{path}{i}.")
                if hit[0]:
                    return hit
        return None, None

    return walk(obj, "")


def plexus_array(out_dir, names, length=None):
    """Looks in result.json first, then for NAME.npy files in the output directory."""
    try:
        result = json.loads((out_dir / "result.json").read_text())
    except (OSError, ValueError):
        result = {}
    key, arr = find_array(result, names, length)
    if key:
        return f"result.json:{key}", arr
    for n in names:
        for cand in (out_dir / f"{n}.npy", out_dir / f"{n.lower()}.npy"):
            if cand.is_file():
                a = np.load(cand)
                if length is None or a.shape[0] == length or a.size == length:
                    return cand.name, a
    return None, None


def result_keys(out_dir):
    try:
        result = json.loads((out_dir / "result.json").read_text())
    except (OSError, ValueError):
        return "no readable result.json"
    files = sorted(p.name for p in out_dir.iterdir()) if out_dir.is_dir() else []
    return f"result.json keys {sorted(result) if isinstance(result, dict) else type(result)}, files {files}"


def agreement_checks(ctx, cases):
    checks = []
    ref_root = ctx["work"] / "ref"
    for case in cases:
        name = case["case"]
        ref = ref_root / name
        out = ctx["plexus_outputs"].get(name)
        entry = {"case": name}
        if case["workload"] == "ridge" and (ref / "himalaya_best_index.npy").is_file() \
                and (ref / "sklearn-kfold-loop_best_index.npy").is_file():
            checks.append(python_ridge_consistency(name, ref))
        if out is None:
            entry.update(status="skipped", note="plexus not run (--python-only)"
                         if ctx["python_only"] else "plexus failed for this case")
            checks.append(entry)
            continue
        if case["workload"] == "rdm":
            k = ctx["sizes"]["rdm_stimuli"]
            expected = ref / "rdm.npy"
            src, got = plexus_array(out, ["rdm", "rdmVector", "vector", "dissimilarities"],
                                    k * (k - 1) // 2)
            entry.update(compare_arrays(src, got, expected, "rsatoolbox calc_rdm vector",
                                        rtol=1e-9, scale_to_max=True, out=out))
        elif case["workload"] == "rsa":
            expected = ref / "scores.npy"
            src, got = plexus_array(out, ["scores", "similarities", "comparisons", "values",
                                          "models"], ctx["sizes"]["rsa_models"])
            entry.update(compare_arrays(src, got, expected, "rsatoolbox compare scores",
                                        atol=1e-9, out=out))
        else:
            entry.update(ridge_check(name, ref, out, ctx))
        checks.append(entry)
    return checks


def compare_arrays(src, got, expected_path, what, out, atol=None, rtol=None,
                   scale_to_max=False):
    if not expected_path.is_file():
        return {"status": "skipped", "note": f"no Python reference ({what}) was saved"}
    if src is None:
        return {"status": "skipped",
                "note": f"plexus output has no array to compare with the {what} "
                        f"({result_keys(out)})"}
    exp = np.load(expected_path)
    got = np.asarray(got, dtype=float).reshape(-1)
    if got.shape != exp.shape:
        return {"status": "fail", "source": src,
                "note": f"shape {got.shape} differs from the {what} {exp.shape}"}
    bad = int(np.count_nonzero(~np.isfinite(got)))
    if bad:
        return {"status": "fail", "source": src, "against": what,
                "note": f"{bad} of {got.size} plexus values are not finite"}
    diff = float(np.max(np.abs(got - exp)))
    tol = atol if atol is not None else rtol * (float(np.max(np.abs(exp))) if scale_to_max else 1.0)
    return {"status": "ok" if diff <= tol else "fail", "source": src,
            "max_abs_diff": diff, "tolerance": tol, "against": what}


def python_ridge_consistency(case, ref):
    hb = np.load(ref / "himalaya_best_index.npy")
    sb = np.load(ref / "sklearn-kfold-loop_best_index.npy")
    same = hb == sb
    res = {"case": f"{case} (Python internal)", "against": "himalaya vs sklearn-kfold-loop",
           "alphas_equal": f"{int(same.sum())}/{same.size}",
           "alpha_histogram_himalaya": np.bincount(hb.ravel(), minlength=ALPHAS.size).tolist()}
    agree = same.all(axis=0)
    hr = np.load(ref / "himalaya_pearson_r.npy")
    sr = np.load(ref / "sklearn-kfold-loop_pearson_r.npy")
    res["max_abs_r_diff_same_alphas"] = float(np.max(np.abs(hr[agree] - sr[agree]))) \
        if agree.any() else None
    ok = same.all() and res["max_abs_r_diff_same_alphas"] <= 1e-9
    if (ref / "himalaya_coef.npy").is_file() and (ref / "sklearn-kfold-loop_coef.npy").is_file():
        hc, sc = np.load(ref / "himalaya_coef.npy"), np.load(ref / "sklearn-kfold-loop_coef.npy")
        scale = float(np.max(np.abs(hc)))
        d = float(np.max(np.abs(hc[:, agree] - sc[:, agree]))) if agree.any() else None
        res.update(max_abs_coef_diff_same_alpha=d, coef_scale=scale)
        ok = ok and d is not None and d <= 1e-6 * scale
    if (ref / "selection_margin.npy").is_file():
        res["min_selection_margin"] = float(np.load(ref / "selection_margin.npy").min())
    res["status"] = "ok" if ok else "fail"
    return res


def ridge_check(case, ref, out, ctx):
    t = ctx["sizes"]["ridge_targets"]
    if not (ref / "himalaya_best_index.npy").is_file():
        return {"status": "skipped", "note": "himalaya was not run, no reference"}
    hb = np.load(ref / "himalaya_best_index.npy")            # splits x targets
    res = {"against": "himalaya RidgeCV on the same splits"}
    try:
        result = json.loads((out / "result.json").read_text())
    except (OSError, ValueError):
        return {"status": "skipped", "note": f"no readable plexus result ({result_keys(out)})"}
    status = "ok"
    chosen = result.get("chosenAlphas") if isinstance(result, dict) else None
    if chosen is not None:
        pa = np.asarray(chosen, dtype=float).reshape(hb.shape)
        pb = np.argmin(np.abs(np.log(pa)[..., None] - np.log(ALPHAS)), axis=-1)
        same = pb == hb
        res["alphas_equal"] = f"{int(same.sum())}/{same.size}"
        if not same.all():
            status = "fail"
            if (ref / "selection_margin.npy").is_file() and hb.shape[0] == 1:
                res["max_himalaya_margin_where_different"] = float(
                    np.load(ref / "selection_margin.npy")[~same[0]].max())
        agree = same.all(axis=0)
    else:
        res["alphas_note"] = f"no chosenAlphas in result.json ({result_keys(out)})"
        agree = np.ones(t, bool)
    src, r = plexus_array(out, ["pearsonR", "pearson_r", "scores"], t)
    if src is not None and agree.any():
        hr = np.load(ref / "himalaya_pearson_r.npy")
        d = float(np.max(np.abs(np.asarray(r, float).reshape(-1)[agree] - hr[agree])))
        res.update(r_source=src, max_abs_r_diff_same_alphas=d)
        if not d <= 1e-8:
            status = "fail"
    elif src is None:
        res["r_note"] = "no per-target Pearson r in the plexus output"
    if chosen is None and src is None:
        status = "skipped"
    res["status"] = status
    return res


# --------------------------------------------------------------------------- reporting
def summarise(runs):
    for r in runs:
        good = [x for x in r["reps"] if "error" not in x]
        r["ok_reps"] = len(good)
        if good:
            r["median_compute_seconds"] = statistics.median(x["compute_seconds"] for x in good)
            r["median_wall_seconds"] = statistics.median(x["wall_seconds"] for x in good)
            r["peak_rss_mb"] = max(x["peak_rss_mb"] for x in good)
            if all("compare_seconds" in x for x in good):
                r["median_compare_seconds"] = statistics.median(x["compare_seconds"] for x in good)
        errors = [x["error"] for x in r["reps"] if "error" in x]
        if errors:
            r["error"] = errors[0]
    by_key = {(r["case"], r["threads"], r["tool"]): r for r in runs}
    for r in runs:
        px = by_key.get((r["case"], r["threads"], "plexus"))
        if r["tool"] != "plexus" and px and "median_compute_seconds" in px \
                and "median_compute_seconds" in r and px["median_compute_seconds"] > 0:
            r["ratio_vs_plexus"] = r["median_compute_seconds"] / px["median_compute_seconds"]
            r["ratio_vs_plexus_wall"] = r["median_compute_seconds"] / px["median_wall_seconds"]


def fmt(v, digits=3):
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.{digits}g}"


def table_rows(runs):
    rows = []
    for r in runs:
        if "median_compute_seconds" in r:
            ratio = r.get("ratio_vs_plexus")
            rows.append([str(r["threads"]), r["case"], r["tool"],
                         fmt(r["median_compute_seconds"]), fmt(r["median_wall_seconds"]),
                         f"{r['peak_rss_mb']:.0f}",
                         f"{ratio:.2f}" if ratio is not None else "—",
                         f"{r['ok_reps']}/{len(r['reps'])}"])
        else:
            rows.append([str(r["threads"]), r["case"], r["tool"], "error", "", "", "",
                         f"0/{len(r['reps'])}"])
    return rows


HEADER = ["threads", "case", "tool", "compute s (median)", "wall s (median)",
          "peak RSS MB", "tool/plexus", "reps ok"]


def print_table(runs):
    rows = table_rows(runs)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    line = "  ".join(h.ljust(w) for h, w in zip(HEADER, widths))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    for r in runs:
        if "error" in r:
            print(f"\n{r['case']} / {r['tool']} / {r['threads']} thread(s): "
                  f"{r['error'].strip()[-600:]}")


def markdown(doc):
    s = doc["settings"]
    lines = [f"# Comparison-module benchmark, {doc['date']}", "",
             f"Host: {doc['host']['cores']} cores, {doc['host']['cpu']}; Python "
             f"{doc['host']['python']}; load average at start / end "
             f"{doc['host']['loadavg_1_5_15_min_at_start'][0]:.2f} / "
             f"{doc['host']['loadavg_1_5_15_min_at_end'][0]:.2f}; " + ", ".join(f"{k} {v}" for k, v in doc["versions"].items()),
             f"plexus: {doc['plexus'].get('version') or 'not run'}", "",
             f"Sizes: {json.dumps(s['sizes'])}; seed {s['seed']}; {s['reps']} repetition(s) "
             f"(median); BLAS threads {s['threads']}; alphas logspace(-2, 4, 10); inner KFold({FOLDS}); "
             f"ridge-nested: {OUTER_FOLDS} outer folds.",
             "", "| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in table_rows(doc["runs"])]
    lines += ["", "tool/plexus: the tool's median compute time over plexus's (> 1: plexus faster).",
              "", "## Tools", ""]
    lines += [f"- **{k}**: {v}" for k, v in TOOL_NOTES.items()]
    lines += ["- **plexus**: `plexus compare rdm|rsa|regress`, compute = timing.computeSeconds "
              "from result.json", "", "## Agreement checks", ""]
    for c in doc["checks"]:
        rest = {k: v for k, v in c.items() if k not in ("case", "status")}
        lines.append(f"- {c['case']}: **{c['status']}** {json.dumps(rest)}")
    if not doc["checks"]:
        lines.append("- none run")
    lines += ["", "## Notes", ""] + [f"- {n}" for n in NOTES]
    errors = [r for r in doc["runs"] if "error" in r]
    if errors:
        lines += ["", "## Errors", ""]
        lines += [f"- {r['case']} / {r['tool']} / {r['threads']} thread(s): "
                  f"`{r['error'].strip()[-300:]}`" for r in errors]
    return "\n".join(lines) + "\n"


def versions():
    out = {}
    for pkg in ("numpy", "scipy", "scikit-learn", "himalaya", "rsatoolbox"):
        try:
            out[pkg] = importlib.metadata.version(pkg)
        except importlib.metadata.PackageNotFoundError:
            out[pkg] = None
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        out["numpy BLAS"] = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # noqa: BLE001 - informational only
        pass
    return out


def cpu_name():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plexus", type=Path, default=ROOT / ".build" / "release" / "plexus",
                    help="plexus executable (default: .build/release/plexus)")
    ap.add_argument("--python-only", action="store_true", help="time the Python tools only")
    ap.add_argument("--plexus-only", action="store_true", help="time plexus only (no checks)")
    ap.add_argument("--workloads", nargs="+", choices=["rdm", "rsa", "ridge"],
                    default=["rdm", "rsa", "ridge"])
    ap.add_argument("--rsa-methods", nargs="+", choices=RSA_METHODS, default=list(RSA_METHODS))
    ap.add_argument("--ridge-cases", nargs="+", choices=["ridge-cv", "ridge-nested"],
                    default=["ridge-cv", "ridge-nested"])
    ap.add_argument("--tools", nargs="+", help="only these Python tools (names as in the table)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per case and tool (median)")
    ap.add_argument("--threads", type=int, nargs="+", default=[1],
                    help="BLAS/plexus thread counts to run (default 1; e.g. --threads 1 2)")
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke test)")
    ap.add_argument("--results-dir", type=Path, default=DEFAULT_RESULTS)
    ap.add_argument("--keep-data", action="store_true",
                    help="keep the generated data and outputs under results/compare-data/")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per child process")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker_main(args.worker)
    # SIGTERM (e.g. `kill -- -PGID`) still removes the generated data (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.python_only and args.plexus_only:
        ap.error("--python-only and --plexus-only exclude each other")

    sizes = SIZES["quick" if args.quick else "full"]
    ctx = dict(plexus=args.plexus.resolve(), threads=args.threads, timeout=args.timeout,
               keep_data=args.keep_data, sizes=sizes, plexus_outputs={},
               python_only=args.python_only,
               plexus_threads_option={}, plexus_missing_options={})
    plexus_version = None
    if not args.python_only:
        plexus_version = check_plexus(ctx, args.workloads)

    data_root = args.results_dir / "compare-data"
    data_root.mkdir(parents=True, exist_ok=True)
    date = datetime.date.today().isoformat()
    work = Path(tempfile.mkdtemp(prefix=f"run-{date}-", dir=data_root))
    ctx.update(work=work, data_dir=work / "data")
    ctx["data_dir"].mkdir()
    print(f"generating data in {ctx['data_dir']} ...", flush=True)
    ctx["files"], gen_seconds = generate_data(ctx["data_dir"], sizes, args.seed, args.workloads)
    print(f"  {gen_seconds:.1f} s", flush=True)

    load_start = os.getloadavg()
    if load_start[0] > 0.5:
        print(f"warning: 1-minute load average is {load_start[0]:.2f} before the first run; "
              "timings on a busy machine are not comparable", flush=True)
    cases = cases_for(args.workloads, args.rsa_methods, args.ridge_cases)
    runs = []
    try:
        for threads in args.threads:
            for case in cases:
                tools = [] if args.plexus_only else list(PY_TOOLS[case["workload"]])
                if args.tools:
                    tools = [t for t in tools if t in args.tools]
                if not args.python_only:
                    tools.append("plexus")
                for tool in tools:
                    reps = []
                    for rep in range(args.reps):
                        if tool == "plexus":
                            rec = run_plexus(case, threads, rep, ctx)
                        else:
                            rec = run_python(case, tool, threads, rep, ctx)
                        reps.append(rec)
                        shown = (f"{rec['compute_seconds']:.3f} s compute, "
                                 f"{rec['wall_seconds']:.2f} s wall, {rec['peak_rss_mb']:.0f} MB"
                                 if "error" not in rec else "ERROR " + rec["error"].strip()[-200:])
                        print(f"[{threads}t] {case['case']:<16} {tool:<20} rep {rep}: {shown}",
                              flush=True)
                    runs.append(dict(workload=case["workload"], case=case["case"], tool=tool,
                                     threads=threads, reps=reps))
        summarise(runs)
        checks = [] if args.plexus_only else agreement_checks(ctx, cases)
    finally:
        if not args.keep_data:
            shutil.rmtree(work, ignore_errors=True)

    doc = {
        "benchmark": "compare",
        "date": date,
        "host": {"cores": os.cpu_count(), "cpu": cpu_name(), "python": platform.python_version(),
                 "platform": platform.platform(),
                 "loadavg_1_5_15_min_at_start": load_start,
                 "loadavg_1_5_15_min_at_end": os.getloadavg()},
        "versions": versions(),
        "plexus": {"binary": str(ctx["plexus"]) if not args.python_only else None,
                   "version": plexus_version,
                   "threads_option": ctx["plexus_threads_option"]},
        "settings": {"sizes": sizes, "seed": args.seed, "reps": args.reps,
                     "threads": args.threads, "alphas": ALPHAS.tolist(), "inner_folds": FOLDS, "outer_folds": OUTER_FOLDS,
                     "rsa_data_rdm": RSA_DATA_RDM, "data_generation_seconds": gen_seconds,
                     "workloads": args.workloads, "python_only": args.python_only,
                     "quick": args.quick},
        "tools": TOOL_NOTES,
        "notes": NOTES,
        "runs": runs,
        "checks": checks,
    }
    print()
    print_table(runs)
    if checks:
        print("\nagreement checks:")
        for c in checks:
            rest = {k: v for k, v in c.items() if k not in ("case", "status")}
            print(f"  {c['case']}: {c['status']}  {json.dumps(rest)}")
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stem = args.results_dir / f"compare-{date}{'-quick' if args.quick else ''}"
    Path(f"{stem}.json").write_text(json.dumps(doc, indent=2) + "\n")
    Path(f"{stem}.md").write_text(markdown(doc))
    print(f"\nwrote {stem}.json and {stem}.md")
    failed = any("error" in r for r in runs) or any(c["status"] == "fail" for c in checks)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
