#!/usr/bin/env python3
"""Peer: the same training iteration in PyTorch on the CPU, timed at each thread count asked for.

Model, as vecrnn's workloads have it:
- input (--input): `onehot`, as char-rnn and ../shared/anchors/torch_lm.py feed it: the one-hot
  vector goes into the first layer's own input weights (nn.RNN/nn.LSTM of input size V), no
  extra product; `embedding`, a lookup of an E-wide vector (--embedding E, default H) then the
  first layer's E x G input product, for word vocabularies where a dense V-wide one-hot product
  would do far more work than vecrnn's row gather (the seed's word model: E = H, one extra
  H x G product per token; W4: --embedding 256, as ../shared/anchors/torch_word.py);
- nn.RNN (tanh) or nn.LSTM, --layers deep;
- output (--softmax): `full` (nn.Linear + cross-entropy) or `adaptive`
  (nn.AdaptiveLogSoftmaxWithLoss, --cutoffs, --div-value; the ids are renumbered by frequency
  first, as its cutoffs assume);
- loss summed over the steps and averaged over the streams (as vecrnn does), backward, gradients
  clipped (--clip value: every element to [-X, X]; --clip norm: global norm X), an Adagrad or
  Adam step, gradients zeroed. B streams over the ids cut into B contiguous parts, the state
  carried from chunk to chunk (detached) and reset when the streams wrap. With Adagrad the
  embedding's gradient is sparse (only the rows seen), which is faster with a large vocabulary.

The ids are the ones vecrnn trains on (--ids, written by dev.vecrnn.bench.data.TokenIds).
Prints one JSON line: tokens/s per thread count, the best of them, and the model (models.py).

usage: torch_peer.py --ids FILE [--cell rnn|lstm] [--input onehot|embedding] [--embedding E]
           [--hidden H] [--layers L] [--seq T] [--batch B] [--softmax full|adaptive]
           [--cutoffs 2000,10000] [--div-value 4] [--opt adagrad|adam] [--lr LR]
           [--clip value|norm] [--clip-at 5] [--iters N] [--warmup N] [--threads 1,2]
"""
import argparse
import json
import os
import platform
import sys
import time

import torch
import torch.nn as nn

import ids as idfile
import models


class Model(nn.Module):
    def __init__(self, a, vocab):
        super().__init__()
        self.vocab = vocab
        self.onehot = a.input == "onehot"
        width = vocab if self.onehot else (a.embedding or a.hidden)
        self.embed = None if self.onehot else nn.Embedding(vocab, width, sparse=sparse_embedding(a))
        self.rnn = {"rnn": nn.RNN, "lstm": nn.LSTM}[a.cell](width, a.hidden, a.layers)  # inputs [T, B, width]
        if a.softmax == "adaptive":
            self.out = nn.AdaptiveLogSoftmaxWithLoss(a.hidden, vocab, cutoffs(a, vocab), div_value=a.div_value)
        else:
            self.out = nn.Linear(a.hidden, vocab)

    def loss(self, x, y, state):
        """Summed over the steps, averaged over the streams; and the new state."""
        inp = nn.functional.one_hot(x, self.vocab).float() if self.onehot else self.embed(x)
        h, state = self.rnn(inp, state)
        h = h.reshape(-1, h.shape[-1])
        if isinstance(self.out, nn.AdaptiveLogSoftmaxWithLoss):
            total = self.out(h, y.reshape(-1)).loss * y.numel()  # .loss is the mean
        else:
            total = nn.functional.cross_entropy(self.out(h), y.reshape(-1), reduction="sum")
        return total / x.shape[1], state


def sparse_embedding(a):
    return a.opt == "adagrad" and a.input == "embedding" and not a.dense_embedding


def cutoffs(a, vocab):
    return [c for c in (int(x) for x in a.cutoffs.split(",")) if c < vocab]


def detach(state):
    if state is None:
        return None
    if isinstance(state, tuple):
        return tuple(s.detach() for s in state)
    return state.detach()


def clip_(model, how, limit):
    if how == "norm":
        nn.utils.clip_grad_norm_(model.parameters(), limit)
        return
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


