#!/usr/bin/env python3
"""Writes docs/PERFORMANCE.md and README.md's headline table from the results bench/report.sh
collected (standard library only).

usage: make_report.py RESULTS_DIR OUT.md RAW_DIR [--readme README.md]

RESULTS_DIR holds machine.json, build.json, ids.jsonl (the token ids the peers read),
jmh-jdkNN-*.json (JMH -rf json), train.jsonl (the app's own train), serve.jsonl (the serve load
test, ServeLoad --json, one line per JDK; results from before it have none and no serve section),
peers.jsonl (one JSON line per peer run), loads.jsonl (bench/measure.py: the load before, during and after every measured run)
and commands.txt. The raw files are copied to RAW_DIR so that every figure in the markdown can be
traced to them (RESULTS_DIR may be RAW_DIR itself: the report is then made again from them).
With --readme, the table between the markers <!-- performance-table:begin --> and
<!-- performance-table:end --> in that file is replaced by the headline figures.

A figure taken on a busy machine (measure.py's 'doubtful': the wait for a quiet machine gave
up, or other processes used more than the threshold of CPU during the run) carries a † and a
footnote with the load.
"""
import glob
import json
import math
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
import models  # noqa: E402  (bench/peers/models.py: what a model costs per token)

ORDER = ["W1", "W2", "W3", "W4", "W4-full"]
WORKLOADS = {
    "W1": "seed, characters: rnn, hidden 100, seq 25, batch 1, Adagrad 0.1, tinyshakespeare (65 symbols)",
    "W2": "seed, jieba words: rnn, hidden 200, seq 25, batch 1, Adagrad 0.1, hongloumeng.gbk.txt (~45,500 words)",
    "W3": "char-rnn: LSTM 2 × 128, seq 50, batch 50, Adam 2e-3, tinyshakespeare (65 symbols)",
    "W4": "word LSTM, adaptive softmax: embedding 256, LSTM 2 × 256, seq 35, batch 32, Adam 2e-3, clip norm 5, "
          "cutoffs 2000,10000, div 4, hongloumeng.gbk.txt in jieba words",
    "W4-full": "word LSTM, full softmax: W4 with `--softmax full`",
}
HEADLINE = {
    "W1": "seed, characters (rnn 100, batch 1, Adagrad)",
    "W2": "seed, jieba words (rnn 200, %s words)",
    "W3": "char-rnn (LSTM 2×128, batch 50, Adam)",
    "W4": "word LSTM (2×256, embedding 256, adaptive softmax)",
}
# the models vecrnn trains: its input is a row gather of the first layer's weights (W1-W3)
SPECS = {
    "W1": dict(cell="rnn", hidden=100, layers=1, steps=25, batch=1, corpus="chars", input="gather",
               optimizer="Adagrad 0.1", clip="each gradient element to [-5, 5]"),
    "W2": dict(cell="rnn", hidden=200, layers=1, steps=25, batch=1, corpus="words", input="gather",
               optimizer="Adagrad 0.1", clip="each gradient element to [-5, 5]"),
    "W3": dict(cell="lstm", hidden=128, layers=2, steps=50, batch=50, corpus="chars", input="gather",
               optimizer="Adam 0.002", clip="each gradient element to [-5, 5]"),
    "W4": dict(cell="lstm", hidden=256, layers=2, steps=35, batch=32, corpus="words", input="embedding",
               embedding=256, softmax="adaptive", optimizer="Adam 0.002", clip="global norm 5"),
    "W4-full": dict(cell="lstm", hidden=256, layers=2, steps=35, batch=32, corpus="words", input="embedding",
                    embedding=256, softmax="full", optimizer="Adam 0.002", clip="global norm 5"),
}
CUTOFFS = (2000, 10000)
DIV_VALUE = 4.0
# issue 14 (W1, W2, W3, the short run, kernels) and issue 12 (W4)
SEED_TARGETS = {"W1": 50.0, "W2": 150.0}
SHORT_TARGET = 10.0
SHORT_ITERATIONS, SHORT_TOKENS = 5000, 5000 * 25
W3_TARGET, W3_TUNED_TARGET = 3.0, 2.0
W4_FULL_TARGET, W4_TORCH_TARGET = 8.0, 2.0
KERNEL_TARGET = 0.5
# issue 13: the server with 64 streaming clients
SERVE_TTFT_TARGET_MS = 50.0
SERVE_STAGES = ["dispatch", "parse", "slot", "prompt", "queue", "draw", "wake", "write", "total"]
PER_SECOND = {"ops/s": 1.0, "ops/ms": 1e3, "ops/us": 1e6, "ops/ns": 1e9}
SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}
BEGIN, END = "<!-- performance-table:begin -->", "<!-- performance-table:end -->"


# ---- reading -------------------------------------------------------------------------------

def read_jsonl(path):
    if not os.path.exists(path):
        return []
    return [json.loads(l) for l in open(path, encoding="utf-8") if l.strip().startswith("{")]


def read_jmh(results):
    """Every JMH result: jdk, class, method, params, rate per second, secondary rates, and the
    label of the JMH run it came from (the file name, as measure.py recorded it)."""
    rows = []
    for path in sorted(glob.glob(os.path.join(results, "jmh-jdk*-*.json"))):
        jdk = re.search(r"jmh-jdk([^-]+)-", os.path.basename(path)).group(1)
        try:
            data = json.load(open(path))
        except (OSError, ValueError):
            continue
        for r in data:
            cls, method = r["benchmark"].rsplit(".", 1)
            pm = r["primaryMetric"]
            rows.append({
                "jdk": jdk, "class": cls.rsplit(".", 1)[-1], "package": cls.rsplit(".", 2)[-2], "method": method,
                "params": r.get("params", {}), "rate": rate(pm["score"], pm["scoreUnit"]),
                "error": pm.get("scoreError"), "unit": pm["scoreUnit"], "score": pm["score"],
                "secondary": {k: rate(v["score"], v["scoreUnit"]) for k, v in r.get("secondaryMetrics", {}).items()},
                "secondary_best": {k: rate(best_iteration(v), v["scoreUnit"])
                                   for k, v in r.get("secondaryMetrics", {}).items()},
                "label": os.path.basename(path)[:-len(".json")],
            })
    return rows


def best_iteration(metric):
    """The best measurement iteration of a JMH metric (its score when it has no raw data): the
    statistic numpy's peak uses, the best of its timed runs, so that the two compare alike."""
    raw = [x for fork in metric.get("rawData") or [] for x in fork]
    if not raw:
        return metric["score"]
    return min(raw) if metric["scoreUnit"] in SECONDS else max(raw)


def rate(score, unit):
    """Operations per second from a JMH score, whatever the mode's unit."""
    if unit in PER_SECOND:
        return score * PER_SECOND[unit]
    if unit in SECONDS and score > 0:
        return 1.0 / (score * SECONDS[unit])
    return None


def shape_of(params):
    """(m, n, k) sorted, from params m, n, k or a param like "NT:25x45000x200"; else None."""
    p = {k.lower(): v for k, v in params.items()}
    try:
        if all(x in p for x in ("m", "n", "k")):
            return tuple(sorted(int(p[x]) for x in ("m", "n", "k")))
        for v in p.values():
            m = re.fullmatch(r"(?:\w+:)?(\d+)\s*x\s*(\d+)\s*x\s*(\d+)", str(v))
            if m:
                return tuple(sorted(int(d) for d in m.groups()))
    except ValueError:
        pass
    return None


def gflops(row):
    """A product's GFLOP/s: its best measurement iteration, as numpy's peak is its best run."""
    for k, v in row.get("secondary_best", row["secondary"]).items():
        if "flop" in k.lower() and v:
            return v / 1e9
    dims = shape_of(row["params"])
    if dims and "gemm" in (row["class"] + row["method"]).lower() and row["rate"]:
        return 2.0 * dims[0] * dims[1] * dims[2] * row["rate"] / 1e9
    return None


def core_of(label):
    """The OpenBLAS core a PyTorch run used: 'SkylakeX' when forced, else 'default'."""
    return "SkylakeX" if "-SkylakeX" in label else "default"


# ---- formatting ----------------------------------------------------------------------------

def num(x, digits=0):
    if x is None:
        return "–"
    if digits == 0:
        return "{:,.0f}".format(x)
    return "{:,.{d}f}".format(x, d=digits)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def times(x):
    return "–" if x is None else ("%.1f×" % x if x < 100 else "%.0f×" % x)


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def params_text(p, skip=()):
    return ", ".join("%s=%s" % (k, v) for k, v in p.items() if k not in skip)


