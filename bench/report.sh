#!/usr/bin/env bash
# The performance report: builds what it needs, runs the JMH suite on each JDK given, the app's
# own `train`, the serve load test (ServeLoad: 64 streaming clients on the default model), and the
# peers (numpy seed, PyTorch, DL4J, the numpy sgemm peak) in the same session, then writes
# docs/PERFORMANCE.md, README.md's headline table and the raw results under docs/perf/.
#
#   bench/report.sh [--quick|--full] [--jdk JAVA_HOME]... [--no-peers] [--no-docs]
#                   [--max-wait S] [--quiet-below LOAD]
#
# --quick (default) takes about ten minutes of runs, plus the waits for a quiet machine: short JMH
#   runs of the whole-iteration and chunk benchmarks and the matrix-product kernels, short peer
#   and train runs, one JDK (JDK 25 if installed). Its figures show the shape of the results, not
#   their last digit.
# --full takes under an hour: the whole JMH suite on the newest JDK given, the iteration, chunk
#   and gemm benchmarks on the others, longer peer and train runs. Default JDKs: the system
#   `java` and JDK 25 if installed. The newest JDK given is the one the targets are judged on.
# --no-docs leaves docs/ and README.md alone: everything stays in bench/target/report/.
# --max-wait S: before every measured run (each JMH run, train run and peer run) wait up to S
#   seconds (default 120 with --full, 20 with --quick) for a quiet machine: a 1-minute load
#   average below --quiet-below (default 0.5), or nothing running at all for a few seconds (see
#   bench/measure.py). The load before and after each run and the CPU other processes used
#   during it are recorded (bench/target/report/loads.jsonl); a figure taken on a busy machine is
#   marked † in the report, with the load.
#
# Needs: Maven, python3 with numpy (the default python3), and Debian's python3-torch and
# libopenblas0-pthread for /usr/bin/python3 (installed here when missing and run as root). The
# corpora are read from ../shared/data (or $VECRNN_DATA); PyTorch's own anchor scripts, run beside
# the peer as a check, from ../shared/anchors (or $VECRNN_ANCHORS) when they are there.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=quick
JDKS=()
PEERS=1
DOCS=1
MAX_WAIT=""
QUIET_BELOW=0.5
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --jdk) JDKS+=("$2"); shift ;;
        --no-peers) PEERS=0 ;;
        --no-docs) DOCS=0 ;;
        --max-wait) MAX_WAIT="$2"; shift ;;
        --quiet-below) QUIET_BELOW="$2"; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "report.sh: unknown option $1; see --help" >&2; exit 2 ;;
    esac
    shift
done
[ -n "$MAX_WAIT" ] || { [ "$MODE" = full ] && MAX_WAIT=120 || MAX_WAIT=20; }

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
ANCHORS="${VECRNN_ANCHORS:-$ROOT/../shared/anchors}"

OUT="$ROOT/bench/target/report"
rm -rf "$OUT"
mkdir -p "$OUT"
LOG="$OUT/report.log"
START=$(date +%s)
say() { echo "report: [$(( $(date +%s) - START )) s] $*" | tee -a "$LOG" >&2; }

# ---- settings per mode ------------------------------------------------------------------
# workloads: W1 seed characters, W2 seed jieba words, W3 char-rnn LSTM, W4 word LSTM with the
# adaptive softmax (issue 12) and W4-full, the same with the full softmax
if [ "$MODE" = quick ]; then
    JMH_MAIN=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    JMH_OTHER=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
    TRAIN_ITERS=(W1:30000 W2:60 W3:30 W4:60 W4-full:6)
    SEED_ITERS=(W1:1000 W2:3)
    TORCH_ITERS=(W1:300 W2:20 W3:10 W4:20 W4-full:3)
    TORCH_WARMUP=1
    DL4J_ARGS=(W1:"--chunks 10 --fits 5 --warmup 2" W2:"--chunks 4 --fits 2 --warmup 1" W3:"--chunks 1 --fits 4 --warmup 1")
    MAX_SECONDS=4           # a peer stops timing a configuration after this long
    PEER_TIMEOUT=90
    ANCHOR_RUNS=0           # PyTorch's anchor scripts beside the peer: --full only
    DL4J_THREADS="1"        # a second OpenMP thread rarely helps on two cores; --full tries it
