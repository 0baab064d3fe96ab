"""f(x, y) = x^2 y + sin(xy) and its gradient over an n x n grid with PyTorch (CPU, 2 threads):
autograd over the whole grid (f.sum().backward()), and functorch's vmap(grad) where present.
Prints the first call and the best of five warm calls, like GridSweepBench.java."""
import sys
import time

import torch

torch.set_num_threads(2)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


def f(x, y):
    return x * x * y + torch.sin(x * y)


def autograd_over_grid():
    xs = torch.linspace(0, 1, n, dtype=torch.float64)
    ys = torch.linspace(-1, 1, n, dtype=torch.float64)
    x, y = torch.meshgrid(xs, ys, indexing="ij")
    x = x.reshape(-1).clone().requires_grad_()
    y = y.reshape(-1).clone().requires_grad_()
    v = f(x, y)
    v.sum().backward()
    return v.detach(), x.grad, y.grad


def vmap_grad():
    from functorch import grad, vmap
    xs = torch.linspace(0, 1, n, dtype=torch.float64)
    ys = torch.linspace(-1, 1, n, dtype=torch.float64)
    x, y = torch.meshgrid(xs, ys, indexing="ij")
    x = x.reshape(-1)
    y = y.reshape(-1)
    gx, gy = vmap(grad(f, argnums=(0, 1)))(x, y)
    return f(x, y), gx, gy


def bench(name, fn):
    t0 = time.perf_counter()
    out = fn()
    first = (time.perf_counter() - t0) * 1e3
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, (time.perf_counter() - t0) * 1e3)
    check = float(out[1][-1] + out[2][0])  # df/dx at the last point + df/dy at the first
    print(f"torch {name} {n}x{n} f+grad: first {first:.1f} ms, best warm {best:.1f} ms (check {check:.6f})")


bench("autograd", autograd_over_grid)
try:
    import functorch  # noqa: F401
    bench("functorch.vmap(grad)", vmap_grad)
except ImportError:
    print("torch functorch.vmap(grad): functorch is not installed")
