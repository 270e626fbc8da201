#!/usr/bin/env bash
# Kernel benchmarks (JMH, single thread) with fixed short settings: FMA peak, SGEMM (128, 512), Conv on
# MobileNetV2/ResNet18 layer shapes (depthwise included; ResNet18's 3x3 by Winograd and im2col), Softmax, on the cpu and cpu-portable backends.
# Writes bench/results/jmh-DATE-HOST.json (JMH's) and .txt (machine info, GFLOP/s and % of the FMA peak
# measured in the same run). Usage, from anywhere: bench/jmh.sh [extra JMH args, e.g. a benchmark regex]
# JMH_WARMUP=N sets the warm-up iterations (default 2; Vector API kernels on a loaded machine may need more).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -q -B -pl benchmarks -am package -DskipTests
base="bench/results/jmh-$(date -u +%Y-%m-%dT%H%MZ)-$(hostname -s)"
mkdir -p bench/results
lanes=$("$JAVA" --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.ondeck.bench.Species 2>/dev/null)
{
  echo "# started: $(date -u +%FT%TZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); cores: $(nproc)"
  echo "# jdk: $("$JAVA" -version 2>&1 | head -1); vector species: ${lanes#* }"
  echo "# command: java -jar benchmarks/target/benchmarks.jar -f 1 -wi ${JMH_WARMUP:-2} -w 1s -i 3 -r 1s -rf json ${*:-'FmaPeak|Sgemm|Conv|Softmax'}"
} > "$base.txt"
"$JAVA" -jar benchmarks/target/benchmarks.jar -f 1 -wi ${JMH_WARMUP:-2} -w 1s -i 3 -r 1s -rf json -rff "$base.json" \
  "${@:-FmaPeak|Sgemm|Conv|Softmax}" 2>/dev/null | grep -E '^(Benchmark|[A-Z][A-Za-z0-9]+Benchmark\.)' >> "$base.txt"
echo "# finished: $(date -u +%FT%TZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$base.txt"
python3 - "$base.json" "${lanes%% *}" >> "$base.txt" <<'PY'
import json, sys
results, lanes = json.load(open(sys.argv[1])), int(sys.argv[2])
def us(r): return r["primaryMetric"]["score"]  # microseconds per call
peak = None
for r in results:
    if r["benchmark"].endswith("fmaPeak"):
        peak = 2 * 16 * lanes * 4096 / (us(r) * 1e-6) / 1e9
        print("FP32 peak per core (FMA loop, %d lanes): %.1f GFLOP/s" % (lanes, peak))
for r in results:
    p, name = r.get("params", {}), r["benchmark"].rsplit(".", 1)[1]
    if name == "matMul":
        flops, what = 2 * int(p["size"]) ** 3, "GEMM %s^3" % p["size"]
    elif name == "int8MatMul":
        flops, what, p = 2 * int(p["size"]) ** 3, "int8 GEMM %s^3" % p["size"], dict(p, backend="cpu-int8")
    elif name in ("conv", "depthwise"):
        cin, h, w, cout, k, s, pad, g = map(int, p["shape"].split(":")[1].split(","))
        ho, wo = (h + 2 * pad - k) // s + 1, (w + 2 * pad - k) // s + 1
        flops, what = 2 * cout * ho * wo * (cin // g) * k * k, "Conv " + p["shape"].split(":")[0]
    else:
        continue
    gf = flops / (us(r) * 1e-6) / 1e9
    pct = " = %.0f%% of peak" % (100 * gf / peak) if peak and name != "int8MatMul" else ""
    unit = "GOP/s  " if name == "int8MatMul" else "GFLOP/s"
    print("%-22s %-13s %9.1f us  %7.1f %s%s" % (what, p.get("backend") or "cpu:" + p["algorithm"], us(r), gf, unit, pct))
PY
cat "$base.txt"
