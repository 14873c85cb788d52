#!/usr/bin/env python3
"""Tests of make_report.py's serve section and target, its kernel statistic and its comparison with numpy per
product (standard library only):

    python3 bench/test_make_report.py

They make the report from copies of the committed raw results (docs/perf/): without their
serve.jsonl, and with one written here, into a temporary folder; docs/ is not touched.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BENCH = os.path.dirname(os.path.abspath(__file__))
PERF = os.path.join(os.path.dirname(BENCH), "docs", "perf")

RUN = {"jdk": "25", "java_version": "25.0.3+9-LTS", "cores": 2, "model": "m",
       "model_summary": "rnn, 1 layer(s) of 100 units, vocabulary 2,618, 536,318 parameters", "clients": 64,
       "client_kind": "jetty", "prompt": "春", "requests": 2560, "max_tokens": 100, "seconds_limit": 120,
       "warmup": 1280, "warmup_errors": 0, "completions": 2560, "tokens": 256000, "seconds": 14.0,
       "completions_per_s": 182.9, "tokens_per_s": 18286.0, "errors": 0, "first_error": None, "ttft_p50_ms": 4.1,
       "ttft_p99_ms": 31.7, "whole_p50_ms": 330.0, "whole_p99_ms": 702.0, "cpu_s": 25.0,
       "cpu_ms_per_1000_tokens": 97.7, "wake_p50_ms": 0.09, "wake_p99_ms": 1.2, "load_before": [0.3, 0.4, 0.5],
       "load_after": [1.9, 0.8, 0.6], "label": "serve-jdk25",
       "stages": {"dispatch": {"p50": 0.05, "p90": 0.1, "p99": 0.4}, "total": {"p50": 0.3, "p90": 1.1, "p99": 6.25}}}


class ServeSection(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def report(self, serve=None, loads=None, drop_serve=False):
        results = os.path.join(self.tmp, "results")
        shutil.copytree(PERF, results)
        if drop_serve and os.path.exists(os.path.join(results, "serve.jsonl")):
            # results from before the serve section existed
            os.remove(os.path.join(results, "serve.jsonl"))
        for name, lines in (("serve.jsonl", serve), ("loads.jsonl", loads)):
            if lines is not None:
                with open(os.path.join(results, name), "w", encoding="utf-8") as f:
                    f.writelines(json.dumps(r) + "\n" for r in lines)
        out, raw = os.path.join(self.tmp, "PERFORMANCE.md"), os.path.join(self.tmp, "raw")
        subprocess.run([sys.executable, os.path.join(BENCH, "make_report.py"), results, out, raw], check=True)
        self.raw = os.listdir(raw)
        with open(out, encoding="utf-8") as f:
            return f.read()

    def target(self, text):
        return next((l for l in text.splitlines() if l.startswith("| serve,")), None)

    def test_results_without_serve_have_no_section_and_no_target(self):
        text = self.report(drop_serve=True)
        self.assertNotIn("## Serve", text)
        self.assertIsNone(self.target(text))
        self.assertNotIn("serve.jsonl", self.raw)

    def test_a_run_under_the_bound_with_no_errors_meets_the_target_and_fills_the_tables(self):
        text = self.report([RUN])
        self.assertIn("## Serve: 64 streaming clients", text)
        self.assertIn("| JDK 25.0.3+9-LTS | 2,560 of 2,560 in 14.0 s | 182.9 | 18,286 | 0 | 4.1 / 31.7 | 330.0 / 702.0 | 98 | 1.20 |",
                      text)
        self.assertIn("| JDK 25 | 0.40 | 6.25 |", text)  # stage p99s, in the server's order
        self.assertIn("p99 / 50 ms = 0.63 | **met** |", self.target(text))
        self.assertIn("serve.jsonl", self.raw)

    def test_a_slow_first_token_or_an_error_fails_the_target_and_says_why(self):
        text = self.report([dict(RUN, ttft_p99_ms=95.0, errors=2, first_error="HTTP 503")])
        row = self.target(text)
        self.assertIn("**not met**: 2 errors (first: HTTP 503); p99 1.9× the bound", row)
        self.assertIn("**serve, JDK 25**: 2 errors; time to first token p50 4.1 ms, p99 95.0 ms", text)
        self.assertIn("took 6.25 ms at p99", text)

    def test_a_run_on_a_busy_machine_is_marked_with_its_load(self):
        busy = {"label": "serve-jdk25", "waited_s": 120.0, "wait_ended": "timeout", "load_before": [3.5, 4.0, 4.1],
                "load_after": [4.4, 4.1, 4.1], "seconds": 30.0, "own_cores": 1.1, "others_cores": 0.9, "doubtful": True}
        text = self.report([RUN], [busy])
        self.assertIn("first token p99 31.7 ms (p50 4.1 ms)†", self.target(text))
        self.assertIn("| 182.9† | 18,286† |", text)
        self.assertIn("so low (rates) or high (times) by an unknown amount", text)
        self.assertIn("serve-jdk25 3.50 / 0.90*", text)

    def test_a_failed_run_is_shown_and_the_target_not_measured(self):
        text = self.report([{"jdk": "25", "label": "serve-jdk25", "error": "timed out"}])
        self.assertIn("no run finished", text)
        self.assertIn("| JDK 25 | – | – | – | – | – | – | – | – | timed out |", text)
        self.assertIn("not measured (timed out)", self.target(text))

    def test_no_run_on_the_main_jdk_is_not_measured(self):
        text = self.report([dict(RUN, jdk="17", java_version="17.0.15", label="serve-jdk17")])
        self.assertIn("not measured (no serve run on JDK 25)", self.target(text))


class OpenBlasPerProduct(unittest.TestCase):
    """numpy's own GFLOP/s on each product shape (sgemm_peak.py --shapes) beside vecrnn's, and in the reasons."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def report(self, two, one):
        work = tempfile.mkdtemp(dir=self.tmp)  # a test may make several reports
        results = os.path.join(work, "results")
        shutil.copytree(PERF, results)
        path = os.path.join(results, "peers.jsonl")
        with open(path, encoding="utf-8") as f:
            peers = [json.loads(l) for l in f if l.strip()]
        for p in peers:
            p.pop("shapes", None)  # only what the test gives
            if p.get("label") == "sgemm":
                p["shapes"] = two
            elif p.get("label") == "sgemm-1core":
                p["shapes"] = one
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(p) + "\n" for p in peers)
        out = os.path.join(work, "PERFORMANCE.md")
        subprocess.run([sys.executable, os.path.join(BENCH, "make_report.py"), results, out,
                        os.path.join(work, "raw")], check=True)
        with open(out, encoding="utf-8") as f:
            return f.read()

    @staticmethod
    def reason(text, w):
        """The paragraph that says why workload w misses its target."""
        return next(l for l in text.splitlines() if l.startswith("**%s**:" % w))

    W2 = ("NT:25x45558x200", "NN:25x200x45558", "TN:45558x200x25")

    def test_each_product_is_set_beside_numpy_on_the_same_shape_and_threads(self):
        sys.path.insert(0, BENCH)
        import make_report
        mine = next(k["vector"] for k in make_report.kernel_rows(make_report.Results(PERF))
                    if k["shape"] == "TN:45558x200x25" and k["threads"] == "1" and k["jdk"] == "25")
        text = self.report({}, {"TN:45558x200x25": 2 * mine})
        row = next(l for l in text.splitlines() if l.startswith("| JDK 25 | TN:45558x200x25 | 1 |"))
        self.assertIn("| %s | 0.5× | yes |" % make_report.num(2 * mine, 1), row)
        # a shape numpy did not time has no figure, and the two-thread rows take the two-thread runs only
        two = next(l for l in text.splitlines() if l.startswith("| JDK 25 | NN:25x200x45000 | 2 |"))
        self.assertIn("| – | – | yes |", two)

    def test_a_product_below_the_target_says_what_openblas_reaches_on_it(self):
        sys.path.insert(0, BENCH)
        import make_report
        low = [{"shape": "TN:45558x200x25", "vector": 39.2}]
        text = make_report.explain_kernels(low, {"gflops": 95.5}, None, "one-thread",
                                           lambda shape: 49.0 if shape == "TN:45558x200x25" else None)
        self.assertIn("TN:45558x200x25: 39.2 GFLOP/s, 41 % of the peak", text)
        self.assertIn("OpenBLAS itself reaches 49.0 GFLOP/s on this product (51 % of its peak), vecrnn 80 % of that",
                      text)
        below = make_report.explain_kernels(low, {"gflops": 95.5}, None, "one-thread", lambda shape: 40.0)
        self.assertIn("(42 % of its peak, below the target's half too)", below)
        self.assertNotIn("OpenBLAS", make_report.explain_kernels(low, {"gflops": 95.5}, None, "one-thread"))

    def test_w2_is_bounded_by_openblas_own_speed_on_its_three_products(self):
        # three 455.6-MFLOP products at 100 GFLOP/s: 13.7 ms per 25 tokens
        text = self.report({x: 100.0 for x in self.W2}, {x: 60.0 for x in self.W2})
        self.assertIn("they alone would take 13.7 ms per iteration: a ceiling of 1,829 tokens/s with nothing else done",
                      text)
        self.assertIn("on each of W2's matrix products on 2 threads in this report", text)
        self.assertIn("99.6 % of the multiply-adds", text)
        para = self.reason(text, "W2")
        # whether 1,829 is below the need depends on the committed seed: said exactly when it is
        need = float(re.search(r"([\d,]+) needed", para).group(1).replace(",", ""))
        self.assertEqual(1829 < need, "faster than OpenBLAS runs them on this machine" in para)

    def test_products_far_slower_than_the_need_say_the_target_asks_for_more_than_openblas(self):
        # 10 GFLOP/s: 136.7 ms per iteration, 183 tokens/s, below any need W2 has had
        para = self.reason(self.report({x: 10.0 for x in self.W2}, {}), "W2")
        self.assertIn("a ceiling of 183 tokens/s with nothing else done", para)
        self.assertIn("so the target asks for products faster than OpenBLAS runs them on this machine", para)
        fast = self.reason(self.report({x: 1e4 for x in self.W2}, {}), "W2")
        self.assertNotIn("faster than OpenBLAS", fast)

    def test_w3_is_bounded_by_every_one_of_its_products(self):
        w3 = ("NT:2500x65x128", "NN:2500x128x65", "TN:65x128x2500", "NT:50x512x128", "NN:50x128x512",
              "TN:512x128x2500", "NT:2500x512x128", "NN:2500x128x512")
        # 614,784 multiply-adds per token, 2,500 tokens an iteration, all at 100 GFLOP/s on one thread:
        # 30.7 ms, 81,329 tokens/s; two threads miss a shape, so they give no ceiling
        text = self.report({x: 500.0 for x in w3[1:]}, {x: 100.0 for x in w3})
        para = self.reason(text, "W3")
        self.assertIn("on 1 thread in this report", para)
        self.assertIn("100 × NT:50x512x128 100.0 GFLOP/s", para)
        self.assertIn("3 × TN:512x128x2500 100.0 GFLOP/s", para)
        self.assertNotIn("of the multiply-adds", para)
        self.assertIn("they alone would take 30.7 ms per iteration: a ceiling of 81,329 tokens/s", para)

    def test_w2_without_all_three_products_timed_says_nothing_of_them(self):
        text = self.report({self.W2[0]: 100.0}, {})
        self.assertNotIn("they alone would take", text)
        self.assertIn("**W2**:", text)


class KernelStatistic(unittest.TestCase):
    """A product's GFLOP/s is its best measurement iteration, as numpy's peak is its best run."""

    def setUp(self):
        sys.path.insert(0, BENCH)
        import make_report
        self.m = make_report

    def test_the_best_iteration_not_the_mean(self):
        metric = {"score": 50e9, "scoreUnit": "ops/s", "rawData": [[40e9, 60e9, 50e9]]}
        self.assertEqual(60e9, self.m.best_iteration(metric))
        row = {"secondary": {"flops": 50e9}, "secondary_best": {"flops": 60e9}, "params": {}, "class": "GemmBenchmark",
               "method": "gemm", "rate": 1.0}
        self.assertEqual(60.0, self.m.gflops(row))

    def test_a_time_per_operation_takes_the_shortest_and_no_raw_data_the_score(self):
        self.assertEqual(2.0, self.m.best_iteration({"score": 3.0, "scoreUnit": "ms/op", "rawData": [[4.0, 2.0], [3.0]]}))
        self.assertEqual(7.0, self.m.best_iteration({"score": 7.0, "scoreUnit": "ops/s"}))


if __name__ == "__main__":
    unittest.main()
