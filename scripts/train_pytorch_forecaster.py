"""Trains a Flowcast forecaster in PyTorch on a CSV of one sensor's history and writes a weight
file that the Flowcast job runs unchanged (`--model.path FILE`).

The script feeds the model exactly what the job feeds it per window (README, "The forecasting
contract"): window w's value is the mean of the readings in [start, start + window), windows
aligned on the epoch as Flink's tumbling windows are; the sensor's running mean and variance
(weight max(alpha, 1/n) of the n-th window) give z = clip((x - mean) / scale, +-10) with scale =
max(sqrt(variance), min_scale * max(1, |mean|)); the input is [z, sin(2 pi phase), cos(2 pi
phase)], phase = (start mod season) / season; the head's output k is the z of window w+1+k under
the same statistics. The recurrent state starts at zero at the sensor's first window.

    /usr/bin/python3 scripts/train_pytorch_forecaster.py examples/pytorch/ec2_cpu_utilization_5f5533.csv \
        --out examples/pytorch/forecaster.safetensors --predictions examples/pytorch/forecaster-predictions.json

The module is written the way PyTorch users write it (self.lstm, self.out), so its state_dict keys
are `lstm.weight_ih_l0`, ..., `out.weight`, `out.bias`, and the file is what
safetensors.torch.save_file(model.state_dict(), path) writes. Deterministic for a seed.
Prints one line of JSON: the one-step MAE of the streaming forecasts on the last
--validation-fraction of the windows, against persistence.
"""
import argparse
import csv
import datetime
import json
import math
import sys

import numpy as np
import torch

from torch_safetensors import save_file

INPUT_SIZE = 3
MAX_Z = np.float32(10)
CELLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


class Forecaster(torch.nn.Module):
    """A recurrent block and a linear head of `horizon` outputs on its top layer's h."""

    def __init__(self, cell, hidden, layers, horizon):
        super().__init__()
        self.cell = cell
        setattr(self, cell, CELLS[cell](INPUT_SIZE, hidden, layers))
        self.out = torch.nn.Linear(hidden, horizon)

    def forward(self, x, state=None):
        y, state = getattr(self, self.cell)(x, state)
        return self.out(y), state