else
    JMH_MAIN=()            # the annotations: 3 x 2 s warm-up, 5 x 2 s measured, 1 fork
    JMH_KERNELS=(-f 1 -wi 2 -w 1s -i 3 -r 1s)   # many small benchmarks: shorter, to stay within the hour
    JMH_OTHER=(-f 1 -wi 2 -w 1s -i 3 -r 2s)
    TRAIN_ITERS=(W1:100000 W2:600 W3:800 W4:300 W4-full:30)
    SEED_ITERS=(W1:5000 W2:20)
    TORCH_ITERS=(W1:2000 W2:100 W3:50 W4:100 W4-full:10)
    TORCH_WARMUP=3
    DL4J_ARGS=(W1:"--chunks 20 --fits 20 --warmup 3" W2:"--chunks 10 --fits 5 --warmup 2" W3:"--chunks 5 --fits 6 --warmup 2")
    MAX_SECONDS=15
    PEER_TIMEOUT=600
    ANCHOR_RUNS=1
    DL4J_THREADS="1 2"
fi
pick() { local key=$1; shift; for kv in "$@"; do [ "${kv%%:*}" = "$key" ] && { echo "${kv#*:}"; return; }; done; }

# every timed command goes through this: a wait for a quiet machine, the load before and after
# and the CPU of other processes during the run, recorded in loads.jsonl under the label
measured() { # label timeout command...
    local label=$1 limit=$2; shift 2
    python3 "$ROOT/bench/measure.py" "$OUT/loads.jsonl" "$label" --max-wait "$MAX_WAIT" \
        --quiet-below "$QUIET_BELOW" --timeout "$limit" -- "$@"
}

