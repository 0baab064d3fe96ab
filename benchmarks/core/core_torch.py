"""The core-engine workloads in PyTorch (CPU), timed the same way as CoreBenchmark.java."""
import os
import statistics
import time

import torch

torch.set_num_threads(os.cpu_count())


def formula(x):
    return torch.exp(torch.atan(82 * x**3 + torch.log(x))) * torch.sqrt(
        25 * x ** (1 / 22930) + 39 * torch.exp(2 / x) - torch.sin(x))


def timed(name, warmup, reps, fn):
    for _ in range(warmup):
        fn()
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    print(f"{name}\t{ms[reps // 2]:.3f}\t{ms[0]:.3f}", flush=True)


def sweep(dtype, n):
    def run():
        x = torch.linspace(1, 10, n, dtype=dtype, requires_grad=True)
        formula(x).backward(torch.ones(n, dtype=dtype))
        x.grad
    return run


for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
    for n in (1_000_000, 10_000_000):
        timed(f"sweep {name} n={n}", 3, 7, sweep(dtype, n))

a = torch.randn(1024, 1024, dtype=torch.float32, requires_grad=True)
b = torch.randn(1024, 1024, dtype=torch.float32, requires_grad=True)


def mm():
    a.grad = None
    b.grad = None
    c = a @ b
    c.backward(torch.ones_like(c))


timed("matmul float32 1024 fwd+bwd", 3, 9, mm)