class Marks:
    """† for a figure measured on a busy machine, and the footnote that gives its load."""

    def __init__(self, loads):
        self.loads = loads
        self.pending = {}

    def __call__(self, label):
        r = self.loads.get(label) if label else None
        if r and r.get("doubtful"):
            self.pending[label] = r
            return "†"
        return ""

    def note(self):
        """The footnote for the marks made since the last call ('' if none)."""
        if not self.pending:
            return ""
        gave_up = {r["waited_s"] for r in self.pending.values() if r.get("wait_ended") == "timeout"}
        parts = ["%s %.2f / %.2f%s" % (label, r["load_before"][0], r["others_cores"],
                                       "*" if r.get("wait_ended") == "timeout" else "")
                 for label, r in sorted(self.pending.items())]
        # a busy machine lowers a rate; it raises the serve load test's times
        effect = "so low" if not any(label.startswith("serve-") for label in self.pending) else \
            "so low (rates) or high (times)"
        self.pending = {}
        return ("† taken on a busy machine, %s by an unknown amount (1-minute load average before the run / CPU "
                "cores other processes used during it%s): %s." % (effect,
                    "; * the wait for a quiet machine gave up after %s s" % num(max(gave_up)) if gave_up else "",
                    ", ".join(parts)))


# ---- the results ---------------------------------------------------------------------------

class Results:
    def __init__(self, results):
        j = lambda name: os.path.join(results, name)
        self.machine = json.load(open(j("machine.json")))
        self.build = json.load(open(j("build.json"))) if os.path.exists(j("build.json")) else {}
        self.jmh = read_jmh(results)
        self.train = read_jsonl(j("train.jsonl"))
        self.peers = read_jsonl(j("peers.jsonl"))
        self.serve = read_jsonl(j("serve.jsonl"))
        for r in self.serve:
            r.setdefault("label", "serve-jdk%s" % r.get("jdk"))
        for r in self.train:  # results of report.sh before it labelled its runs
            r.setdefault("label", "train-%s-jdk%s-t%s" % (r["workload"], r["jdk"], r["threads"]))
        for p in self.peers:  # ... and before it recorded the workload: from the label
            p.setdefault("label", p.get("peer", "?"))
            if "workload" not in p:
                m = re.search(r"-(W\d(?:-full)?)(?:-|$)", p.get("label", ""))
                p["workload"] = m and m.group(1)
        self.loads = {r["label"]: r for r in read_jsonl(j("loads.jsonl"))}
        self.ids = {("chars" if "chars" in r.get("out", "") else "words"): r for r in read_jsonl(j("ids.jsonl"))}
        self.commands = open(j("commands.txt")).read().strip() if os.path.exists(j("commands.txt")) else ""
        self.jdks = sorted({r["jdk"] for r in self.train} | {r["jdk"] for r in self.jmh}
                           | {r["jdk"] for r in self.serve if r.get("jdk")},
                           key=lambda v: int(v.split(".")[0]))
        self.main_jdk = self.jdks[-1] if self.jdks else None
        sgemm = [p for p in self.peers if p.get("peer") == "numpy-sgemm" and "gflops" in p]
        self.sgemm = sgemm
        all_cores = [p for p in sgemm if p.get("OPENBLAS_NUM_THREADS") != "1"]
        one_core = [p for p in sgemm if p.get("OPENBLAS_NUM_THREADS") == "1"]
        self.peak = max(all_cores, key=lambda p: p["gflops"]) if all_cores else None
        self.peak1 = max(one_core, key=lambda p: p["gflops"]) if one_core else None
        self.bandwidth = max((p.get("copy_gb_per_s", 0) for p in sgemm), default=None) or None
        # what OpenBLAS itself reaches on each product shape (sgemm_peak.py --shapes), by thread count
        self.numpy_shapes = {}
        for p in sgemm:
            threads = "1" if p.get("OPENBLAS_NUM_THREADS") == "1" else str(p.get("cores", 2))
            at = self.numpy_shapes.setdefault(threads, {})
            for shape, g in (p.get("shapes") or {}).items():
                at[shape] = max(g, at.get(shape, 0))

    def numpy_at(self, shape, threads):
        """numpy's GFLOP/s on this OP:MxNxK product with as many threads, or None when not timed."""
        return self.numpy_shapes.get(str(threads), {}).get(shape)

    def vocab(self, w):
        r = self.ids.get(SPECS[w]["corpus"])
        if r and r.get("vocab"):
            return r["vocab"]
        return next((t["vocab"] for t in self.train if t["workload"] == w and t.get("vocab")), None)

    def trains(self, w, jdk=None, kind="train"):
        return [r for r in self.train if r["workload"] == w and r["jdk"] == (jdk or self.main_jdk)
                and r.get("kind", "train") == kind and "tokens_per_s" in r]

    def best_train(self, w, jdk=None):
        rs = self.trains(w, jdk)
        return max(rs, key=lambda r: r["tokens_per_s"]) if rs else None

    def short(self, jdk):
        """The seed's 5,000-iteration run on jdk, with its end-to-end tokens/s (JVM start to exit)."""
        rs = self.trains("W1", jdk, kind="short")
        if not rs:
            return None
        r = dict(rs[0])
        wall = self.loads.get(r["label"], {}).get("seconds")
        r["end_to_end"] = r["tokens"] / wall if wall else None
        r["wall"] = wall
        return r

    def serve_run(self, jdk=None):
        """The serve load test's run on jdk (the last one, measured or failed), or None."""
        rs = [r for r in self.serve if r.get("jdk") == (jdk or self.main_jdk)]
        return rs[-1] if rs else None

    def peer_runs(self, names, w, core=None):
        return [p for p in self.peers if p.get("peer") in names and p.get("workload") == w and "tokens_per_s" in p
                and (core is None or core_of(p.get("label", "")) == core)]

    def best_peer(self, names, w, core=None):
        rs = self.peer_runs(names, w, core)
        return max(rs, key=lambda p: p["tokens_per_s"]) if rs else None

    def seed(self, w):
        return self.best_peer(("numpy-seed",), w)

    def torch(self, w, core=None):
        """PyTorch's best: the peer or its anchor script, 1 or 2 threads, the given BLAS core or any."""
        return self.best_peer(("pytorch", "pytorch-anchor"), w, core)

    def dl4j(self, w):
        return self.best_peer(("dl4j",), w)

    def iteration(self, w, kernels, threads=None, jdk=None):
        def match(p):
            if p.get("workload") == w:
                return True
            return w.startswith("W4") and p.get("workload") == "W4" and "softmax" in p and \
                p["softmax"] == ("full" if w == "W4-full" else "adaptive")
        rs = [r for r in self.jmh if r["class"] == "IterationBenchmark" and r["jdk"] == (jdk or self.main_jdk)
              and match(r["params"]) and r["params"].get("kernels") == kernels
              and (threads is None or r["params"].get("threads") == str(threads)) and r["secondary"].get("tokens")]
        return max(rs, key=lambda r: r["secondary"]["tokens"]) if rs else None

    def workloads(self):
        seen = {r["workload"] for r in self.train} | {p.get("workload") for p in self.peers}
        return [w for w in ORDER if w in seen]


# ---- what each system trains ---------------------------------------------------------------

def vecrnn_model(R, w):
    s = SPECS[w]
    vocab = R.vocab(w)
    if vocab is None:
        return None
    fractions = None
    if s.get("softmax") == "adaptive":
        t = next((p for p in R.peer_runs(("pytorch",), w) if p.get("model", {}).get("tail_fractions")), None)
        fractions = t and t["model"]["tail_fractions"]
    t = R.best_train(w)
    params = t.get("params") if t else None
    if params is None and s["input"] == "gather":  # V x G table, H x G recurrence, bias G; deeper: 2 H x G + G; output
        g = models.gate_width(s["cell"], s["hidden"])
        params = vocab * g + s["hidden"] * g + g + (s["layers"] - 1) * (2 * s["hidden"] * g + g) \
            + vocab * s["hidden"] + vocab
    return models.describe(s["cell"], vocab, s["hidden"], s["layers"], s["input"], embedding=s.get("embedding", 0),
                           softmax=s.get("softmax", "full"), cutoffs=CUTOFFS, div_value=DIV_VALUE,
                           tail_fractions=fractions, optimizer=s["optimizer"], clip=s["clip"], params=params)


