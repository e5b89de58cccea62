#!/usr/bin/env python3
"""Turns compare-train's JMH JSON into a table and the TRAIN_RATIOS line (the last line printed).

Every figure is the median of the measurement iterations (ms per optimiser step). The roofline of
a shape is its matmul FLOPs (TrainShapes.flops: forward and backward, head included) divided by the
sgemm rate measured in the same run: one ND4J/OpenBLAS sgemm [2048, 69] x [69, 256] (SgemmRoofline-
Benchmark, batch 2048, OMP_NUM_THREADS threads), 2 * 2048 * 69 * 256 FLOPs per call.
"""
import json
import math
import sys

import numpy as np

INPUT, OUTPUT, BATCH, STEPS = 3, 3, 32, 64
GATES = {"LSTM": 4, "GRU": 3}


def flops(cell, hidden):
    rows = STEPS * BATCH
    gate_rows = GATES[cell] * hidden
    return 2 * rows * (gate_rows * (2 * INPUT + 3 * hidden) + 3 * OUTPUT * hidden)


def medians(path):
    with open(path) as f:
        for entry in json.load(f):
            raw = [x for fork in entry["primaryMetric"]["rawData"] for x in fork]
            yield entry, float(np.median(raw))


def main(train_path, sgemm_path):
    rows = {}
    for entry, median in medians(train_path):
        what = "flowcast" if "FlowcastTrain" in entry["benchmark"] else "torch"
        params = entry["params"]
        rows[(what, params["cell"], int(params["hidden"]))] = (median, entry["primaryMetric"])
    sgemm_us = next(m for _, m in medians(sgemm_path))
    rate = 2 * 2048 * 69 * 256 / (sgemm_us * 1e-6)
    print(f"sgemm [2048, 69] x [69, 256]: {sgemm_us:.1f} us median = {rate / 1e9:.1f} GFLOP/s")
    print(f"{'cell':<5}{'H':>4}{'flowcast ms':>13}{'torch ms':>11}{'roofline ms':>13}"
          f"{'torch/flowcast':>16}{'flowcast/roofline':>19}")
    for cell in ("LSTM", "GRU"):
        for hidden in (32, 64):
            ours = rows.get(("flowcast", cell, hidden), (math.nan, None))[0]
            torch = rows.get(("torch", cell, hidden), (math.nan, None))[0]
            roof = flops(cell, hidden) / rate * 1e3
            print(f"{cell:<5}{hidden:>4}{ours:>13.2f}{torch:>11.2f}{roof:>13.2f}"
                  f"{torch / ours:>16.2f}{ours / roof:>19.2f}")
    ours = rows.get(("flowcast", "LSTM", 64), (math.nan, None))[0]
    torch = rows.get(("torch", "LSTM", 64), (math.nan, None))[0]
    roof = flops("LSTM", 64) / rate * 1e3
    print()
    print(f"TRAIN_RATIOS train_ms={ours:.2f} torch_vs_train={torch / ours:.2f}"
          f" train_vs_roofline={ours / roof:.2f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
