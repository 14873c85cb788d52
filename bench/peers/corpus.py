#!/usr/bin/env python3
"""Token ids for the peers of the performance report.

A text file is read with an explicit encoding and cut into characters or into jieba words
(jieba.cut, accurate mode, as the seed does); the vocabulary is the sorted set of pieces. The ids
can be written once to a small binary file that every peer (Python or Java) reads:
int32 little-endian vocabulary size, int32 count, then the ids.

usage: corpus.py TEXT --tokens char|jieba [--encoding ENC] --out FILE.ids
"""
import argparse
import json
import struct
import sys
import time


def pieces(path, encoding="utf-8", tokens="char"):
    text = open(path, "rb").read().decode(encoding)
    if tokens == "char":
        return list(text)
    if tokens == "jieba":
        import logging
        import jieba
        jieba.setLogLevel(logging.ERROR)
        return list(jieba.cut(text, cut_all=False))
    raise SystemExit("corpus.py: --tokens must be char or jieba, not %r" % tokens)


def ids_of(path, encoding="utf-8", tokens="char"):
    """(ids, vocabulary size) of a text file."""
    p = pieces(path, encoding, tokens)
    index = {t: i for i, t in enumerate(sorted(set(p)))}
    return [index[t] for t in p], len(index)


def write_ids(path, ids, vocab):
    with open(path, "wb") as f:
        f.write(struct.pack("<ii", vocab, len(ids)))
        f.write(struct.pack("<%di" % len(ids), *ids))


def read_ids(path):
    """(ids, vocabulary size) from a file written by write_ids."""
    with open(path, "rb") as f:
        vocab, n = struct.unpack("<ii", f.read(8))
        ids = list(struct.unpack("<%di" % n, f.read(4 * n)))
    return ids, vocab


def load(args):
    """The ids the common peer options ask for: --ids FILE, or TEXT with --tokens/--encoding."""
    if args.ids:
        return read_ids(args.ids)
    if not args.text:
        raise SystemExit("give a text file or --ids FILE")
    return ids_of(args.text, args.encoding, args.tokens)


def add_data_options(ap):
    ap.add_argument("text", nargs="?", help="text file (or use --ids)")
    ap.add_argument("--ids", help="token ids written by corpus.py")
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("--tokens", default="char", choices=["char", "jieba"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("text")
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("--tokens", default="char", choices=["char", "jieba"])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.perf_counter()
    ids, vocab = ids_of(a.text, a.encoding, a.tokens)
    write_ids(a.out, ids, vocab)
    print(json.dumps({"corpus": a.text, "tokens": a.tokens, "count": len(ids), "vocab": vocab,
                      "seconds": round(time.perf_counter() - t0, 2)}))


if __name__ == "__main__":
    sys.exit(main())