def peer_model(p):
    if p.get("model"):
        return p["model"]
    if p.get("peer") == "dl4j":
        return models.describe(p["cell"], p["vocab"], p["hidden"], p["layers"], p.get("input", "embedding"),
                               optimizer="%s %g" % ({"adam": "Adam", "adagrad": "AdaGrad"}.get(p["opt"], p["opt"]), p["lr"]),
                               clip="each gradient element to [-5, 5]", params=p.get("params"))
    return None


def model_rows(R, w):
    """[system, model dict, note] for every system that trained workload w."""
    rows = []
    v = vecrnn_model(R, w)
    if v:
        rows.append(["vecrnn", v, ""])
    for name, who, note in (("numpy-seed", "numpy seed", ""), ("pytorch", "PyTorch (`torch_peer.py`)", ""),
                            ("dl4j", "DL4J", "")):
        p = next((p for p in R.peer_runs((name,), w) if peer_model(p)), None)
        if p:
            rows.append([who, peer_model(p), note])
    a = next(iter(R.peer_runs(("pytorch-anchor",), w)), None)
    if a and v:
        s = SPECS[w]
        m = models.describe(s["cell"], v["vocab"], s["hidden"], s["layers"], "onehot", optimizer=s["optimizer"],
                            clip=s["clip"])
        rows.append(["PyTorch (`torch_lm.py`, the anchor)", m, "the loss averaged over all tokens"])
    return rows


def model_section(R, L):
    L.append("## What each system trains")
    L.append("")
    L.append("Every system trains on the same token ids: vecrnn's own (its reader, tokenizer plugin and vocabulary), "
             "exported by `dev.vecrnn.bench.data.TokenIds` and read by each peer. *Multiply-adds per token* count "
             "the matrix products of one token (`bench/peers/models.py`): forward, and training (forward, weight "
             "gradients and input gradients). vecrnn reads a one-hot input as a row of the first layer's weights "
             "(no product); PyTorch and DL4J, given the one-hot vector as char-rnn does, multiply it by those "
             "weights densely. For a word vocabulary that dense product would cost as much as the output layer, so "
             "there the peers look up an H-wide embedding and multiply it by the first layer's input weights (one "
             "H × G product more than vecrnn, under 1 % of the work).")
    L.append("")
    for w in R.workloads():
        rows = model_rows(R, w)
        if not rows:
            continue
        base = rows[0][1]["macs_train"] if rows[0][0] == "vecrnn" else None
        out = []
        for who, m, note in rows:
            out.append([who, "%s × %d, hidden %d" % (m["cell"], m["layers"], m["hidden"]), m["input_text"],
                        m["softmax_text"], "%s; clip %s%s" % (m["optimizer"] or "–", m["clip"] or "–",
                                                            "; " + note if note else ""),
                        num(m.get("params")), "%s / %s" % (num(m["macs_forward"]), num(m["macs_train"])),
                        times(ratio(m["macs_train"], base))])
        L.append("**%s** (%s)" % (w, WORKLOADS[w]))
        L.append("")
        L.append(table(["system", "cell", "input", "softmax", "optimizer", "parameters",
                        "multiply-adds per token (forward / training)", "training work vs vecrnn"], out))
        L.append("")


# ---- targets -------------------------------------------------------------------------------

def kernel_rows(R):
    """Gemm results with GFLOP/s, a scalar/vector pair per JDK, shape and thread count, and whether
    the shape is one that W2, W3 or W4 runs."""
    shapes = set()
    for w in ("W2", "W3", "W4"):
        s = SPECS[w]
        g = models.gate_width(s["cell"], s["hidden"])
        rows = s["steps"] * s["batch"]
        for vocab in {R.vocab(w) or 45558, 45491, 45000, 65} if s["corpus"] == "words" else {65}:
            # output layer (all three products), recurrence per step, and the weight gradients over the chunk
            shapes |= {tuple(sorted(x)) for x in ((rows, vocab, s["hidden"]), (s["batch"], g, s["hidden"]),
                                                  (rows, g, s["hidden"]))}
    pairs = {}
    for r in R.jmh:
        if r["package"] != "kernel":
            continue
        g = gflops(r)
        if g is None:
            continue
        dims = shape_of(r["params"])
        shape = next((str(v) for v in r["params"].values() if re.search(r"\d+x\d+x\d+", str(v))),
                     params_text(r["params"], ("kernels", "threads")))
        key = (r["jdk"], shape, r["params"].get("threads", "1"))
        row = pairs.setdefault(key, {"jdk": r["jdk"], "shape": shape, "threads": key[2], "scalar": None, "vector": None,
                                     "workload_shape": dims in shapes if dims else False, "label": r["label"]})
        row[r["params"].get("kernels", "vector")] = g
    return sorted(pairs.values(), key=lambda k: (int(k["jdk"].split(".")[0]), not k["workload_shape"], k["shape"],
                                                 k["threads"]))


def status(r, target):
    if r is None:
        return None
    return "**met**" if r >= target else "**not met**: %.0f %% of the target" % (100 * r / target)


def target_rows(R, mark, why):
    rows = []
    main = R.main_jdk

    def row(name, wanted, mine, theirs, r, target, missing):
        measured = "%s%s vs %s%s" % (num(mine and mine["tokens_per_s"]), mark(mine and mine.get("label")),
                                     num(theirs and theirs["tokens_per_s"]), mark(theirs and theirs.get("label")))
        rows.append([name, wanted, measured, times(r), status(r, target) or "not measured (%s)" % missing])

    for w in ("W1", "W2"):
        v, s = R.best_train(w), R.seed(w)
        r = ratio(v and v["tokens_per_s"], s and s["tokens_per_s"])
        row("%s %s" % (w, WORKLOADS[w].split(":")[0]), "≥ %g× the numpy seed" % SEED_TARGETS[w], v, s, r,
            SEED_TARGETS[w], "no result from " + ("vecrnn's train" if v is None else "the numpy seed"))
        if r is not None and r < SEED_TARGETS[w]:
            why.append(explain(R, w, v, SEED_TARGETS[w] * s["tokens_per_s"]))
    s = R.seed("W1")
    for jdk in R.jdks:
        sh = R.short(jdk)
        e = sh and sh["end_to_end"]
        r = ratio(e, s and s["tokens_per_s"])
        rows.append(["W1 short run, JDK %s" % jdk, "the seed's 5,000 iterations end to end ≥ %g× the numpy seed"
                     % SHORT_TARGET, "%s%s vs %s%s" % (num(e), mark(sh and sh["label"]), num(s and s["tokens_per_s"]),
                                                      mark(s and s["label"])),
                     times(r), status(r, SHORT_TARGET) or "not measured"])
        if r is not None and r < SHORT_TARGET:
            why.append("**W1 short run, JDK %s**: %s tokens in %.1f s from the JVM's start to its exit (%s tokens/s); "
                       "the app's own count of the training loop says %s tokens/s, so %.1f s went to starting the JVM, "
                       "reading and tokenising the text, JIT compilation before the loop and writing the model. "
                       "%s tokens/s needed." % (jdk, num(SHORT_TOKENS), sh["wall"], num(e), num(sh["tokens_per_s"]),
                                                sh["wall"] - SHORT_TOKENS / sh["tokens_per_s"],
                                                num(SHORT_TARGET * s["tokens_per_s"])))
    v = R.best_train("W3")
    for core, target, name in (("default", W3_TARGET, "PyTorch as Debian ships it"),
                               ("SkylakeX", W3_TUNED_TARGET, "PyTorch with its BLAS tuned (`OPENBLAS_CORETYPE=SkylakeX`)")):
        t = R.torch("W3", core)
        r = ratio(v and v["tokens_per_s"], t and t["tokens_per_s"])
        row("W3 char-rnn", "≥ %g× %s" % (target, name), v, t, r, target,
            "no result from " + ("vecrnn's train" if v is None else "PyTorch"))
        if r is not None and r < target and core == "default":
            why.append(explain(R, "W3", v, target * t["tokens_per_s"]))
    a, f = R.best_train("W4"), R.best_train("W4-full")
    missing = "this build's `vecrnn train` has no `--embedding`/`--softmax` (issue 12)" if not a else "no W4-full result"
    r = ratio(a and a["tokens_per_s"], f and f["tokens_per_s"])
    row("W4 adaptive softmax", "≥ %g× W4 with the full softmax" % W4_FULL_TARGET, a, f, r, W4_FULL_TARGET, missing)
    t = R.torch("W4")
    r = ratio(a and a["tokens_per_s"], t and t["tokens_per_s"])
    row("W4 adaptive softmax", "≥ %g× PyTorch's same model" % W4_TORCH_TARGET, a, t, r, W4_TORCH_TARGET,
        missing if not a else "no PyTorch result")

    krows = [k for k in kernel_rows(R) if k["jdk"] == main and k["workload_shape"] and k["vector"] is not None]
    for threads, peak, name in (("1", R.peak1, "one-thread"), ("2", R.peak, "two-thread")):
        sel = [k for k in krows if k["threads"] == threads]
        wanted = "products at W2/W3/W4 shapes on %s thread(s) ≥ 50 %% of numpy's %s sgemm (%s GFLOP/s)" % (
            threads, name, num(peak and peak["gflops"], 1))
        if not sel or not peak:
            rows.append(["kernels, %s thread(s)" % threads, wanted,
                         "no gemm results at these shapes" if peak else "no sgemm peak", "–", "not measured"])
            continue
        worst = min(sel, key=lambda k: k["vector"])
        low = [k for k in sel if k["vector"] / peak["gflops"] < KERNEL_TARGET]
        rows.append(["kernels, %s thread(s)" % threads, wanted, "lowest: %s: %s GFLOP/s%s" % (
            worst["shape"], num(worst["vector"], 1), mark(worst["label"])),
            "%.0f %%" % (100 * worst["vector"] / peak["gflops"]),
            "**met** at all %d shapes" % len(sel) if not low else "**not met** at %d of %d shapes: %s" % (
                len(low), len(sel), ", ".join(sorted(k["shape"] for k in low)))])
        if low:
            why.append(explain_kernels(low, peak, R.bandwidth, name, lambda shape: R.numpy_at(shape, threads)))
    if R.serve:
        rows.append(serve_target(R, mark, why))
    return rows