# ---- machine --------------------------------------------------------------------------------
python3 - "$OUT/machine.json" "$MODE" "$ROOT" "$MAX_WAIT" "$QUIET_BELOW" "${JDKS[@]}" <<'EOF'
import json, os, platform, subprocess, sys, time
out, mode, root, max_wait, quiet, jdks = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]
def sh(*cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (r.stdout + r.stderr).strip()
    except Exception as e:
        return "unavailable: %s" % e
cpu = ""
flags = set()
ident = {}
for line in open("/proc/cpuinfo"):
    if line.startswith("model name") and not cpu:
        cpu = line.split(":", 1)[1].strip()
    if line.startswith("flags") and not flags:
        flags = set(line.split(":", 1)[1].split())
    # a VM's "AMD EPYC" can be any generation: family and model tell a Zen 4 (25) from a Zen 5 (26)
    for key in ("cpu family", "model"):
        if line.split(":")[0].strip() == key and key not in ident:
            ident[key] = line.split(":", 1)[1].strip()
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
def cache(name):
    v = sh("getconf", name)
    return int(v) if v.isdigit() and int(v) > 0 else None
info = {
    "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "mode": mode, "cpu": cpu, "cores": os.cpu_count(),
    "cpu_family": ident.get("cpu family"), "cpu_model": ident.get("model"),
    "memory_gib": round(int(mem) / 1048576, 1), "avx512": sorted(f for f in flags if f.startswith("avx512")),
    "kernel": platform.release(), "os": sh("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
    "load_before": list(os.getloadavg()), "git": sh("git", "-C", root, "rev-parse", "--short", "HEAD"),
    "git_dirty": bool(sh("git", "-C", root, "status", "--porcelain", "--untracked-files=no")),
    "maven": sh("mvn", "-v").splitlines()[0] if sh("mvn", "-v") else "",
    "jdks": [{"home": j, "version": sh(j + "/bin/java", "-version").splitlines()} for j in jdks],
    "max_wait": float(max_wait), "quiet_below": float(quiet),
    "l1d_bytes": cache("LEVEL1_DCACHE_SIZE"), "l2_bytes": cache("LEVEL2_CACHE_SIZE"),
}
json.dump(info, open(out, "w"), indent=1)
EOF
say "mode $MODE; JDKs: ${JDKS[*]}; waits up to $MAX_WAIT s for a load below $QUIET_BELOW; results in $OUT"

# ---- build ----------------------------------------------------------------------------------
say "building app.jar and benchmarks.jar"
(cd "$ROOT" && mvn -B -q package -pl app,bench -am -DskipTests) >>"$LOG" 2>&1 \
    || { echo "report.sh: the build failed; see $LOG" >&2; exit 1; }
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
APP_JAR="$ROOT/app/target/app.jar"
WORKLOADS="$(java -cp "$BENCH_JAR" dev.vecrnn.bench.model.Cells workloads)"
CELLS="$(java -cp "$BENCH_JAR" dev.vecrnn.bench.model.Cells cells)"
# W4 needs word vectors and the adaptive softmax in the app (issue 12)
TRAIN_WORKLOADS="W1 W2 W3"
if java -jar "$APP_JAR" train --help 2>&1 | grep -q -- "--embedding" \
        && java -jar "$APP_JAR" train --help 2>&1 | grep -q -- "--softmax"; then
    TRAIN_WORKLOADS="$TRAIN_WORKLOADS W4 W4-full"
fi
say "this build runs JMH workloads $WORKLOADS, cells $CELLS, train workloads $TRAIN_WORKLOADS"
echo "{\"workloads\": \"$WORKLOADS\", \"cells\": \"$CELLS\", \"train_workloads\": \"$TRAIN_WORKLOADS\"}" >"$OUT/build.json"

# the token ids vecrnn trains on, for the peers: W1/W3 characters, W2/W4 jieba words
say "token ids for the peers (dev.vecrnn.bench.data.TokenIds)"
java -cp "$BENCH_JAR" dev.vecrnn.bench.data.TokenIds --data "$SHAKES" --out "$OUT/chars.ids" >>"$OUT/ids.jsonl"
java -cp "$BENCH_JAR" dev.vecrnn.bench.data.TokenIds --data "$HLM" --encoding GBK --tokenizer jieba \
    --out "$OUT/words.ids" >>"$OUT/ids.jsonl"
ids_of() { case $1 in W1|W3) echo "$OUT/chars.ids" ;; *) echo "$OUT/words.ids" ;; esac; }

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
# the products W2, W3 and W4 run (GemmBenchmark's shapes, op:MxNxK)
GEMM_W234=NT:25x45000x200,TN:45000x200x25,NN:25x200x45000,NT:50x512x128,NN:50x128x512,TN:512x128x2500,NT:2500x65x128,NN:2500x128x65,TN:65x128x2500,NT:1120x45000x256,NT:32x1024x256,TN:1024x256x1120
# every product above and GemmBenchmark's default list time that W2, W3 or W4 runs (make_report.py's kernel_rows)
NUMPY_SHAPES=$GEMM_W234,NN:50x512x128,NT:25x45558x200,TN:45558x200x25,NN:25x200x45558,NT:2500x512x128,NN:2500x128x512,NT:1120x1024x256,NN:32x256x1024,NN:32x1024x256,NN:1120x256x1024,NT:1120x45558x256,TN:45558x256x1120,NN:1120x256x45558
GEMM_QUICK=NT:25x45000x200,TN:45000x200x25,NN:25x200x45000,NT:50x512x128,TN:512x128x2500
CELL_PARAM="-p cell=$CELLS"

