"""Makes the PyTorch interop fixtures of model-core/src/test/resources/pytorch/ with real PyTorch:
small nn.RNN / nn.LSTM / nn.GRU models inside users' modules, saved as their state_dicts (so the
tensor names carry the module prefixes: rnn., encoder., model.lstm., ...; heads out., fc., head.,
linear., or any Linear), an input sequence and PyTorch's own outputs on it (outputs, h_n, c_n, head).

Run with Debian's PyTorch (apt-get install python3-torch; the pyenv python has no torch):
    /usr/bin/python3 scripts/make_pytorch_fixtures.py model-core/src/test/resources/pytorch
The safetensors package is not needed: torch_safetensors.py writes the same files in pure Python.

Writes, for every case below, OUT_DIR/<name>.safetensors and OUT_DIR/<name>.json:
    {"module", "options": {"cell", "rnn_prefix", "head_prefix", "dtype", "metadata"? (in the file),
                "nonlinearity"?, "batch_first"?}, "torch",
     "input": {"inputs", "h0"?, "c0"?}, "expected": {"outputs", "h_n", "c_n"?, "head"?}}
plus torch_save_zip.pt and torch_save_legacy.pt (torch.save of a state_dict, in the zip and the
legacy pickle format), which Flowcast must refuse with a clear message.
"""
import json
import math
import sys

import torch

from torch_safetensors import save_file

CELLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


class Forecaster(torch.nn.Module):
    """A user's module: the recurrent block and the head under attribute paths of the case."""

    def __init__(self, case):
        super().__init__()
        kwargs = {"batch_first": case.get("batch_first", False)}
        if case["cell"] == "rnn":
            kwargs["nonlinearity"] = case["nonlinearity"]
        rnn = CELLS[case["cell"]](case["input"], case["hidden"], case["layers"], **kwargs)
        head = torch.nn.Linear(case["hidden"], case["output"]) if case.get("output") else None
        self.rnn_path = case["rnn_path"]
        self.head_path = case.get("head_path")
        for path, module in [(self.rnn_path, rnn), (self.head_path, head)] + case.get("extra", []):
            if module is not None:
                set_module(self, path, module)

    def forward(self, x, state=None):
        y, new_state = get_module(self, self.rnn_path)(x, state)
        head = get_module(self, self.head_path)(y) if self.head_path else None
        return y, new_state, head


def set_module(root, path, module):
    *parents, name = path.split(".")
    for parent in parents:
        if not hasattr(root, parent):
            root.add_module(parent, torch.nn.Module())
        root = getattr(root, parent)
    root.add_module(name, module)


def get_module(root, path):
    for name in path.split("."):
        root = getattr(root, name)
    return root


def legacy_model(base):
    """The layout of the first fixtures: the recurrent tensors unprefixed (a subclass of nn.RNN) and
    the head as out.weight / out.bias."""

    class Subclass(base):
        def __init__(self):
            super().__init__(input_size=1, hidden_size=8, num_layers=2)
            self.out = torch.nn.Linear(8, 1)

        def forward(self, x, state=None):
            y, new_state = super().forward(x, state)
            return y, new_state, self.out(y)

    return Subclass()


# name: model description. Every case uses a fresh PyTorch default initialisation (seeded).
CASES = {
    "rnn_tanh_l1_f32": dict(cell="rnn", nonlinearity="tanh", input=2, hidden=5, layers=1, output=2,
                            rnn_path="rnn", head_path="out", metadata={"nonlinearity": "tanh"}),
    "rnn_relu_l2_f32": dict(cell="rnn", nonlinearity="relu", input=3, hidden=6, layers=2, output=1,
                            rnn_path="encoder", head_path="fc", metadata={"nonlinearity": "relu"},
                            extra=[("norm", torch.nn.LayerNorm(6))], state=True),
    "rnn_relu_l3_f64": dict(cell="rnn", nonlinearity="relu", input=1, hidden=4, layers=3, output=3,
                            rnn_path="rnn", head_path="head", dtype=torch.float64),
    "lstm_l3_f64": dict(cell="lstm", input=2, hidden=5, layers=3, output=2, rnn_path="lstm",
                        head_path="linear", dtype=torch.float64, state=True),
    "lstm_l1_f32": dict(cell="lstm", input=3, hidden=4, layers=1, output=2, rnn_path="model.lstm",
                        head_path="model.decoder"),
    "gru_l2_f32": dict(cell="gru", input=3, hidden=7, layers=2, output=1, rnn_path="gru",
                       head_path="head", batch_first=True, state=True),
    "gru_l1_f64": dict(cell="gru", input=1, hidden=4, layers=1, rnn_path="encoder", dtype=torch.float64),
}