def serve_target(R, mark, why):
    """The Targets row of the serve load test on the main JDK; a paragraph in why when it is not met."""
    r = R.serve_run()
    clients = (r or {}).get("clients") or next((x.get("clients") for x in R.serve if x.get("clients")), 64)
    name = "serve, %s streaming clients" % clients
    wanted = "zero errors and p99 time to first token < %g ms" % SERVE_TTFT_TARGET_MS
    if r is None or "error" in r or r.get("ttft_p99_ms") is None:
        why_not = "no serve run on JDK %s" % R.main_jdk if r is None else r.get("error", "no completions")
        return [name, wanted, "–", "–", "not measured (%s)" % why_not]
    p99, errors = r["ttft_p99_ms"], r.get("errors", 0)
    measured = "%s errors, first token p99 %s ms (p50 %s ms)%s" % (num(errors), num(p99, 1), num(r.get("ttft_p50_ms"), 1),
                                                                   mark(r["label"]))
    share = p99 / SERVE_TTFT_TARGET_MS
    problems = []
    if errors:
        problems.append("%s errors (first: %s)" % (num(errors), r.get("first_error")))
    if p99 >= SERVE_TTFT_TARGET_MS:
        problems.append("p99 %.1f× the bound" % share)
    if problems:
        why.append(explain_serve(r))
    return [name, wanted, measured, "p99 / %g ms = %.2f" % (SERVE_TTFT_TARGET_MS, share),
            "**met**" if not problems else "**not met**: " + "; ".join(problems)]


def explain_serve(r):
    """The serve run's figures that say where a slow first token or an error came from."""
    out = ["**serve, JDK %s**: %s errors; time to first token p50 %s ms, p99 %s ms (wanted < %g ms), from the "
           "client's send to the first event it read." % (r["jdk"], num(r.get("errors")), num(r.get("ttft_p50_ms"), 1),
                                                           num(r.get("ttft_p99_ms"), 1), SERVE_TTFT_TARGET_MS)]
    if r.get("first_error"):
        out.append("First error: %s." % r["first_error"])
    total = (r.get("stages") or {}).get("total")
    if total and total.get("p99") is not None:
        out.append("The server's own first-token steps (`total` in `vecrnn_first_token_stage_seconds`) took %s ms "
                   "at p99 and %s ms at p50; the rest of the client's wait is outside them." % (
                       num(total["p99"], 2), num(total.get("p50"), 2)))
    if r.get("wake_p99_ms") is not None:
        out.append("A thread sleeping 5 ms woke %s ms late at p99 meanwhile." % num(r["wake_p99_ms"], 2))
    if r.get("cpu_ms_per_1000_tokens") is not None:
        out.append("The process (server and clients) used %s ms of CPU per 1,000 tokens, %s tokens/s on %s cores." % (
            num(r["cpu_ms_per_1000_tokens"]), num(r.get("tokens_per_s")), r.get("cores", "?")))
    out.append("See docs/SERVE.md.")
    return " ".join(out)


def serve_section(R, mark, L):
    """## Serve: the load test's figures per JDK and the server's first-token steps."""
    done = [r for r in R.serve if "error" not in r]
    first = done[0] if done else {}
    L.append("## Serve: %s streaming clients" % first.get("clients", 64))
    L.append("")
    if not first:
        L.append("`dev.vecrnn.bench.serve.ServeLoad` (docs/SERVE.md), the server in the same process under streaming "
                 "clients: no run finished.")
    else:
        L.append("`dev.vecrnn.bench.serve.ServeLoad` (docs/SERVE.md): the server in the same process on 127.0.0.1, "
                 "%s streaming clients (%s) each sending completions one after another, %s tokens each (prompt `%s`), "
                 "%s completions or %s s, whichever ends first, after a warm-up of %s completions on a first server. "
                 "The model: `vecrnn train`'s defaults on its built-in corpus (%s). *First token*: from the request's "
                 "send to the first event the client read; *whole*: to the end of the stream; *CPU*: the process "
                 "(server and clients) per 1,000 tokens, which does not depend on the share of the cores it got; "
                 "*wake-up p99*: how late a thread sleeping 5 ms woke meanwhile." % (
                     first.get("clients", "?"), {"jetty": "Jetty's asynchronous HttpClient", "blocking": "a thread each"}.get(
                         first.get("client_kind"), first.get("client_kind", "?")), first.get("max_tokens", "?"),
                     first.get("prompt", "?"), num(first.get("requests")), first.get("seconds_limit", "?"),
                     num(first.get("warmup")), first.get("model_summary", "?")))
    L.append("")
    rows = []
    for r in sorted(R.serve, key=lambda r: int(str(r.get("jdk", "0")).split(".")[0] or 0)):
        m = mark(r["label"])
        if "error" in r:
            rows.append(["JDK %s" % r.get("jdk"), "–", "–", "–", "–", "–", "–", "–", "–", r["error"]])
            continue
        ms = lambda a, b: "%s / %s" % (num(r.get(a), 1), num(r.get(b), 1))
        rows.append(["JDK %s" % r.get("java_version", r["jdk"]), "%s of %s in %s s" % (
                         num(r.get("completions")), num(r.get("requests")), num(r.get("seconds"), 1)),
                     num(r.get("completions_per_s"), 1) + m, num(r.get("tokens_per_s")) + m, num(r.get("errors")),
                     ms("ttft_p50_ms", "ttft_p99_ms") + m, ms("whole_p50_ms", "whole_p99_ms") + m,
                     num(r.get("cpu_ms_per_1000_tokens")), num(r.get("wake_p99_ms"), 2),
                     "first error: %s" % r["first_error"] if r.get("first_error") else ""])
    L.append(table(["JDK", "completions", "completions/s", "tokens/s", "errors", "first token p50 / p99 (ms)",
                    "whole p50 / p99 (ms)", "CPU ms per 1,000 tokens", "wake-up p99 (ms)", "note"], rows))
    L.append("")
    note = mark.note()
    if note:
        L.append(note)
        L.append("")
    staged = [r for r in done if r.get("stages")]
    if staged:
        names = [s for s in SERVE_STAGES if any(s in r["stages"] for r in staged)]
        names += sorted({s for r in staged for s in r["stages"]} - set(names))
        L.append("The server's own account of the first token, step by step (`vecrnn_first_token_stage_seconds` "
                 "from its /metrics, each step's p99 on its own, ms; `total` is the whole of it):")
        L.append("")
        L.append(table(["JDK"] + names, [["JDK %s" % r["jdk"]] + [num((r["stages"].get(s) or {}).get("p99"), 2)
                                                                  for s in names] for r in staged]))
        L.append("")