def read_windows(path, window_ms):
    """Window starts and means of a timestamp,value CSV (UTC times or epoch milliseconds)."""
    sums, counts = {}, {}
    with open(path, newline="") as source:
        for row in csv.DictReader(source):
            text = row["timestamp"]
            if text.isdigit():
                millis = int(text)
            else:
                stamp = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
                if stamp.tzinfo is None:
                    stamp = stamp.replace(tzinfo=datetime.timezone.utc)
                millis = int(stamp.timestamp() * 1000)
            start = millis - millis % window_ms
            sums[start] = sums.get(start, 0.0) + float(row["value"])
            counts[start] = counts.get(start, 0) + 1
    starts = sorted(sums)
    gaps = [(b - a) // window_ms - 1 for a, b in zip(starts, starts[1:]) if b - a != window_ms]
    if gaps:
        sys.exit(f"{path}: {len(gaps)} gaps ({sum(gaps)} missing windows); the recipe needs a gap-free "
                 "series (the job imputes missing windows with its own forecasts)")
    return np.array(starts, dtype=np.int64), np.array([sums[s] / counts[s] for s in starts], dtype=np.float32)


def encode(starts, values, horizon, season_ms, alpha, min_scale):
    """Model inputs [T][3], targets [T-horizon][horizon] and each window's (mean, scale), in float32
    and in the order of operations of Flowcast's WindowEncoding and ExponentialStats."""
    alpha, min_scale, one = np.float32(alpha), np.float32(min_scale), np.float32(1)
    count = mean = variance = np.float32(0)
    inputs = np.zeros((len(values), INPUT_SIZE), dtype=np.float32)
    stats = np.zeros((len(values), 2), dtype=np.float32)
    for t, x in enumerate(values):
        count = min(count + one, np.float32(1e9))
        weight = max(alpha, one / count)
        delta = x - mean
        mean = mean + weight * delta
        variance = (one - weight) * (variance + weight * delta * delta)
        scale = max(np.float32(math.sqrt(variance)), min_scale * max(one, abs(mean)))
        stats[t] = (mean, scale)
        angle = 2 * math.pi * ((int(starts[t]) % season_ms) / season_ms)
        inputs[t] = (normalize(x, mean, scale), math.sin(angle), math.cos(angle))
    targets = np.zeros((len(values) - horizon, horizon), dtype=np.float32)
    for t in range(len(targets)):
        for k in range(horizon):
            targets[t, k] = normalize(values[t + 1 + k], stats[t, 0], stats[t, 1])
    return inputs, targets, stats


def normalize(x, mean, scale):
    return np.float32(min(MAX_Z, max(-MAX_Z, (x - mean) / scale)))


def train(model, inputs, targets, args, generator):
    """Adam on random slices of `slice` windows; the first `burn_in` of each are left out of the loss."""
    x_all, y_all = torch.from_numpy(inputs[: len(targets)]), torch.from_numpy(targets)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    for step in range(args.steps):
        starts = torch.randint(0, len(targets) - args.slice + 1, (args.batch,), generator=generator)
        x = torch.stack([x_all[s : s + args.slice] for s in starts], dim=1)
        y = torch.stack([y_all[s : s + args.slice] for s in starts], dim=1)
        prediction, _ = model(x)
        loss = torch.nn.functional.mse_loss(prediction[args.burn_in :], y[args.burn_in :])
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip_norm)
        optimiser.step()
        if (step + 1) % 100 == 0:
            print(f"step {step + 1}/{args.steps} loss {loss.item():.5f}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv")
    parser.add_argument("--out", required=True)
    parser.add_argument("--predictions", help="JSON of the streaming forecasts of the last windows")
    parser.add_argument("--cell", choices=CELLS, default="lstm")
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--layers", type=int, default=1)
    parser.add_argument("--window-minutes", type=int, default=5, help="the job's window.size")
    parser.add_argument("--horizon", type=int, default=3, help="the job's forecast.horizon")
    parser.add_argument("--season-hours", type=float, default=24, help="the job's forecast.season-period")
    parser.add_argument("--normalization-alpha", type=float, default=0.01)
    parser.add_argument("--min-scale", type=float, default=1e-3)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--slice", type=int, default=64)
    parser.add_argument("--burn-in", type=int, default=16)
    parser.add_argument("--learning-rate", type=float, default=0.01)
    parser.add_argument("--clip-norm", type=float, default=1.0)
    parser.add_argument("--validation-fraction", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    starts, values = read_windows(args.csv, args.window_minutes * 60_000)
    inputs, targets, stats = encode(starts, values, args.horizon, int(args.season_hours * 3_600_000),
                                    args.normalization_alpha, args.min_scale)
    first_validation = int(len(targets) * (1 - args.validation_fraction))
    model = Forecaster(args.cell, args.hidden, args.layers, args.horizon)
    train(model, inputs[:first_validation], targets[:first_validation], args,
          torch.Generator().manual_seed(args.seed))
    save_file(model.state_dict(), args.out)

    with torch.no_grad():  # the stream: every window from zero state, forecasts in the sensor's units
        z, _ = model(torch.from_numpy(inputs)[:, None, :])
    forecasts = stats[:, :1] + stats[:, 1:] * z[:, 0, :].numpy()
    actual = values[first_validation + 1 :]
    one_step = forecasts[first_validation:-1, 0]
    summary = {
        "windows": len(values),
        "validation_windows": len(actual),
        "mae": float(np.mean(np.abs(actual - one_step))),
        "mae_persistence": float(np.mean(np.abs(actual - values[first_validation:-1]))),
    }
    if args.predictions:
        with open(args.predictions, "w") as out:
            json.dump({"window_starts": starts[first_validation:].tolist(),
                       "forecasts": forecasts[first_validation:].tolist()}, out)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
