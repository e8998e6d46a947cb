"""PyTorch reference for `npm run bench`: the same three models, data, batch size and optimizer.

Usage: torch_bench.py DATA_FILE SECONDS WARMUP MODEL...   -> one JSON object per model on stdout
       torch_bench.py --peak                               -> the machine's float32 matmul GFLOP/s

DATA_FILE holds N float32 images (N x 784) followed by N int32 labels, written by the bench.
Run with OPENBLAS_NUM_THREADS=1 and 2 torch threads (the bench sets both): otherwise the BLAS
pool and torch's own pool fight over the two cores.
"""
import json
import os
import sys
import time

import numpy as np


def peak_gflops():
    """Best of a few large float32 matmuls, numpy and torch, on all threads the BLAS allows."""
    best = 0.0
    n = 1024
    a = np.random.rand(n, n).astype(np.float32)
    b = np.random.rand(n, n).astype(np.float32)
    # Many short tries over a few seconds: on a shared machine the best one is the peak.
    deadline = time.perf_counter() + 3
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        a @ b
        best = max(best, 2 * n**3 / (time.perf_counter() - start) / 1e9)
    try:
        import torch

        torch.set_num_threads(os.cpu_count() or 1)
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        deadline = time.perf_counter() + 2
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            torch.mm(ta, tb)
            best = max(best, 2 * n**3 / (time.perf_counter() - start) / 1e9)
    except ImportError:
        pass
    return best


def build(torch, nn, model_id):
    if model_id == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    if model_id == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(256, 10),
        )
    if model_id in ("lstm", "gru"):
        class Rows(nn.Module):
            def __init__(self):
                super().__init__()
                cell = nn.LSTM if model_id == "lstm" else nn.GRU
                self.rnn = cell(28, 64, batch_first=True)
                self.out = nn.Linear(64, 10)

            def forward(self, x):
                _, state = self.rnn(x.view(-1, 28, 28))
                h = state[0] if model_id == "lstm" else state
                return self.out(h[-1])

        return Rows()
    raise ValueError(model_id)


def measure(path, seconds, warmup, model_id):
    import torch
    from torch import nn

    torch.set_num_threads(int(os.environ.get("BENCH_TORCH_THREADS", "2")))
    torch.manual_seed(0)
    # BENCH_TORCH_DEVICE=cuda times the same loop on a GPU (the GPU bench); the clock is read only
    # after the device has finished its queued work.
    device = torch.device(os.environ.get("BENCH_TORCH_DEVICE", "cpu"))
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    raw = np.fromfile(path, dtype=np.uint8)
    count = raw.size // (784 * 4 + 4)
    x = torch.from_numpy(raw[: count * 784 * 4].view(np.float32).reshape(count, 784).copy())
    y = torch.from_numpy(raw[count * 784 * 4 :].view(np.int32).astype(np.int64))
    if model_id == "cnn":
        x = x.view(count, 1, 28, 28)
    x, y = x.to(device), y.to(device)
    model = build(torch, nn, model_id).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batch = int(os.environ.get("BENCH_BATCH", "64"))
    batches = count // batch

    def step(i):
        j = (i % batches) * batch
        opt.zero_grad()
        loss = loss_fn(model(x[j : j + batch]), y[j : j + batch])
        loss.backward()
        opt.step()

    i = 0
    end = time.perf_counter() + warmup
    while time.perf_counter() < end or i < 3:
        step(i)
        i += 1
    sync()
    # Best window of >= 1 s and >= 2 batches, as the tfjs side reports (see bench/tfjs-train.ts).
    start = time.perf_counter()
    window_start, window_batches, best, timed = start, 0, 0.0, 0
    while time.perf_counter() - start < seconds:
        step(i + timed)
        timed += 1
        window_batches += 1
        now = time.perf_counter()
        if now - window_start >= 1.0 and window_batches >= 2:
            sync()
            now = time.perf_counter()
            best = max(best, window_batches * batch / (now - window_start))
            window_start, window_batches = now, 0
    sync()
    mean = timed * batch / (time.perf_counter() - start)
    return {"model": model_id, "device": str(device), "batch": batch, "samplesPerSec": max(best, mean), "meanSamplesPerSec": mean, "batches": timed, "torch": torch.__version__}


def main():
    if sys.argv[1:] == ["--peak"]:
        print(json.dumps({"peakGflops": peak_gflops()}))
        return
    path, seconds, warmup, *models = sys.argv[1:]
    for model_id in models:
        print(json.dumps(measure(path, float(seconds), float(warmup), model_id)), flush=True)


if __name__ == "__main__":
    main()