def explain_kernels(low, peak, bandwidth, name, numpy_at=lambda shape: None):
    """Why gemm shapes stay below half the peak: how far, whether memory bandwidth can be the reason,
    and what OpenBLAS itself reaches on the same product."""
    parts = []
    for k in sorted(low, key=lambda k: k["shape"]):
        m, n, kk = (int(d) for d in re.findall(r"\d+", k["shape"])[-3:])
        # bytes that must move at least once: A and B read, C read and written
        intensity = 2.0 * m * n * kk / (4.0 * (m * kk + n * kk + 2 * m * n))
        text = "%s: %s GFLOP/s, %.0f %% of the peak" % (k["shape"], num(k["vector"], 1), 100 * k["vector"] / peak["gflops"])
        if bandwidth:
            ceiling = bandwidth * intensity
            text += "; %.1f FLOP per byte moved, so the copy bandwidth allows %s GFLOP/s%s" % (
                intensity, num(ceiling), ", which is the limit" if ceiling < 0.5 * peak["gflops"] else "")
        theirs = numpy_at(k["shape"])
        if theirs:
            text += "; OpenBLAS itself reaches %s GFLOP/s on this product (%.0f %% of its peak%s), vecrnn %.0f %% of that" % (
                num(theirs, 1), 100 * theirs / peak["gflops"],
                ", below the target's half too" if theirs < KERNEL_TARGET * peak["gflops"] else "", 100 * k["vector"] / theirs)
        parts.append(text)
    return "**kernels against numpy's %s sgemm**: %s." % (name, "; ".join(parts))


def batched_products(w, vocab):
    """The matrix products of one training iteration of workload w that numpy can time on their own, as
    (OP:MxNxK shape, calls per iteration, multiply-adds per token); None for a workload without such a list.
    W3 (one-hot input, batched): every product. W2: the three output-layer products, 99.6 % of its
    multiply-adds; its batch-1 recurrence is 1 x 200 x 200 products, which numpy cannot time apart from
    Python's per-call cost."""
    if w not in ("W2", "W3"):
        return None
    s = SPECS[w]
    rows, h = s["steps"] * s["batch"], s["hidden"]
    out = [("NT:%dx%dx%d" % (rows, vocab, h), 1), ("NN:%dx%dx%d" % (rows, h, vocab), 1),
           ("TN:%dx%dx%d" % (vocab, h, rows), 1)]
    if w == "W3":
        g = models.gate_width(s["cell"], h)
        # each layer's recurrence, step by step forward and back, and its weights' gradient over the chunk
        out += [("NT:%dx%dx%d" % (s["batch"], g, h), s["steps"] * s["layers"]),
                ("NN:%dx%dx%d" % (s["batch"], h, g), s["steps"] * s["layers"]), ("TN:%dx%dx%d" % (g, h, rows), s["layers"])]
        # the upper layers' input: projection, input gradient, weights' gradient (the first layer's is a gather)
        out += [("NT:%dx%dx%d" % (rows, g, h), s["layers"] - 1), ("NN:%dx%dx%d" % (rows, h, g), s["layers"] - 1),
                ("TN:%dx%dx%d" % (g, h, rows), s["layers"] - 1)]
    calls = {}
    for shape, n in out:
        calls[shape] = calls.get(shape, 0) + n
    return [(shape, n, n * math.prod(shape_of({"shape": shape})) / rows) for shape, n in calls.items() if n]


def openblas_ceiling(R, w, vocab, model_macs, need):
    """A sentence on the tokens/s that workload w's products would allow if they ran as fast as OpenBLAS
    itself runs each of them (sgemm_peak.py --shapes), on the better of its thread counts; [] if not timed."""
    products = batched_products(w, vocab)
    if not products:
        return []
    s = SPECS[w]
    rows = s["steps"] * s["batch"]
    best = None
    for threads in sorted(R.numpy_shapes):
        g = [R.numpy_at(shape, threads) for shape, _, _ in products]
        if all(g):
            seconds = sum(2.0 * macs * rows / 1e9 / x for (_, _, macs), x in zip(products, g))
            if best is None or seconds < best[1]:
                best = (threads, seconds, g)
    if best is None:
        return []
    threads, seconds, g = best
    ceiling = rows / seconds
    covered = sum(macs for _, _, macs in products) / model_macs if model_macs else 1.0
    shapes = ", ".join("%s%s %s GFLOP/s" % ("%d × " % n if n > 1 else "", shape, num(x, 1))
                       for (shape, n, _), x in zip(products, g))
    text = ("Even at the speed OpenBLAS itself reaches on each of %s's matrix products on %s thread%s in this report "
            "(%s%s), they alone would take %.1f ms per iteration: a ceiling of %s tokens/s with nothing else done, "
            "%.0f %% of the %s needed" % (
                w, threads, "" if threads == "1" else "s", shapes, "; %.1f %% of the multiply-adds" % (100 * covered) if covered < 0.9995 else "",
                1e3 * seconds, num(ceiling), 100 * ceiling / need, num(need)))
    text += (", so the target asks for products faster than OpenBLAS runs them on this machine." if ceiling < need
             else ".")
    return [text]


def explain(R, w, v, need):
    """A paragraph with the measurements that say why a workload's target is not met."""
    s = SPECS[w]
    tokens = v["tokens_per_s"]
    m = vecrnn_model(R, w)
    out = ["**%s**: %s tokens/s measured, %s needed (%.2f× short)." % (w, num(tokens), num(need), need / tokens)]
    if m:
        flop = 2.0 * m["macs_train"]
        out.append("One token costs %s multiply-adds of matrix products in training (%.2f MFLOP), so %s tokens/s is "
                   "%.1f GFLOP/s%s." % (num(m["macs_train"]), flop / 1e6, num(tokens), flop * tokens / 1e9,
                                        " = %.0f %% of numpy's sgemm on both cores" % (100 * flop * tokens / 1e9 / R.peak["gflops"])
                                        if R.peak else ""))
    if w == "W2" and m:
        mb = m["vocab"] * s["hidden"] * 4 / 1e6
        passes = 6
        out.append("The %s × %d output matrix is %.0f MB, far beyond the caches. An iteration passes over it or "
                   "its Adagrad memory, which is as large, about %d times: the forward and input-gradient products "
                   "read the weights, and the one fused pass that makes their gradient a block at a time, clips it "
                   "and applies Adagrad reads and writes both: %.0f MB per iteration of %d tokens." % (
                       num(m["vocab"]), s["hidden"], mb, passes, passes * mb, s["steps"] * s["batch"]))
        if R.bandwidth:
            floor = passes * mb / 1e3 / R.bandwidth
            out.append("At the measured copy bandwidth of %.1f GB/s this traffic alone takes %.1f ms, a ceiling of "
                       "%s tokens/s; the measured iteration takes %.1f ms." % (
                           R.bandwidth, 1e3 * floor, num(s["steps"] * s["batch"] / floor), 1e3 * s["steps"] * s["batch"] / tokens))
    if m:
        out.extend(openblas_ceiling(R, w, m["vocab"], m["macs_train"], need))
    it1, it2 = R.iteration(w, "vector", 1), R.iteration(w, "vector", 2)
    if it1 and it2:
        gain = it2["secondary"]["tokens"] / it1["secondary"]["tokens"]
        out.append("JMH, one iteration: %s tokens/s on 1 thread, %s on 2 (%.2f×)." % (
            num(it1["secondary"]["tokens"]), num(it2["secondary"]["tokens"]), gain))
    if w == "W3":
        g = models.gate_width(s["cell"], s["hidden"])
        out.append("Only the recurrence is sequential: %d steps × %d layers of [%d × %d]·[%d × %d] products per "
                   "iteration, each too small to keep both cores or the FMA units busy; see the LSTM rows of the "
                   "chunk benchmark." % (s["steps"], s["layers"], s["batch"], s["hidden"], s["hidden"], g))
    if w == "W1" and m:
        h = s["hidden"]
        l1 = (R.machine or {}).get("l1d_bytes")
        out.append("W1's products are tiny (hidden %d, %s symbols, batch 1): %d sequential steps of %d × %d "
                   "matrix-vector work each way, %.0f ns per token at this speed for %.0f kFLOP. The steps already run "
                   "inside one kernel call per chunk, so what is left is the steps themselves: each reads all of W_hh "
                   "(%.0f KB)%s, and the output layer's products are 25 rows deep." % (
                       h, num(m["vocab"]), s["steps"], h, h, 1e9 / tokens, 2.0 * m["macs_train"] / 1e3, h * h * 4 / 1e3,
                       ", more than this core's %.0f KB L1 data cache holds, so it comes from L2 every step" % (l1 / 1024)
                       if l1 and h * h * 4 > l1 else ""))
    return " ".join(out)


