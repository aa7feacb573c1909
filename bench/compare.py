#!/usr/bin/env python3
"""nnscope against numpy, PyTorch, scikit-learn and JAX on the same four training workloads.

    python3 bench/compare.py [--rounds 5] [--workload all|NAME] [--peers numpy,torch,sklearn,jax]
                             [--nnscope .build/release/nnscope] [--no-install] [--json]

The first run makes a virtual environment in bench/.venv and installs the peers from PyPI
(bench/requirements.txt; PyTorch from bench/requirements-torch.txt, a large download); a peer that
cannot be installed or imported is reported and skipped. Each round runs, for every workload,
`nnscope bench --json --repeat 1` and then each peer in its own process, so that the implementations
alternate and share the machine's noise. In its process each implementation trains once untimed
(first-run costs: page faults, thread pools, BLAS buffers; `nnscope bench --warmup 1`), then once
timed. Only training is timed (data, initialisation, imports and JAX's compilation are not). The table shows the median over the rounds and nnscope / peer.

Every peer trains the same network shape with the same batch size, epochs, learning rate, plain SGD
and softmax cross-entropy in float32, and trains the last, partial batch of an epoch as nnscope does.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
PEERS = ["numpy", "torch", "sklearn", "jax"]
PEER_MODULE = {"numpy": "numpy", "torch": "torch", "sklearn": "sklearn", "jax": "jax"}
PEER_LABEL = {"numpy": "numpy", "torch": "PyTorch", "sklearn": "scikit-learn", "jax": "JAX (jit)"}

# The workloads of `nnscope bench` (Sources/nnscope/BenchWorkloads.swift): same shapes everywhere.
WORKLOADS = {
    "spiral": dict(examples=300, features=2, classes=3, hidden=[16, 16], activation="relu",
                   batch=10, epochs=200, lr=0.1),
    "deep-sigmoid": dict(examples=1000, features=2, classes=2, hidden=[32] * 10, activation="logistic",
                         batch=32, epochs=20, lr=0.1, grad_norms=True),
    "digits": dict(examples=1797, features=64, classes=10, hidden=[128, 64], activation="relu",
                   batch=32, epochs=30, lr=0.1),
    "mnist-size": dict(examples=10_000, features=784, classes=10, hidden=[256, 128], activation="relu",
                       batch=128, epochs=3, lr=0.01),
}


# ---------------------------------------------------------------------------------------------
# Environment

def ensure_venv(install: bool) -> None:
    """Re-runs this script inside bench/.venv, creating it and installing the peers first."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not VENV_PYTHON.exists():
        if not install:
            sys.exit("compare.py: bench/.venv does not exist; run without --no-install to create it")
        print("compare.py: creating bench/.venv", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    if install:
        install_requirements()
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__).resolve())] + sys.argv[1:] + ["--no-install"])


def install_requirements() -> None:
    """Installs each requirement line that is not importable yet; a failure only skips that peer."""
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    for file in ["requirements.txt", "requirements-torch.txt"]:
        for line in (HERE / file).read_text().splitlines():
            spec = line.split("#", 1)[0].strip()
            if not spec:
                continue
            module = {"scikit-learn": "sklearn", "jax[cpu]": "jax"}.get(spec.split(">")[0].split("=")[0], spec.split(">")[0].split("=")[0])
            probe = subprocess.run([str(VENV_PYTHON), "-c", f"import {module}"], capture_output=True)
            if probe.returncode == 0:
                continue
            print(f"compare.py: pip install {spec}", file=sys.stderr)
            result = subprocess.run(pip + [spec])
            if result.returncode != 0:
                print(f"compare.py: could not install {spec}; that peer will be skipped", file=sys.stderr)


def machine_description() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


# ---------------------------------------------------------------------------------------------
# Data (same shapes and kinds as nnscope's generators; the values come from numpy's generator)

def make_data(name: str):
    import numpy as np
    w = WORKLOADS[name]
    rng = np.random.default_rng(1234)
    n, f, k = w["examples"], w["features"], w["classes"]
    if name == "spiral":
        per = n // k
        xs, ys = [], []
        for c in range(k):
            r = np.arange(per) / per
            t = c * 4 + np.arange(per) * 4 / per + rng.standard_normal(per) * 0.2
            xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
            ys.append(np.full(per, c))
        x, y = np.concatenate(xs), np.concatenate(ys)
    elif name == "deep-sigmoid":
        y = np.arange(n) % 2
        x = (np.where(y == 0, -1.0, 1.0)[:, None] + rng.standard_normal((n, 2)))
    elif name == "digits":
        prototypes = rng.uniform(0, 16, (k, f))
        y = np.arange(n) % k
        x = (prototypes[y] + rng.standard_normal((n, f)) * 4) / 16
    else:
        x = rng.standard_normal((n, f))
        y = rng.integers(0, k, n)
    return x.astype(np.float32), y.astype(np.int64)


