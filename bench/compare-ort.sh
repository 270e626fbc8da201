#!/usr/bin/env bash
# Times the fast backends against ONNX Runtime Java on the perf models and writes bench/results/DATE-HOST.txt
# with machine info. Each (model, backend, threads) runs in a fresh JVM; ours and ONNX Runtime alternate run by
# run (Bench --vs-ort). Usage, from the repository root: bench/compare-ort.sh [SHARED]   (default ../shared)
set -euo pipefail
shared="${1:-../shared}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
./mvnw -q -o -pl engine,backend-cpu -am -DskipTests test-compile
./mvnw -q -o -pl backend-cpu dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
cp="engine/target/classes:backend-cpu/target/classes:backend-cpu/target/test-classes:$(cat backend-cpu/target/test.classpath)"
out="bench/results/$(date -u +%F)-$(hostname -s).txt"
mkdir -p bench/results
{
  echo "# date: $(date -u +%FT%TZ)"
  echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); cores: $(nproc); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# jdk: $("$JAVA" -version 2>&1 | head -1)"
  echo "# vector species: $("$JAVA" --add-modules jdk.incubator.vector -cp "$cp" dev.ondeck.backend.cpu.Bench --species 2>/dev/null)"
  echo "# command: java --add-modules jdk.incubator.vector -cp <backend-cpu test class path> dev.ondeck.backend.cpu.Bench --vs-ort --backends B --threads T --warmup W --runs K MODEL"
} > "$out"
run() { # backend threads warmup runs model
  "$JAVA" --add-modules jdk.incubator.vector -cp "$cp" dev.ondeck.backend.cpu.Bench --vs-ort --backends "$1" --threads "$2" \
    --warmup "$3" --runs "$4" "$shared/models/perf/$5" 2>/dev/null | grep -v '^model' | tee -a "$out"
}
for m in resnet18 mobilenet_v2 squeezenet1_1 transformer_encoder_d256 efficientnet_b0; do run cpu 1 50 50 "$m"; done
run cpu 2 50 50 resnet18
for m in resnet18 mobilenet_v2 squeezenet1_1 transformer_encoder_d256 efficientnet_b0; do run cpu-portable 1 10 20 "$m"; done
echo "wrote $out"