# ---- README ----------------------------------------------------------------------------------

def readme_lines(R):
    """The README's headline: one sentence on the run, the table, and the † note if any."""
    mark = Marks(R.loads)
    m = R.machine
    rows = []
    for w in ("W1", "W2", "W3", "W4"):
        v = R.best_train(w)
        if not v:
            continue
        vt = v["tokens_per_s"]
        against = []
        s, d = R.seed(w), R.dl4j(w)
        if w in ("W1", "W2"):
            t = R.torch(w)
            if s:
                against.append("%s the numpy seed%s" % (times(ratio(vt, s["tokens_per_s"])), mark(s["label"])))
            if t:
                against.append("%s PyTorch%s" % (times(ratio(vt, t["tokens_per_s"])), mark(t["label"])))
        elif w == "W3":
            t, tt = R.torch(w, "default"), R.torch(w, "SkylakeX")
            if t:
                against.append("%s PyTorch as Debian ships it%s%s" % (
                    times(ratio(vt, t["tokens_per_s"])), mark(t["label"]),
                    " (%s with its BLAS tuned%s)" % (times(ratio(vt, tt["tokens_per_s"])), mark(tt["label"])) if tt else ""))
        else:
            t, f = R.torch(w), R.best_train("W4-full")
            if t:
                against.append("%s PyTorch's same model%s" % (times(ratio(vt, t["tokens_per_s"])), mark(t["label"])))
            if f:
                against.append("%s the full softmax%s" % (times(ratio(vt, f["tokens_per_s"])), mark(f["label"])))
        if d:
            against.append("%s DL4J%s" % (times(ratio(vt, d["tokens_per_s"])), mark(d["label"])))
        name = HEADLINE[w] % num(R.vocab(w)) if "%s" in HEADLINE[w] else HEADLINE[w]
        rows.append([name, num(vt) + mark(v["label"]), ", ".join(against) or "–"])
    jdk = R.main_jdk
    lines = ["In its last run (`bench/report.sh --%s`, %s, commit %s; %s cores%s, JDK %s, whole `train` runs, "
             "peers in the same session, every system on the same token ids):" % (
                 m.get("mode", "?"), m.get("date", "?").split(" ")[0], m.get("git", "?"), m.get("cores", "?"),
                 ", AVX-512" if m.get("avx512") else "", jdk), "",
             table(["workload", "vecrnn tokens/s", "against"], rows)]
    note = mark.note()
    if note:
        lines += ["", note]
    return lines


def write_readme(path, lines):
    text = open(path, encoding="utf-8").read()
    if BEGIN not in text or END not in text or text.index(BEGIN) > text.index(END):
        print("make_report.py: %s has no %s ... %s markers; its table is left alone" % (path, BEGIN, END),
              file=sys.stderr)
        return
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    new = head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(new)
    os.replace(tmp, path)


# ---- the report ----------------------------------------------------------------------------

