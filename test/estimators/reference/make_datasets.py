"""Writes datasets.json: small seeded (confidence, outcome) data sets shared by the reference
scripts in this folder and by the TypeScript tests, so both sides read the very same doubles.

Run from this folder: python3 make_datasets.py  (needs numpy)
"""
import json
import numpy as np

rng = np.random.default_rng(20240611)


def bern(p):
    return (rng.random(len(p)) < p).astype(int)


sets = {}

# Perfectly calibrated: y ~ Bernoulli(f), f uniform on [0, 1].
f = rng.random(500)
sets["calibrated-500"] = (f, bern(f))

# Overconfident top-label style: confidences in [0.5, 1], true accuracy shrunk toward 0.5.
f = 0.5 + 0.5 * rng.beta(4, 1.5, 2000)
sets["overconfident-2000"] = (f, bern(0.5 + 0.6 * (f - 0.5)))

# Underconfident binary positive view: true probability pushed away from 0.5.
f = rng.random(300)
p = 1 / (1 + np.exp(-3 * np.log(f / (1 - f))))
sets["underconfident-300"] = (f, bern(p))

# Few distinct values (many ties), mildly miscalibrated.
f = rng.choice([0.1, 0.3, 0.5, 0.7, 0.9], 400)
sets["discrete-400"] = (f, bern(f ** 1.5))

# Exact 0 and 1 confidences mixed with interior ones.
f = np.concatenate([np.zeros(10), np.ones(15), rng.random(25)])
y = np.concatenate([np.zeros(9), [1], np.ones(14), [0], bern(f[25:])])
sets["endpoints-50"] = (f, y)

# A hand-sized case.
sets["tiny-7"] = (np.array([0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]), np.array([0, 0, 1, 0, 1, 1, 1]))

out = {name: {"confidence": [float(v) for v in f], "outcome": [int(v) for v in y]}
       for name, (f, y) in sets.items()}
with open("datasets.json", "w") as fh:
    json.dump(out, fh)