def layer_sizes(w) -> list[int]:
    return [w["features"]] + w["hidden"] + [w["classes"]]


# ---------------------------------------------------------------------------------------------
# Peers. Each returns the training time in seconds.

def run_numpy(name: str) -> float:
    """The course's hand-written backpropagation, float32 throughout."""
    import numpy as np
    w = WORKLOADS[name]
    x, y = make_data(name)
    rng = np.random.default_rng(1)
    sizes = layer_sizes(w)
    logistic = w["activation"] == "logistic"
    gain = 1.0 if logistic else 2.0
    weights = [(rng.standard_normal((a, b)) * np.sqrt(gain / a)).astype(np.float32) for a, b in zip(sizes, sizes[1:])]
    biases = [np.zeros(b, np.float32) for b in sizes[1:]]
    lr = np.float32(w["lr"])
    n, batch, layers = len(x), w["batch"], len(weights)
    record_norms = w.get("grad_norms", False)
    norm_history = []
    start = time.perf_counter()
    for _ in range(w["epochs"]):
        order = rng.permutation(n)
        norms = np.zeros(layers)
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = x[idx], y[idx]
            activations = [xb]
            for l in range(layers - 1):
                z = activations[-1] @ weights[l] + biases[l]
                activations.append(1 / (1 + np.exp(-z)) if logistic else np.maximum(z, 0))
            logits = activations[-1] @ weights[-1] + biases[-1]
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(idx)), yb] -= 1
            delta = p / np.float32(len(idx))
            for l in range(layers - 1, -1, -1):
                grad_w = activations[l].T @ delta
                grad_b = delta.sum(axis=0)
                if l > 0:
                    a = activations[l]
                    upstream = delta @ weights[l].T
                    delta = upstream * (a * (1 - a)) if logistic else upstream * (a > 0)
                if record_norms:
                    norms[l] += np.linalg.norm(grad_w)
                weights[l] -= lr * grad_w
                biases[l] -= lr * grad_b
        if record_norms:
            norm_history.append(norms)
    return time.perf_counter() - start


def run_torch(name: str) -> float:
    import torch
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(1)
    w = WORKLOADS[name]
    x_np, y_np = make_data(name)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    sizes = layer_sizes(w)
    modules = []
    for l, (a, b) in enumerate(zip(sizes, sizes[1:])):
        modules.append(torch.nn.Linear(a, b))
        if l < len(sizes) - 2:
            modules.append(torch.nn.Sigmoid() if w["activation"] == "logistic" else torch.nn.ReLU())
    model = torch.nn.Sequential(*modules)
    linears = [m for m in modules if isinstance(m, torch.nn.Linear)]
    optimizer = torch.optim.SGD(model.parameters(), lr=w["lr"])
    loss_fn = torch.nn.CrossEntropyLoss()
    n, batch = len(x), w["batch"]
    record_norms = w.get("grad_norms", False)
    generator = torch.Generator().manual_seed(1)
    norm_history = []
    start = time.perf_counter()
    for _ in range(w["epochs"]):
        order = torch.randperm(n, generator=generator)
        norms = torch.zeros(len(linears))
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            optimizer.zero_grad(set_to_none=False)
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            if record_norms:
                with torch.no_grad():
                    norms += torch.stack([torch.linalg.vector_norm(m.weight.grad) for m in linears])
            optimizer.step()
        if record_norms:
            norm_history.append(norms)
    return time.perf_counter() - start