run_jmh() { # jdk name args...
    local jdk=$1 name=$2; shift 2
    local v; v="$(jdk_name "$jdk")"
    local json="$OUT/jmh-jdk$v-$name.json" log="$OUT/jmh-jdk$v-$name.log"
    say "JMH $name on $v: $*"
    echo "$jdk/bin/java -Djmh.ignoreLock=true -jar bench/target/benchmarks.jar $* -rf json" >>"$OUT/commands.txt"
    # -foe false: a failing benchmark (e.g. a kernel that disagrees with the scalar one) is
    # reported in the log and left out; the others still run
    if ! measured "jmh-jdk$v-$name" 7200 "$jdk/bin/java" -Djmh.ignoreLock=true -jar "$BENCH_JAR" "$@" -foe false \
            -rf json -rff "$json" >>"$log" 2>&1; then
        say "JMH $name on $v failed; see $log"
    fi
    grep -h "^<failure>\|Exception:" "$log" | sort -u | head -5 | sed 's/^/report:   /' >&2 || true
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
            # the target on two threads is against numpy's two-thread peak: the products on two threads too
            if have GemmBenchmark; then
                run_jmh "$jdk" gemm2 GemmBenchmark -p threads=2 -p kernels=vector -p "shape=$GEMM_W234" "${JMH_KERNELS[@]}"
            fi
        fi
    else
        run_jmh "$jdk" iteration IterationBenchmark $WL_PARAM -p threads=1 "${JMH_OTHER[@]}"
        if [ "$MODE" = full ]; then
            run_jmh "$jdk" chunk ChunkBenchmark $CELL_PARAM -p hidden=128 -p batch=50 "${JMH_OTHER[@]}"
            if have GemmBenchmark; then run_jmh "$jdk" gemm GemmBenchmark -p "shape=$GEMM_W234" -p threads=1 "${JMH_OTHER[@]}"; fi
        fi
    fi
done

# ---- the app's own train --------------------------------------------------------------------
SEED_RUN="--data $SHAKES --hidden 100 --seq-length 25 --lr 0.1"
W4_RUN="--data $HLM --encoding GBK --tokenizer jieba --model lstm --layers 2 --hidden 256 --embedding 256 --batch-size 32 --seq-length 35 --optimizer adam --lr 2e-3 --clip-norm 5"
train_args() {
    case $1 in
        W1) echo "$SEED_RUN --batch-size 1 --optimizer adagrad" ;;
        W2) echo "--data $HLM --encoding GBK --tokenizer jieba --hidden 200 --seq-length 25 --batch-size 1 --optimizer adagrad --lr 0.1" ;;
        W3) echo "--data $SHAKES --model lstm --layers 2 --hidden 128 --seq-length 50 --batch-size 50 --optimizer adam --lr 2e-3" ;;
        W4) echo "$W4_RUN --softmax adaptive --cutoffs 2000,10000 --div-value 4" ;;
        W4-full) echo "$W4_RUN --softmax full" ;;
    esac
}
train_record() { # workload jdk threads rc label kind command text: one JSON line for train.jsonl
    python3 - "$@" <<'EOF'
import json, re, sys
w, jdk, threads, rc, label, kind, cmd, text = sys.argv[1:9]
r = {"workload": w, "jdk": jdk, "threads": int(threads), "label": label, "kind": kind, "command": cmd}
m = re.search(r"trained (\d+) iterations, (\d+) tokens in ([\d.]+) s: (\d+) tokens/s; smooth loss ([\d.]+)", text)
d = re.search(r"data has (\d+) tokens, (\d+) unique", text)
k = re.search(r"kernels (.*)", text)
p = re.search(r"([\d,]+) parameters", text)
if m:
    r.update(iterations=int(m[1]), tokens=int(m[2]), seconds=float(m[3]), tokens_per_s=float(m[4]), smooth_loss=float(m[5]))
else:
    r["error"] = "exit %s: %s" % (rc, text.strip().splitlines()[-1] if text.strip() else "no output")
if d:
    r.update(corpus_tokens=int(d[1]), vocab=int(d[2]))
if k:
    r["kernels"] = k[1].strip()
if p:
    r["params"] = int(p[1].replace(",", ""))
print(json.dumps(r))
EOF
}
for jdk in "${JDKS[@]}"; do
    v="$(jdk_name "$jdk")"
    for w in $TRAIN_WORKLOADS; do
        for t in 1 2; do
            iters=$(pick "$w" "${TRAIN_ITERS[@]}")
            args="$(train_args "$w") --threads $t --iterations $iters --sample-every 0 --val-fraction 0 --checkpoint-every 0 --out $OUT/model.vrnn"
            cmd="java --add-modules jdk.incubator.vector -jar app/target/app.jar train $args"
            label="train-$w-jdk$v-t$t"
            say "train $w on $v, $t thread(s)"
            echo "$jdk/bin/$cmd" >>"$OUT/commands.txt"
            set +e
            text="$(cd "$ROOT" && measured "$label" 3600 "$jdk/bin/java" --add-modules jdk.incubator.vector -jar "$APP_JAR" train $args 2>&1)"
            rc=$?
            set -e
            echo "$text" >>"$LOG"
            train_record "$w" "$v" "$t" "$rc" "$label" train "$cmd" "$text" >>"$OUT/train.jsonl"
        done
    done
    # issue 14's short run: the seed's 5,000 iterations through the README's command, timed from
    # the JVM's start to its exit (measure.py's wall time), JIT warm-up and sampling included
    args="$SEED_RUN --iterations 5000 --sample-every 1000 --out $OUT/short.vrnn"
    cmd="java --add-modules jdk.incubator.vector -jar app/target/app.jar train $args"
    label="short-W1-jdk$v"
    say "the seed's short run (5,000 iterations, end to end) on $v"
    echo "$jdk/bin/$cmd" >>"$OUT/commands.txt"
    set +e
    text="$(cd "$ROOT" && measured "$label" 600 "$jdk/bin/java" --add-modules jdk.incubator.vector -jar "$APP_JAR" train $args 2>&1)"
    rc=$?
    set -e
    echo "$text" >>"$LOG"
    train_record W1 "$v" 0 "$rc" "$label" short "$cmd" "$text" >>"$OUT/train.jsonl"
