#!/usr/bin/env python3
"""Peer: the same training iteration in PyTorch on the CPU, timed at each thread count asked for.

Model: token embedding (the one-hot input times W_xh, as a lookup), nn.RNN (tanh) or nn.LSTM,
a linear output layer; loss summed over the steps and averaged over the streams (as vecrnn
does), backward, every gradient element clamped to [-5, 5], an Adagrad or Adam step, gradients
zeroed. B streams over the ids cut into B contiguous parts, the state carried from chunk to chunk
(detached) and reset when the streams wrap. For Adagrad the embedding's gradient is sparse (only
the rows seen), which PyTorch's Adagrad supports and which is faster with a large vocabulary;
--dense-embedding turns that off.

Prints one JSON line: tokens/s per thread count and the best of them.

usage: torch_peer.py (TEXT [--tokens char|jieba] [--encoding ENC] | --ids FILE)
           [--cell rnn|lstm] [--hidden H] [--layers L] [--seq T] [--batch B]
           [--opt adagrad|adam] [--lr LR] [--iters N] [--warmup N] [--threads 1,2]
"""
import argparse
import json
import os
import platform
import sys
import time

import torch
import torch.nn as nn

import corpus


class Model(nn.Module):
    def __init__(self, cell, vocab, hidden, layers, sparse):
        super().__init__()
        self.embed = nn.Embedding(vocab, hidden, sparse=sparse)
        rnn = {"rnn": nn.RNN, "lstm": nn.LSTM}[cell]
        self.rnn = rnn(hidden, hidden, layers)  # inputs [T, B, H]
        self.out = nn.Linear(hidden, vocab)

    def forward(self, x, state):
        h, state = self.rnn(self.embed(x), state)
        return self.out(h), state


def detach(state):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def clamp_(model, limit):
    for p in model.parameters():
        g = p.grad
        if g is None:
            continue
        if g.is_sparse:
            g = g.coalesce()
            g.values().clamp_(-limit, limit)
            p.grad = g
        else:
            g.clamp_(-limit, limit)


def run(a, ids, vocab, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(a.seed)
    sparse = a.opt == "adagrad" and not a.dense_embedding
    model = Model(a.cell, vocab, a.hidden, a.layers, sparse)
    opt = {"adagrad": torch.optim.Adagrad, "adam": torch.optim.Adam}[a.opt](model.parameters(), lr=a.lr)
    T, B = a.seq, a.batch
    part = len(ids) // B
    data = torch.tensor(ids[:part * B], dtype=torch.long).view(B, part).t().contiguous()  # [part, B]
    lossf = nn.CrossEntropyLoss(reduction="sum")
    pos, state = 0, None
    t0 = None
    loss = None
    timed = 0
    for n in range(a.warmup + a.iters):
        if n == a.warmup:
            t0 = time.perf_counter()
        elif n > a.warmup and a.max_seconds and time.perf_counter() - t0 > a.max_seconds:
            break
        if pos + T + 1 >= part:
            pos, state = 0, None
        x = data[pos:pos + T]
        y = data[pos + 1:pos + T + 1]
        logits, state = model(x, detach(state))
        loss = lossf(logits.view(-1, vocab), y.reshape(-1)) / B
        loss.backward()
        clamp_(model, 5.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        pos += T
        timed += n >= a.warmup
    seconds = time.perf_counter() - t0
    return {"threads": threads, "seconds": round(seconds, 4), "iters": timed,
            "tokens_per_s": round(timed * T * B / seconds, 2), "loss_per_token": round(loss.item() / T, 4)}


def check_blas():
    """A wrong BLAS kernel (e.g. a forced OPENBLAS_CORETYPE) must not look fast."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(67, 129, generator=g)
    y = torch.randn(129, 131, generator=g)
    if not torch.allclose(x @ y, (x.double() @ y.double()).float(), rtol=1e-3, atol=1e-3):
        raise SystemExit("torch_peer.py: float32 matmul disagrees with float64; the BLAS is broken here")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus.add_data_options(ap)
    ap.add_argument("--cell", default="rnn", choices=["rnn", "lstm"])
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--seq", type=int, default=25)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--opt", default="adagrad", choices=["adagrad", "adam"])
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts to time")
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="per thread count, stop after this many timed seconds (at least one timed iteration)")
    ap.add_argument("--dense-embedding", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label", default="", help="copied into the JSON line")
    a = ap.parse_args()
    check_blas()
    ids, vocab = corpus.load(a)
    runs = [run(a, ids, vocab, int(t)) for t in a.threads.split(",")]
    best = max(runs, key=lambda r: r["tokens_per_s"])
    print(json.dumps({
        "peer": "pytorch", "label": a.label, "cell": a.cell, "vocab": vocab, "hidden": a.hidden, "layers": a.layers,
        "seq": a.seq, "batch": a.batch, "opt": a.opt, "lr": a.lr,
        "sparse_embedding": a.opt == "adagrad" and not a.dense_embedding,
        "runs": runs, "tokens_per_s": best["tokens_per_s"], "threads": best["threads"],
        "torch": torch.__version__, "python": platform.python_version(), "executable": sys.executable,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", ""),
        "blas": torch.__config__.show().replace("\n", " ")[:300]}))


if __name__ == "__main__":
    main()
