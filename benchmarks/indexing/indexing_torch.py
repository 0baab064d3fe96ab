"""The workloads of IndexingBenchmark.java in PyTorch (CPU), timed the same way."""
import os
import time

import torch

torch.set_num_threads(os.cpu_count())
torch.manual_seed(1)


def timed(name, reps, fn, warmup_seconds=3.0):
    until = time.perf_counter() + warmup_seconds
    i = 0
    while i < 3 or time.perf_counter() < until:
        fn()
        i += 1
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    print(f"{name}\t{ms[reps // 2]:.3f}\t{ms[0]:.3f}", flush=True)


rows, width, picks, n = 50_000, 64, 100_000, 1_000_000
table = torch.randn(rows, width, dtype=torch.float32, requires_grad=True)
frozen = table.detach()
row_idx = torch.randint(rows, (picks,))
row_src = torch.randn(picks, width, dtype=torch.float32)
v = torch.randn(n, dtype=torch.float64)
v_idx = torch.randint(n, (n,))
bins = torch.randint(1000, (n,))
m = torch.randn(1000, 1000, dtype=torch.float64)
along = torch.randint(1000, (1000, 100))
along_src = torch.randn(1000, 100, dtype=torch.float64)
unique = torch.randperm(rows)[:1000]
new_rows = torch.randn(1000, width, dtype=torch.float32)
row = torch.randn(1000, dtype=torch.float64)
points = torch.linspace(-20, 20, n, dtype=torch.float64, requires_grad=True)


class Log1pexp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.relu(x) + torch.log1p(torch.exp(-torch.abs(x)))

    @staticmethod
    def backward(ctx, ct):
        (x,) = ctx.saved_tensors
        return ct * torch.sigmoid(x)


def set_rows():
    y = frozen.clone()
    y[unique] = new_rows
    return y


def set_slice():
    y = m.clone()
    y[:, ::2] = 0.0
    return y


def set_index():
    y = m.clone()
    y[5] = row
    return y


def embedding():
    table.grad = None
    table[row_idx].sum().backward()
    return table.grad


def custom():
    points.grad = None
    Log1pexp.apply(points).sum().backward()
    return points.grad


timed("take rows 50000x64 f32, 100000 indices", 9, lambda: torch.index_select(frozen, 0, row_idx))
timed("take 1-d f64 n=1e6", 9, lambda: torch.index_select(v, 0, v_idx))
timed("takeAlongAxis 1000x1000 f64, 1000x100", 9, lambda: torch.gather(m, 1, along))
timed("scatterAdd 1000x1000 f64, 1000x100", 9, lambda: m.scatter_add(1, along, along_src))
timed("indexAdd rows 50000x64 f32, 100000 indices", 9, lambda: frozen.index_add(0, row_idx, row_src))
timed("indexAdd 1-d 1000 bins, 1e6 values", 9, lambda: torch.zeros(1000, dtype=torch.float64).index_add(0, bins, v))
timed("mask 1-d f64 n=1e6 (x[x > 0])", 9, lambda: torch.masked_select(v, v > 0))
timed("set rows 50000x64 f32, 1000 rows", 9, set_rows)
timed("set slice 1000x1000 f64 [:, ::2] = 0", 9, set_slice)
timed("set index 1000x1000 f64 [5] = row", 9, set_index)
timed("take rows fwd+bwd (embedding) 50000x64 f32", 9, embedding)
timed("customVjp log1pexp grad n=1e6 f64", 9, custom)
