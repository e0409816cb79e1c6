#!/usr/bin/env python3
# Requires numpy, scipy, pandas and scikit-learn (e.g. Debian's python3-numpy, python3-scipy,
# python3-pandas, python3-sklearn). Run from the repository root:
#     python3 test/reference/reference.py
"""Independent reference values for calib's tests, written to test/reference/expected.json.

Written from the metric conventions (docs/conventions.md), not from calib's TypeScript: numpy for the
metrics, scipy for the one-dimensional optimisations, and scikit-learn only as a cross-check
(every overlapping quantity is asserted to agree before anything is written).

Each fixture is described by hand in FIXTURES below (score columns, label column, kind, class
order), and the automatic kind detection of docs/conventions.md ("Inputs") is asserted to agree.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd
import scipy
import scipy.optimize
import scipy.special
import scipy.stats
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import accuracy_score, brier_score_loss, log_loss

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES_DIR = os.path.join(ROOT, "fixtures")
OUT = os.path.join(HERE, "expected.json")

PROB_FLOOR = 1e-12  # docs/conventions.md: an exact 0 probability becomes 1e-12 before the log
SUM_TOL = 1e-3  # a probability row must sum to 1 within this
ALPHAS = [0.0, 0.05, 0.1, 0.2]

CONFIGS = {
    "w15r": {"bins": 15, "binning": "width", "edges": "right", "binary_view": "positive"},
    "w10l": {"bins": 10, "binning": "width", "edges": "left", "binary_view": "positive"},
    "m15": {"bins": 15, "binning": "mass", "edges": "right", "binary_view": "positive"},
}
TOPLABEL_CONFIG = {"bins": 15, "binning": "width", "edges": "right", "binary_view": "top-label"}


def digit_names():
    return [str(k) for k in range(10)]


# Everything the reference needs to know about each file, written down rather than inferred.
FIXTURES = [
    {"file": "hand-3class-logits.csv", "scores": ["logit_0", "logit_1", "logit_2"],
     "label": "label", "kind": "logits", "binary": False, "class_names": ["0", "1", "2"]},
    {"file": "digits-logreg-logits.csv", "scores": [f"logit_{k}" for k in range(10)],
     "label": "label", "kind": "logits", "binary": False, "class_names": digit_names()},
    {"file": "digits-gnb-probs.csv", "scores": [f"p_{k}" for k in range(10)],
     "label": "label", "id": "id", "kind": "probs", "binary": False,
     "class_names": digit_names()},
    {"file": "digits-mlp-val.csv", "scores": [f"logit_{k}" for k in range(10)],
     "label": "label", "kind": "logits", "binary": False, "class_names": digit_names(),
     "apply_temperature_to": "digits-mlp-test.csv"},
    {"file": "digits-mlp-test.csv", "scores": [f"logit_{k}" for k in range(10)],
     "label": "label", "kind": "logits", "binary": False, "class_names": digit_names()},
    {"file": "wine-logreg-probs.csv", "scores": ["class_0", "class_1", "class_2"],
     "label": "y_true", "kind": "probs", "binary": False,
     "class_names": ["class_0", "class_1", "class_2"]},
    {"file": "breast-cancer-logreg-probs.csv", "scores": ["p_malignant"], "label": "label",
     "kind": "probs", "binary": True, "class_names": ["0", "1"]},
    {"file": "breast-cancer-logreg-logits.csv", "scores": ["score"], "label": "diagnosis",
     "kind": "logits", "binary": True, "class_names": ["benign", "malignant"]},
    # Discrete probabilities (k-NN: multiples of 1/k; random forests: of 1/trees), many on bin
    # edges and many exactly 0 or 1: they must be used exactly as written.
    {"file": "digits-knn-probs.csv", "scores": [f"p_{k}" for k in range(10)],
     "label": "label", "kind": "probs", "binary": False, "class_names": digit_names()},
    {"file": "digits-forest-probs.csv", "scores": [f"p_{k}" for k in range(10)],
     "label": "label", "kind": "probs", "binary": False, "class_names": digit_names()},
    {"file": "breast-cancer-knn-probs.csv", "scores": ["p_malignant"], "label": "label",
     "kind": "probs", "binary": True, "class_names": ["0", "1"]},
    {"file": "breast-cancer-forest-probs.csv", "scores": ["p_malignant"], "label": "label",
     "kind": "probs", "binary": True, "class_names": ["0", "1"]},
]


# ---------------------------------------------------------------------------------------------
# Input: CSV -> log-space scores s (N x K) and labels, as docs/conventions.md, "Inputs" describes.
# ---------------------------------------------------------------------------------------------

def detect_kind(values, binary):
    """docs/conventions.md auto-detection. values: N x C raw score columns."""
    if binary:
        return "logits" if ((values < 0) | (values > 1)).any() else "probs"
    in_range = ((values >= 0) & (values <= 1)).all(axis=1)
    sums_ok = np.abs(values.sum(axis=1) - 1) <= SUM_TOL
    passing = in_range & sums_ok
    if passing.all():
        return "probs"
    if passing.mean() <= 0.5:
        return "logits"
    raise ValueError("damaged probabilities: some rows fail the probability test")


def floored_log(p):
    """log p with an exact 0 replaced by PROB_FLOOR; also returns the mask of floored entries."""
    zero = p == 0
    return np.log(np.where(zero, PROB_FLOOR, p)), zero


def load_fixture(spec):
    df = pd.read_csv(os.path.join(FIXTURES_DIR, spec["file"]), dtype={spec["label"]: str},
                     float_precision="round_trip")  # exact doubles, as calib parses them
    raw = df[spec["scores"]].to_numpy(dtype=np.float64)
    names = spec["class_names"]
    labels = np.array([names.index(v) for v in df[spec["label"]].astype(str)], dtype=np.int64)
    kind = detect_kind(raw, spec["binary"])
    assert kind == spec["kind"], (spec["file"], kind)
    n = len(df)
    if spec["binary"]:
        col = raw[:, 0]
        if kind == "logits":
            s = np.stack([np.zeros(n), col], axis=1)
            zero = np.zeros((n, 2), dtype=bool)
        else:
            given = np.stack([1.0 - col, col], axis=1)
            s, zero = floored_log(given)
    else:
        if kind == "logits":
            s = raw.copy()
            zero = np.zeros_like(raw, dtype=bool)
        else:
            given = raw.copy()
            s, zero = floored_log(raw)
    return {
        # Probabilities exactly as written (None for logits): the metrics at T = 1 use these and
        # their floored logs, never a softmax of the logs (docs/conventions.md, "Inputs").
        "given": given if kind == "probs" else None,
        "s": s,
        "y": labels,
        "kind": kind,
        "binary": spec["binary"],
        "K": s.shape[1],
        "N": n,
        "floored_values": int(zero.sum()),
        "true_class_floored_rows": int(zero[np.arange(n), labels].sum()),
    }


# ---------------------------------------------------------------------------------------------
# Core numerics
# ---------------------------------------------------------------------------------------------

def log_softmax(s):
    m = s.max(axis=1, keepdims=True)
    return s - (m + np.log(np.exp(s - m).sum(axis=1, keepdims=True)))


def bin_index_width(v, m, edges):
    """Equal-width bins compared with the edges k/M as doubles (correctly rounded divisions)."""
    upper = np.arange(1, m + 1) / m
    if edges == "right":  # ((k-1)/M, k/M], 0 in the first bin
        return np.minimum(np.searchsorted(upper, v, side="left"), m - 1)
    return np.minimum(np.searchsorted(upper, v, side="right"), m - 1)  # [lo, hi), last closed


def groups_for(v, m, binning, edges):
    """List of (lower, upper, row indices) for each of the m bins."""
    if binning == "width":
        idx = bin_index_width(v, m, edges)
        return [(k / m, (k + 1) / m, np.flatnonzero(idx == k)) for k in range(m)]
    order = np.argsort(v, kind="stable")
    out = []
    for g in np.array_split(order, m):
        if len(g):
            out.append((float(v[g].min()), float(v[g].max()), g))
        else:
            out.append((None, None, g))
    return out


def binned(v, outcome, m, binning, edges):
    """Reliability table plus ECE, MCE and RMSCE of values v against 0/1 outcomes."""
    n = len(v)
    bins, ece, mce, sq = [], 0.0, 0.0, 0.0
    for lower, upper, g in groups_for(v, m, binning, edges):
        if len(g) == 0:
            bins.append({"lower": lower, "upper": upper, "count": 0,
                         "mean_confidence": None, "accuracy": None, "gap": None})
            continue
        conf = float(v[g].mean())
        acc = float(outcome[g].mean())
        gap = conf - acc
        bins.append({"lower": lower, "upper": upper, "count": int(len(g)),
                     "mean_confidence": conf, "accuracy": acc, "gap": gap})
        w = len(g) / n
        ece += w * abs(gap)
        sq += w * gap * gap
        mce = max(mce, abs(gap))
    return bins, ece, mce, math.sqrt(sq)


def evaluate(s, y, binary, config, temperature=1.0, given=None):
    """All summary metrics and the reliability bins of softmax(s / T) for one config; with
    `given` (probability input at T = 1), of those probabilities as written and their logs."""
    n, k = s.shape
    if given is not None and temperature == 1.0:
        p, lp = given, s
    else:
        lp = log_softmax(s / temperature)
        p = np.exp(lp)
    pred = p.argmax(axis=1)  # numpy returns the first maximum: lowest index wins a tie
    conf = p[np.arange(n), pred]
    correct = (pred == y).astype(np.float64)
    onehot = np.eye(k)[y]
    m = config["bins"]

    positive_view = binary and config["binary_view"] == "positive"
    if positive_view:
        values, outcome = p[:, 1], (y == 1).astype(np.float64)
    else:
        values, outcome = conf, correct
    bins, ece, mce, rmsce = binned(values, outcome, m, config["binning"], config["edges"])
    _, ace, _, _ = binned(values, outcome, m, "mass", config["edges"])

    classwise = 0.0
    for c in range(k):
        _, e, _, _ = binned(p[:, c], (y == c).astype(np.float64), m, "width", config["edges"])
        classwise += e
    classwise /= k

    if binary:
        brier = float(np.mean((p[:, 1] - y) ** 2))
    else:
        brier = float(np.mean(((p - onehot) ** 2).sum(axis=1)))
    plogp = np.where(p > 0, p * lp, 0.0)  # 0 log 0 = 0
    mean_conf = float(values.mean())
    metrics = {
        "accuracy": float(correct.mean()),
        "mean_confidence": mean_conf,
        "overconfidence_gap": mean_conf - float(outcome.mean()),
        "ece": ece,
        "mce": mce,
        "rmsce": rmsce,
        "ace": ace,
        "classwise_ece": classwise,
        "nll": float(-lp[np.arange(n), y].mean()),
        "brier": brier,
        "entropy": float(-plogp.sum(axis=1).mean()),
        "ece_debiased": debiased_ece(values, outcome, m, config["binning"]),
        "ece_sweep": ece_sweep(values, outcome),
    }
    aux = {"p": p, "lp": lp, "pred": pred, "values": values, "outcome": outcome}
    report = {"config": dict(config), "metrics": metrics, "bins": bins}
    report["sensitivity"] = sensitivity(report, aux)
    return report, aux


def debiased_ece(v, outcome, m, binning):
    """Kumar et al. 2019's debiased L2 error: per bin (f_b - y_b)^2 - y_b (1 - y_b) / (n_b - 1),
    weighted by n_b / N (bins of one row add nothing), then sqrt(max(0, .)). Bins: upper edges
    k * 1.0 / M (width) or midpoints between array_split groups of the sorted values, then 1.0,
    duplicates dropped (mass); a value goes to the first edge >= it."""
    n = len(v)
    if binning == "width":
        edges = np.arange(1, m + 1) * 1.0 / m
    else:
        groups = np.array_split(np.sort(v, kind="stable"), min(m, n))
        mids = [(groups[g][-1] + groups[g + 1][0]) / 2.0 for g in range(len(groups) - 1)]
        edges = np.array([e for i, e in enumerate(mids + [1.0]) if i == 0 or e != (mids + [1.0])[i - 1]])
    idx = np.searchsorted(edges, v, side="left")
    squared = 0.0
    for b in range(len(edges)):
        sel = idx == b
        nb = int(sel.sum())
        if nb < 2:
            continue
        f, yb = v[sel].mean(), outcome[sel].mean()
        squared += nb / n * ((f - yb) ** 2 - yb * (1 - yb) / (nb - 1))
    return math.sqrt(max(squared, 0.0))


def ece_sweep(v, outcome):
    """Roelofs et al. 2022's monotonic sweep: the most equal-mass bins (position k of the stable
    sort in bin min(b - 1, floor(k / N * b))) whose accuracies never fall, then the L1 ECE."""
    n = len(v)
    order = np.argsort(v, kind="stable")
    f, o = v[order], outcome[order]
    pos = np.arange(n)

    def bins_of(b):
        return np.minimum(b - 1, np.floor(pos / n * b).astype(np.int64))

    chosen = 1
    for b in range(2, n):
        idx = bins_of(b)
        acc = np.bincount(idx, weights=o, minlength=b) / np.bincount(idx, minlength=b)
        if (np.diff(acc) < 0).any():
            break
        chosen = b
    idx = bins_of(chosen)
    count = np.bincount(idx, minlength=chosen)
    gap = np.abs(np.bincount(idx, weights=o, minlength=chosen) / count
                 - np.bincount(idx, weights=f, minlength=chosen) / count)
    return float((count * gap).sum() / n)


# ---------------------------------------------------------------------------------------------
# Temperature: minimise mean cross-entropy of softmax(s / T) against targets Y (one-hot or
# smoothed). With b = 1 / T, f(b) = mean(LSE(b s) - b sum_k Y_k s_k) is convex.
# ---------------------------------------------------------------------------------------------

def ce_at(s, target, b):
    return float(-(target * log_softmax(b * s)).sum(axis=1).mean())


def ce_derivs(s, target, b):
    p = np.exp(log_softmax(b * s))
    es = (p * s).sum(axis=1)
    g = float((es - (target * s).sum(axis=1)).mean())
    h = float(((p * s * s).sum(axis=1) - es * es).mean())
    return g, h


def fit_temperature(s, target, lo=1e-3, hi=1e3):
    res = scipy.optimize.minimize_scalar(
        lambda t: ce_at(s, target, math.exp(-t)),
        bounds=(math.log(lo), math.log(hi)), method="bounded",
        options={"xatol": 1e-10, "maxiter": 1000})
    b = math.exp(-res.x)
    converged = False
    for _ in range(100):  # polish with safeguarded Newton on b
        g, h = ce_derivs(s, target, b)
        if h <= 0:
            break
        step = g / h
        nb = b - step
        while nb <= 0 or ce_at(s, target, nb) > ce_at(s, target, b) + 1e-15:
            step /= 2
            nb = b - step
            if abs(step) < 1e-18:
                break
        b = nb
        if abs(step) <= 1e-15 * b:
            converged = True
            break
    t = 1.0 / b
    g, _ = ce_derivs(s, target, b)
    return {
        "temperature": t,
        "loss": ce_at(s, target, b),
        "gradient_wrt_inverse_t": g,
        "converged": converged,
        "at_bound": bool(t <= lo * (1 + 1e-6) or t >= hi * (1 - 1e-6)),
    }


# ---------------------------------------------------------------------------------------------
# Label smoothing what-if
# ---------------------------------------------------------------------------------------------

def xlogx_rows(t):
    return np.where(t > 0, t * np.log(np.where(t > 0, t, 1.0)), 0.0).sum(axis=1)


def smoothed_target(y, k, a, prior):
    return (1 - a) * np.eye(k)[y] + a * prior[None, :]


def mean_kl(lp, y, a, prior):
    t = smoothed_target(y, len(prior), a, prior)
    return float((xlogx_rows(t) - (t * lp).sum(axis=1)).mean())


def implied_alpha(lp, y, prior):
    """a in [0, 1) minimising mean KL(y_ls(a) || p).

    The mean KL is convex in a (an affine cross-entropy minus a concave entropy), with slope
    -infinity at a = 0, so the minimiser is the root of its derivative. For a confident model
    that root is tiny (1e-12 and below), so it is found on log a with brentq; a bounded Brent
    search on a itself then confirms that no a in [0, 1) does better.
    """
    k = len(prior)
    onehot = np.eye(k)[y]
    dt = prior[None, :] - onehot  # d y_ls / d a

    def dkl(a):
        t = smoothed_target(y, k, a, prior)
        logt = np.log(np.where(t > 0, t, 1.0))
        return float(((dt * logt).sum(axis=1) - (dt * lp).sum(axis=1)).mean())

    lo, hi = math.log(1e-300), math.log1p(-1e-15)
    if dkl(math.exp(hi)) <= 0:
        a, at_bound = math.exp(hi), True
    elif dkl(math.exp(lo)) >= 0:
        a, at_bound = 0.0, True
    else:
        la = scipy.optimize.brentq(lambda x: dkl(math.exp(x)), lo, hi, xtol=1e-15,
                                   rtol=4 * np.finfo(float).eps, maxiter=1000)
        a, at_bound = math.exp(la), False
    check = scipy.optimize.minimize_scalar(lambda x: mean_kl(lp, y, x, prior),
                                           bounds=(0.0, 1 - 1e-12), method="bounded",
                                           options={"xatol": 1e-12, "maxiter": 1000})
    assert mean_kl(lp, y, a, prior) <= check.fun + 1e-12, (a, check.x)
    return a, mean_kl(lp, y, a, prior), at_bound


def smoothing_whatif(s, y):
    n, k = s.shape
    lp = log_softmax(s)
    p = np.exp(lp)
    nll = float(-lp[np.arange(n), y].mean())
    top = s.argmax(axis=1)
    s_top = s[np.arange(n), top]
    gap = s_top - (s.sum(axis=1) - s_top) / (k - 1)
    plogp = np.where(p > 0, p * lp, 0.0)
    out = {
        "alphas": ALPHAS,
        "logit_gap_mean": float(gap.mean()),
        "logit_gap_median": float(np.median(gap)),
        "mean_entropy": float(-plogp.sum(axis=1).mean()),
    }
    priors = {"uniform": np.full(k, 1.0 / k),
              "empirical": np.bincount(y, minlength=k) / n}
    for name, prior in priors.items():
        rows = []
        cross_u = float(-(lp * prior[None, :]).sum(axis=1).mean())
        for a in ALPHAS:
            t = smoothed_target(y, k, a, prior)
            ls = float(-(t * lp).sum(axis=1).mean())
            assert abs(ls - ((1 - a) * nll + a * cross_u)) <= 1e-10 * max(1.0, abs(ls)), (name, a)
            h = float(-xlogx_rows(t).mean()) + 0.0  # + 0.0 turns -0.0 into 0.0
            fit = fit_temperature(s, t)
            row = {
                "alpha": a,
                "smoothed_ce": ls,
                "target_entropy": h,
                "kl": ls - h,
                "whatif_temperature": fit["temperature"],
                "smoothed_ce_at_temperature": fit["loss"],
            }
            if name == "uniform":
                row["target_gap"] = None if a == 0 else math.log((1 - a + a / k) / (a / k))
            rows.append(row)
        a_star, kl_star, at_bound = implied_alpha(lp, y, prior)
        entry = {"prior": prior.tolist(), "implied_alpha": a_star, "kl_at_implied_alpha": kl_star,
                 "implied_alpha_at_bound": at_bound, "rows": rows}
        if name == "uniform":
            # Closed form (set dKL/da = 0): the target gap g*(a) equals
            # D = mean_i(log p_iy - mean_{k != y} log p_ik), so a = K / (e^D + K - 1).
            d = float((lp[np.arange(n), y] - (lp.sum(axis=1) - lp[np.arange(n), y]) / (k - 1)).mean())
            closed = k / (math.exp(d) + k - 1)
            assert abs(closed - a_star) <= 1e-9 * closed, (closed, a_star)
            entry["true_class_logit_gap_mean"] = d
        out[name] = entry
    return out


# ---------------------------------------------------------------------------------------------
# Cross-checks against scikit-learn / scipy (assertions only; nothing here is written out)
# ---------------------------------------------------------------------------------------------

def close(a, b, rel=1e-9, abs_=1e-12):
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def python_bin_counts(values, m, edges):
    """Equal-width counts without numpy: a value's bin is the number of interior edges k/M it
    is past (> for right-closed bins, >= for left-closed ones)."""
    counts = [0] * m
    for v in values.tolist():
        if edges == "right":
            counts[sum(1 for k in range(1, m) if v > k / m)] += 1
        else:
            counts[sum(1 for k in range(1, m) if v >= k / m)] += 1
    return counts


def cross_check(name, data, report, aux):
    s, y, n, k = data["s"], data["y"], data["N"], data["K"]
    m = report["metrics"]
    p, lp = aux["p"], aux["lp"]
    if data["given"] is not None and p is data["given"]:
        # Probabilities as written: p is the file's values and lp their floored logs.
        assert (lp == floored_log(p)[0]).all(), name
    else:
        assert np.allclose(lp, scipy.special.log_softmax(s, axis=1), rtol=0, atol=1e-12), name
    assert close(m["accuracy"], accuracy_score(y, aux["pred"])), name
    p_true = p[np.arange(n), y]
    keep = p_true > 1e-14  # log_loss clips at 1e-15; compare only rows it does not clip
    sk_nll = log_loss(y[keep], p[keep], labels=list(range(k)))
    ours = float(-lp[np.arange(n), y][keep].mean())
    assert close(ours, sk_nll, rel=1e-8), (name, ours, sk_nll)
    if keep.all():
        assert close(m["nll"], sk_nll, rel=1e-8), name
    if data["binary"]:
        assert close(m["brier"], brier_score_loss(y, p[:, 1])), name
    else:
        ovr = sum(brier_score_loss((y == c).astype(int), p[:, c]) for c in range(k))
        assert close(m["brier"], ovr), name
    assert close(m["entropy"], float(scipy.stats.entropy(p, axis=1).mean()), rel=1e-8), name
    # Bin counts by plain comparison with the edges k/M (Python floats), value by value.
    if report["config"]["binning"] == "width":
        assert python_bin_counts(aux["values"], report["config"]["bins"], report["config"]["edges"]) \
            == [b["count"] for b in report["bins"]], name
    # scikit-learn and numpy put their edges at linspace(0, 1, M + 1), which can be an ulp off
    # k/M; they bin alike only where no value sits on an edge.
    exact_edges = edge_values(aux["values"], report["config"]["bins"]) == 0
    # calibration_curve (uniform strategy) bins ((k-1)/M, k/M] exactly as edges "right".
    if report["config"]["binning"] == "width" and report["config"]["edges"] == "right" and exact_edges:
        prob_true, prob_pred = calibration_curve(aux["outcome"], aux["values"],
                                                 n_bins=report["config"]["bins"])
        nonempty = [b for b in report["bins"] if b["count"] > 0]
        assert np.allclose([b["accuracy"] for b in nonempty], prob_true, rtol=1e-12, atol=1e-15)
        assert np.allclose([b["mean_confidence"] for b in nonempty], prob_pred, rtol=1e-12,
                           atol=1e-15)
    # numpy's histogram uses [lo, hi) bins with the last closed, as edges "left".
    if report["config"]["binning"] == "width" and report["config"]["edges"] == "left" and exact_edges:
        counts, _ = np.histogram(aux["values"], bins=report["config"]["bins"], range=(0, 1))
        assert counts.tolist() == [b["count"] for b in report["bins"]], name
    assert sum(b["count"] for b in report["bins"]) == n


def cross_check_temperature(name, data, fit):
    """Re-fit T directly (not on log T) with scipy's unbounded Brent and compare."""
    s, y = data["s"], data["y"]
    n = data["N"]

    def nll(t):
        return float(-scipy.special.log_softmax(s / t, axis=1)[np.arange(n), y].mean())

    t0 = fit["temperature"]
    res = scipy.optimize.minimize_scalar(nll, bracket=(t0 * 0.5, t0, t0 * 2), method="brent",
                                         options={"xtol": 1e-12})
    assert close(res.x, t0, rel=1e-6), (name, res.x, t0)
    assert nll(t0) <= res.fun + 1e-14, (name, nll(t0), res.fun)


