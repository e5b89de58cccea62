#!/usr/bin/env python3
"""The PyTorch half of scripts/gpu-check: cuDNN's own nn.LSTM / nn.GRU single step (seq_len 1,
input 4, no head) on the GPU at the shapes GpuCheck measures, as the anchor. Two figures per row:
"resident" (inputs and states already on the device) and "copies" (inputs and states copied from
pinned host memory, one step, the new states copied back), each the median of CUDA-event-timed
steps after warm-up. Prints one RESULT line per row, in GpuCheck's format."""
import sys

import torch

BATCHES = [1 << 10, 1 << 14, 1 << 16, 1 << 18, 1 << 20]
INPUT = 4


def median_ms(fn, steps=20):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(steps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


def main():
    quick = len(sys.argv) > 1 and sys.argv[1] == "quick"
    assert torch.cuda.is_available(), "no CUDA device for PyTorch"
    torch.backends.cudnn.enabled = True
    dev = torch.device("cuda")
    print(f"TORCH {torch.__version__} cudnn {torch.backends.cudnn.version()} {torch.cuda.get_device_name(0)}")
    for cell in ("lstm", "gru"):
        for hidden in (64, 256):
            for layers in (1, 2):
                module = (torch.nn.LSTM if cell == "lstm" else torch.nn.GRU)(INPUT, hidden, layers).to(dev).eval()
                for batch in BATCHES:
                    if quick and batch > 1 << 16:
                        continue
                    x = torch.randn(1, batch, INPUT, device=dev)
                    h = torch.zeros(layers, batch, hidden, device=dev)
                    c = torch.zeros(layers, batch, hidden, device=dev)
                    xh, hh, ch = (t.cpu().pin_memory() for t in (x, h, c))
                    with torch.no_grad():
                        def resident():
                            return module(x, (h, c)) if cell == "lstm" else module(x, h)

                        def copies():
                            xd = xh.to(dev, non_blocking=True)
                            hd = hh.to(dev, non_blocking=True)
                            if cell == "lstm":
                                cd = ch.to(dev, non_blocking=True)
                                _, (hn, cn) = module(xd, (hd, cd))
                                hh.copy_(hn, non_blocking=True)
                                ch.copy_(cn, non_blocking=True)
                            else:
                                _, hn = module(xd, hd)
                                hh.copy_(hn, non_blocking=True)

                        for name, fn in (("torch-resident", resident), ("torch-copies", copies)):
                            ms = median_ms(fn)
                            print(f"RESULT engine={name} cell={cell} hidden={hidden} layers={layers} batch={batch} "
                                  f"us_per_step={ms * 1e3:.1f} ns_per_key={ms * 1e6 / batch:.2f}", flush=True)
                    del x, h, c, xh, hh, ch
                    torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
