"""Reference values for smoothEce / smoothEceAt: a numpy-only port of relplot's smECE.

Follows apple/ml-calibration (the authors' package `relplot`, version 1.0.3):
  src/relplot/metrics.py  at commit b8581ec2784979a80639f5679a7f91de0570f34c
      smooth_ece, search_param, smECE, smECE_sigma
  src/relplot/kernels.py  at commit 34cdad306fd0598fa8c27efb4e6f15423470720c
      smooth_round_to_grid, interpolate, GaussianKernel, ReflectedGaussianKernel,
      BaseKernelMixin.smooth (later commits call scipy.signal.convolve instead of np.convolve:
      the same sums, different rounding)
  src/relplot/diagrams.py prepare_rel_diagram (curve without bagging: KernelSmoother wrapped in
      CenteredRegressor, density from kernel.kde, mesh of config.plot_mesh_pts = 200)
with config.use_logit_scaling = False (so the kernel is ReflectedGaussianKernel) and
config.smECE_mesh_pts = 200. Run from this folder: python3 relplot_smece.py  (writes smece.json)
"""
import json
import numpy as np

SMECE_MESH_PTS = 200
PLOT_MESH_PTS = 200


def smooth_round_to_grid(f, y, eval_points=1000):
    values = np.zeros(eval_points)
    bins = (f * (eval_points - 1)).astype(int).clip(0, eval_points - 2)
    frac = f * (eval_points - 1) - bins
    np.add.at(values, bins, (1 - frac) * y)
    np.add.at(values, bins + 1, frac * y)
    return values


def interpolate(t, y):
    buckets_cnt = len(y)
    bucket_size = 1 / (buckets_cnt - 1)
    inds = (t * (buckets_cnt - 1)).astype(int).clip(0, buckets_cnt - 2)
    residual = (t - inds * bucket_size) / bucket_size
    return y[inds] * (1 - residual) + y[inds + 1] * residual


class ReflectedGaussianKernel:
    def __init__(self, sigma):
        self.sigma = sigma

    def kernel_ev(self, num_eval_points):
        t = np.linspace(0, 1, num_eval_points)
        var = self.sigma ** 2
        res = np.exp(-(t - 0.5) * (t - 0.5) / (2 * var))
        res /= np.sqrt(2 * np.pi) * self.sigma
        return res

    def convolve(self, values, eval_points):
        ker = self.kernel_ev(eval_points)
        ext_vals = np.concatenate([np.flip(values)[:-1], values, np.flip(values)[1:]])
        return np.convolve(ext_vals, ker, "valid")[eval_points // 2: eval_points // 2 + eval_points]

    def apply(self, f, y, x_eval, eval_points=None):
        if eval_points is None:
            eval_points = max(2000, round(20 / self.sigma))
        eval_points = (eval_points // 2) + 1
        values = smooth_round_to_grid(f, y, eval_points=eval_points)
        smoothed = self.convolve(values, eval_points)
        return interpolate(x_eval, smoothed)

    def smooth(self, f, y, x_eval, eps=0.0001):
        ys = self.apply(f, y, x_eval)
        dens = self.apply(f, np.ones_like(y), x_eval) + eps
        ys = ys / dens
        return ys, dens

    def kde(self, x, x_eval):
        weights = np.ones_like(x) / len(x)
        return self.apply(x, weights, x_eval)


def smooth_ece(f, y, bin_size):
    ev_points = max(round(10 / bin_size), SMECE_MESH_PTS)
    t = np.linspace(0, 1, ev_points)
    ker = ReflectedGaussianKernel(bin_size)
    rs, density = ker.smooth(f, (f - y), t)
    return np.sum(np.abs(rs) * density) / np.sum(density)


def search_param(predicate, start=1, refine=10):
    if predicate(start):
        return start
    start, end = 1, 0
    for _ in range(refine):
        midpoint = (start + end) / 2
        if predicate(midpoint):
            end = midpoint
        else:
            start = midpoint
    return start


def smECE(f, y, eps=0.001):
    def check_smooth_ece(alpha):
        return alpha < eps or alpha < smooth_ece(f, y, alpha)

    bin_size = search_param(check_smooth_ece, start=1, refine=10)
    return smooth_ece(f, y, bin_size), bin_size


def curve(f, y, sigma):
    t = np.linspace(0, 1, PLOT_MESH_PTS)
    ker = ReflectedGaussianKernel(sigma)
    ys, _ = ker.smooth(f, y - f, t)  # CenteredRegressor: regress y - f, add t back
    return t + ys, ker.kde(f, t)


with open("datasets.json") as fh:
    datasets = json.load(fh)

FIXED_SIGMAS = [0.5, 0.1, 0.05, 0.0097, 0.003]  # 0.0097 and 0.003 give even grid sizes (1032, 3334)
out = {}
for name, d in datasets.items():
    f = np.array(d["confidence"], dtype=float)
    y = np.array(d["outcome"], dtype=float)
    value, sigma = smECE(f, y)
    mu, density = curve(f, y, sigma)
    out[name] = {
        "smece": float(value),
        "sigma": float(sigma),
        "curve_accuracy": [float(v) for v in mu],
        "curve_density": [float(v) for v in density],
        "at_sigma": {str(s): float(smooth_ece(f, y, s)) for s in FIXED_SIGMAS},
    }
with open("smece.json", "w") as fh:
    json.dump(out, fh, indent=1)
