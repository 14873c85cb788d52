#!/usr/bin/env python3
"""Token ids for the peers: the file vecrnn's exporter writes (`dev.vecrnn.bench.data.TokenIds`
in bench/target/benchmarks.jar), so that every peer trains on exactly the stream vecrnn trains on:
int32 little-endian vocabulary size, int32 count, then the ids.

usage: ids.py FILE.ids     (prints the vocabulary size, the count and the first ids)
"""
import json
import struct
import sys

import numpy as np


def read_ids(path):
    """(ids as an int64 numpy array, vocabulary size) from a file TokenIds wrote."""
    with open(path, "rb") as f:
        vocab, n = struct.unpack("<ii", f.read(8))
        ids = np.frombuffer(f.read(4 * n), dtype="<i4")
    if len(ids) != n:
        raise SystemExit("%s: %d ids announced, %d present" % (path, n, len(ids)))
    if n and (ids.min() < 0 or ids.max() >= vocab):
        raise SystemExit("%s: ids outside [0, %d)" % (path, vocab))
    return ids.astype(np.int64), vocab


def by_frequency(ids, vocab):
    """The same stream with ids renumbered by falling frequency (ties by id), as an adaptive
    softmax's cutoffs assume; the model is the same up to this permutation."""
    counts = np.bincount(ids, minlength=vocab)
    order = np.lexsort((np.arange(vocab), -counts))  # most frequent first
    rank = np.empty(vocab, dtype=np.int64)
    rank[order] = np.arange(vocab)
    return rank[ids]


def add_ids_option(ap):
    ap.add_argument("--ids", required=True,
                    help="token ids written by java -cp bench/target/benchmarks.jar dev.vecrnn.bench.data.TokenIds")


if __name__ == "__main__":
    ids, vocab = read_ids(sys.argv[1])
    print(json.dumps({"vocab": vocab, "count": len(ids), "first": ids[:10].tolist()}))
