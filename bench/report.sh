#!/usr/bin/env bash
# The performance report: builds what it needs, runs the JMH suite on each JDK given, the peers
# (numpy seed, PyTorch, DL4J, the numpy sgemm peak) and the app's own `train` in the same
# session, then writes docs/PERFORMANCE.md and the raw results under docs/perf/.
#
#   bench/report.sh [--quick|--full] [--jdk JAVA_HOME]... [--no-peers] [--no-docs]
#
# --quick (default) takes a few minutes: short JMH runs of the whole-iteration and chunk
#   benchmarks and the matrix-product kernels, short peer runs, one JDK (JDK 25 if installed).
# --full takes under an hour: the whole JMH suite (iteration and chunk benchmarks with their own
#   warm-up and measurement settings, the many kernel benchmarks with shorter ones)
#   on the newest JDK given, the iteration, chunk and gemm benchmarks on the others, longer peer
#   and train runs. Default JDKs: the system `java` and JDK 25 if installed.
# --jdk may be repeated; the newest JDK given is the one the targets are judged on.
# --no-docs leaves docs/ alone: the results stay in bench/target/report/.
#
# Needs: Maven, python3 with numpy (the default python3), and Debian's python3-torch,
# python3-jieba and libopenblas0-pthread for /usr/bin/python3 (installed here when missing and
# run as root). The corpora are read from ../shared/data (or $VECRNN_DATA).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=quick
JDKS=()
PEERS=1
DOCS=1
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --jdk) JDKS+=("$2"); shift ;;
        --no-peers) PEERS=0 ;;
        --no-docs) DOCS=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "report.sh: unknown option $1; see --help" >&2; exit 2 ;;
    esac
    shift
done

JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
SYSTEM_JDK="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
if [ ${#JDKS[@]} -eq 0 ]; then
    if [ "$MODE" = full ]; then JDKS+=("$SYSTEM_JDK"); fi
    if [ -x "$JDK25/bin/java" ]; then JDKS+=("$JDK25"); elif [ "$MODE" = quick ]; then JDKS+=("$SYSTEM_JDK"); fi
fi
for j in "${JDKS[@]}"; do
    [ -x "$j/bin/java" ] || { echo "report.sh: --jdk $j has no bin/java; give a JDK's home folder" >&2; exit 2; }
done

DATA="${VECRNN_DATA:-$ROOT/../shared/data}"
SHAKES="$DATA/tinyshakespeare.txt"
HLM="$DATA/hongloumeng.gbk.txt"
for f in "$SHAKES" "$HLM"; do
    [ -r "$f" ] || { echo "report.sh: cannot read $f; put the corpora in ../shared/data or set VECRNN_DATA" >&2; exit 2; }
done

OUT="$ROOT/bench/target/report"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/report.log"
START=$(date +%s)
say() { echo "report: [$(( $(date +%s) - START )) s] $*" | tee -a "$LOG" >&2; }

# ---- settings per mode ------------------------------------------------------------------
if [ "$MODE" = quick ]; then
    JMH_MAIN=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    JMH_OTHER=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    TRAIN_ITERS=(W1:30000 W2:60 W3:30)
    SEED_ITERS=(W1:1000 W2:3)
    TORCH_ITERS=(W1:300 W2:20 W3:10)
    TORCH_WARMUP=1
    DL4J_ARGS=(W1:"--chunks 10 --fits 5 --warmup 2" W2:"--chunks 4 --fits 2 --warmup 1" W3:"--chunks 1 --fits 4 --warmup 1")
    MAX_SECONDS=4           # a peer stops timing a configuration after this long
    PEER_TIMEOUT=90
else
    JMH_MAIN=()            # the annotations: 3 x 2 s warm-up, 5 x 2 s measured, 1 fork
    JMH_KERNELS=(-f 1 -wi 2 -w 1s -i 3 -r 1s)   # many small benchmarks: shorter, to stay within the hour
    JMH_OTHER=(-f 1 -wi 2 -w 1s -i 3 -r 2s)
    TRAIN_ITERS=(W1:100000 W2:600 W3:800)
    SEED_ITERS=(W1:5000 W2:20)
    TORCH_ITERS=(W1:2000 W2:100 W3:50)
    TORCH_WARMUP=3
    DL4J_ARGS=(W1:"--chunks 20 --fits 20 --warmup 3" W2:"--chunks 10 --fits 5 --warmup 2" W3:"--chunks 5 --fits 6 --warmup 2")
    MAX_SECONDS=15
    PEER_TIMEOUT=600
fi
pick() { local key=$1; shift; for kv in "$@"; do [ "${kv%%:*}" = "$key" ] && { echo "${kv#*:}"; return; }; done; }

# ---- machine --------------------------------------------------------------------------------
python3 - "$OUT/machine.json" "$MODE" "$ROOT" "${JDKS[@]}" <<'EOF'
import json, os, platform, subprocess, sys, time
out, mode, root, jdks = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def sh(*cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (r.stdout + r.stderr).strip()
    except Exception as e:
        return "unavailable: %s" % e
cpu = ""
flags = set()
for line in open("/proc/cpuinfo"):
    if line.startswith("model name") and not cpu:
        cpu = line.split(":", 1)[1].strip()
    if line.startswith("flags") and not flags:
        flags = set(line.split(":", 1)[1].split())
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
info = {
    "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "mode": mode, "cpu": cpu, "cores": os.cpu_count(),
    "memory_gib": round(int(mem) / 1048576, 1), "avx512": sorted(f for f in flags if f.startswith("avx512")),
    "kernel": platform.release(), "os": sh("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
    "load_before": list(os.getloadavg()), "git": sh("git", "-C", root, "rev-parse", "--short", "HEAD"),
    "git_dirty": bool(sh("git", "-C", root, "status", "--porcelain", "--untracked-files=no")),
    "maven": sh("mvn", "-v").splitlines()[0] if sh("mvn", "-v") else "",
    "jdks": [{"home": j, "version": sh(j + "/bin/java", "-version").splitlines()} for j in jdks],
}
json.dump(info, open(out, "w"), indent=1)
EOF
say "mode $MODE; JDKs: ${JDKS[*]}; results in $OUT"

# ---- build ----------------------------------------------------------------------------------
say "building app.jar and benchmarks.jar"
(cd "$ROOT" && mvn -B -q package -pl app,bench -am -DskipTests) >>"$LOG" 2>&1 \
    || { echo "report.sh: the build failed; see $LOG" >&2; exit 1; }
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
APP_JAR="$ROOT/app/target/app.jar"
WORKLOADS="$(java -cp "$BENCH_JAR" dev.vecrnn.bench.model.Cells workloads)"
CELLS="$(java -cp "$BENCH_JAR" dev.vecrnn.bench.model.Cells cells)"
say "this build runs workloads $WORKLOADS and cells $CELLS"
echo "{\"workloads\": \"$WORKLOADS\", \"cells\": \"$CELLS\"}" >"$OUT/build.json"

# ---- JMH ------------------------------------------------------------------------------------
newest_jdk() {
    local best="" bestv=0 v
    for j in "${JDKS[@]}"; do
        v="$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')"
        if [ "${v%%.*}" -ge "$bestv" ]; then bestv="${v%%.*}"; best="$j"; fi
    done
    echo "$best"
}
MAIN_JDK="$(newest_jdk)"
jdk_name() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p'; }

# the benchmarks in this jar (the kernel ones may not be merged yet)
java -jar "$BENCH_JAR" -l >"$OUT/benchmarks.txt" 2>>"$LOG" || true
have() { grep -q "$1" "$OUT/benchmarks.txt"; }
WL_PARAM="-p workload=$WORKLOADS"
# the products W2 and W3 run (GemmBenchmark's shapes, op:MxNxK)
GEMM_W23=NT:25x45000x200,TN:45000x200x25,NN:25x200x45000,NT:50x512x128,NN:50x128x512,TN:512x128x2500,NT:2500x65x128,NN:2500x128x65,TN:65x128x2500
GEMM_QUICK=NT:25x45000x200,TN:45000x200x25,NN:25x200x45000,NT:50x512x128,TN:512x128x2500
CELL_PARAM="-p cell=$CELLS"

run_jmh() { # jdk name args...
    local jdk=$1 name=$2; shift 2
    local json="$OUT/jmh-jdk$(jdk_name "$jdk")-$name.json"
    say "JMH $name on $(jdk_name "$jdk"): $*"
    echo "$jdk/bin/java -Djmh.ignoreLock=true -jar bench/target/benchmarks.jar $* -rf json" >>"$OUT/commands.txt"
    # -foe false: a failing benchmark (e.g. a kernel that disagrees with the scalar one) is
    # reported in the log and left out; the others still run
    if ! "$jdk/bin/java" -Djmh.ignoreLock=true -jar "$BENCH_JAR" "$@" -foe false -rf json -rff "$json" \
            >>"$OUT/jmh-jdk$(jdk_name "$jdk")-$name.log" 2>&1; then
        say "JMH $name on $(jdk_name "$jdk") failed; see $OUT/jmh-jdk$(jdk_name "$jdk")-$name.log"
    fi
    grep -h "^<failure>\|Exception:" "$OUT/jmh-jdk$(jdk_name "$jdk")-$name.log" | sort -u | head -5 | sed 's/^/report:   /' >&2 || true
}

for jdk in "${JDKS[@]}"; do
    if [ "$jdk" = "$MAIN_JDK" ]; then
        if [ "$MODE" = quick ]; then
            run_jmh "$jdk" iteration IterationBenchmark $WL_PARAM "${JMH_MAIN[@]}"
            run_jmh "$jdk" chunk ChunkBenchmark $CELL_PARAM -p hidden=128 -p batch=50 "${JMH_MAIN[@]}"
            if have GemmBenchmark; then
                run_jmh "$jdk" gemm GemmBenchmark -p "shape=$GEMM_QUICK" -p kernels=vector -p threads=1,2 "${JMH_MAIN[@]}"
            fi
        else
            run_jmh "$jdk" iteration IterationBenchmark $WL_PARAM "${JMH_MAIN[@]}"
            run_jmh "$jdk" chunk ChunkBenchmark $CELL_PARAM "${JMH_MAIN[@]}"
            run_jmh "$jdk" kernels 'dev.vecrnn.bench.(kernel|optim).*' "${JMH_KERNELS[@]}"
            # the target compares with numpy on both cores: the W2/W3 products on two threads too
            if have GemmBenchmark; then
                run_jmh "$jdk" gemm2 GemmBenchmark -p threads=2 -p kernels=vector -p "shape=$GEMM_W23" "${JMH_KERNELS[@]}"
            fi
        fi
    else
        run_jmh "$jdk" iteration IterationBenchmark $WL_PARAM -p threads=1 "${JMH_OTHER[@]}"
        if [ "$MODE" = full ]; then
            run_jmh "$jdk" chunk ChunkBenchmark $CELL_PARAM -p hidden=128 -p batch=50 "${JMH_OTHER[@]}"
            if have GemmBenchmark; then run_jmh "$jdk" gemm GemmBenchmark -p "shape=$GEMM_W23" -p threads=1 "${JMH_OTHER[@]}"; fi
        fi
    fi
done

# ---- the app's own train --------------------------------------------------------------------
train_args() {
    case $1 in
        W1) echo "--data $SHAKES --hidden 100 --seq-length 25 --batch-size 1 --optimizer adagrad --lr 0.1" ;;
        W2) echo "--data $HLM --encoding GBK --tokenizer jieba --hidden 200 --seq-length 25 --batch-size 1 --optimizer adagrad --lr 0.1" ;;
        W3) echo "--data $SHAKES --model lstm --layers 2 --hidden 128 --seq-length 50 --batch-size 50 --optimizer adam --lr 2e-3" ;;
    esac
}
for jdk in "${JDKS[@]}"; do
    for w in ${WORKLOADS//,/ }; do
        for t in 1 2; do
            iters=$(pick "$w" "${TRAIN_ITERS[@]}")
            cmd="java --add-modules jdk.incubator.vector -jar app/target/app.jar train $(train_args "$w") --threads $t --iterations $iters --sample-every 0 --val-fraction 0 --checkpoint-every 0 --out $OUT/model.vrnn"
            say "train $w on $(jdk_name "$jdk"), $t thread(s)"
            echo "$jdk/bin/$cmd" >>"$OUT/commands.txt"
            set +e
            text="$(cd "$ROOT" && "$jdk/bin/java" --add-modules jdk.incubator.vector -jar "$APP_JAR" train $(train_args "$w") \
                --threads "$t" --iterations "$iters" --sample-every 0 --val-fraction 0 --checkpoint-every 0 \
                --out "$OUT/model.vrnn" 2>&1)"
            rc=$?
            set -e
            echo "$text" >>"$LOG"
            python3 - "$w" "$(jdk_name "$jdk")" "$t" "$rc" "$cmd" "$text" >>"$OUT/train.jsonl" <<'EOF'
import json, re, sys
w, jdk, threads, rc, cmd, text = sys.argv[1:7]
r = {"workload": w, "jdk": jdk, "threads": int(threads), "command": cmd}
m = re.search(r"trained (\d+) iterations, (\d+) tokens in ([\d.]+) s: (\d+) tokens/s; smooth loss ([\d.]+)", text)
d = re.search(r"data has (\d+) tokens, (\d+) unique", text)
k = re.search(r"kernels (.*)", text)
if m:
    r.update(iterations=int(m[1]), tokens=int(m[2]), seconds=float(m[3]), tokens_per_s=float(m[4]), smooth_loss=float(m[5]))
else:
    r["error"] = "exit %s: %s" % (rc, text.strip().splitlines()[-1] if text.strip() else "no output")
if d:
    r.update(corpus_tokens=int(d[1]), vocab=int(d[2]))
if k:
    r["kernels"] = k[1].strip()
print(json.dumps(r))
EOF
        done
    done
done

# ---- peers ----------------------------------------------------------------------------------
peer() { # label timeout command... : appends the command's JSON line (or an error) to peers.jsonl
    local label=$1 limit=$2; shift 2
    say "peer $label: $*"
    echo "$*" >>"$OUT/commands.txt"
    set +e
    local text rc
    text="$(cd "$ROOT/bench/peers" && timeout "$limit" "$@" 2>>"$LOG")"
    rc=$?
    set -e
    python3 - "$label" "$rc" "$limit" "$*" "$text" >>"$OUT/peers.jsonl" <<'EOF'
import json, sys
label, rc, limit, cmd, text = sys.argv[1:6]
lines = [l for l in text.splitlines() if l.startswith("{")]
if rc == "0" and lines:
    r = json.loads(lines[-1])
else:
    r = {"error": "timed out after %s s" % limit if rc == "124" else "exit %s" % rc}
r["label"] = label
r["command"] = cmd
print(json.dumps(r))
EOF
}

if [ "$PEERS" = 1 ]; then
    if ! /usr/bin/python3 -c "import torch, jieba" 2>/dev/null || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            say "installing python3-torch python3-jieba libopenblas0-pthread"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-jieba libopenblas0-pthread) >>"$LOG" 2>&1 || true
        else
            say "python3-torch, python3-jieba or libopenblas0-pthread missing and cannot be installed here"
        fi
    fi
    SYSPY=/usr/bin/python3
    say "token ids for the peers"
    $SYSPY "$ROOT/bench/peers/corpus.py" "$SHAKES" --tokens char --out "$OUT/w1.ids" >>"$LOG" 2>&1
    $SYSPY "$ROOT/bench/peers/corpus.py" "$HLM" --encoding gbk --tokens jieba --out "$OUT/w2.ids" >>"$LOG" 2>&1

    peer sgemm 300 python3 sgemm_peak.py
    peer sgemm-1core 300 env OPENBLAS_NUM_THREADS=1 python3 sgemm_peak.py --repeats 3
    peer sgemm-debian 300 $SYSPY sgemm_peak.py --repeats 3
    # Debian's OpenBLAS 0.3.21 may not know this CPU and fall back to a generic core; the peers
    # are also run with the AVX-512 core forced (their own check refuses a wrong product)
    peer sgemm-debian-skylakex 300 env OPENBLAS_CORETYPE=SkylakeX $SYSPY sgemm_peak.py --repeats 3

    peer numpy-seed-W1 "$PEER_TIMEOUT" python3 seed_numpy.py --ids "$OUT/w1.ids" --hidden 100 --iters "$(pick W1 "${SEED_ITERS[@]}")" --max-seconds $MAX_SECONDS --label W1
    peer numpy-seed-W2 "$PEER_TIMEOUT" python3 seed_numpy.py --ids "$OUT/w2.ids" --hidden 200 --iters "$(pick W2 "${SEED_ITERS[@]}")" --warmup 1 --max-seconds $MAX_SECONDS --label W2

    for core in default SkylakeX; do
        envs=(env)
        [ "$core" = default ] || envs=(env OPENBLAS_CORETYPE="$core")
        peer "pytorch-W1-$core" "$PEER_TIMEOUT" "${envs[@]}" $SYSPY torch_peer.py --ids "$OUT/w1.ids" --cell rnn --hidden 100 \
            --seq 25 --batch 1 --opt adagrad --lr 0.1 --iters "$(pick W1 "${TORCH_ITERS[@]}")" --threads 1,2 --max-seconds $MAX_SECONDS --label W1
        peer "pytorch-W2-$core" "$PEER_TIMEOUT" "${envs[@]}" $SYSPY torch_peer.py --ids "$OUT/w2.ids" --cell rnn --hidden 200 \
            --seq 25 --batch 1 --opt adagrad --lr 0.1 --iters "$(pick W2 "${TORCH_ITERS[@]}")" --warmup $TORCH_WARMUP --threads 1,2 --max-seconds $MAX_SECONDS --label W2
        peer "pytorch-W3-$core" "$PEER_TIMEOUT" "${envs[@]}" $SYSPY torch_peer.py --ids "$OUT/w1.ids" --cell lstm --hidden 128 \
            --layers 2 --seq 50 --batch 50 --opt adam --lr 2e-3 --iters "$(pick W3 "${TORCH_ITERS[@]}")" --warmup $TORCH_WARMUP --threads 1,2 --max-seconds $MAX_SECONDS --label W3
    done

    say "building the DL4J peer"
    if (cd "$ROOT/bench/peers/dl4j" && mvn -B -q package) >>"$LOG" 2>&1; then
        # the class path in a java @argfile, so that the commands stay readable
        echo "-cp $ROOT/bench/peers/dl4j/target/dl4j-peer-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/peers/dl4j/target/classpath.txt")" \
            >"$ROOT/bench/peers/dl4j/target/java.args"
        for t in 1 2; do
            peer "dl4j-W1-omp$t" "$PEER_TIMEOUT" env OMP_NUM_THREADS=$t "$MAIN_JDK/bin/java" @dl4j/target/java.args dev.vecrnn.peers.dl4j.Dl4jPeer \
                --ids "$OUT/w1.ids" --cell rnn --hidden 100 --seq 25 --batch 1 --opt adagrad --lr 0.1 $(pick W1 "${DL4J_ARGS[@]}") --max-seconds $MAX_SECONDS --label W1
            peer "dl4j-W2-omp$t" "$PEER_TIMEOUT" env OMP_NUM_THREADS=$t "$MAIN_JDK/bin/java" @dl4j/target/java.args dev.vecrnn.peers.dl4j.Dl4jPeer \
                --ids "$OUT/w2.ids" --cell rnn --hidden 200 --seq 25 --batch 1 --opt adagrad --lr 0.1 $(pick W2 "${DL4J_ARGS[@]}") --max-seconds $MAX_SECONDS --label W2
            peer "dl4j-W3-omp$t" "$PEER_TIMEOUT" env OMP_NUM_THREADS=$t "$MAIN_JDK/bin/java" @dl4j/target/java.args dev.vecrnn.peers.dl4j.Dl4jPeer \
                --ids "$OUT/w1.ids" --cell lstm --hidden 128 --layers 2 --seq 50 --batch 50 --opt adam --lr 2e-3 $(pick W3 "${DL4J_ARGS[@]}") --max-seconds $MAX_SECONDS --label W3
        done
    else
        say "the DL4J peer does not build; see $LOG"
        echo '{"peer": "dl4j", "label": "dl4j", "error": "mvn -f bench/peers/dl4j/pom.xml package failed"}' >>"$OUT/peers.jsonl"
    fi
fi

# ---- report ---------------------------------------------------------------------------------
python3 - "$OUT/machine.json" "$(( $(date +%s) - START ))" "$MAIN_JDK" <<'EOF'
import json, os, sys
path, seconds, main = sys.argv[1], int(sys.argv[2]), sys.argv[3]
m = json.load(open(path))
m.update(load_after=list(os.getloadavg()), seconds=seconds, main_jdk=main)
json.dump(m, open(path, "w"), indent=1)
EOF
if [ "$DOCS" = 1 ]; then
    python3 "$ROOT/bench/make_report.py" "$OUT" "$ROOT/docs/PERFORMANCE.md" "$ROOT/docs/perf"
    say "wrote docs/PERFORMANCE.md and docs/perf/ in $(( $(date +%s) - START )) s"
else
    python3 "$ROOT/bench/make_report.py" "$OUT" "$OUT/PERFORMANCE.md" "$OUT/perf"
    say "wrote $OUT/PERFORMANCE.md in $(( $(date +%s) - START )) s"
fi
