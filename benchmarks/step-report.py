#!/usr/bin/env python3
"""Turns compare-step's JMH JSON into a table and the RATIOS line (the last line printed).

Every figure is the median of the measurement iterations (us per call); the JMH mean and its
99.9% error are shown beside it. Ratios divide medians of the same run.
"""
import json
import math
import sys

import numpy as np

NAMES = {
    "FlowcastStepBenchmark": "flowcast",
    "Dl4jStepBenchmark": "dl4j",
    "TorchStepBenchmark": "torch",
    "SgemmRooflineBenchmark": "sgemm",
}


def load(path):
    rows = []
    with open(path) as f:
        for entry in json.load(f):
            params = entry.get("params", {})
            metric = entry["primaryMetric"]
            raw = [x for fork in metric["rawData"] for x in fork]
            rows.append({
                "what": NAMES[entry["benchmark"].split(".")[-2]],
                "cell": params.get("cell", "LSTM"),
                "layers": int(params.get("layers", 1)),
                "batch": int(params["batch"]),
                "backend": params.get("backend", ""),
                "median": float(np.median(raw)),
                "mean": metric["score"],
                "error": metric["scoreError"],
            })
    return rows


def find(rows, what, batch, backend=""):
    for r in rows:
        if (r["what"], r["cell"], r["layers"], r["batch"], r["backend"]) == (what, "LSTM", 1, batch, backend):
            return r["median"]
    return math.nan


def main(path):
    rows = sorted(load(path), key=lambda r: (r["cell"], r["layers"], r["batch"], r["what"], r["backend"]))
    header = f"{'engine':<9}{'cell':<5}{'L':>2}{'batch':>7} {'backend':<8}{'us/call (median)':>17}{'mean +- error':>22}{'us/key':>10}"
    print(header)
    print("-" * len(header))
    for r in rows:
        mean = f"{r['mean']:.2f}" + ("" if math.isnan(r["error"]) else f" +- {r['error']:.2f}")
        print(f"{r['what']:<9}{r['cell']:<5}{r['layers']:>2}{r['batch']:>7} {r['backend']:<8}"
              f"{r['median']:>17.2f}{mean:>22}{r['median'] / r['batch']:>10.3f}")
    big, one = 1024, 1
    step_big = find(rows, "flowcast", big, "AUTO")
    step_one = find(rows, "flowcast", one, "AUTO")
    print()
    print(f"RATIOS step_us={step_big / big:.3f}"
          f" step_vs_sgemm={step_big / find(rows, 'sgemm', big):.2f}"
          f" dl4j_batched_vs_step={find(rows, 'dl4j', big) / step_big:.1f}"
          f" dl4j_single_vs_step={find(rows, 'dl4j', one) / step_one:.1f}"
          f" torch_batched_vs_step={find(rows, 'torch', big) / step_big:.2f}"
          f" torch_single_vs_step={find(rows, 'torch', one) / step_one:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