def edge_values(values, m):
    """How many values lie within 1e-9 of an interior edge of m equal-width bins.

    There the edge convention (or one ulp of rounding) decides the bin, so a nonzero count means
    another implementation may legitimately bin differently.
    """
    x = values * m
    k = np.round(x)
    return int(((np.abs(x - k) < 1e-9) & (k > 0) & (k < m)).sum())


def mass_order_spread(values, outcome, m, rel=1e-13):
    """How much equal-mass results can move when near-ties are ordered differently.

    A stable sort puts exact ties in row order; another implementation whose confidences differ
    by a few ulps can order such rows differently. That matters only when a block of values
    equal within `rel` straddles a group boundary and mixes correct and wrong rows; then the
    groups' accuracies (not their counts) can change. Returns None when nothing can move, else
    the ECE over equal-mass groups with each such block ordered wrong-first and right-first.
    """
    order = np.argsort(values, kind="stable")
    v, o = values[order], outcome[order]
    block = np.zeros(len(v), dtype=np.int64)
    for i in range(1, len(v)):
        block[i] = block[i - 1] + (0 if abs(v[i] - v[i - 1]) <= rel * max(abs(v[i]), abs(v[i - 1]))
                                   else 1)
    splits = np.cumsum([len(g) for g in np.array_split(order, m)])[:-1]
    moved = any(0 < j < len(v) and block[j] == block[j - 1]
                and o[block == block[j]].min() != o[block == block[j]].max() for j in splits)
    if not moved:
        return None

    def ece_in(seq):
        return sum(len(g) / len(v) * abs(values[g].mean() - outcome[g].mean())
                   for g in np.array_split(seq, m) if len(g))

    wrong_first = order[np.lexsort((o, block))]
    right_first = order[np.lexsort((-o, block))]
    return sorted([ece_in(wrong_first), ece_in(right_first)])