def run_sklearn(name: str) -> float:
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    w = WORKLOADS[name]
    x, y = make_data(name)
    model = MLPClassifier(hidden_layer_sizes=tuple(w["hidden"]), activation=w["activation"], solver="sgd",
                          learning_rate_init=w["lr"], learning_rate="constant", momentum=0.0, nesterovs_momentum=False,
                          batch_size=w["batch"], max_iter=w["epochs"], alpha=0.0, tol=0.0,
                          n_iter_no_change=w["epochs"] + 1, shuffle=True, random_state=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(x, y)
        elapsed = time.perf_counter() - start
    if model.n_iter_ != w["epochs"]:
        raise RuntimeError(f"scikit-learn ran {model.n_iter_} epochs, not {w['epochs']}")
    return elapsed


def run_jax(name: str) -> float:
    """The whole training run (every epoch, every batch) compiled as one XLA program."""
    import jax
    import jax.numpy as jnp
    import numpy as np
    jax.config.update("jax_platforms", "cpu")
    w = WORKLOADS[name]
    x_np, y_np = make_data(name)
    sizes = layer_sizes(w)
    logistic = w["activation"] == "logistic"
    gain = 1.0 if logistic else 2.0
    rng = np.random.default_rng(1)
    params = [((rng.standard_normal((a, b)) * np.sqrt(gain / a)).astype(np.float32), np.zeros(b, np.float32))
              for a, b in zip(sizes, sizes[1:])]
    n, batch, epochs, lr = w["examples"], w["batch"], w["epochs"], w["lr"]
    full, rest = divmod(n, batch)
    record_norms = w.get("grad_norms", False)

    def loss(params, xb, yb):
        a = xb
        for weight, bias in params[:-1]:
            z = a @ weight + bias
            a = jax.nn.sigmoid(z) if logistic else jax.nn.relu(z)
        logits = a @ params[-1][0] + params[-1][1]
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), yb[:, None], axis=1))

    grad = jax.grad(loss)

    def step(params, xb, yb):
        g = grad(params, xb, yb)
        norms = jnp.stack([jnp.linalg.norm(gw) for gw, _ in g]) if record_norms else jnp.zeros(len(g))
        return jax.tree_util.tree_map(lambda p, gp: p - lr * gp, params, g), norms

    def epoch(params, key):
        order = jax.random.permutation(key, n)
        xs, ys = x[order], y[order]
        xf = xs[:full * batch].reshape(full, batch, -1)
        yf = ys[:full * batch].reshape(full, batch)
        params, norms = jax.lax.scan(lambda p, b: step(p, b[0], b[1]), params, (xf, yf))
        total = norms.sum(axis=0)
        if rest:
            params, last = step(params, xs[full * batch:], ys[full * batch:])
            total = total + last
        return params, total

    def train(params, keys):
        return jax.lax.scan(epoch, params, keys)

    x, y = jnp.asarray(x_np), jnp.asarray(y_np.astype(np.int32))
    keys = jax.random.split(jax.random.PRNGKey(1), epochs)
    params = jax.tree_util.tree_map(jnp.asarray, params)
    compiled = jax.jit(train).lower(params, keys).compile()
    jax.block_until_ready(compiled(params, keys))  # warm-up: first-run allocations, thread pools
    start = time.perf_counter()
    jax.block_until_ready(compiled(params, keys))
    return time.perf_counter() - start


RUNNERS = {"numpy": run_numpy, "torch": run_torch, "sklearn": run_sklearn, "jax": run_jax}


# ---------------------------------------------------------------------------------------------
# Driver

def peer_available(peer: str) -> str | None:
    """None when the peer's package imports, otherwise the reason it does not."""
    result = subprocess.run([sys.executable, "-c", f"import {PEER_MODULE[peer]}"], capture_output=True, text=True)
    if result.returncode == 0:
        return None
    lines = (result.stderr.strip().splitlines() or ["import failed"])
    return lines[-1]


def run_peer_process(peer: str, workload: str) -> float:
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--run-peer", peer, "--workload", workload],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}")
    return json.loads(result.stdout.strip().splitlines()[-1])["seconds"]


def run_nnscope(binary: Path, workload: str) -> float:
    result = subprocess.run([str(binary), "bench", "--json", "--repeat", "1", "--workload", workload],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip() or f"exit {result.returncode}")
    return json.loads(result.stdout.strip().splitlines()[0])["seconds"]


def nnscope_binary(path: str | None) -> Path:
    binary = Path(path) if path else ROOT / ".build" / "release" / "nnscope"
    if not binary.exists():
        if path:
            sys.exit(f"compare.py: {binary} does not exist")
        print("compare.py: building nnscope in release (swift build -c release)", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "nnscope"], cwd=ROOT, check=True)
    return binary


