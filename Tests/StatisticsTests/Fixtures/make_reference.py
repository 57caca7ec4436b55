#!/usr/bin/env python3
"""Reference values for StatisticsTests, from SciPy (not from GradPath's own code).

- Student-t quantiles: scipy.stats.t.ppf.
- Wilson intervals: scipy.stats.binomtest(k, n).proportion_ci(method="wilson").
- Means with t intervals: scipy.stats.t.interval on fixed samples.
- Type-7 quantiles: numpy.quantile (method "linear").

Run from this folder: python3 make_reference.py > reference.json
"""
import json
import numpy as np
import scipy
from scipy import stats

t_quantiles = [
    {"p": p, "df": df, "value": float(stats.t.ppf(p, df))}
    for p in (0.975, 0.95, 0.995)
    for df in (1, 2, 3, 4, 5, 9, 19, 29, 100, 1000)
]
wilson = []
for k, n in [(0, 10), (1, 10), (5, 10), (9, 10), (10, 10), (0, 5), (3, 5), (7, 20), (1, 1), (50, 100)]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    wilson.append({"k": k, "n": n, "lower": float(ci.low), "upper": float(ci.high)})
samples = [
    [0.25, 0.5, 0.75],
    [1.0, 2.0, 3.0, 4.0, 10.0],
    [0.0117, 0.0093, 0.0161, 0.0088, 0.0102, 0.0131, 0.0099, 0.0120, 0.0109, 0.0140],
]
means = []
for s in samples:
    a = np.array(s)
    lo, hi = stats.t.interval(0.95, len(a) - 1, loc=a.mean(), scale=stats.sem(a))
    means.append({"values": s, "mean": float(a.mean()), "lower": float(lo), "upper": float(hi)})
quantiles = []
for s in ([3.0, 1.0, 2.0], [10.0, 40.0, 20.0, 30.0], [5.0, 1.0, 4.0, 2.0, 3.0, 8.0]):
    for q in (0.25, 0.5, 0.75):
        quantiles.append({"values": s, "q": q, "value": float(np.quantile(s, q))})
print(json.dumps({"generator": "make_reference.py", "scipy": scipy.__version__, "numpy": np.__version__,
                  "t_quantiles": t_quantiles, "wilson": wilson, "means": means, "quantiles": quantiles}, indent=1))
