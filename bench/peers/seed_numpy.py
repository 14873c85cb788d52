#!/usr/bin/env python3
"""Peer: the seed's vanilla RNN language model, its own loop, in numpy float64 with batch 1.

Same algorithm as the seed (see the project's docs/ARCHITECTURE.md): every input is a dense one-hot
column, the hidden state a column vector, each step is matrix-vector products; backpropagation
through the chunk, every gradient element clipped to [-5, 5], Adagrad; the state carried from
chunk to chunk and reset when the data pointer wraps. Only the timing and the output differ:
after --warmup iterations it times --iters iterations and prints one JSON line.

usage: seed_numpy.py --ids FILE [--hidden H] [--seq T] [--lr LR] [--iters N] [--warmup N] [--seed N]
"""
import argparse
import json
import platform
import sys
import time

import numpy as np

import ids as idfile
import models


class SeedRnn:
    def __init__(self, vocab, hidden, rng):
        self.V, self.H = vocab, hidden
        self.Wxh = rng.standard_normal((hidden, vocab)) * 0.01
        self.Whh = rng.standard_normal((hidden, hidden)) * 0.01
        self.Why = rng.standard_normal((vocab, hidden)) * 0.01
        self.bh = np.zeros((hidden, 1))
        self.by = np.zeros((vocab, 1))
        self.params = [self.Wxh, self.Whh, self.Why, self.bh, self.by]
        self.memory = [np.zeros_like(p) for p in self.params]

    def chunk(self, inputs, targets, h):
        """Loss and clipped gradients of one chunk from state h; returns (loss, grads, last h)."""
        steps = len(inputs)
        x, hs, ps = [], [h], []
        loss = 0.0
        for t in range(steps):
            onehot = np.zeros((self.V, 1))
            onehot[inputs[t]] = 1.0
            x.append(onehot)
            hs.append(np.tanh(self.Wxh @ onehot + self.Whh @ hs[-1] + self.bh))
            logits = self.Why @ hs[-1] + self.by
            e = np.exp(logits - logits.max())
            ps.append(e / e.sum())
            loss -= np.log(ps[-1][targets[t], 0])
        grads = [np.zeros_like(p) for p in self.params]
        dWxh, dWhh, dWhy, dbh, dby = grads
        dh_next = np.zeros((self.H, 1))
        for t in range(steps - 1, -1, -1):
            dy = ps[t].copy()
            dy[targets[t]] -= 1.0
            dWhy += dy @ hs[t + 1].T
            dby += dy
            dh = self.Why.T @ dy + dh_next
            draw = (1.0 - hs[t + 1] ** 2) * dh
            dbh += draw
            dWxh += draw @ x[t].T
            dWhh += draw @ hs[t].T
            dh_next = self.Whh.T @ draw
        for g in grads:
            np.clip(g, -5.0, 5.0, out=g)
        return loss, grads, hs[-1]

    def adagrad(self, grads, lr):
        for p, g, m in zip(self.params, grads, self.memory):
            m += g * g
            p -= lr * g / np.sqrt(m + 1e-8)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    idfile.add_ids_option(ap)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--seq", type=int, default=25)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--iters", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="stop after this many timed seconds (at least one timed iteration); 0 = no limit")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label", default="", help="copied into the JSON line")
    ap.add_argument("--print-every", type=int, default=0,
                    help="print the seed's 'iter N, loss: X' (the smooth loss) to stderr every N iterations; 0 = never")
    a = ap.parse_args()
    ids, vocab = idfile.read_ids(a.ids)
    ids = ids.tolist()
    model = SeedRnn(vocab, a.hidden, np.random.default_rng(a.seed))
    T = a.seq
    pos, h = 0, np.zeros((a.hidden, 1))
    smooth = -np.log(1.0 / vocab) * T
    t0 = None
    timed = 0
    for n in range(a.warmup + a.iters):
        if n == a.warmup:
            t0 = time.perf_counter()
        elif n > a.warmup and a.max_seconds and time.perf_counter() - t0 > a.max_seconds:
            break
        if pos + T + 1 >= len(ids):
            pos, h = 0, np.zeros((a.hidden, 1))
        loss, grads, h = model.chunk(ids[pos:pos + T], ids[pos + 1:pos + T + 1], h)
        smooth = smooth * 0.999 + loss * 0.001
        if a.print_every and n % a.print_every == 0:
            print("iter %d, loss: %f (chunk %f)" % (n, smooth, loss), file=sys.stderr, flush=True)
        model.adagrad(grads, a.lr)
        pos += T
        timed += n >= a.warmup
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "peer": "numpy-seed", "label": a.label, "vocab": vocab, "hidden": a.hidden, "seq": T, "batch": 1,
        "iters": timed, "seconds": round(seconds, 4), "tokens_per_s": round(timed * T / seconds, 2),
        "smooth_loss": round(float(smooth), 4), "numpy": np.__version__,
        "model": models.describe("rnn", vocab, a.hidden, 1, "onehot", optimizer="Adagrad %g, float64" % a.lr,
                                 clip="each gradient element to [-5, 5]",
                                 params=sum(p.size for p in model.params)),
        "python": platform.python_version(), "executable": sys.executable}))


if __name__ == "__main__":
    main()