def run(a, data, vocab, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(a.seed)
    model = Model(a, vocab)
    opt = {"adagrad": torch.optim.Adagrad, "adam": torch.optim.Adam}[a.opt](model.parameters(), lr=a.lr)
    T = a.seq
    part = data.shape[0]
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
        loss, state = model.loss(data[pos:pos + T], data[pos + 1:pos + T + 1], detach(state))
        loss.backward()
        clip_(model, a.clip, a.clip_at)
        opt.step()
        opt.zero_grad(set_to_none=True)
        pos += T
        timed += n >= a.warmup
    seconds = time.perf_counter() - t0
    return {"threads": threads, "seconds": round(seconds, 4), "iters": timed,
            "tokens_per_s": round(timed * T * a.batch / seconds, 2), "loss_per_token": round(loss.item() / T, 4),
            "params": sum(p.numel() for p in model.parameters())}


def check_blas():
    """A wrong BLAS kernel (e.g. a forced OPENBLAS_CORETYPE) must not look fast."""
    g = torch.Generator().manual_seed(1)
    x = torch.randn(67, 129, generator=g)
    y = torch.randn(129, 131, generator=g)
    if not torch.allclose(x @ y, (x.double() @ y.double()).float(), rtol=1e-3, atol=1e-3):
        raise SystemExit("torch_peer.py: float32 matmul disagrees with float64; the BLAS is broken here")


def tail_fractions(stream, vocab, cuts):
    """The share of targets in each tail cluster of an adaptive softmax (ids ordered by frequency)."""
    edges = cuts + [vocab]
    n = float(len(stream))
    return [float(((stream >= edges[i]) & (stream < edges[i + 1])).sum()) / n for i in range(len(edges) - 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    idfile.add_ids_option(ap)
    ap.add_argument("--cell", default="rnn", choices=["rnn", "lstm"])
    ap.add_argument("--input", default="onehot", choices=["onehot", "embedding"])
    ap.add_argument("--embedding", type=int, default=0, help="embedding width with --input embedding (default: hidden)")
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--seq", type=int, default=25)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--softmax", default="full", choices=["full", "adaptive"])
    ap.add_argument("--cutoffs", default="2000,10000")
    ap.add_argument("--div-value", type=float, default=4.0)
    ap.add_argument("--opt", default="adagrad", choices=["adagrad", "adam"])
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--clip", default="value", choices=["value", "norm"])
    ap.add_argument("--clip-at", type=float, default=5.0)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts to time")
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="per thread count, stop after this many timed seconds (at least one timed iteration)")
    ap.add_argument("--dense-embedding", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label", default="", help="copied into the JSON line")
    a = ap.parse_args()
    if a.embedding and a.input != "embedding":
        ap.error("--embedding needs --input embedding")
    check_blas()
    stream, vocab = idfile.read_ids(a.ids)
    if a.softmax == "adaptive":
        stream = idfile.by_frequency(stream, vocab)
    part = len(stream) // a.batch
    data = torch.from_numpy(stream[:part * a.batch].copy()).view(a.batch, part).t().contiguous()  # [part, B]
    runs = [run(a, data, vocab, int(t)) for t in a.threads.split(",")]
    best = max(runs, key=lambda r: r["tokens_per_s"])
    model = models.describe(
        a.cell, vocab, a.hidden, a.layers, a.input, embedding=a.embedding, softmax=a.softmax,
        cutoffs=cutoffs(a, vocab), div_value=a.div_value,
        tail_fractions=tail_fractions(stream, vocab, cutoffs(a, vocab)) if a.softmax == "adaptive" else None,
        optimizer="%s %g%s" % ({"adagrad": "Adagrad", "adam": "Adam"}[a.opt], a.lr,
                               ", sparse embedding gradient" if sparse_embedding(a) else ""),
        clip="each gradient element to [-%g, %g]" % (a.clip_at, a.clip_at) if a.clip == "value"
        else "global norm %g" % a.clip_at,
        params=runs[0]["params"])
    print(json.dumps({
        "peer": "pytorch", "label": a.label, "cell": a.cell, "vocab": vocab, "hidden": a.hidden, "layers": a.layers,
        "seq": a.seq, "batch": a.batch, "opt": a.opt, "lr": a.lr, "model": model,
        "runs": runs, "tokens_per_s": best["tokens_per_s"], "threads": best["threads"],
        "torch": torch.__version__, "python": platform.python_version(), "executable": sys.executable,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", ""),
        "blas": torch.__config__.show().replace("\n", " ")[:300]}))


if __name__ == "__main__":
    main()
