#!/usr/bin/env python3
"""Prints the tables of docs/ACCURACY.md from the outputs of scripts/accuracy (argument: its OUT_DIR)."""
import json
import os
import sys

out = sys.argv[1]


def load(path):
    with open(os.path.join(out, path)) as f:
        return json.load(f)


nab = load("nab/summary.json")
score = load("nab-score.json")
print("## NAB: per file (online part: after the first 15%; standard profile at its optimised threshold)\n")
print("| file | windows | MAE | MASE | coverage | NAB raw | TP | FN | FP |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
below = 0
for s in nab["per_series"]:
    f = score["files"][s["file"]]["standard"]
    below += float(s["mase"]) < 1
    print("| %s | %d | %.3f | %.3f | %.3f | %.3f | %d | %d | %d |" % (
        s["file"], f["n_windows"], float(s["mae"]), float(s["mase"]), float(s["coverage"]), f["raw_score"], f["tp"], f["fn"], f["fp"]))
print("\nMASE below 1 on %d of %d files; coverage per file from %.3f to %.3f.\n" % (
    below, len(nab["per_series"]), min(s["coverage"] for s in nab["per_series"]),
    max(s["coverage"] for s in nab["per_series"])))
print("| profile | normalised score | threshold | TP | FN | FP |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name, p in score["profiles"].items():
    print("| %s | %.2f | %s | %d | %d | %d |" % (name, p["normalized_score"], p["threshold"], p["tp"], p["fn"], p["fp"]))

print("\n## ETTh2 (first 14,400 rows, 20% pre-training, 5% validation, 75% online)\n")
print("| H | MSE | MAE | persistence MSE | persistence MAE | coverage | seconds |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for h in (1, 24, 48):
    d = os.path.join(out, "etth2-h%d/summary.json" % h)
    if not os.path.exists(d):
        continue
    e = load("etth2-h%d/summary.json" % h)
    o = e["overall"]
    print("| %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.1f |" % (
        h, o["mse"], o["mae"], o["mse_persistence"], o["mae_persistence"], o["coverage"], e["seconds"]))
e = load("etth2-h1/summary.json")
print("\nH = 1 per series:\n")
print("| series | MSE | persistence MSE | MASE | coverage |")
print("| --- | ---: | ---: | ---: | ---: |")
for s in e["per_series"]:
    print("| %s | %.4f | %.4f | %.3f | %.4f |" % (s["column"], s["mse"], s["mse_persistence"], float(s["mase"]), s["coverage"]))
