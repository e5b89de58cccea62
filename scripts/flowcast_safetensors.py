"""Reads and writes safetensors files in plain Python (the format: an 8-byte little-endian header
length, a JSON header of {name: {dtype, shape, data_offsets}} plus an optional "__metadata__"
string map, then the raw little-endian tensor bytes).

Debian's python3-torch has no `safetensors` package beside it; where that package is installed,
`safetensors.torch.save_file(model.state_dict(), path)` writes the same files.
"""
import json
import struct

import torch

_DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16"}
_TORCH = {name: dtype for dtype, name in _DTYPES.items()}


def save_file(tensors, path, metadata=None):
    """Writes {name: tensor} like safetensors.torch.save_file (tensors in name order)."""
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().contiguous().cpu()
        data = tensor.numpy().tobytes() if tensor.dtype != torch.bfloat16 else (
            tensor.view(torch.int16).numpy().tobytes())
        header[name] = {"dtype": _DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for chunk in chunks:
            out.write(chunk)


def load_file(path):
    """Returns ({name: tensor}, metadata) of a safetensors file."""
    with open(path, "rb") as source:
        raw = source.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    metadata = header.pop("__metadata__", {})
    body = raw[8 + length:]
    tensors = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        dtype = _TORCH[info["dtype"]]
        tensors[name] = torch.frombuffer(bytearray(body[start:end]), dtype=dtype).reshape(info["shape"])
    return tensors, metadata