def sensitivity(report, aux):
    """Flags telling a test where exact agreement cannot be expected (see README.md)."""
    m = report["config"]["bins"]
    p = aux["p"]
    edges = edge_values(aux["values"], m) + sum(edge_values(p[:, c], m) for c in range(p.shape[1]))
    spread = mass_order_spread(aux["values"], aux["outcome"], m)
    return {"edge_values": edges, "mass_order": spread is not None, "ace_alternatives": spread}


# ---------------------------------------------------------------------------------------------

def file_entry(spec):
    data = load_fixture(spec)
    s, y, binary = data["s"], data["y"], data["binary"]
    reports = {}
    given = data["given"]
    for key, config in CONFIGS.items():
        report, aux = evaluate(s, y, binary, config, given=given)
        cross_check(spec["file"], data, report, aux)
        reports[key] = report
    if binary:
        report, aux = evaluate(s, y, binary, TOPLABEL_CONFIG, given=given)
        cross_check(spec["file"], data, report, aux)
        reports["w15r_toplabel"] = report

    fit = fit_temperature(s, np.eye(data["K"])[y])
    cross_check_temperature(spec["file"], data, fit)
    t = fit["temperature"]
    temperature = {
        "temperature": t,
        "nll": fit["loss"],
        # The fit's objective at T = 1: softmax of the (floored) log scores, which for a
        # probability file differs from the reported NLL only by the floors' mass (~1e-12).
        "nll_at_1": ce_at(s, np.eye(data["K"])[y], 1.0),
        "gradient_wrt_inverse_t": fit["gradient_wrt_inverse_t"],
        "converged": fit["converged"],
        "at_bound": fit["at_bound"],
        "after_in_sample": {"w15r": evaluate(s, y, binary, CONFIGS["w15r"], t)[0]},
    }
    if "apply_temperature_to" in spec:
        other_spec = next(f for f in FIXTURES if f["file"] == spec["apply_temperature_to"])
        other = load_fixture(other_spec)
        temperature["applied"] = {
            "file": other_spec["file"],
            "temperature": t,
            "reports": {key: evaluate(other["s"], other["y"], other["binary"], config, t)[0]
                        for key, config in CONFIGS.items()},
        }

    entry = {
        "kind": data["kind"],
        "binary": binary,
        "rows": data["N"],
        "classes": data["K"],
        "class_names": spec["class_names"],
        "score_columns": spec["scores"],
        "label_column": spec["label"],
        "prob_floor": {"floor": PROB_FLOOR, "floored_values": data["floored_values"],
                       "true_class_floored_rows": data["true_class_floored_rows"]},
        "reports": reports,
        "temperature": temperature,
        "smoothing": smoothing_whatif(s, y),
    }
    if binary:
        entry["positive_class"] = spec["class_names"][1]
    if "id" in spec:
        entry["id_column"] = spec["id"]
    return entry, data


