#!/usr/bin/env python3
"""Peer: the machine's yardsticks. The matrix-multiply peak, numpy float32 `@` on n x n matrices
(OpenBLAS, all cores), against which every kernel's efficiency is stated: best of --repeats
timings of --count products each, 2 n^3 floating-point operations a product. And the memory
bandwidth of a large copy (numpy.copyto of --mb MiB, bytes read plus bytes written), which bounds
the kernels that stream a matrix too large for the caches. Prints one JSON line.

--shapes NT:25x45558x200,TN:... also times numpy on GemmBenchmark's shapes (OP:MxNxK with the
Kernels meaning: NT is A[m x k] B[n x k]^T, NN A[m x k] B[k x n], TN A[k x m]^T B[k x n]) into a
"shapes" object of GFLOP/s: what OpenBLAS itself reaches on the same products (it writes C; the
kernels add to it)."""
import argparse
import json
import os
import platform
import re
import sys
import time

import numpy as np


def blas_info():
    """The BLAS library numpy was built with, and the OpenBLAS core it chose at run time if known."""
    info = {}
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg.get("Build Dependencies", {}).get("blas", {})
        info["blas"] = "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except TypeError:  # numpy < 1.25 has no mode=
        info["blas"] = "unknown (numpy %s)" % np.__version__
    try:
        from threadpoolctl import threadpool_info
        for lib in threadpool_info():
            if lib.get("internal_api") == "openblas":
                info["openblas_core"] = lib.get("architecture")
                info["blas_threads"] = lib.get("num_threads")
    except ImportError:
        pass
    core = openblas_core()
    if core:
        info["openblas_core"] = core
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        if var in os.environ:
            info[var] = os.environ[var]
    return info


def openblas_core():
    """The kernel set OpenBLAS picked for this CPU, read from the library numpy loaded."""
    import ctypes
    try:
        maps = open("/proc/self/maps").read()
    except OSError:
        return None
    for path in sorted(set(re.findall(r"(/\S*openblas\S*\.so\S*)", maps))):
        lib = ctypes.CDLL(path)
        for sym in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename", "openblas_get_corename64_",
                    "openblas_get_corename"):
            f = getattr(lib, sym, None)
            if f is not None:
                f.restype = ctypes.c_char_p
                return f().decode()
    return None


def timed(f):
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def time_shapes(shapes, rng):
    """GFLOP/s of numpy's matmul (into a preallocated C) on each OP:MxNxK shape: best of 5 runs of >= 0.2 s."""
    out = {}
    for shape in shapes:
        op, dims = shape.split(":")
        m, n, k = (int(d) for d in dims.split("/")[0].split("x"))
        a = rng.standard_normal((k, m) if op == "TN" else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if op == "NT" else (k, n), dtype=np.float32)
        x = a.T if op == "TN" else a
        y = b.T if op == "NT" else b
        c = np.empty((m, n), dtype=np.float32)
        np.matmul(x, y, out=c)
        best = float("inf")
        for _ in range(5):
            count = 0
            t0 = time.perf_counter()
            while True:
                np.matmul(x, y, out=c)
                count += 1
                t = time.perf_counter() - t0
                if t >= 0.2:
                    break
            best = min(best, t / count)
        out[shape] = round(2.0 * m * n * k / best / 1e9, 2)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--mb", type=int, default=256)
    ap.add_argument("--shapes", default="", help="comma-separated OP:MxNxK shapes to time numpy on as well")
    a = ap.parse_args()
    rng = np.random.default_rng(0)
    x = rng.standard_normal((a.n, a.n), dtype=np.float32)
    y = rng.standard_normal((a.n, a.n), dtype=np.float32)
    out = np.empty_like(x)
    for _ in range(3):
        np.matmul(x, y, out=out)
    best = float("inf")
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        for _ in range(a.count):
            np.matmul(x, y, out=out)
        best = min(best, (time.perf_counter() - t0) / a.count)
    # a wrong BLAS must not look fast
    check = x[:7].astype(np.float64) @ y.astype(np.float64)
    if not np.allclose(out[:7], check, rtol=1e-3, atol=1e-2):
        raise SystemExit("sgemm_peak.py: the float32 product disagrees with float64")
    big = np.ones(a.mb * (1 << 20) // 4, dtype=np.float32)
    dst = np.empty_like(big)
    np.copyto(dst, big)
    copy = min(timed(lambda: np.copyto(dst, big)) for _ in range(5))
    result = {"peer": "numpy-sgemm", "copy_gb_per_s": round(2 * big.nbytes / copy / 1e9, 2), "n": a.n, "seconds_per_product": best,
              "gflops": round(2.0 * a.n ** 3 / best / 1e9, 2), "numpy": np.__version__,
              "python": platform.python_version(), "executable": sys.executable, "cores": os.cpu_count()}
    result.update(blas_info())
    if a.shapes:
        result["shapes"] = time_shapes([x for x in a.shapes.split(",") if x], rng)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