def format_rate(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x / 1e6:.2f}M" if x >= 1e6 else f"{x / 1e3:.0f}k"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="repetitions of every implementation (default 5)")
    parser.add_argument("--workload", default="all", help="all, or one of " + ", ".join(WORKLOADS))
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated subset of " + ",".join(PEERS))
    parser.add_argument("--nnscope", help="the nnscope binary (default .build/release/nnscope, built if missing)")
    parser.add_argument("--no-install", action="store_true", help="use bench/.venv as it is (or the current Python)")
    parser.add_argument("--json", action="store_true", help="also print the medians as one JSON object")
    parser.add_argument("--run-peer", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run_peer:  # child process: one untimed warm-up run, then one timed run of one peer
        RUNNERS[args.run_peer](args.workload)
        seconds = RUNNERS[args.run_peer](args.workload)
        print(json.dumps({"peer": args.run_peer, "workload": args.workload, "seconds": seconds}))
        return

    workloads = list(WORKLOADS) if args.workload == "all" else [args.workload]
    if any(w not in WORKLOADS for w in workloads):
        sys.exit(f"compare.py: unknown workload {args.workload}")
    peers = [p.strip() for p in args.peers.split(",") if p.strip()]
    if any(p not in PEERS for p in peers):
        sys.exit(f"compare.py: unknown peer in {args.peers}; choose from {','.join(PEERS)}")
    if args.rounds < 1:
        sys.exit("compare.py: --rounds must be at least 1")
    if not args.no_install or not Path(sys.prefix).resolve() == VENV.resolve():
        if not args.no_install:
            ensure_venv(install=True)

    binary = nnscope_binary(args.nnscope)
    skipped = {}
    for peer in peers:
        reason = peer_available(peer)
        if reason:
            skipped[peer] = reason
    active = [p for p in peers if p not in skipped]

    print(f"machine: {machine_description()}")
    print(f"nnscope: {binary}; peers: {', '.join(PEER_LABEL[p] for p in active) or 'none'}; {args.rounds} rounds")
    for peer, reason in skipped.items():
        print(f"could not run {PEER_LABEL[peer]}: {reason}")

    times = {w: {impl: [] for impl in ["nnscope"] + active} for w in workloads}
    failures = {}
    for r in range(args.rounds):
        for w in workloads:
            for impl in ["nnscope"] + active:
                if (w, impl) in failures:
                    continue
                try:
                    seconds = run_nnscope(binary, w) if impl == "nnscope" else run_peer_process(impl, w)
                    times[w][impl].append(seconds)
                except Exception as error:  # a peer that fails is reported, the others go on
                    failures[(w, impl)] = str(error)
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)

    for (w, impl), message in failures.items():
        print(f"{impl} failed on {w}: {message}")

    impls = ["nnscope"] + active
    header = f"{'workload':<13}" + "".join(f"{PEER_LABEL.get(i, i):>13}" for i in impls) + "".join(
        f"{'÷ ' + PEER_LABEL[p]:>15}" for p in active)
    print()
    print("samples per second (median of rounds); ÷: nnscope / peer")
    print(header)
    summary = {}
    for w in workloads:
        spec = WORKLOADS[w]
        samples = spec["examples"] * spec["epochs"]
        rates = {i: (samples / statistics.median(times[w][i]) if times[w][i] else None) for i in impls}
        summary[w] = rates
        row = f"{w:<13}" + "".join(f"{format_rate(rates[i]):>13}" for i in impls)
        for p in active:
            ratio = rates["nnscope"] / rates[p] if rates["nnscope"] and rates[p] else None
            row += f"{(f'{ratio:.2f}x' if ratio else '—'):>15}"
        print(row)
    # The spread: in each round, nnscope against the fastest peer of that round.
    per_round = {w: {i: [WORKLOADS[w]["examples"] * WORKLOADS[w]["epochs"] / t for t in times[w][i]] for i in impls}
                 for w in workloads}
    if active:
        print()
        print("per round, nnscope / the round's fastest peer: lowest – highest")
        for w in workloads:
            rounds = min(len(per_round[w][i]) for i in impls)
            ratios = [per_round[w]["nnscope"][r] / max(per_round[w][p][r] for p in active) for r in range(rounds)]
            if ratios:
                print(f"{w:<13} {min(ratios):.2f}x – {max(ratios):.2f}x")
    if args.json:
        print(json.dumps({"machine": machine_description(), "rounds": args.rounds, "samples_per_second": summary,
                          "per_round": per_round, "skipped": skipped}))


if __name__ == "__main__":
    main()