def sine_batch(batch, steps, generator):
    phase = torch.rand(batch, generator=generator) * 2 * math.pi
    t = torch.arange(steps + 1, dtype=torch.float32)[:, None]
    wave = torch.sin(0.3 * t + phase[None, :]) + 0.05 * torch.randn(steps + 1, batch, generator=generator)
    return wave[:-1, :, None], wave[1:, :, None]


def write_case(out_dir, name, model, x, state, description, options):
    with torch.no_grad():
        y, new_state, head = model(x, state)
    h_n, c_n = new_state if isinstance(new_state, tuple) else (new_state, None)
    save_file(model.state_dict(), f"{out_dir}/{name}.safetensors", options.get("metadata"))
    request = {"inputs": x.tolist()}
    if state is not None:
        h0, c0 = state if isinstance(state, tuple) else (state, None)
        request["h0"] = h0.tolist()
        if c0 is not None:
            request["c0"] = c0.tolist()
    expected = {"outputs": y.tolist(), "h_n": h_n.tolist()}
    if c_n is not None:
        expected["c_n"] = c_n.tolist()
    if head is not None:
        expected["head"] = head.tolist()
    case = {"module": description, "options": options, "input": request, "expected": expected,
            "torch": torch.__version__}
    with open(f"{out_dir}/{name}.json", "w") as f:
        json.dump(case, f)
    print(name, sorted(model.state_dict()))


def make_cases(out_dir):
    generator = torch.Generator().manual_seed(5)
    for index, (name, case) in enumerate(CASES.items()):
        torch.manual_seed(100 + index)
        dtype = case.get("dtype", torch.float32)
        model = Forecaster(case).to(dtype).eval()
        batch, steps = 3, 4
        shape = (batch, steps, case["input"]) if case.get("batch_first") else (steps, batch, case["input"])
        x = (torch.rand(shape, generator=generator) * 4 - 2).to(dtype)
        state = None
        if case.get("state"):
            h0 = (torch.rand(case["layers"], batch, case["hidden"], generator=generator) * 2 - 1).to(dtype)
            c0 = (torch.rand(case["layers"], batch, case["hidden"], generator=generator) * 2 - 1).to(dtype)
            state = (h0, c0) if case["cell"] == "lstm" else h0
        options = {"cell": case["cell"] if case["cell"] != "rnn" or case["nonlinearity"] == "tanh" else "rnn-relu",
                   "rnn_prefix": case["rnn_path"] + ".", "head_prefix": (case.get("head_path") or "") + ".",
                   "dtype": str(dtype).replace("torch.", "")}
        if "metadata" in case:
            options["metadata"] = case["metadata"]
        if case["cell"] == "rnn":
            options["nonlinearity"] = case["nonlinearity"]
        if case.get("batch_first"):
            options["batch_first"] = True
        description = f"{case['rnn_path']} = nn.{CELLS[case['cell']].__name__}({case['input']}, {case['hidden']}, " \
                      f"{case['layers']}{', nonlinearity=' + repr(case['nonlinearity']) if case['cell'] == 'rnn' else ''}" \
                      f"{', batch_first=True' if case.get('batch_first') else ''})" \
                      + (f"; {case['head_path']} = nn.Linear({case['hidden']}, {case['output']})" if case.get("head_path") else "")
        write_case(out_dir, name, model, x, state, description, options)


def make_legacy(out_dir):
    """The first fixtures' layout (unprefixed recurrent tensors, out. head), trained on a sine wave."""
    torch.manual_seed(7)
    generator = torch.Generator().manual_seed(11)
    for name, base in CELLS.items():
        model = legacy_model(base)
        optimiser = torch.optim.Adam(model.parameters(), lr=0.02)
        for _ in range(150):
            x, y = sine_batch(16, 40, generator)
            _, _, prediction = model(x)
            loss = torch.nn.functional.mse_loss(prediction, y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        model.eval()
        x, _ = sine_batch(3, 12, generator)
        options = {"cell": name, "rnn_prefix": "", "head_prefix": "out.", "dtype": "float32",
                   "final_training_loss": loss.item()}
        if name == "rnn":
            options["nonlinearity"] = "tanh"
        write_case(out_dir, f"{name}_l2_h8", model, x, None,
                   f"class Forecaster(nn.{base.__name__}) with self.out = nn.Linear(8, 1)", options)


def make_torch_save(out_dir):
    torch.manual_seed(3)
    state_dict = torch.nn.LSTM(1, 2).state_dict()
    torch.save(state_dict, f"{out_dir}/torch_save_zip.pt")
    torch.save(state_dict, f"{out_dir}/torch_save_legacy.pt", _use_new_zipfile_serialization=False)


def main(out_dir):
    make_legacy(out_dir)
    make_cases(out_dir)
    make_torch_save(out_dir)
    print("torch", torch.__version__)


if __name__ == "__main__":
    main(sys.argv[1])
