#!/usr/bin/env python3
"""Reference numbers for the Plexus comparison module (NeuralCompare).

Writes small seeded data sets (CSV; one also as NPY and HDF5) and the results
that rsatoolbox, scikit-learn and himalaya compute on them (JSON), into the
folder this script lives in (or --out). CONVENTIONS.md beside this script
states the formula behind every number.

Run with the pinned venv (see requirements.txt beside this script):

    python3 -m venv scripts/.venv-compare
    scripts/.venv-compare/bin/pip install -r Tests/NeuralCompareTests/Fixtures/requirements.txt
    scripts/.venv-compare/bin/python Tests/NeuralCompareTests/Fixtures/generate_reference.py

Deterministic: every random draw comes from numpy.random.default_rng seeded
with [seed, k] (k fixed per data set), BLAS runs on one thread, and the output
is byte-identical from run to run with the pinned versions.

Besides calling the libraries, the script re-computes every quantity from the
written specification (the spec_* functions, plain numpy) and stops if the two
disagree, so CONVENTIONS.md is checked against the installed source.
"""
import os

# One BLAS thread: reproducible summation order, and the machine's other cores
# stay free. Must happen before numpy is imported.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import importlib.metadata  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402
import scipy.stats  # noqa: E402

from rsatoolbox.data import Dataset  # noqa: E402
from rsatoolbox.data.noise import (  # noqa: E402
    cov_from_residuals, prec_from_residuals, prec_from_unbalanced)
from rsatoolbox.inference.noise_ceiling import boot_noise_ceiling  # noqa: E402
from rsatoolbox.rdm import RDMs, calc_rdm, compare  # noqa: E402
from sklearn.cross_decomposition import PLSRegression  # noqa: E402
from sklearn.linear_model import Ridge  # noqa: E402
from himalaya.backend import set_backend  # noqa: E402
from himalaya.ridge import RidgeCV as HimalayaRidgeCV  # noqa: E402

FORMAT = "plexus-compare-reference/1"
PACKAGES = ["numpy", "scipy", "scikit-learn", "himalaya", "rsatoolbox", "h5py"]

N_COND, N_CHAN, N_RUN, N_SUBJ = 8, 12, 4, 3
N_STIM, N_FEAT, N_TARG, N_CAT = 60, 40, 6, 6
N_NEUR, N_REP = 6, 8
RIDGE_ALPHAS = [0.1, 1.0, 10.0, 100.0]
HIMALAYA_ALPHAS = np.logspace(-2, 4, 10)
COMPARE_METHODS = ["spearman", "tau-a", "rho-a", "corr", "cosine",
                   "corr_cov", "cosine_cov"]
N_RANDOM_HALVES = 20
SPEC_TOL = 1e-10


# --------------------------------------------------------------------------
# output helpers

def tolist(x):
    """numpy -> plain Python (floats stay float64; JSON writes repr = exact)."""
    if isinstance(x, np.ndarray):
        return [tolist(v) for v in x] if x.ndim > 0 else tolist(x.item())
    if isinstance(x, (list, tuple)):
        return [tolist(v) for v in x]
    if isinstance(x, dict):
        return {k: tolist(v) for k, v in x.items()}
    if isinstance(x, (np.floating, float)):
        return float(x)
    if isinstance(x, (np.integer, int)) and not isinstance(x, bool):
        return int(x)
    return x


def entry(value, how, **extra):
    out = {"how": how}
    out.update(tolist(extra))
    out["value"] = tolist(value)
    return out


def fmt(v):
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return repr(float(v))  # shortest round-trip representation of the double


def write_csv(path, header, rows):
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join(fmt(v) for v in row))
    path.write_text("\n".join(lines) + "\n")


