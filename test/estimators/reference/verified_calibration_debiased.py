"""Reference values for debiasedEce: a numpy-only port of Kumar, Liang & Ma's `calibration`
package (p-lambda/verified_calibration, calibration/utils.py at commit
bdd60a77025cc767382833385ff8cbed0760667a): split, get_equal_bins, get_equal_prob_bins,
fast_bin, difference_mean, get_bin_probs, plugin_ce, unbiased_square_ce, unbiased_l2_ce, as
called by lower_bound_scaling_ce(probs, labels, p=2, debias=True, num_bins, binning_scheme).
Run from this folder: python3 verified_calibration_debiased.py  (writes debiased.json)
"""
import json
import numpy as np


def split(sequence, parts):
    assert parts <= len(sequence)
    array_splits = np.array_split(sequence, parts)
    splits = [list(l) for l in array_splits]
    assert len(splits) == parts
    return splits


def get_equal_bins(probs, num_bins=10):
    sorted_probs = sorted(probs)
    if num_bins > len(sorted_probs):
        num_bins = len(sorted_probs)
    binned_data = split(sorted_probs, num_bins)
    bins = []
    for i in range(len(binned_data) - 1):
        last_prob = binned_data[i][-1]
        next_first_prob = binned_data[i + 1][0]
        bins.append((last_prob + next_first_prob) / 2.0)
    bins.append(1.0)
    bins = sorted(list(set(bins)))
    return bins


def get_equal_prob_bins(probs, num_bins=10):
    return [i * 1.0 / num_bins for i in range(1, num_bins + 1)]


def fast_bin(data, bins):
    prob_label = np.array(data)
    bin_indices = np.searchsorted(bins, prob_label[:, 0])
    bin_sort_indices = np.argsort(bin_indices)
    sorted_bins = bin_indices[bin_sort_indices]
    splits = np.searchsorted(sorted_bins, list(range(1, len(bins))))
    return np.split(prob_label[bin_sort_indices], splits)


def difference_mean(data):
    data = np.array(data)
    return np.mean(data[:, 0]) - np.mean(data[:, 1])


def get_bin_probs(binned_data):
    bin_sizes = list(map(len, binned_data))
    num_data = sum(bin_sizes)
    return [b * 1.0 / num_data for b in bin_sizes]


def plugin_ce(binned_data, power=2):
    def bin_error(data):
        if len(data) == 0:
            return 0.0
        return abs(difference_mean(data)) ** power
    return np.dot(get_bin_probs(binned_data), list(map(bin_error, binned_data))) ** (1.0 / power)


def unbiased_square_ce(binned_data):
    def bin_error(data):
        if len(data) < 2:
            return 0.0
        biased_estimate = abs(difference_mean(data)) ** 2
        mean_label = np.mean([x[1] for x in data])
        variance = mean_label * (1.0 - mean_label) / (len(data) - 1.0)
        return biased_estimate - variance
    return np.dot(get_bin_probs(binned_data), list(map(bin_error, binned_data)))


def unbiased_l2_ce(binned_data):
    return max(unbiased_square_ce(binned_data), 0.0) ** 0.5


with open("datasets.json") as fh:
    datasets = json.load(fh)

out = {}
for name, d in datasets.items():
    probs = np.array(d["confidence"], dtype=float)
    labels = np.array(d["outcome"], dtype=int)
    data = list(zip(probs, labels))
    out[name] = {}
    for scheme_name, scheme in [("mass", get_equal_bins), ("width", get_equal_prob_bins)]:
        for num_bins in [2, 5, 15]:
            bins = scheme(probs, num_bins=num_bins)
            binned = fast_bin(data, bins)
            out[name][f"{scheme_name}-{num_bins}"] = {
                "debiased": float(unbiased_l2_ce(binned)),
                "squared": float(unbiased_square_ce(binned)),
                "rmsce": float(plugin_ce(binned, power=2)),
                "bins": len(bins),
            }
with open("debiased.json", "w") as fh:
    json.dump(out, fh, indent=1)