def hand_details(data):
    """Per-row intermediates of the hand case, for tests that show their arithmetic."""
    s, y = data["s"], data["y"]
    lp = log_softmax(s)
    p = np.exp(lp)
    pred = p.argmax(axis=1)
    conf = p.max(axis=1)
    rows = []
    for i in range(data["N"]):
        rows.append({
            "logits": s[i].tolist(),
            "probabilities": p[i].tolist(),
            "label": int(y[i]),
            "prediction": int(pred[i]),
            "confidence": float(conf[i]),
            "correct": bool(pred[i] == y[i]),
            "nll": float(-lp[i, y[i]]),
            "brier": float(((p[i] - np.eye(data["K"])[y[i]]) ** 2).sum()),
            "entropy": float(-(p[i] * lp[i]).sum()),
            "bin_w15r": int(bin_index_width(conf[i:i + 1], 15, "right")[0]),
            "bin_w10l": int(bin_index_width(conf[i:i + 1], 10, "left")[0]),
        })
    return {"file": "hand-3class-logits.csv",
            "note": "logits are log of integer weights out of 40, so p = weights / 40",
            "weights": [[30, 7, 3], [22, 15, 3], [5, 18, 17], [17, 17, 6], [1, 5, 34], [1, 38, 1]],
            "rows": rows}


