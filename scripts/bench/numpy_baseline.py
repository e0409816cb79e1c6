"""The .npy baseline: np.load of the logits and labels, then the same metrics as
pandas_baseline.py (accuracy, confidence, ECE with 15 equal-width bins, NLL, Brier) in numpy.
Usage: python3 numpy_baseline.py LOGITS.npy LABELS.npy
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pandas_baseline import metrics  # noqa: E402

print(metrics(np.load(sys.argv[1]), np.load(sys.argv[2])))
