"""safetensors files in pure Python, for machines where PyTorch is installed but the `safetensors`
package is not (e.g. Debian's python3-torch without PyPI access). The layout is the reference one:
an 8-byte little-endian header length N, N bytes of JSON header (padded with spaces to a multiple of
8) mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} plus an optional
"__metadata__" string-to-string map, then the raw little-endian tensor bytes.

    save_file(model.state_dict(), path, metadata={"nonlinearity": "relu"})
    tensors, metadata = load_file(path)

With the `safetensors` package, safetensors.torch.save_file / load_file write and read the same files.
"""
import json
import struct

import torch

_FORMATS = {torch.float32: ("F32", "f"), torch.float64: ("F64", "d")}
_TORCH_DTYPES = {"F32": (torch.float32, "f"), "F64": (torch.float64, "d")}


def save_file(tensors, path, metadata=None):
    """Writes named F32 / F64 tensors (e.g. a state_dict) and an optional string metadata map."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        tensor = tensor.detach().cpu().contiguous()
        if tensor.dtype not in _FORMATS:
            raise ValueError(f"{name}: dtype {tensor.dtype} is not float32 or float64")
        dtype, code = _FORMATS[tensor.dtype]
        values = tensor.flatten().tolist()
        blob = struct.pack(f"<{len(values)}{code}", *values)
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load_file(path):
    """Reads F32 / F64 tensors: returns ({name: tensor}, metadata dict)."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length].decode("utf-8"))
    metadata = header.pop("__metadata__", None) or {}
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        dtype, code = _TORCH_DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        count = (end - begin) // struct.calcsize(code)
        values = struct.unpack(f"<{count}{code}", data[start + begin:start + end])
        tensors[name] = torch.tensor(values, dtype=dtype).reshape(entry["shape"])
    return tensors, metadata