def check_hand(entry, details):
    """The hand case must meet hand arithmetic: p = w / 40, accuracy 3/6, etc."""
    w = np.array(details["weights"], dtype=float) / 40
    got = np.array([r["probabilities"] for r in details["rows"]])
    assert np.allclose(got, w, rtol=0, atol=1e-15)
    m = entry["reports"]["w15r"]["metrics"]
    assert m["accuracy"] == 0.5
    conf = np.array([0.75, 0.55, 0.45, 0.425, 0.85, 0.95])
    correct = np.array([1, 0, 1, 0, 1, 0])
    assert close(m["mean_confidence"], conf.mean(), rel=1e-14)
    # 15 bins: 0.45 and 0.425 share bin 7, (0.4, 0.4667]: mean conf 0.4375, accuracy 1/2, so
    # ECE = (0.25 + 0.55 + 2 * 0.0625 + 0.15 + 0.95) / 6 = 2.025 / 6 = 0.3375.
    assert close(m["ece"], 2.025 / 6, rel=1e-13)
    assert close(m["overconfidence_gap"], conf.mean() - correct.mean(), rel=1e-13)
    assert close(m["mce"], 0.95, rel=1e-14)
    assert close(m["nll"], -np.log([0.75, 0.375, 0.45, 0.15, 0.85, 0.025]).mean(), rel=1e-14)
    # 15 equal-mass groups of 6 rows: one row each, so ACE = mean |c_i - a_i| = 2.875 / 6.
    assert close(m["ace"], 2.875 / 6, rel=1e-13)


