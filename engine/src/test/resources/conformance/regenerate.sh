#!/usr/bin/env bash
# Regenerates cpu-ref.txt, the support matrix of the cpu-ref backend: every ONNX backend-test case that
# passes now. Run from the repository root after building the engine; review the diff before committing.
set -euo pipefail
shared="${1:-../shared}"
out=engine/src/test/resources/conformance/cpu-ref.txt
{
  echo "# ONNX backend-test cases that cpu-ref passes (rtol 1e-3, atol 1e-7), as suite/case."
  echo "# Regenerate with engine/src/test/resources/conformance/regenerate.sh; BackendConformanceTest enforces it."
  for suite in node pytorch-converted pytorch-operator simple; do
    java -cp engine/target/classes dev.ondeck.engine.conformance.ConformanceRunner --backend cpu-ref \
      "$shared/onnx-backend/$suite" | awk -v s="$suite" '$1 == "PASSED" { print s "/" $2 }'
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
grep -vc '^#' "$out"