done

# ---- serve ----------------------------------------------------------------------------------
# the serve load test (dev.vecrnn.bench.serve.ServeLoad, docs/SERVE.md): the app's default model
# (built-in corpus, rnn 100; its size, not its quality, is what the load depends on), trained once,
# served in-process on 127.0.0.1 to 64 streaming clients, one run per JDK
serve_record() { # jdk rc label command json_file text: one JSON line for serve.jsonl
    python3 - "$@" <<'EOF'
import json, re, sys
jdk, rc, label, cmd, path, text = sys.argv[1:7]
try:
    lines = [l for l in open(path, encoding="utf-8") if l.strip().startswith("{")]
except OSError:
    lines = []
if rc == "0" and lines:
    r = json.loads(lines[-1])
else:
    # the last line that says something: not a stack frame, not the incubator module's warning
    said = [l.strip() for l in text.splitlines() if l.strip() and not re.match(r"\s*(at |\.\.\. \d+ more|WARNING)", l)]
    last = said[-1] if said else "no output"
    r = {"jdk": jdk, "error": "timed out" if rc == "124" else "exit %s: %s" % (rc, last)}
r.update(label=label, command=cmd)
print(json.dumps(r))
EOF
}
SERVE_MODEL="$OUT/serve-model.vrnn"
SERVE_TRAIN="--iterations 300 --sample-every 0 --val-fraction 0 --checkpoint-every 0 --out $SERVE_MODEL"
if [ "$MODE" = quick ]; then SERVE_ARGS="64 640 100 60 --warmup 640"; else SERVE_ARGS="64 2560 100 120"; fi
say "the default model for the serve load test"
echo "$MAIN_JDK/bin/java --add-modules jdk.incubator.vector -jar app/target/app.jar train $SERVE_TRAIN" >>"$OUT/commands.txt"
if (cd "$ROOT" && "$MAIN_JDK/bin/java" --add-modules jdk.incubator.vector -jar "$APP_JAR" train $SERVE_TRAIN) >>"$LOG" 2>&1; then
    serve_trained=1
else
    serve_trained=0
    say "training the serve load test's model failed; see $LOG"
fi
for jdk in "${JDKS[@]}"; do
    v="$(jdk_name "$jdk")"
    label="serve-jdk$v"
    json="$OUT/$label.json"
    cmd="java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.vecrnn.bench.serve.ServeLoad $SERVE_MODEL $SERVE_ARGS --json $json"
    if [ "$serve_trained" = 0 ]; then
        serve_record "$v" 1 "$label" "$cmd" /dev/null "training the model to serve failed (see report.log)" >>"$OUT/serve.jsonl"
        continue
    fi
    say "serve load on $v: ServeLoad $SERVE_ARGS"
    echo "$jdk/bin/$cmd" >>"$OUT/commands.txt"
    rm -f "$json"
    set +e
    text="$(cd "$ROOT" && measured "$label" 900 "$jdk/bin/java" --add-modules jdk.incubator.vector -cp "$BENCH_JAR" \
        dev.vecrnn.bench.serve.ServeLoad "$SERVE_MODEL" $SERVE_ARGS --json "$json" 2>&1)"
    rc=$?
    set -e
    echo "$text" >>"$LOG"
    serve_record "$v" "$rc" "$label" "$cmd" "$json" "$text" >>"$OUT/serve.jsonl"
done

