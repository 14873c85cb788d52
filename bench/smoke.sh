#!/usr/bin/env bash
# CI smoke run of the JMH suite: every benchmark once, with one fork, one short iteration and a
# couple of small sizes, so that the benchmarks keep compiling, their @Setup checks against the
# scalar kernels keep passing, and nothing throws. No timing is looked at.
#
#   bench/smoke.sh [JAVA_HOME]      (default: the java on the PATH)
#
# Builds bench/target/benchmarks.jar through the reactor first. Exits non-zero if a benchmark
# fails. Cells and workloads that this build does not have yet (e.g. lstm before it is merged)
# are left out and named.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${1:+$1/bin/}java"
cd "$ROOT"
mvn -B -q -o package -pl bench -am -DskipTests 2>/dev/null || mvn -B -q package -pl bench -am -DskipTests
JAR=bench/target/benchmarks.jar
CELLS="$("$JAVA" -cp "$JAR" dev.vecrnn.bench.model.Cells cells)"
WORKLOADS="$("$JAVA" -cp "$JAR" dev.vecrnn.bench.model.Cells workloads)"
echo "smoke: cells $CELLS, workloads $WORKLOADS"
OUT="$ROOT/bench/target/smoke"
mkdir -p "$OUT"
# one 100 ms measurement, no warm-up; -foe true: the first failing benchmark fails the run
QUICK=(-f 1 -wi 0 -i 1 -r 100ms -foe true)
run() {
    local name=$1; shift
    echo "smoke: $name $*"
    "$JAVA" -Djmh.ignoreLock=true -jar "$JAR" "$@" "${QUICK[@]}" -rf json -rff "$OUT/$name.json" >"$OUT/$name.log" 2>&1 \
        || { tail -40 "$OUT/$name.log"; echo "smoke: $name failed; the whole log is $OUT/$name.log" >&2; exit 1; }
}
# W2's scalar check takes a few seconds; W1 and W3 cover the iteration code
SMOKE_WL="$(echo "$WORKLOADS" | tr ',' '\n' | grep -v W2 | paste -sd, -)"
run iteration IterationBenchmark -p workload="$SMOKE_WL" -p threads=1,2
run chunk ChunkBenchmark -p cell="$CELLS" -p hidden=128 -p batch=1,50
if "$JAVA" -jar "$JAR" -l 2>/dev/null | grep -q "dev.vecrnn.bench.optim"; then
    run optim 'dev.vecrnn.bench.optim.*' -p vocab=4500
fi
if "$JAVA" -jar "$JAR" -l 2>/dev/null | grep -q "dev.vecrnn.bench.kernel"; then
    # odd sizes (vector tails), the gemv case, and the parallel gemm
    run kernel 'dev.vecrnn.bench.kernel.*' -p n=257 -p hidden=100 -p shape=NT:37x1003x77,NN:37x1003x77,TN:37x1003x77,NT:1x100x100 \
        -p threads=1,2
fi
n=$(python3 -c "import json,glob; print(sum(len(json.load(open(f))) for f in glob.glob('$OUT/*.json')))")
echo "smoke: $n benchmark results, none failed"
