"""Makes the PyTorch interop fixtures: small RNN / LSTM / GRU models trained in real PyTorch on a
noisy sine wave, saved with safetensors.torch.save_file(model.state_dict(), ...), plus an input
sequence and PyTorch's own float32 outputs on it.

Run where torch and safetensors are installed (the project's GPU device machine has both):
    python3 scripts/make_pytorch_fixtures.py OUT_DIR
Writes OUT_DIR/<cell>_l2_h8.safetensors and OUT_DIR/<cell>_l2_h8.json for cell in rnn, lstm, gru.
"""
import json
import math
import sys

import torch
from safetensors.torch import save_file

CELLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def make_model(base):
    class Forecaster(base):
        """nn.RNN/LSTM/GRU plus a Linear head called `out`: state_dict names are PyTorch's own."""

        def __init__(self):
            super().__init__(input_size=1, hidden_size=8, num_layers=2)
            self.out = torch.nn.Linear(8, 1)

        def forward(self, x, state=None):
            y, new_state = super().forward(x, state)
            return self.out(y), y, new_state

    return Forecaster()


def sine_batch(batch, steps, generator):
    phase = torch.rand(batch, generator=generator) * 2 * math.pi
    t = torch.arange(steps + 1, dtype=torch.float32)[:, None]
    wave = torch.sin(0.3 * t + phase[None, :]) + 0.05 * torch.randn(steps + 1, batch, generator=generator)
    return wave[:-1, :, None], wave[1:, :, None]


def main(out_dir):
    torch.manual_seed(7)
    generator = torch.Generator().manual_seed(11)
    for name, base in CELLS.items():
        model = make_model(base)
        optimiser = torch.optim.Adam(model.parameters(), lr=0.02)
        for _ in range(150):
            x, y = sine_batch(16, 40, generator)
            prediction, _, _ = model(x)
            loss = torch.nn.functional.mse_loss(prediction, y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        model.eval()
        x, y = sine_batch(3, 12, generator)
        with torch.no_grad():
            head, output, state = model(x)
        h_n, c_n = state if name == "lstm" else (state, None)
        stem = f"{out_dir}/{name}_l2_h8"
        save_file({k: v.contiguous() for k, v in model.state_dict().items()}, stem + ".safetensors")
        case = {
            "cell": name,
            "final_training_loss": loss.item(),
            "input": {"inputs": x.tolist()},
            "expected": {"outputs": output.tolist(), "h_n": h_n.tolist(), "head": head.tolist()},
        }
        if c_n is not None:
            case["expected"]["c_n"] = c_n.tolist()
        with open(stem + ".json", "w") as f:
            json.dump(case, f)
        print(name, "loss", float(loss), "torch", torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1])
