"""Writes the .npy versions of a bench CSV (label first, then the logits): LOGITS.npy (float64,
C order) and LABELS.npy (int64), from the doubles the CSV's text parses to.
Usage: python3 write_npy.py FILE.csv LOGITS.npy LABELS.npy
"""
import sys

import numpy as np
import pandas as pd

frame = pd.read_csv(sys.argv[1], float_precision='round_trip')
np.save(sys.argv[3], frame['label'].to_numpy(dtype=np.int64))
np.save(sys.argv[2], np.ascontiguousarray(frame.drop(columns=['label']).to_numpy(dtype=np.float64)))
