#!/usr/bin/env bash
# Regenerates a backend's support matrix: every ONNX backend-test case that the backend passes now.
# Usage, from the repository root after `./mvnw -o -pl engine,backend-cpu -am -DskipTests package`:
#   engine/src/test/resources/conformance/regenerate.sh [BACKEND] [SHARED]     (BACKEND default cpu-ref)
# Lists: engine/src/test/resources/conformance/{cpu-ref,cpu-portable}.txt, backend-cpu/src/test/resources/conformance/cpu.txt,
# backend-opencl/src/test/resources/conformance/opencl.txt (build backend-opencl's test classes too: -DskipTests test-compile).
# Review the diff before committing; the backends' conformance tests enforce the lists.
set -euo pipefail
backend="${1:-cpu-ref}"
shared="${2:-../shared}"
out=engine/src/test/resources/conformance/$backend.txt
cp=engine/target/classes
jvm=()
if [ "$backend" = cpu ]; then
  out=backend-cpu/src/test/resources/conformance/cpu.txt
  cp=$cp:backend-cpu/target/classes
  jvm=(--add-modules jdk.incubator.vector)
fi
if [ "$backend" = opencl ]; then
  # The OpenCL list: core cases whose ops are all in issue #8's list, planned entirely on OpenCL, that pass.
  out=backend-opencl/src/test/resources/conformance/opencl.txt
  cp=$cp:backend-opencl/target/classes:backend-opencl/target/test-classes
  java --enable-native-access=ALL-UNNAMED -cp "$cp" dev.ondeck.backend.opencl.CoreCases "$shared/onnx-backend" \
    | awk '$2 == "ALL-OPENCL" { print $1 }' > "$out.cases"
  {
    echo "# Core ONNX backend-test cases (ops all in issue #8's list) that run entirely on opencl and pass (rtol 1e-3, atol 1e-7)."
    echo "# Regenerate with engine/src/test/resources/conformance/regenerate.sh opencl; OpenClBackendTest enforces it."
    java --enable-native-access=ALL-UNNAMED -cp "$cp" dev.ondeck.engine.conformance.ConformanceRunner --backend opencl \
      --list "$out.cases" "$shared/onnx-backend/node" 2>/dev/null | awk '$1 == "PASSED" { print "node/" $2 }'
  } > "$out.tmp"
  rm "$out.cases"
  mv "$out.tmp" "$out"
  grep -vc '^#' "$out"
  exit 0
fi
{
  echo "# ONNX backend-test cases that $backend passes (rtol 1e-3, atol 1e-7), as suite/case."
  echo "# Regenerate with engine/src/test/resources/conformance/regenerate.sh $backend; its conformance test enforces it."
  for suite in node pytorch-converted pytorch-operator simple; do
    java "${jvm[@]}" -cp "$cp" dev.ondeck.engine.conformance.ConformanceRunner --backend "$backend" \
      "$shared/onnx-backend/$suite" 2>/dev/null | awk -v s="$suite" '$1 == "PASSED" { print s "/" $2 }'
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
grep -vc '^#' "$out"