# ---- peers ----------------------------------------------------------------------------------
peer() { # label workload timeout command... : appends the command's JSON line (or an error) to peers.jsonl
    local label=$1 workload=$2 limit=$3; shift 3
    say "peer $label: $*"
    echo "$*" >>"$OUT/commands.txt"
    set +e
    local text rc
    text="$(cd "$ROOT/bench/peers" && measured "$label" "$limit" "$@" 2>>"$LOG")"
    rc=$?
    set -e
    python3 - "$label" "$workload" "$rc" "$limit" "$*" "$text" >>"$OUT/peers.jsonl" <<'EOF'
import json, re, sys
label, workload, rc, limit, cmd, text = sys.argv[1:7]
lines = [l for l in text.splitlines() if l.startswith("{")]
if rc == "0" and lines:
    r = json.loads(lines[-1])
elif rc == "0" and re.search(r"tokens_per_s ([\d.]+)", text):  # PyTorch's anchor scripts print "tokens_per_s X"
    r = {"peer": "pytorch-anchor", "tokens_per_s": float(re.search(r"tokens_per_s ([\d.]+)", text)[1])}
else:
    r = {"error": "timed out after %s s" % limit if rc == "124" else "exit %s" % rc}
r["label"] = label
r["workload"] = workload
r["command"] = cmd
print(json.dumps(r))
EOF
}