def sensitive_reports(entry):
    """Names of the reports (including after-T ones) that carry a sensitivity flag."""
    found = []
    reports = dict(entry["reports"])
    reports.update({"after_in_sample." + k: v
                    for k, v in entry["temperature"]["after_in_sample"].items()})
    reports.update({"applied." + k: v
                    for k, v in entry["temperature"].get("applied", {}).get("reports", {}).items()})
    for key, rep in reports.items():
        flags = rep["sensitivity"]
        if flags["edge_values"] or flags["mass_order"]:
            found.append(f"{key}(edges={flags['edge_values']},mass={flags['mass_order']})")
    return ",".join(found) or "none"


def main():
    warnings.filterwarnings("ignore", category=UserWarning)
    files = {}
    hand = None
    for spec in FIXTURES:
        entry, data = file_entry(spec)
        files[spec["file"]] = entry
        if spec["file"].startswith("hand-"):
            hand = hand_details(data)
            check_hand(entry, hand)
        m = entry["reports"]["w15r"]["metrics"]
        t = entry["temperature"]
        print(f"{spec['file']:34s} {entry['kind']:6s} N={entry['rows']:4d} K={entry['classes']:2d} "
              f"acc={m['accuracy']:.4f} ECE={m['ece']:.4f} gap={m['overconfidence_gap']:+.4f} "
              f"NLL={m['nll']:.4f} T={t['temperature']:.4f} "
              f"alpha*={entry['smoothing']['uniform']['implied_alpha']:.3g} "
              f"sensitive={sensitive_reports(entry)}")
    doc = {
        "generator": "test/reference/reference.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                     "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
                     "pandas": pd.__version__},
        "conventions": {"prob_floor": PROB_FLOOR, "prob_sum_tolerance": SUM_TOL,
                        "configs": {**CONFIGS, "w15r_toplabel": TOPLABEL_CONFIG}},
        "files": files,
        "hand": hand,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
