#!/usr/bin/env bash
# The issue's acceptance measurement: `bin/ondeck bench` against ONNX Runtime Java on the perf models, each
# measurement in a fresh JVM, alternating run by run, --warmup 50 --runs 50, 3 rounds; `cpu` at 1 thread,
# resnet18 also at 2 threads, `cpu-portable` at 1 thread (the same 50 + 50 unless --portable-runs/-warmup). Writes bench/results/DATE-HOST/ (one JSON per run,
# summary.txt with machine info and the ratio of medians per round), then prints the summary.
# Usage, from anywhere: bench/compare-ort.sh [--rounds N] [--warmup W] [--runs K] [--portable-warmup W]
#   [--portable-runs K] [--models "a b"] [SHARED]
# (SHARED defaults to ../shared; models are SHARED/models/perf/NAME/model.onnx). Regenerate the README table
# from the results with bench/summarize.py --readme.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
rounds=3 warmup=50 runs=50 pwarmup=50 pruns=50
models="mobilenet_v2 resnet18 squeezenet1_1 transformer_encoder_d256 efficientnet_b0"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --portable-warmup) pwarmup="$2"; shift 2 ;;
    --portable-runs) pruns="$2"; shift 2 ;;
    -*) echo "compare-ort.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
shared="$(cd "${1:-../shared}" && pwd)"
if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
bin/ondeck --version >/dev/null            # builds the CLI (and benchmarks/target/ort) when stale
if [[ ! -f benchmarks/target/ort/ondeck-ort-adapter.jar ]]; then
  ./mvnw -q -B -pl benchmarks -am package -DskipTests
fi
out="bench/results/$(date -u +%Y-%m-%dT%H%MZ)-$(hostname -s)"
mkdir -p "$out"
{
  echo "# started: $(date -u +%FT%TZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); cores: $(nproc)"
  echo "# jdk: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
  echo "# launcher JVM options: ${ONDECK_JAVA_OPTS--XX:+UseSerialGC (bin/ondeck default)}"
  echo "# backends: $(bin/ondeck backends 2>/dev/null | tr '\n' ';')"
  echo "# each line: bin/ondeck bench SHARED/models/perf/MODEL --backend B --threads T --warmup $warmup --runs $runs --vs-ort --json FILE (cpu-portable: --warmup $pwarmup --runs $pruns)"
} > "$out/machine.txt"
bench() { # round backend threads model
  local file="$out/$2-t$3-$4-r$1.json" w="$warmup" k="$runs"
  if [[ "$2" == cpu-portable ]]; then w="$pwarmup" k="$pruns"; fi
  bin/ondeck bench "$shared/models/perf/$4" --backend "$2" --threads "$3" --warmup "$w" --runs "$k" \
    --vs-ort --json "$file" 2>/dev/null | grep -E '^(ratio|.*median)' | sed "s|^|r$1 $2 t$3 $4: |"
}
for r in $(seq 1 "$rounds"); do
  for m in $models; do bench "$r" cpu 1 "$m"; done
  if [[ " $models " == *" resnet18 "* ]]; then bench "$r" cpu 2 resnet18; fi
  for m in $models; do bench "$r" cpu-portable 1 "$m"; done
done
echo "# finished: $(date -u +%FT%TZ); load average: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
python3 bench/summarize.py "$out" | tee "$out/summary.txt"
