"""The baseline calib is measured against: what a user would otherwise run.

pandas.read_csv + numpy for the report metrics (accuracy, confidence, ECE with 15 equal-width
bins, NLL, Brier), and scipy.optimize.minimize_scalar for the temperature. Usage:
    python3 pandas_baseline.py report|temperature FILE [wide|binary]
wide: a label column and one logit column per class; binary: id, label (0/1) and P(y = 1).
Needs numpy, scipy and pandas (Debian: python3-pandas python3-scipy).
"""
import sys

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax


def metrics(z, y):
    lp = log_softmax(z, axis=1)
    p = np.exp(lp)
    conf = p.max(axis=1)
    pred = p.argmax(axis=1)
    correct = pred == y
    bins = np.maximum(np.ceil(conf * 15).astype(int) - 1, 0)
    ece = 0.0
    for m in range(15):
        sel = bins == m
        if sel.any():
            ece += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    onehot = np.zeros_like(p)
    onehot[np.arange(len(y)), y] = 1
    return {
        "accuracy": correct.mean(), "confidence": conf.mean(), "ece": ece,
        "nll": -lp[np.arange(len(y)), y].mean(), "brier": ((p - onehot) ** 2).sum(axis=1).mean(),
    }


def binary_metrics(q, y):
    """Positive-class view: 15 equal-width bins over q against the positive rate."""
    bins = np.maximum(np.ceil(q * 15).astype(int) - 1, 0)
    ece = 0.0
    for m in range(15):
        sel = bins == m
        if sel.any():
            ece += sel.mean() * abs(y[sel].mean() - q[sel].mean())
    eps = 1e-12
    return {
        "accuracy": ((q > 0.5) == (y == 1)).mean(), "confidence": q.mean(), "ece": ece,
        "nll": -np.where(y == 1, np.log(np.maximum(q, eps)), np.log(np.maximum(1 - q, eps))).mean(),
        "brier": ((q - y) ** 2).mean(),
    }


def main():
    mode, path = sys.argv[1], sys.argv[2]
    layout = sys.argv[3] if len(sys.argv) > 3 else "wide"
    df = pd.read_csv(path)
    if layout == "binary":
        print(binary_metrics(df["p_1"].to_numpy(dtype=np.float64), df["label"].to_numpy()))
        return
    y = df["label"].to_numpy()
    z = df.drop(columns=["label"]).to_numpy(dtype=np.float64)
    out = metrics(z, y)
    if mode == "temperature":
        rows = np.arange(len(y))

        def nll(log_t):
            return -log_softmax(z / np.exp(log_t), axis=1)[rows, y].mean()

        t = float(np.exp(minimize_scalar(nll, bounds=(-5, 5), method="bounded").x))
        out["temperature"] = t
        out.update({f"after_{k}": v for k, v in metrics(z / t, y).items()})
    print(out)


if __name__ == "__main__":
    main()