def _dumps(obj, indent=0):
    """JSON with one key per line and numeric vectors on one line; floats are
    written by json (float.__repr__: shortest string that reads back exactly)."""
    pad = " " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f'{pad} {json.dumps(k)}: {_dumps(v, indent + 1)}' for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(not isinstance(v, (list, dict)) for v in obj):
            return "[" + ", ".join(json.dumps(v, allow_nan=False) for v in obj) + "]"
        items = [pad + " " + _dumps(v, indent + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False)


def write_json(path, obj):
    text = _dumps(tolist(obj)) + "\n"
    assert json.loads(text) == json.loads(json.dumps(tolist(obj)))
    path.write_text(text)


def check(name, a, b, tol=SPEC_TOL):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        sys.exit(f"spec check {name}: shape {a.shape} != {b.shape}")
    err = float(np.max(np.abs(a - b))) if a.size else 0.0
    if not err <= tol:
        sys.exit(f"spec check {name}: max abs diff {err:.3e} > {tol:.0e}")
    return err


# --------------------------------------------------------------------------
# data

def make_rsa_data(seed):
    """Three subjects' responses: 8 conditions x 12 channels x 4 runs."""
    rng = np.random.default_rng([seed, 1])
    category = np.repeat([0, 1], N_COND // 2)
    cat_means = rng.normal(size=(2, N_CHAN))
    true_patterns = cat_means[category] + 0.7 * rng.normal(size=(N_COND, N_CHAN))
    mix = np.eye(N_CHAN) + 0.35 * rng.normal(size=(N_CHAN, N_CHAN))
    subjects, counts = [], []
    for _ in range(N_SUBJ):
        subj_patterns = true_patterns + 0.5 * rng.normal(size=(N_COND, N_CHAN))
        chan_scale = rng.uniform(0.5, 1.5, size=N_CHAN)
        data = np.empty((N_RUN, N_COND, N_CHAN))
        for r in range(N_RUN):
            noise = (rng.normal(size=(N_COND, N_CHAN)) @ mix.T) * chan_scale
            data[r] = subj_patterns + 0.8 * noise
        subjects.append(data)
        rates = np.exp(0.3 + 0.6 * subj_patterns)
        counts.append(rng.poisson(rates, size=(N_RUN, N_COND, N_CHAN)))
    return true_patterns, category, subjects, counts


def make_models(seed, true_patterns, category):
    rng = np.random.default_rng([seed, 3])
    iu = np.triu_indices(N_COND, k=1)
    cat = (category[iu[0]] != category[iu[1]]).astype(float)
    ordinal = np.abs(iu[0] - iu[1]).astype(float)
    sq = ((true_patterns[:, None, :] - true_patterns[None, :, :]) ** 2).sum(-1)
    true_struct = sq[iu] / N_CHAN
    random_model = rng.uniform(0.0, 1.0, size=iu[0].size)
    names = ["categorical", "ordinal", "true_structure", "random"]
    return names, np.stack([cat, ordinal, true_struct, random_model])


def make_regression_data(seed):
    rng = np.random.default_rng([seed, 4])
    category = np.repeat(np.arange(N_CAT), N_STIM // N_CAT)
    cat_means = 0.8 * rng.normal(size=(N_CAT, N_FEAT))
    mixing = np.eye(N_FEAT) + 0.3 * rng.normal(size=(N_FEAT, N_FEAT)) / np.sqrt(N_FEAT)
    X = (cat_means[category] + rng.normal(size=(N_STIM, N_FEAT))) @ mixing
    W = 0.3 * rng.normal(size=(N_FEAT, N_TARG))
    intercepts = np.array([1.0, -2.0, 0.5, 3.0, 0.0, -1.0])
    noise_sd = np.array([0.25, 1.0, 2.5, 5.0, 10.0, 20.0])
    Y = X @ W + intercepts + rng.normal(size=(N_STIM, N_TARG)) * noise_sd
    # fixed stratified split: 2 test stimuli per category
    test = []
    for c in range(N_CAT):
        members = np.flatnonzero(category == c)
        test.extend(np.sort(rng.choice(members, size=2, replace=False)))
    test = np.sort(np.array(test))
    train = np.setdiff1d(np.arange(N_STIM), test)
    # custom inner folds (indices into the training rows), stratified by
    # category: each category's training rows in a seeded random order,
    # dealt round-robin to folds 0..4 with one counter running over categories.
    fold_of = np.empty(train.size, dtype=int)
    k = 0
    for c in range(N_CAT):
        rows = np.flatnonzero(category[train] == c)
        for row in rng.permutation(rows):
            fold_of[row] = k % 5
            k += 1
    custom_folds = [(np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f))
                    for f in range(5)]
    return category, X, Y, W, intercepts, noise_sd, train, test, custom_folds


def make_repeats(seed):
    rng = np.random.default_rng([seed, 5])
    latent = rng.normal(size=(N_STIM, 3))
    signal = latent @ rng.normal(size=(3, N_NEUR)) + 2.0
    noise_sd = np.array([0.3, 0.6, 1.0, 2.0, 4.0, 12.0])
    reps = signal[:, :, None] + rng.normal(size=(N_STIM, N_NEUR, N_REP)) \
        * noise_sd[None, :, None]
    return reps


# --------------------------------------------------------------------------
# spec implementations (what CONVENTIONS.md says, in plain numpy)

def spec_triu(m):
    i, j = np.triu_indices(m.shape[0], k=1)
    return m[i, j]


def spec_square(v):
    n = int(round((1 + np.sqrt(1 + 8 * v.size)) / 2))
    m = np.zeros((n, n))
    i, j = np.triu_indices(n, k=1)
    m[i, j] = v
    m[j, i] = v
    return m


def spec_euclidean(U):
    d = ((U[:, None, :] - U[None, :, :]) ** 2).sum(-1)
    return spec_triu(d) / U.shape[1]


def spec_correlation(U):
    c = U - U.mean(1, keepdims=True)
    c /= np.sqrt((c ** 2).sum(1, keepdims=True))
    return spec_triu(1 - c @ c.T)


def spec_mahalanobis(U, prec):
    diff = U[:, None, :] - U[None, :, :]
    d = np.einsum("ijk,kl,ijl->ij", diff, prec, diff)
    return spec_triu(d) / U.shape[1]


def spec_crossnobis(data, prec):
    """data: runs x conditions x channels; leave-one-run-out."""
    n_run = data.shape[0]
    out = []
    for f in range(n_run):
        test = data[f]
        train = data[np.arange(n_run) != f].mean(0)
        dtr = train[:, None, :] - train[None, :, :]
        dte = test[:, None, :] - test[None, :, :]
        out.append(spec_triu(np.einsum("ijk,kl,ijl->ij", dtr, prec, dte)))
    return np.mean(out, 0) / data.shape[2]


def spec_poisson(U, prior_lambda=1.0, prior_weight=0.1):
    m = (U + prior_lambda * prior_weight) / (1 + prior_weight)
    lm = np.log(m)
    d = ((m[:, None, :] - m[None, :, :]) * (lm[:, None, :] - lm[None, :, :])).sum(-1)
    return spec_triu(d) / U.shape[1]


def spec_cov_shrinkage_diag(res, dof):
    x = res - res.mean(0, keepdims=True)
    n = x.shape[0]
    S = x.T @ x
    S2 = (x ** 2).T @ (x ** 2)
    s = S / dof
    var = np.diag(s)
    std = np.sqrt(var)
    r = S / np.outer(std, std) / (n - 1)
    r2 = S2 / np.outer(var, var) / (n - 1)
    var_hat = n / dof ** 2 * (r2 - r ** 2)
    off = ~np.eye(s.shape[0], dtype=bool)
    lam = np.sum(var_hat[off]) / np.sum(r[off] ** 2)
    lam = max(min(lam, 1.0), 0.0)
    return s * np.where(off, 1 - lam, 1.0), lam


def spec_cov_shrinkage_eye(res, dof):
    x = res - res.mean(0, keepdims=True)
    n, p = x.shape
    S = x.T @ x / n
    b2 = np.sum((x ** 2).T @ (x ** 2) / n - S * S) / n
    m = np.trace(S) / p
    d2 = np.sum((S - m * np.eye(p)) ** 2)
    b2 = min(d2, b2)
    shrunk = b2 / d2 * m * np.eye(p) + (d2 - b2) / d2 * S
    return shrunk * n / dof, b2 / d2


def spec_ranks(v):
    # average ranks for ties (1-based)
    order = np.argsort(v, kind="mergesort")
    ranks = np.empty(v.size)
    sv = v[order]
    i = 0
    while i < v.size:
        j = i
        while j + 1 < v.size and sv[j + 1] == sv[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spec_cos(a, b):
    return a @ b / np.sqrt((a @ a) * (b @ b))


def spec_whitened_G(v):
    n = int(round((1 + np.sqrt(1 + 8 * v.size)) / 2))
    H = np.eye(n) - 1.0 / n
    return -0.5 * H @ spec_square(v) @ H


def spec_compare(a, b, method):
    n = a.size
    if method == "cosine":
        return spec_cos(a, b)
    if method == "corr":
        return spec_cos(a - a.mean(), b - b.mean())
    if method in ("spearman", "rho-a"):
        ra, rb = spec_ranks(a), spec_ranks(b)
        ra, rb = ra - ra.mean(), rb - rb.mean()
        if method == "spearman":
            return spec_cos(ra, rb)
        return 12 * (ra @ rb) / (n ** 3 - n)
    if method == "tau-a":
        s = np.sign(a[:, None] - a[None, :]) * np.sign(b[:, None] - b[None, :])
        return np.sum(np.triu(s, 1)) / (n * (n - 1) / 2)
    if method in ("cosine_cov", "corr_cov"):
        if method == "corr_cov":
            a, b = a - a.mean(), b - b.mean()
        Ga, Gb = spec_whitened_G(a), spec_whitened_G(b)
        return np.sum(Ga * Gb) / np.sqrt(np.sum(Ga * Ga) * np.sum(Gb * Gb))
    raise ValueError(method)


def spec_pool(vs, method):
    vs = np.asarray(vs, dtype=float)
    if method in ("cosine", "cosine_cov"):
        return (vs / np.sqrt(np.mean(vs ** 2, 1, keepdims=True))).mean(0)
    if method in ("corr", "corr_cov"):
        z = vs - vs.mean(1, keepdims=True)
        z = z / z.std(1, keepdims=True)
        m = z.mean(0)
        return m - m.min()
    if method in ("spearman", "rho-a", "tau-a"):
        return np.array([spec_ranks(v) for v in vs]).mean(0)
    raise ValueError(method)


def spec_noise_ceiling(vs, method):
    n = len(vs)
    pooled_all = spec_pool(vs, method)
    lower = np.mean([spec_compare(spec_pool([vs[j] for j in range(n) if j != i],
                                            method), vs[i], method)
                     for i in range(n)])
    upper = np.mean([spec_compare(pooled_all, vs[i], method) for i in range(n)])
    return lower, upper


def spec_cka(X, Y):
    Xc = X - X.mean(0)
    Yc = Y - Y.mean(0)
    return (np.linalg.norm(Yc.T @ Xc, "fro") ** 2
            / (np.linalg.norm(Xc.T @ Xc, "fro") * np.linalg.norm(Yc.T @ Yc, "fro")))


def spec_pearson_columns(a, b):
    a = a - a.mean(0)
    b = b - b.mean(0)
    return (a * b).sum(0) / np.sqrt((a * a).sum(0) * (b * b).sum(0))


def spec_ridge(Xtr, Ytr, alpha):
    xm, ym = Xtr.mean(0), Ytr.mean(0)
    Xc, Yc = Xtr - xm, Ytr - ym
    W = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(Xc.shape[1]), Xc.T @ Yc)
    return W, ym - xm @ W


def spec_himalaya_ridge_cv(Xtr, Ytr, alphas, folds):
    """folds: list of (train_idx, val_idx) into the rows of Xtr."""
    scores = np.zeros((len(folds), len(alphas), Ytr.shape[1]))
    for f, (tr, va) in enumerate(folds):
        xm, ym = Xtr[tr].mean(0), Ytr[tr].mean(0)
        U, s, Vt = np.linalg.svd(Xtr[tr] - xm, full_matrices=False)
        for a, alpha in enumerate(alphas):
            B = Vt.T @ np.diag(s / (alpha + s ** 2)) @ U.T
            pred = (Xtr[va] - xm) @ B @ (Ytr[tr] - ym)
            scores[f, a] = -((Ytr[va] - ym - pred) ** 2).sum(0) / len(va)
    mean = scores.mean(0) + (np.log(alphas) * 1e-10)[:, None]
    best = np.argmax(mean, 0)
    cv_best = mean[best, np.arange(Ytr.shape[1])]
    xm, ym = Xtr.mean(0), Ytr.mean(0)
    U, s, Vt = np.linalg.svd(Xtr - xm, full_matrices=False)
    W = np.empty((Xtr.shape[1], Ytr.shape[1]))
    for t in range(Ytr.shape[1]):
        W[:, t] = Vt.T @ ((s / (alphas[best[t]] + s ** 2)) * (U.T @ (Ytr[:, t] - ym[t])))
    return best, scores, mean, cv_best, W, ym - xm @ W


def spec_pls(X, Y, n_comp, tol=1e-06, max_iter=500, exact=False):
    """sklearn PLSRegression(scale=False) NIPALS, step by step.
    exact=True replaces the power iteration by the SVD of Xk^T Yk."""
    eps = np.finfo(float).eps
    xm, ym = X.mean(0), Y.mean(0)
    Xk, Yk = X - xm, Y - ym
    p, q = X.shape[1], Y.shape[1]
    Wx, Wy = np.zeros((p, n_comp)), np.zeros((q, n_comp))
    Px, Py = np.zeros((p, n_comp)), np.zeros((q, n_comp))
    n_iters, stops = [], []
    for k in range(n_comp):
        Yk[:, np.all(np.abs(Yk) < 10 * eps, axis=0)] = 0.0
        if exact:
            U, _, Vt = np.linalg.svd(Xk.T @ Yk, full_matrices=False)
            w, c = U[:, 0].copy(), Vt[0].copy()
            n_iters.append(0)
        else:
            u = next(col for col in Yk.T if np.any(np.abs(col) > eps))
            w_old = 100
            dw2 = []
            for it in range(max_iter):
                w = Xk.T @ u / (u @ u)
                w /= np.sqrt(w @ w) + eps
                t = Xk @ w
                c = Yk.T @ t / (t @ t)
                u = Yk @ c / (c @ c + eps)
                dw = w - w_old
                dw2.append(float(dw @ dw) if it > 0 else None)
                if dw @ dw < tol or q == 1:
                    break
                w_old = w
            n_iters.append(it + 1)
            stops.append(dw2[-2:])
        sign = np.sign(w[np.argmax(np.abs(w))])
        w, c = w * sign, c * sign
        t = Xk @ w
        px = t @ Xk / (t @ t)
        Xk = Xk - np.outer(t, px)
        py = t @ Yk / (t @ t)
        Yk = Yk - np.outer(t, py)
        Wx[:, k], Wy[:, k], Px[:, k], Py[:, k] = w, c, px, py
    R = Wx @ np.linalg.pinv(Px.T @ Wx)
    B = R @ Py.T  # features x targets
    return dict(x_weights=Wx, y_weights=Wy, x_loadings=Px, y_loadings=Py,
                B=B, x_mean=xm, y_mean=ym, n_iter=n_iters, stops=stops)


def spec_split_half(reps, a, b):
    ma = reps[:, :, a].mean(2)
    mb = reps[:, :, b].mean(2)
    r = spec_pearson_columns(ma, mb)
    return r, 2 * r / (1 + r)


# --------------------------------------------------------------------------

def versions():
    return {p: importlib.metadata.version(p) for p in PACKAGES}


def header(seed, what):
    return {
        "format": FORMAT,
        "what": what,
        "generator": "generate_reference.py (this folder); formulas: CONVENTIONS.md",
        "seed": seed,
        "versions": versions(),
    }


def rsa_part(seed, out):
    true_patterns, category, subjects, counts = make_rsa_data(seed)
    model_names, models = make_models(seed, true_patterns, category)
    pairs = np.stack(np.triu_indices(N_COND, k=1), 1)
    chans = [f"ch{k}" for k in range(N_CHAN)]

    files = {}
    for s in range(N_SUBJ):
        for kind, arr in (("rsa_subject", subjects[s]), ("rsa_counts_subject", counts[s])):
            name = f"{kind}{s}.csv"
            rows = [[r, c, *arr[r, c]] for r in range(N_RUN) for c in range(N_COND)]
            write_csv(out / name, ["run", "condition", *chans], rows)
            files[name] = ("responses" if kind == "rsa_subject" else "spike counts") + \
                f" of subject {s}: long format, one row per (run, condition), " \
                "rows run-major then condition; 4 runs x 8 conditions x 12 channels"
    write_csv(out / "rsa_model_rdms.csv", ["i", "j", *model_names],
              [[int(i), int(j), *models[:, k]] for k, (i, j) in enumerate(pairs)])
    files["rsa_model_rdms.csv"] = \
        "4 model RDMs as condensed vectors, one row per pair (i < j), in rsatoolbox order"

    def dataset(arr):
        meas = arr.reshape(N_RUN * N_COND, N_CHAN).astype(float)
        return Dataset(meas, obs_descriptors={
            "run": np.repeat(np.arange(N_RUN), N_COND),
            "condition": np.tile(np.arange(N_COND), N_RUN)})

    ds = [dataset(subjects[s]) for s in range(N_SUBJ)]
    ds_counts = [dataset(counts[s]) for s in range(N_SUBJ)]
    cond_means = [subjects[s].mean(0) for s in range(N_SUBJ)]
    count_means = [counts[s].astype(float).mean(0) for s in range(N_SUBJ)]

    # noise covariance / precision from residuals
    noise = {}
    precs = {"shrinkage_diag": [], "shrinkage_eye": []}
    dof = N_RUN * N_COND - N_COND
    for s in range(N_SUBJ):
        res = (subjects[s] - cond_means[s][None]).reshape(-1, N_CHAN)
        sub = {"residuals_how": "residuals = each (run, condition) row minus the mean "
               "of that condition over the 4 runs; 32 x 12, rows run-major "
               "(as the CSV); dof = 32 - 8 = 24"}
        for method, spec_fn in (("shrinkage_diag", spec_cov_shrinkage_diag),
                                ("shrinkage_eye", spec_cov_shrinkage_eye)):
            cov = cov_from_residuals(res, dof=dof, method=method)
            prec = prec_from_residuals(res, dof=dof, method=method)
            cov_spec, lam = spec_fn(res, dof)
            check(f"cov {method} s{s}", cov, cov_spec)
            check(f"prec {method} s{s}", prec, np.linalg.inv(cov_spec), 1e-8)
            if method == "shrinkage_diag":
                check(f"prec_from_unbalanced s{s}",
                      prec_from_unbalanced(ds[s], "condition", method=method), prec, 1e-8)
            precs[method].append(prec)
            sub[method] = {
                "how": f"rsatoolbox.data.noise.cov_from_residuals(residuals, dof=24, "
                       f"method='{method}') and prec_from_residuals(...) "
                       "(= numpy.linalg.inv of the covariance)",
                "shrinkage": float(lam),
                "covariance": tolist(cov),
                "precision": tolist(prec),
            }
        noise[f"subject{s}"] = sub

    # RDMs
    rdm_defs = [
        ("euclidean", dict(method="euclidean"), None, spec_euclidean),
        ("correlation", dict(method="correlation"), None, spec_correlation),
        ("mahalanobis_shrinkage_diag", dict(method="mahalanobis"), "shrinkage_diag", None),
        ("mahalanobis_shrinkage_eye", dict(method="mahalanobis"), "shrinkage_eye", None),
        ("crossnobis_identity", dict(method="crossnobis", cv_descriptor="run"), None, None),
        ("crossnobis_shrinkage_diag", dict(method="crossnobis", cv_descriptor="run"),
         "shrinkage_diag", None),
        ("poisson", dict(method="poisson"), None, spec_poisson),
    ]
    rdm_how = {
        "euclidean": "rsatoolbox.rdm.calc_rdm(ds, method='euclidean', descriptor='condition')"
                     "; runs averaged per condition first; squared euclidean / n_channels",
        "correlation": "rsatoolbox.rdm.calc_rdm(ds, method='correlation', "
                       "descriptor='condition'); runs averaged first; 1 - Pearson r over channels",
        "mahalanobis_shrinkage_diag": "rsatoolbox.rdm.calc_rdm(ds, method='mahalanobis', "
            "descriptor='condition', noise=prec) with prec = noise.<subject>.shrinkage_diag."
            "precision; runs averaged first; d'P d / n_channels",
        "mahalanobis_shrinkage_eye": "as mahalanobis_shrinkage_diag with "
            "noise.<subject>.shrinkage_eye.precision",
        "crossnobis_identity": "rsatoolbox.rdm.calc_rdm(ds, method='crossnobis', "
            "descriptor='condition', cv_descriptor='run', noise=None); leave-one-run-out: "
            "fold f pairs the mean of the other 3 runs with run f; mean over the 4 folds; "
            "/ n_channels",
        "crossnobis_shrinkage_diag": "as crossnobis_identity with noise = "
            "noise.<subject>.shrinkage_diag.precision (one matrix for all folds)",
        "poisson": "rsatoolbox.rdm.calc_rdm(ds_counts, method='poisson', "
            "descriptor='condition') on the rsa_counts_subject<s>.csv data, prior_lambda=1, "
            "prior_weight=0.1 (defaults); runs averaged first; symmetrised KL / n_channels",
    }
    rdm_values = {}
    for name, kw, prec_method, _ in rdm_defs:
        vals = []
        for s in range(N_SUBJ):
            data = ds_counts[s] if name == "poisson" else ds[s]
            noise_arg = precs[prec_method][s] if prec_method else None
            r = calc_rdm(data, descriptor="condition", noise=noise_arg, **kw)
            v = r.get_vectors()[0]
            # spec check
            if name == "poisson":
                sv = spec_poisson(count_means[s])
            elif name == "euclidean":
                sv = spec_euclidean(cond_means[s])
            elif name == "correlation":
                sv = spec_correlation(cond_means[s])
            elif name.startswith("mahalanobis"):
                sv = spec_mahalanobis(cond_means[s], precs[prec_method][s])
            else:
                P = precs[prec_method][s] if prec_method else np.eye(N_CHAN)
                sv = spec_crossnobis(subjects[s], P)
            check(f"rdm {name} s{s}", v, sv)
            assert list(r.pattern_descriptors["condition"]) == list(range(N_COND))
            vals.append(v)
        rdm_values[name] = np.array(vals)

    rdms_out = {name: entry({f"subject{s}": rdm_values[name][s] for s in range(N_SUBJ)},
                            rdm_how[name]) for name in rdm_values}

    # comparisons data RDM x model RDM
    model_rdms = RDMs(models)
    comp_out = {}
    for name, vals in rdm_values.items():
        data_rdms = RDMs(vals)
        comp_out[name] = {}
        for method in COMPARE_METHODS:
            res = compare(data_rdms, model_rdms, method=method)
            for s in range(N_SUBJ):
                for m in range(len(model_names)):
                    check(f"compare {name} {method}", res[s, m],
                          spec_compare(vals[s], models[m], method))
            comp_out[name][method] = entry(
                res, f"rsatoolbox.rdm.compare(RDMs(data rdms of subjects 0..2), "
                f"RDMs(models), method='{method}'); rows subjects 0..2, "
                f"columns models {model_names}; sigma_k=None")

    # noise ceilings (leave-one-subject-out, deterministic)
    nc_out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, vals in rdm_values.items():
            nc_out[name] = {}
            for method in COMPARE_METHODS:
                lo, up = boot_noise_ceiling(RDMs(vals), method=method,
                                            rdm_descriptor="index")
                slo, sup = spec_noise_ceiling(list(vals), method)
                check(f"nc {name} {method}", [lo, up], [slo, sup])
                nc_out[name][method] = {
                    "how": "rsatoolbox.inference.noise_ceiling.boot_noise_ceiling(RDMs("
                           f"3 subject RDMs), method='{method}', rdm_descriptor='index') "
                           "(leave-one-subject-out, no resampling despite the name)",
                    "lower": float(lo), "upper": float(up)}

    # linear CKA between subjects' condition-mean patterns
    cka = {}
    for a in range(N_SUBJ):
        for b in range(a + 1, N_SUBJ):
            v = spec_cka(cond_means[a], cond_means[b])
            # identity: cosine_cov of the two euclidean RDMs
            cc = compare(RDMs(rdm_values["euclidean"][a]), RDMs(rdm_values["euclidean"][b]),
                         method="cosine_cov")[0, 0]
            check(f"cka == cosine_cov {a}{b}", v, cc)
            cka[f"subject{a}-subject{b}"] = v
    cka_out = entry(cka, "numpy (no library): linear CKA (Kornblith et al. 2019) "
                    "between the 8 x 12 condition-mean patterns (mean over the 4 runs, "
                    "conditions 0..7) of two subjects; columns centred over conditions; "
                    "||Yc' Xc||_F^2 / (||Xc' Xc||_F ||Yc' Yc||_F). Equals rsatoolbox "
                    "compare(..., 'cosine_cov') of the two euclidean RDMs (checked)")

    doc = header(seed, "RSA reference: RDMs, RDM comparisons, noise ceilings, linear CKA")
    doc.update({
        "data_files": files,
        "conditions": list(range(N_COND)),
        "pair_order": entry(pairs, "condensed RDM index k <-> (i, j), i < j, row-major "
                            "upper triangle (numpy.triu_indices(8, k=1)); conditions "
                            "sorted ascending by their label"),
        "condition_category": entry(category, "category of each condition (used by the "
                                    "'categorical' model)"),
        "models": entry({n: models[k] for k, n in enumerate(model_names)},
                        "categorical: 1 between category (conditions 0-3 vs 4-7), 0 "
                        "within (ties); ordinal: |i - j| (ties); true_structure: squared "
                        "euclidean / 12 of the generating patterns; random: uniform(0,1)"),
        "noise": noise,
        "rdms": rdms_out,
        "compare": comp_out,
        "noise_ceiling": nc_out,
        "cka_linear": cka_out,
    })
    write_json(out / "rsa_reference.json", doc)


def regression_part(seed, out):
    category, X, Y, W_true, b_true, noise_sd, train, test, custom_folds = \
        make_regression_data(seed)
    reps = make_repeats(seed)
    files = {}
    write_csv(out / "regression_X.csv", [f"f{k}" for k in range(N_FEAT)], X)
    files["regression_X.csv"] = "stimuli x features, 60 x 40, row i = stimulus i"
    write_csv(out / "regression_Y.csv", [f"t{k}" for k in range(N_TARG)], Y)
    files["regression_Y.csv"] = "stimuli x targets, 60 x 6 (same numbers in " \
        "regression_Y.npy and regression_Y.h5:/responses/data)"
    split = np.where(np.isin(np.arange(N_STIM), test), "test", "train")
    (out / "regression_stimuli.csv").write_text(
        "stimulus,category,split\n"
        + "".join(f"{i},{category[i]},{split[i]}\n" for i in range(N_STIM)))
    files["regression_stimuli.csv"] = "stimulus id, object category (6 x 10), fixed split"
    np.save(out / "regression_Y.npy", np.ascontiguousarray(Y, dtype="<f8"))
    files["regression_Y.npy"] = "float64 little-endian, C order, shape (60, 6)"
    with h5py.File(out / "regression_Y.h5", "w", track_order=False) as f:
        f.create_dataset("responses/data", data=np.ascontiguousarray(Y, dtype="<f8"),
                         track_times=False)
    files["regression_Y.h5"] = "dataset /responses/data, float64, shape (60, 6), " \
        "contiguous layout, no attributes"
    write_csv(out / "repeats.csv", ["stimulus", "repeat", *[f"n{k}" for k in range(N_NEUR)]],
              [[i, r, *reps[i, :, r]] for i in range(N_STIM) for r in range(N_REP)])
    files["repeats.csv"] = "60 stimuli x 6 neurons x 8 repeats, long format: one row " \
        "per (stimulus, repeat), stimulus-major"

    Xtr, Ytr, Xte, Yte = X[train], Y[train], X[test], Y[test]

    # scikit-learn Ridge
    ridge = {}
    for alpha in RIDGE_ALPHAS:
        m = Ridge(alpha=alpha, fit_intercept=True).fit(Xtr, Ytr)
        pred = m.predict(Xte)
        W, b = spec_ridge(Xtr, Ytr, alpha)
        check(f"ridge pred {alpha}", pred, Xte @ W + b, 1e-9)
        r = spec_pearson_columns(pred, Yte)
        ridge[repr(alpha)] = {
            "how": f"sklearn.linear_model.Ridge(alpha={alpha}, fit_intercept=True)"
                   f".fit(X[train], Y[train]).predict(X[test]) (solver_='{m.solver_}')",
            "coef": tolist(m.coef_), "intercept": tolist(m.intercept_),
            "predictions": tolist(pred),
            "pearson_r": tolist(r),
            "pearson_r_how": "per target Pearson r between predictions and Y[test] "
                             "over the 12 test stimuli (numpy)",
        }

    # himalaya RidgeCV: default KFold(5) and custom stratified folds
    set_backend("numpy", on_error="raise")
    n_tr = train.size
    kfold = []
    sizes = np.full(5, n_tr // 5)
    sizes[: n_tr % 5] += 1
    start = 0
    for size in sizes:
        va = np.arange(start, start + size)
        kfold.append((np.setdiff1d(np.arange(n_tr), va), va))
        start += size
    himalaya = {}
    for label, cv_arg, folds, how_cv in (
            ("kfold5", 5, kfold, "cv=5 (himalaya -> sklearn.model_selection.check_cv(5) = "
             "KFold(n_splits=5, shuffle=False): contiguous blocks of the 48 training rows, "
             "sizes 10,10,10,9,9)"),
            ("custom_folds", [(tr, va) for tr, va in custom_folds], custom_folds,
             "cv = the explicit list of (train, validation) index arrays given in 'folds'")):
        m = HimalayaRidgeCV(alphas=HIMALAYA_ALPHAS, fit_intercept=True, cv=cv_arg,
                            solver_params=dict(warn=False))
        m.fit(Xtr, Ytr)
        pred = m.predict(Xte)
        best, scores, mean, cv_best, W, b = spec_himalaya_ridge_cv(
            Xtr, Ytr, HIMALAYA_ALPHAS, folds)
        check(f"himalaya alphas {label}", m.best_alphas_, HIMALAYA_ALPHAS[best], 1e-9)
        check(f"himalaya cv_scores {label}", m.cv_scores_, cv_best, 1e-10)
        check(f"himalaya coef {label}", m.coef_, W, 1e-9)
        check(f"himalaya pred {label}", pred, Xte @ W + b, 1e-9)
        srt = np.sort(mean, 0)
        margin = srt[-1] - srt[-2]
        himalaya[label] = {
            "how": "himalaya.ridge.RidgeCV(alphas=numpy.logspace(-2, 4, 10), "
                   f"fit_intercept=True, {how_cv}, solver='svd' (= solve_ridge_cv_svd), "
                   "default score_func=l2_neg_loss, local_alpha=True, conservative=False)"
                   ".fit(X[train], Y[train]); backend numpy",
            "alphas": tolist(HIMALAYA_ALPHAS),
            "folds": [{"train": tolist(tr), "validation": tolist(va)} for tr, va in folds],
            "folds_how": "indices into the 48 training rows (X[train]), not stimulus ids",
            "best_alpha_index": tolist(best),
            "best_alphas": tolist(m.best_alphas_),
            "best_alphas_how": "RidgeCV.best_alphas_ = exp(-log(1/alpha)): can differ "
                               "from alphas[best_alpha_index] in the last bits",
            "fold_scores": tolist(scores),
            "fold_scores_how": "[fold][alpha][target] = -mean over validation rows of "
                               "squared error (l2_neg_loss); recomputed in numpy (himalaya "
                               "does not return it) and checked against best_alphas_/cv_scores_",
            "selection_scores": tolist(mean),
            "selection_scores_how": "[alpha][target] = mean over folds of fold_scores + "
                                    "1e-10 * ln(alpha); argmax over alpha (first max wins)",
            "selection_margin": tolist(margin),
            "selection_margin_how": "best minus second-best selection score per target",
            "cv_scores": tolist(m.cv_scores_),
            "coef": tolist(m.coef_),
            "intercept": tolist(m.intercept_),
            "predictions": tolist(pred),
            "pearson_r": tolist(spec_pearson_columns(pred, Yte)),
        }

    # PLS
    pls = {}
    for n_comp in (5, 25):
        m = PLSRegression(n_components=n_comp, scale=False).fit(Xtr, Ytr)
        pred = m.predict(Xte)
        sp = spec_pls(Xtr, Ytr, n_comp)
        check(f"pls pred {n_comp}", pred, (Xte - sp["x_mean"]) @ sp["B"] + sp["y_mean"], 1e-9)
        check(f"pls x_weights {n_comp}", m.x_weights_, sp["x_weights"], 1e-9)
        check(f"pls x_loadings {n_comp}", m.x_loadings_, sp["x_loadings"], 1e-9)
        check(f"pls y_loadings {n_comp}", m.y_loadings_, sp["y_loadings"], 1e-9)
        assert list(m.n_iter_) == sp["n_iter"], (m.n_iter_, sp["n_iter"])
        ex = spec_pls(Xtr, Ytr, n_comp, exact=True)
        pred_exact = (Xte - ex["x_mean"]) @ ex["B"] + ex["y_mean"]
        pls[str(n_comp)] = {
            "how": f"sklearn.cross_decomposition.PLSRegression(n_components={n_comp}, "
                   "scale=False) (NIPALS power method, max_iter=500, tol=1e-06)"
                   ".fit(X[train], Y[train]).predict(X[test])",
            "n_iter": tolist(m.n_iter_),
            "stop_sq_changes": sp["stops"],
            "stop_sq_changes_how": "per component, ||w_i - w_(i-1)||^2 at the last two "
                                   "power iterations (the last is the first < tol = 1e-06; "
                                   "null = first iteration, compared with w_old = 100); "
                                   "shows how far each stop is from the threshold",
            "x_weights": tolist(m.x_weights_),
            "y_weights": tolist(m.y_weights_),
            "x_loadings": tolist(m.x_loadings_),
            "y_loadings": tolist(m.y_loadings_),
            "x_weights_first": tolist(m.x_weights_[:, 0]),
            "x_loadings_first": tolist(m.x_loadings_[:, 0]),
            "y_loadings_first": tolist(m.y_loadings_[:, 0]),
            "coef": tolist(m.coef_),
            "coef_how": "PLSRegression.coef_, shape targets x features",
            "intercept": tolist(m.intercept_),
            "predictions": tolist(pred),
            "pearson_r": tolist(spec_pearson_columns(pred, Yte)),
            "max_abs_diff_predictions_vs_exact_svd": float(np.max(np.abs(pred - pred_exact))),
            "max_abs_diff_how": "sklearn's stopped power iteration vs the same algorithm "
                                "with the exact first singular vectors of Xk' Yk "
                                "(numpy.linalg.svd): how far a non-iterative implementation "
                                "lands from sklearn",
        }

    # split-half noise ceiling
    rng = np.random.default_rng([seed, 6])
    random_halves = []
    for _ in range(N_RANDOM_HALVES):
        perm = rng.permutation(N_REP)
        random_halves.append((np.sort(perm[: N_REP // 2]), np.sort(perm[N_REP // 2:])))
    fixed = {"first_vs_second": (np.arange(4), np.arange(4, 8)),
             "even_vs_odd": (np.arange(0, 8, 2), np.arange(1, 8, 2))}
    split_half = {}
    for name, (a, b) in fixed.items():
        r, sb = spec_split_half(reps, a, b)
        split_half[name] = {"half_a": tolist(a), "half_b": tolist(b),
                            "r": tolist(r), "spearman_brown": tolist(sb)}
    rs, sbs = [], []
    for a, b in random_halves:
        r, sb = spec_split_half(reps, a, b)
        rs.append(r)
        sbs.append(sb)
    rs, sbs = np.array(rs), np.array(sbs)
    mean_r = rs.mean(0)
    split_half["random_halves"] = {
        "splits": [{"half_a": tolist(a), "half_b": tolist(b)} for a, b in random_halves],
        "splits_how": f"{N_RANDOM_HALVES} splits; each: perm = default_rng([seed, 6])"
                      ".permutation(8) (successive calls), half_a = sorted(perm[:4]), "
                      "half_b = sorted(perm[4:]); repeat indices 0..7",
        "r_per_split": tolist(rs),
        "spearman_brown_per_split": tolist(sbs),
        "mean_of_spearman_brown": tolist(sbs.mean(0)),
        "spearman_brown_of_mean_r": tolist(2 * mean_r / (1 + mean_r)),
        "mean_r": tolist(mean_r),
    }
    split_half_out = {
        "how": "numpy (no library). For a split (half_a, half_b) of the 8 repeats: "
               "A = mean over repeats in half_a (60 x 6), B likewise; per neuron "
               "r = Pearson r over the 60 stimuli between A[:, n] and B[:, n]; "
               "Spearman-Brown for doubling: 2 r / (1 + r). Primary value: "
               "random_halves.mean_of_spearman_brown (correct each split, then mean "
               "over the splits); the alternative spearman_brown_of_mean_r (mean r over "
               "the splits, then correct) is given too.",
        **split_half,
    }

    doc = header(seed, "Regression reference: ridge, himalaya RidgeCV, PLS, Pearson r, "
                 "split-half noise ceiling")
    doc.update({
        "data_files": files,
        "split": {"train": tolist(train), "test": tolist(test),
                  "how": "2 test stimuli per category, chosen with default_rng([seed, 4]); "
                         "train = the other 48 in ascending order; fits use X[train], "
                         "Y[train] in that row order"},
        "generating_model": {"W": tolist(W_true), "intercepts": tolist(b_true),
                             "noise_sd": tolist(noise_sd),
                             "how": "Y = X W + intercepts + noise_sd * N(0, 1)"},
        "sklearn_ridge": ridge,
        "himalaya_ridge_cv": himalaya,
        "sklearn_pls": pls,
        "split_half_noise_ceiling": split_half_out,
    })
    write_json(out / "regression_reference.json", doc)


def hand_part(seed, out):
    patterns = np.array([[1, 2], [4, 1], [2, 6], [5, 3]], dtype=float)
    ds = Dataset(patterns, obs_descriptors={"condition": np.arange(4)})
    eu = calc_rdm(ds, method="euclidean", descriptor="condition").get_vectors()[0]
    co = calc_rdm(ds, method="correlation", descriptor="condition").get_vectors()[0]
    eu_hand = np.array([10, 17, 17, 29, 5, 18]) / 2
    co_hand = np.array([2, 0, 2, 2, 0, 2], dtype=float)
    check("hand euclidean", eu, eu_hand, 1e-12)
    check("hand correlation", co, co_hand, 1e-12)
    a = np.array([1, 2, 2, 3, 1, 4], dtype=float)
    b = np.array([0, 1, 1, 0, 0, 1], dtype=float)
    hand = {
        "spearman": 7.5 / np.sqrt(16.5 * 13.5),
        "tau-a": 5 / 15,
        "rho-a": 12 * 7.5 / 210,
        "corr": None, "cosine": None,
    }
    # corr / cosine by hand: a - mean(a) = a - 13/6; cosine = a.b / |a||b|
    hand["cosine"] = (2 + 2 + 4) / np.sqrt((1 + 4 + 4 + 9 + 1 + 16) * 3)
    ac, bc = a - a.mean(), b - b.mean()
    hand["corr"] = (ac @ bc) / np.sqrt((ac @ ac) * (bc @ bc))
    comps = {}
    for method in ["spearman", "tau-a", "rho-a", "corr", "cosine"]:
        v = compare(RDMs(a), RDMs(b), method=method)[0, 0]
        check(f"hand {method}", v, hand[method], 1e-12)
        comps[method] = {"value": float(v), "hand": float(hand[method])}
    doc = header(seed, "Hand-checkable examples (no randomness)")
    doc.update({
        "patterns": entry(patterns, "4 conditions x 2 channels (rows = conditions 0..3)"),
        "pair_order": [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]],
        "euclidean_rdm": entry(eu, hand=eu_hand, how="rsatoolbox.rdm.calc_rdm(Dataset(patterns, "
                               "obs_descriptors={'condition': [0,1,2,3]}), 'euclidean', "
                               "descriptor='condition'); by hand: squared distances "
                               "[10, 17, 17, 29, 5, 18] / 2 channels"),
        "correlation_rdm": entry(co, hand=co_hand, how="same with method='correlation'; by hand: with two "
                                 "channels each centred pattern is +-(1,-1)/sqrt(2), so r = "
                                 "sign(x0 - x1) * sign(y0 - y1) and 1 - r is 0 or 2"),
        "rdm_a": tolist(a),
        "rdm_b": tolist(b),
        "compare_how": "rsatoolbox.rdm.compare(RDMs(rdm_a), RDMs(rdm_b), method=...); "
                       "'hand' is the closed form in CONVENTIONS.md (hand example)",
        "compare": comps,
    })
    write_json(out / "hand_examples.json", doc)


def main():
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=here, help="output folder (default: "
                    "this script's folder)")
    ap.add_argument("--seed", type=int, default=20250611, help="base seed")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pins = dict(line.strip().split("==") for line in (here / "requirements.txt")
                .read_text().splitlines() if "==" in line and not line.startswith("#"))
    for name, version in versions().items():
        if pins.get(name) != version:
            print(f"warning: {name} {version} installed, requirements.txt pins "
                  f"{pins.get(name)}; the numbers may differ", file=sys.stderr)
    # rsatoolbox's _build_rdms casts NaN into the integer 'run' descriptor while
    # deciding that runs were averaged away; harmless, silence it.
    warnings.filterwarnings("ignore", message="invalid value encountered in cast",
                            category=RuntimeWarning)
    rsa_part(args.seed, args.out)
    regression_part(args.seed, args.out)
    hand_part(args.seed, args.out)
    print(f"wrote reference files to {args.out}")


if __name__ == "__main__":
    main()
