"""Loads a weight file that Flowcast wrote (ModelFiles.write) into the matching torch.nn module with
load_state_dict(strict=True), runs an input through it and prints PyTorch's outputs as JSON, in the
format of `flowcast model run`:

    /usr/bin/python3 scripts/flowcast_to_torch.py MODEL.safetensors INPUT.json

INPUT.json: {"inputs": [T][B][I], "h0": [L][B][H] (optional), "c0": [L][B][H] (optional, LSTM)}.
The module is the one Flowcast's tensor names follow:

    class Forecaster(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.LSTM(I, H, L)   # nn.RNN(..., nonlinearity='relu') for rnn-relu, nn.GRU for gru
            self.out = nn.Linear(H, O)    # only when the model has a head (O > 0)

A peephole LSTM (lstm-peephole) has no torch.nn module and is refused. Needs only torch (the
safetensors package is optional: torch_safetensors.py reads the file).
"""
import json
import sys

import torch

from torch_safetensors import load_file

MODULES = {
    "rnn": lambda i, h, l: torch.nn.RNN(i, h, l, nonlinearity="tanh"),
    "rnn-relu": lambda i, h, l: torch.nn.RNN(i, h, l, nonlinearity="relu"),
    "lstm": torch.nn.LSTM,
    "gru": torch.nn.GRU,
}


class Forecaster(torch.nn.Module):
    def __init__(self, cell, input_size, hidden_size, num_layers, output_size):
        super().__init__()
        self.rnn = MODULES[cell](input_size, hidden_size, num_layers)
        self.out = torch.nn.Linear(hidden_size, output_size) if output_size > 0 else None

    def forward(self, x, state):
        y, new_state = self.rnn(x, state)
        return y, new_state, (self.out(y) if self.out is not None else None)


def main(model_path, input_path):
    tensors, metadata = load_file(model_path)
    cell = metadata["flowcast.cell"]
    if cell not in MODULES:
        sys.exit(f"flowcast_to_torch: no torch.nn module for cell '{cell}'")
    sizes = [int(metadata[f"flowcast.{key}"]) for key in ("input_size", "hidden_size", "num_layers", "output_size")]
    dtype = next(iter(tensors.values())).dtype
    model = Forecaster(cell, *sizes).to(dtype)
    model.load_state_dict(tensors, strict=True)
    with open(input_path) as f:
        request = json.load(f)
    x = torch.tensor(request["inputs"], dtype=dtype)
    state = None
    if "h0" in request:
        h0 = torch.tensor(request["h0"], dtype=dtype)
        c0 = torch.tensor(request["c0"], dtype=dtype) if "c0" in request else torch.zeros_like(h0)
        state = (h0, c0) if cell == "lstm" else h0
    with torch.no_grad():
        y, new_state, head = model(x, state)
    h_n, c_n = new_state if cell == "lstm" else (new_state, None)
    result = {"outputs": y.tolist(), "h_n": h_n.tolist()}
    if c_n is not None:
        result["c_n"] = c_n.tolist()
    if head is not None:
        result["head"] = head.tolist()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
