"""The Linalg workloads of LinalgBenchmark.java in PyTorch (CPU, float64), timed the same way."""
import os
import time

import torch

torch.set_num_threads(os.cpu_count())
WARMUP_SECONDS = 2.0
SIZES = ((1000, 4), (100, 16), (1, 256))


def timed(name, reps, fn):
    until = time.perf_counter() + WARMUP_SECONDS
    i = 0
    while i < 5 or time.perf_counter() < until:
        fn()
        i += 1
    ms = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    print(f"{name}\t{ms[reps // 2]:.4f}\t{ms[0]:.4f}", flush=True)


def matrices(g, batch, n):
    a = torch.rand(batch, n, n, dtype=torch.float64, generator=g) * 2 - 1
    return a + n * torch.eye(n, dtype=torch.float64)


g = torch.Generator().manual_seed(14)
for batch, n in SIZES:
    a = matrices(g, batch, n)
    spd = a @ a.transpose(-1, -2)
    b = torch.rand(batch, n, 1, dtype=torch.float64, generator=g)
    reps = 15 if batch * n * n >= 65536 else 31
    shape = f"{batch}x{n}x{n}"
    # .numpy() copies nothing but makes the result concrete, as toDoubleArray() reads Fluxion's
    ops = {
        "solve": lambda: torch.linalg.solve(a, b).numpy(),
        "inv": lambda: torch.linalg.inv(a).numpy(),
        "det": lambda: torch.linalg.det(a).numpy(),
        "slogdet": lambda: torch.linalg.slogdet(a)[1].numpy(),
        "cholesky": lambda: torch.linalg.cholesky(spd).numpy(),
        "solveTriangular": lambda: torch.linalg.solve_triangular(a, b, upper=False).numpy(),
    }
    for name, fn in ops.items():
        timed(f"{name} {shape}", reps, fn)
    v = a.clone().requires_grad_()

    def det_backward():
        v.grad = None
        torch.linalg.det(v).sum().backward()
        v.grad.numpy()
    timed(f"det fwd+bwd {shape}", 15, det_backward)
