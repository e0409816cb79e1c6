"""Reference values for eceSweep: a numpy-only port of Roelofs et al.'s equal-mass monotonic sweep
(google-research/google-research, caltrain/calibration_metrics.py at commit
5b09c22d73a9d35eb6c5d2a99b95677a45053466: CalibrationMetric(ce_type="em_ece_sweep", norm=p),
methods em_monotonic_sweep and _calc_ece_postbin). One change: np.argsort(fx, kind="stable"),
so tied confidences keep row order as calib's stable sort does (caltrain's default quicksort
leaves their order unspecified). Run from this folder: python3 caltrain_sweep.py  (writes sweep.json)
"""
import json
import numpy as np


def calc_ece_postbin(n_bins, bins, fx, y, norm):
    ece = 0.0
    monotonic = True
    last_ym = -1000
    for i in range(n_bins):
        cur = bins == i
        if any(cur):
            fxm = np.mean(fx[cur])
            ym = np.mean(y[cur])
            if ym < last_ym:
                monotonic = False
            last_ym = ym
            n = np.sum(cur)
            ece += n * pow(np.abs(ym - fxm), norm)
    return pow(ece / fx.shape[0], 1.0 / norm), monotonic


def em_monotonic_sweep(fx, y, norm):
    sort_ix = np.argsort(fx, kind="stable")
    n_examples = fx.shape[0]
    bins = np.zeros(n_examples, dtype=int)
    prev_bins = np.zeros(n_examples, dtype=int)
    for n_bins in range(2, n_examples):
        bins[sort_ix] = np.minimum(
            n_bins - 1, np.floor((np.arange(n_examples) / n_examples) * n_bins)).astype(int)
        _, monotonic = calc_ece_postbin(n_bins, bins, fx, y, norm)
        if not monotonic:
            return prev_bins
        prev_bins = np.copy(bins)
    return bins


def em_ece_sweep(fx, y, norm):
    bins = em_monotonic_sweep(fx, y, norm)
    n_bins = np.max(bins) + 1
    ece, _ = calc_ece_postbin(n_bins, bins, fx, y, norm)
    return float(ece), int(n_bins)


with open("datasets.json") as fh:
    datasets = json.load(fh)

out = {}
for name, d in datasets.items():
    fx = np.array(d["confidence"], dtype=float)
    y = np.array(d["outcome"], dtype=float)
    out[name] = {}
    for norm in [1, 2]:
        ece, bins = em_ece_sweep(fx, y, norm)
        out[name][f"p{norm}"] = {"ece": ece, "bins": bins}
with open("sweep.json", "w") as fh:
    json.dump(out, fh, indent=1)
