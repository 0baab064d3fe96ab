"""One MLP training step in PyTorch (CPU, 2 threads), timed as NnBenchmark.java times Fluxion's."""
import statistics
import sys
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(0)
BATCH = 128


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


mlp = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                          torch.nn.Linear(128, 10))
opt = torch.optim.Adam(mlp.parameters(), lr=1e-3)
x = torch.rand(BATCH, 784)
y = torch.tensor([(i * 7) % 10 for i in range(BATCH)])
loss_fn = torch.nn.CrossEntropyLoss()


# 32 different random batches in turn, as NnBenchmark.java does (see there why), and the same
# step on one repeated batch as a second row.
BATCHES = 32
xs = [torch.rand(BATCH, 784) for _ in range(BATCHES)]
ys = [torch.randint(0, 10, (BATCH,)) for _ in range(BATCHES)]
counter = [0]


def step():
    b = counter[0] % BATCHES
    counter[0] += 1
    loss = loss_fn(mlp(xs[b]), ys[b])
    opt.zero_grad()
    loss.backward()
    opt.step()


mlp2 = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                           torch.nn.Linear(128, 10))
opt2 = torch.optim.Adam(mlp2.parameters(), lr=1e-3)


def step_repeated():
    loss = loss_fn(mlp2(x), y)
    opt2.zero_grad()
    loss.backward()
    opt2.step()


def fwd():
    with torch.no_grad():
        loss_fn(mlp(x), y)


def fwd_bwd():
    opt.zero_grad()
    loss_fn(mlp(x), y).backward()


timed("mlp step (fwd+bwd+adam)", 100, 300, step)
timed("mlp step, one repeated batch", 100, 300, step_repeated)
if len(sys.argv) > 1 and sys.argv[1] == "--phases":
    timed("  forward + loss", 50, 200, fwd)
    timed("  forward + loss + backward", 50, 200, fwd_bwd)
    timed("  adam step", 50, 200, opt.step)