def main():
    args = sys.argv[1:]
    readme = None
    if "--readme" in args:
        i = args.index("--readme")
        readme = args[i + 1]
        del args[i:i + 2]
    if len(args) != 3:
        raise SystemExit(__doc__.split("\n\n")[1])
    results, out_md, raw = args
    R = Results(results)
    mark = Marks(R.loads)
    machine, main_jdk = R.machine, R.main_jdk

    L = []
    L.append("# Performance")
    L.append("")
    L.append("Written by `bench/report.sh --%s` on %s; do not edit by hand, run the script again. "
             "Raw results: [`docs/perf/`](perf/)." % (machine.get("mode", "?"), machine.get("date", "?")))
    L.append("")
    if machine.get("mode") == "quick":
        L.append("> **Quick mode**: short JMH runs, short peer runs, one JDK. The figures show the shape of the "
                 "results, not their last digit; the full mode (`bench/report.sh --full`) is the reference.")
        L.append("")
    L.append("## Machine and run")
    L.append("")
    doubtful = [r for r in R.loads.values() if r.get("doubtful")]
    jv = "; ".join("%s (`%s`)" % (" ".join(j["version"][0:1]).replace('"', ""), j["home"]) for j in machine.get("jdks", []))
    L.append(table(["", ""], [
        ["CPU", "%s%s, %s cores, %s GiB" % (machine.get("cpu"), " (family %s, model %s)" % (
            machine["cpu_family"], machine.get("cpu_model")) if machine.get("cpu_family") else "",
            machine.get("cores"), machine.get("memory_gib"))],
        ["AVX-512", ", ".join(machine.get("avx512", [])) or "none"],
        ["OS", "%s, Linux %s" % (machine.get("os"), machine.get("kernel"))],
        ["JDKs", jv],
        ["targets judged on", "JDK %s" % main_jdk],
        ["commit", "%s%s" % (machine.get("git"), " (with uncommitted changes)" if machine.get("git_dirty") else "")],
        ["built", "JMH workloads %s; cells %s; `train` workloads %s" % (
            R.build.get("workloads", "?"), R.build.get("cells", "?"), R.build.get("train_workloads", "?"))],
        ["load average", "before %s, after %s (1, 5, 15 min)" % (
            ", ".join("%.1f" % x for x in machine.get("load_before", [])),
            ", ".join("%.1f" % x for x in machine.get("load_after", [])))],
        ["quiet machine", "%d measured runs, each after waiting up to %s s for a quiet machine; %d taken on a busy one (†)"
         % (len(R.loads), num(machine.get("max_wait")), len(doubtful))],
        ["time", "%s s for the whole report" % machine.get("seconds", "?")],
    ]))
    L.append("")
    L.append("The machine has two cores and may be shared. Before every measured run the report waits (bounded) "
             "for a 1-minute load average below %s, or for the machine to be idle for a few seconds (what then "
             "keeps the average up is the report's own previous run fading out), and records the load before and "
             "after the run and the CPU other processes used during it; see [the loads](#load-during-the-measured-runs). "
             "A figure taken while other processes used more than %s of a core, or after the wait gave up, is marked "
             "† with its load: it is low by an unknown amount." % (machine.get("quiet_below", 0.5),
                                                                   machine.get("quiet_below", 0.5)))
    L.append("")

    # ---- targets
    L.append("## Targets")
    L.append("")
    why = []
    rows = target_rows(R, mark, why)
    L.append(table(["target", "wanted", "measured (JDK %s; tokens/s unless it says)" % main_jdk, "ratio", "status"], rows))
    L.append("")
    note = mark.note()
    if note:
        L.append(note)
        L.append("")
    L.append("vecrnn's figure is the app's own `train` (whole run timed by the app, best of 1 and 2 threads); the "
             "short run is timed from the JVM's start to its exit. The numpy seed's is its own loop on the default "
             "`python3`. PyTorch's is Debian's `python3-torch`, the better of 1 and 2 threads and of `torch_peer.py` "
             "and the anchor script where both ran, with the OpenBLAS core it picks (as shipped) or with "
             "`OPENBLAS_CORETYPE=SkylakeX` (tuned), as the target says. Commands are at the end.")
    L.append("")
    if why:
        L.append("### Where a target is not met, and why")
        L.append("")
        for text in why:
            L.append(text)
            L.append("")

    model_section(R, L)

    # ---- tokens/s
    L.append("## Training speed: tokens per second")
    L.append("")
    rows = []
    for w in R.workloads():
        v = R.best_train(w)
        it = R.iteration(w, "vector")
        vt = v and v["tokens_per_s"]

        def against(p):
            if not p:
                return "–"
            return "%s%s (%s)" % (num(p["tokens_per_s"]), mark(p["label"]), times(ratio(vt, p["tokens_per_s"])))
        rows.append([w, num(vt) + mark(v and v["label"]), num(it and it["secondary"]["tokens"]) + mark(it and it["label"]),
                     against(R.seed(w)), against(R.torch(w, "default")), against(R.torch(w, "SkylakeX")),
                     against(R.dl4j(w))])
    L.append(table(["workload", "vecrnn train", "vecrnn JMH iteration", "numpy seed (vecrnn ×)",
                    "PyTorch as shipped (vecrnn ×)", "PyTorch, SkylakeX core (vecrnn ×)", "DL4J (vecrnn ×)"], rows))
    L.append("")
    note = mark.note()
    if note:
        L.append(note)
        L.append("")
    for w in R.workloads():
        L.append("- **%s**: %s." % (w, WORKLOADS[w]))
    L.append("")
    L.append("*vecrnn train*: `vecrnn train` on the real corpus, JDK %s, Vector API kernels, best of `--threads 1` "
             "and `2`, timed by the app over the whole run (JIT warm-up included). *JMH iteration*: "
             "`IterationBenchmark`, one training iteration on a synthetic Zipf-distributed stream with the "
             "workload's vocabulary size, warmed up. The peers train on vecrnn's own token ids (%s)." % (
                 main_jdk, "; ".join("%s: %s tokens, %s distinct" % (k, num(r.get("count")), num(r.get("vocab")))
                                     for k, r in sorted(R.ids.items()))))
    L.append("")
    L.append("### Every run")
    L.append("")
    rows = []
    for r in R.train:
        if r.get("kind") == "short":
            sh = R.short(r["jdk"])
            rows.append(["vecrnn train", "W1 short", "JDK %s, default threads, 5,000 iterations, sampling every 1,000" % r["jdk"],
                         num(sh and sh["end_to_end"]) + mark(r["label"]), r.get("error", "end to end: %s s from the "
                         "JVM's start to its exit; the training loop alone: %s tokens/s" % (
                             num(sh and sh["wall"], 1), num(r.get("tokens_per_s"))))])
            continue
        rows.append(["vecrnn train", r["workload"], "JDK %s, %s thread(s)%s" % (r["jdk"], r["threads"],
                     ", vocab %s" % num(r.get("vocab")) if r.get("vocab") else ""),
                     num(r.get("tokens_per_s")) + mark(r["label"]),
                     r.get("error", "%s iterations in %s s" % (r.get("iterations"), r.get("seconds")))])
    for p in R.peers:
        if p.get("peer") == "numpy-sgemm":
            continue
        conf = []
        if p.get("runs"):
            conf.append("threads " + ", ".join("%s: %s" % (x["threads"], num(x["tokens_per_s"])) for x in p["runs"]))
        if p.get("omp_num_threads"):
            conf.append("OMP_NUM_THREADS=%s" % p["omp_num_threads"])
        if p.get("peer") in ("pytorch", "pytorch-anchor"):
            conf.append("OPENBLAS_CORETYPE=SkylakeX" if core_of(p["label"]) == "SkylakeX" else "default BLAS core")
        if p.get("numpy"):
            conf = ["numpy %s, Python %s" % (p["numpy"], p.get("python"))]
        rows.append([p.get("peer", p["label"].split("-")[0]), p.get("label", ""), "; ".join(conf),
                     num(p.get("tokens_per_s")) + mark(p.get("label")), p.get("error", "")])
    L.append(table(["who", "run", "configuration", "tokens/s", "note"], rows))
    L.append("")
    note = mark.note()
    if note:
        L.append(note)
        L.append("")

    if R.serve:
        serve_section(R, mark, L)

    # ---- whole iteration, scalar vs vector, threads
    it_rows = [r for r in R.jmh if r["class"] == "IterationBenchmark"]
    if it_rows:
        L.append("## One training iteration (JMH `IterationBenchmark`)")
        L.append("")
        rows = []
        keys = sorted({(r["jdk"], params_text(r["params"], ("kernels", "threads")), r["params"].get("threads", "1"))
                       for r in it_rows}, key=lambda k: (int(k[0].split(".")[0]), k[1], k[2]))
        for jdk, p, t in keys:
            sel = [r for r in it_rows if r["jdk"] == jdk and params_text(r["params"], ("kernels", "threads")) == p
                   and r["params"].get("threads", "1") == t]
            s = next((r for r in sel if r["params"].get("kernels") == "scalar"), None)
            v = next((r for r in sel if r["params"].get("kernels") == "vector"), None)
            st = s and s["secondary"].get("tokens")
            vt = v and v["secondary"].get("tokens")
            rows.append(["JDK %s" % jdk, p, t, num(st) + mark(s and s["label"]), num(vt) + mark(v and v["label"]),
                         times(ratio(vt, st)), num(1e3 / v["rate"], 2) if v and v["rate"] else "–"])
        L.append(table(["JDK", "workload", "threads", "scalar tokens/s", "vector tokens/s", "vector / scalar",
                        "vector ms / iteration"], rows))
        L.append("")
        note = mark.note()
        if note:
            L.append(note)
            L.append("")

    # ---- JDK 17 vs 25
    if len(R.jdks) > 1:
        L.append("## JDK %s" % " vs ".join(R.jdks))
        L.append("")
        rows = []
        for w in R.workloads():
            row = [w]
            for jdk in R.jdks:
                v = R.best_train(w, jdk)
                it = R.iteration(w, "vector", 1, jdk)
                row += [num(v and v["tokens_per_s"]) + mark(v and v["label"]),
                        num(it and it["secondary"]["tokens"]) + mark(it and it["label"])]
            rows.append(row)
        sh = ["W1 short, end to end"]
        for jdk in R.jdks:
            s = R.short(jdk)
            sh += [num(s and s["end_to_end"]) + mark(s and s["label"]), "–"]
        rows.append(sh)
        head = ["workload"]
        for jdk in R.jdks:
            head += ["JDK %s train" % jdk, "JDK %s JMH (vector, 1 thread)" % jdk]
        L.append(table(head, rows))
        L.append("")
        note = mark.note()
        if note:
            L.append(note)
            L.append("")

    # ---- chunk
    ch = [r for r in R.jmh if r["class"] == "ChunkBenchmark"]
    if ch:
        L.append("## Forward + backward of one chunk per cell (JMH `ChunkBenchmark`)")
        L.append("")
        L.append("One layer, vocabulary 65, 25 steps, state carried; tokens per second.")
        L.append("")
        rows = []
        keys = sorted({(r["jdk"], r["params"].get("cell"), int(r["params"].get("hidden", 0)), int(r["params"].get("batch", 0)))
                       for r in ch}, key=lambda k: (int(k[0].split(".")[0]), ["rnn", "lstm", "gru"].index(k[1])
                                                    if k[1] in ("rnn", "lstm", "gru") else 9, k[2], k[3]))
        for jdk, cell, h, b in keys:
            sel = [r for r in ch if r["jdk"] == jdk and r["params"].get("cell") == cell
                   and int(r["params"].get("hidden", 0)) == h and int(r["params"].get("batch", 0)) == b]
            s = next((r for r in sel if r["params"].get("kernels") == "scalar"), None)
            v = next((r for r in sel if r["params"].get("kernels") == "vector"), None)
            st, vt = s and s["secondary"].get("tokens"), v and v["secondary"].get("tokens")
            rows.append(["JDK %s" % jdk, cell, h, b, num(st) + mark(s and s["label"]), num(vt) + mark(v and v["label"]),
                         times(ratio(vt, st))])
        L.append(table(["JDK", "cell", "hidden", "batch", "scalar tokens/s", "vector tokens/s", "vector / scalar"], rows))
        L.append("")
        note = mark.note()
        if note:
            L.append(note)
            L.append("")

    # ---- kernels
    L.append("## Kernels")
    L.append("")
    peak, peak1 = R.peak, R.peak1
    if peak:
        L.append("Peak: numpy float32 `@` on 1024×1024, %s GFLOP/s on both cores (numpy %s, %s, OpenBLAS core %s); "
                 "large-copy memory bandwidth: %s GB/s." % (num(peak["gflops"], 1), peak.get("numpy"), peak.get("blas"),
                                                          peak.get("openblas_core", "?"), num(R.bandwidth, 1)))
        L.append("")
        L.append(table(["run", "numpy", "BLAS", "OpenBLAS core", "GFLOP/s", "copy GB/s"],
                       [[p["label"], p.get("numpy"), p.get("blas"), p.get("openblas_core", "?") +
                         (" (forced)" if p.get("OPENBLAS_CORETYPE") else ""), num(p["gflops"], 1) + mark(p["label"]),
                         num(p.get("copy_gb_per_s"), 1)] for p in R.sgemm]))
        L.append("")
    if peak1:
        L.append("One core (`OPENBLAS_NUM_THREADS=1`, numpy %s): %s GFLOP/s. One-thread products are given as a "
                 "fraction of it, two-thread ones as a fraction of the two-core peak. Like numpy's peak, which is "
                 "the best of its timed runs, a product's GFLOP/s is the best of its JMH measurement iterations "
                 "(the means are in the raw results)." % (
                     peak1.get("numpy"), num(peak1["gflops"], 1)))
        L.append("")
    krows = kernel_rows(R)
    if krows:
        rows = []
        for k in krows:
            yardstick = peak1 if k["threads"] == "1" else peak
            theirs = R.numpy_at(k["shape"], k["threads"])
            rows.append(["JDK %s" % k["jdk"], k["shape"], k["threads"], num(k["scalar"], 1),
                         num(k["vector"], 1) + mark(k["label"]), times(ratio(k["vector"], k["scalar"])),
                         "%.0f %%" % (100 * k["vector"] / yardstick["gflops"]) if yardstick and k["vector"] else "–",
                         num(theirs, 1) if theirs else "–", times(ratio(k["vector"], theirs)),
                         "yes" if k["workload_shape"] else ""])
        L.append(table(["JDK", "gemm (op:m×n×k)", "threads", "scalar GFLOP/s", "vector GFLOP/s", "vector / scalar",
                        "vector, of numpy's sgemm on as many threads", "numpy on this product, GFLOP/s",
                        "vector / numpy on this product", "W2/W3/W4 shape"], rows))
        L.append("")
    other = [r for r in R.jmh if r["package"] in ("kernel", "optim") and gflops(r) is None]
    if other:
        L.append("Other kernel and optimizer benchmarks (operations per second as JMH reports them; "
                 "secondary counters in brackets):")
        L.append("")
        pairs = {}
        for r in other:
            key = (r["jdk"], r["class"], r["method"], params_text(r["params"], ("kernels",)))
            pairs.setdefault(key, {})[r["params"].get("kernels", "-")] = r
        rows = []
        for (jdk, cls, method, p), d in sorted(pairs.items()):
            s, v = d.get("scalar"), d.get("vector")
            sec = lambda r: "" if not r or not r["secondary"] else " (" + ", ".join(
                "%s %s/s" % (k, num(x)) for k, x in r["secondary"].items() if x) + ")"
            rows.append(["JDK %s" % jdk, "%s.%s" % (cls, method), p, num(s and s["rate"], 1) + sec(s),
                         num(v and v["rate"], 1) + sec(v) + mark(v and v["label"]),
                         times(ratio(v and v["rate"], s and s["rate"]))])
        L.append(table(["JDK", "benchmark", "params", "scalar ops/s", "vector ops/s", "vector / scalar"], rows))
        L.append("")
    if not krows and not other:
        L.append("No kernel benchmarks in this run (`dev.vecrnn.bench.kernel` was not in the benchmarks jar, "
                 "or the quick mode ran none).")
        L.append("")
    note = mark.note()
    if note:
        L.append(note)
        L.append("")

    # ---- loads
    L.append("## Load during the measured runs")
    L.append("")
    L.append("Every measured run, in order (`bench/measure.py`): how long the report waited before it and why the "
             "wait ended (*load*: the 1-minute average fell below %s; *idle*: nothing ran for a few seconds; "
             "*timeout*: it gave up), the 1-minute load average before and after it (the run's own threads raise "
             "the one after), and the CPU, in cores, that the run and all other processes used during it." %
             machine.get("quiet_below", 0.5))
    L.append("")
    rows = [[r["label"], "%.0f s, %s" % (r["waited_s"], r["wait_ended"]), "%.2f" % r["load_before"][0],
             "%.2f" % r["load_after"][0], num(r["seconds"], 1), "%.2f" % r["own_cores"], "%.2f" % r["others_cores"],
             "†" if r.get("doubtful") else ""] for r in R.loads.values()]
    L.append(table(["run", "waited", "load before", "load after", "seconds", "its CPU (cores)",
                    "other processes' CPU (cores)", "busy"], rows))
    L.append("")

    # ---- how
    L.append("## How the peers were run")
    L.append("")
    L.append("- **token ids**: `java -cp bench/target/benchmarks.jar dev.vecrnn.bench.data.TokenIds`: the corpus "
             "read, tokenised (`char`, or `jieba` on the GBK novel) and encoded by vecrnn's own code, as `train` "
             "does; every peer reads these ids.")
    L.append("- **numpy seed** (`bench/peers/seed_numpy.py`): the seed's own loop, float64, batch 1: dense one-hot "
             "inputs, matrix-vector products step by step, element clipping to 5, Adagrad; timed after warm-up "
             "iterations, run with the default `python3` and its numpy.")
    L.append("- **PyTorch** (`bench/peers/torch_peer.py`, Debian `python3-torch` with `libopenblas0-pthread`): for "
             "W1/W3 the one-hot input into `nn.RNN`/`nn.LSTM`'s own input weights, as char-rnn and "
             "`../shared/anchors/torch_lm.py` do; for W2 an H-wide embedding (sparse gradient) in front of "
             "`nn.RNN`; for W4 the embedding, `nn.LSTM` and `nn.Linear` or `nn.AdaptiveLogSoftmaxWithLoss` of "
             "`torch_word.py`, the ids renumbered by frequency for the adaptive softmax. Loss summed over steps, "
             "averaged over streams; gradients clamped to 5 (W4: global norm 5); `torch.optim.Adagrad` or `Adam`; "
             "timed at 1 and 2 threads, with the OpenBLAS core it detects and with `OPENBLAS_CORETYPE=SkylakeX`. "
             "In `--full` mode `torch_lm.py` itself runs beside it for W1 and W3 as a check.")
    L.append("- **DL4J** (`bench/peers/dl4j`, 1.0.0-M2.1, `nd4j-native` `linux-x86_64`, its own Maven project "
             "outside the reactor): `MultiLayerNetwork`; W1/W3 one-hot feature vectors into `SimpleRnn`/`LSTM`, W2 an "
             "`EmbeddingSequenceLayer` first; `RnnOutputLayer` (softmax, MCXENT), truncated BPTT of the chunk length, "
             "element-wise gradient clipping to 5, AdaGrad/Adam; `OMP_NUM_THREADS` 1 and 2, the best is the peer's "
             "figure.")
    L.append("- **sgemm peak** (`bench/peers/sgemm_peak.py`): numpy float32 `@` on 1024×1024, best of several "
             "timings, on all cores and on one (`OPENBLAS_NUM_THREADS=1`), with the kernels OpenBLAS picks and with "
             "its AVX-512 ones forced (`OPENBLAS_CORETYPE=SkylakeX`; it takes a Zen 5 for a Haswell); the "
             "yardstick is the best run for each thread count and product. Also a 256 MiB copy for the memory "
             "bandwidth, and each W2/W3/W4 product shape that JMH times (`--shapes`), best of 5 timings of at "
             "least 0.2 s.")
    L.append("")
    L.append("## Commands")
    L.append("")
    L.append("```sh")
    L.append("bench/report.sh --%s%s" % (machine.get("mode", "quick"),
                                        "".join(" --jdk " + j["home"] for j in machine.get("jdks", []))))
    L.append("```")
    L.append("")
    L.append("ran, in this order:")
    L.append("")
    L.append("```sh")
    L.append(R.commands.replace(os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + "/", ""))
    L.append("```")
    L.append("")

    os.makedirs(os.path.dirname(os.path.abspath(out_md)), exist_ok=True)
    tmp = out_md + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")
    os.replace(tmp, out_md)
    if os.path.abspath(raw) != os.path.abspath(results):
        if os.path.isdir(raw):
            shutil.rmtree(raw)
        os.makedirs(raw)
        for pattern in ("machine.json", "build.json", "ids.jsonl", "jmh-*.json", "train.jsonl", "peers.jsonl",
                        "serve.jsonl", "loads.jsonl", "commands.txt"):
            for f in glob.glob(os.path.join(results, pattern)):
                shutil.copy(f, raw)
    if readme:
        write_readme(readme, readme_lines(R))


if __name__ == "__main__":
    main()