if [ "$PEERS" = 1 ]; then
    if ! /usr/bin/python3 -c "import torch" 2>/dev/null || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            say "installing python3-torch libopenblas0-pthread"
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread) >>"$LOG" 2>&1 || true
        else
            say "python3-torch or libopenblas0-pthread missing and cannot be installed here"
        fi
    fi
    SYSPY=/usr/bin/python3
    # PyTorch trains W4's model even before vecrnn has it (issue 12), except in the quick mode
    TORCH_WORKLOADS="W1 W2 W3"
    if [ "$MODE" = full ] || [[ " $TRAIN_WORKLOADS " == *" W4 "* ]]; then TORCH_WORKLOADS="$TORCH_WORKLOADS W4 W4-full"; fi

    # numpy also times the W2/W3/W4 products that JMH times, so that each is compared with what
    # OpenBLAS itself reaches on the same shape and thread count, not only with its square peak
    peer sgemm - 300 python3 sgemm_peak.py --shapes "$NUMPY_SHAPES"
    peer sgemm-1core - 300 env OPENBLAS_NUM_THREADS=1 python3 sgemm_peak.py --repeats 3 --shapes "$NUMPY_SHAPES"
    # OpenBLAS 0.3.31 takes a Zen 5 for a Haswell (AVX2) and runs at half the speed its AVX-512
    # kernels reach there: the yardsticks are the best of both, for each thread count and product
    # (a CPU without AVX-512 makes the forced runs fail, and the others stand)
    peer sgemm-skylakex - 300 env OPENBLAS_CORETYPE=SkylakeX python3 sgemm_peak.py --shapes "$NUMPY_SHAPES"
    peer sgemm-skylakex-1core - 300 env OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 python3 sgemm_peak.py --repeats 3 --shapes "$NUMPY_SHAPES"
    peer sgemm-debian - 300 $SYSPY sgemm_peak.py --repeats 3
    # Debian's OpenBLAS 0.3.21 may not know this CPU and fall back to a generic core; the peers
    # are also run with the AVX-512 core forced (their own check refuses a wrong product)
    peer sgemm-debian-skylakex - 300 env OPENBLAS_CORETYPE=SkylakeX $SYSPY sgemm_peak.py --repeats 3

    peer numpy-seed-W1 W1 "$PEER_TIMEOUT" python3 seed_numpy.py --ids "$(ids_of W1)" --hidden 100 --iters "$(pick W1 "${SEED_ITERS[@]}")" --max-seconds $MAX_SECONDS --label W1
    peer numpy-seed-W2 W2 "$PEER_TIMEOUT" python3 seed_numpy.py --ids "$(ids_of W2)" --hidden 200 --iters "$(pick W2 "${SEED_ITERS[@]}")" --warmup 1 --max-seconds $MAX_SECONDS --label W2

    # the models: W1/W3 one-hot into the first layer's own weights (char-rnn, torch_lm.py);
    # W2 an H-wide embedding (a dense 45,558-wide one-hot product would be far more work than
    # vecrnn's row gather); W4 as torch_word.py
    torch_model() {
        case $1 in
            W1) echo "--cell rnn --input onehot --hidden 100 --seq 25 --batch 1 --opt adagrad --lr 0.1" ;;
            W2) echo "--cell rnn --input embedding --hidden 200 --seq 25 --batch 1 --opt adagrad --lr 0.1" ;;
            W3) echo "--cell lstm --input onehot --hidden 128 --layers 2 --seq 50 --batch 50 --opt adam --lr 2e-3" ;;
            W4|W4-full) echo "--cell lstm --input embedding --embedding 256 --hidden 256 --layers 2 --seq 35 --batch 32 --opt adam --lr 2e-3 --clip norm --cutoffs 2000,10000 --div-value 4 --softmax $([ "$1" = W4 ] && echo adaptive || echo full)" ;;
        esac
    }
    for core in default SkylakeX; do
        envs=(env)
        [ "$core" = default ] || envs=(env OPENBLAS_CORETYPE="$core")
        for w in $TORCH_WORKLOADS; do
            peer "pytorch-$w-$core" "$w" "$PEER_TIMEOUT" "${envs[@]}" $SYSPY torch_peer.py --ids "$(ids_of "$w")" $(torch_model "$w") \
                --iters "$(pick "$w" "${TORCH_ITERS[@]}")" --warmup $TORCH_WARMUP --threads 1,2 --max-seconds $MAX_SECONDS --label "$w"
        done
        # PyTorch's own anchor for the char workloads, beside the peer: the same model, its own loop
        if [ "$ANCHOR_RUNS" = 1 ] && [ -r "$ANCHORS/torch_lm.py" ]; then
            for t in 1 2; do
                peer "pytorch-anchor-W1-$core-t$t" W1 "$PEER_TIMEOUT" "${envs[@]}" $SYSPY "$ANCHORS/torch_lm.py" "$SHAKES" \
                    --cell rnn --hidden 100 --seq 25 --batch 1 --opt adagrad --lr 0.1 --iters "$(pick W1 "${TORCH_ITERS[@]}")" --threads $t
                peer "pytorch-anchor-W3-$core-t$t" W3 "$PEER_TIMEOUT" "${envs[@]}" $SYSPY "$ANCHORS/torch_lm.py" "$SHAKES" \
                    --cell lstm --hidden 128 --layers 2 --seq 50 --batch 50 --opt adam --lr 2e-3 --iters "$(pick W3 "${TORCH_ITERS[@]}")" --threads $t
            done
        fi
    done

    say "building the DL4J peer"
    if (cd "$ROOT/bench/peers/dl4j" && mvn -B -q package) >>"$LOG" 2>&1; then
        # the class path in a java @argfile, so that the commands stay readable
        echo "-cp $ROOT/bench/peers/dl4j/target/dl4j-peer-0.1.0-SNAPSHOT.jar:$(cat "$ROOT/bench/peers/dl4j/target/classpath.txt")" \
            >"$ROOT/bench/peers/dl4j/target/java.args"
        dl4j_model() {
            case $1 in
                W1) echo "--cell rnn --input onehot --hidden 100 --seq 25 --batch 1 --opt adagrad --lr 0.1" ;;
                W2) echo "--cell rnn --input embedding --hidden 200 --seq 25 --batch 1 --opt adagrad --lr 0.1" ;;
                W3) echo "--cell lstm --input onehot --hidden 128 --layers 2 --seq 50 --batch 50 --opt adam --lr 2e-3" ;;
            esac
        }
        for t in $DL4J_THREADS; do
            for w in W1 W2 W3; do
                peer "dl4j-$w-omp$t" "$w" "$PEER_TIMEOUT" env OMP_NUM_THREADS=$t "$MAIN_JDK/bin/java" @dl4j/target/java.args \
                    dev.vecrnn.peers.dl4j.Dl4jPeer --ids "$(ids_of "$w")" $(dl4j_model "$w") $(pick "$w" "${DL4J_ARGS[@]}") \
                    --max-seconds $MAX_SECONDS --label "$w"
            done
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
    python3 "$ROOT/bench/make_report.py" "$OUT" "$ROOT/docs/PERFORMANCE.md" "$ROOT/docs/perf" --readme "$ROOT/README.md"
    say "wrote docs/PERFORMANCE.md, docs/perf/ and README.md's table in $(( $(date +%s) - START )) s"
else
    cp "$ROOT/README.md" "$OUT/README.md"
    python3 "$ROOT/bench/make_report.py" "$OUT" "$OUT/PERFORMANCE.md" "$OUT/perf" --readme "$OUT/README.md"
    say "wrote $OUT/PERFORMANCE.md and $OUT/README.md in $(( $(date +%s) - START )) s"
fi
