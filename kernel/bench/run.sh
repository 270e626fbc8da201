#!/usr/bin/env bash
# Installs the built kernel into a temporary Jupyter prefix and runs kernel_bench.py against it.
# Needs a build (./mvnw package) and Debian's python3 with jupyter-client. Arguments go to kernel_bench.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PREFIX="$(mktemp -d)"
trap 'rm -rf "$PREFIX"' EXIT
"$ROOT/bin/ondeck" kernel install --prefix "$PREFIX" --name ondeck-bench >/dev/null
JUPYTER_PATH="$PREFIX/share/jupyter" JUPYTER_DATA_DIR="$PREFIX/data" ONDECK_KERNEL_NAME=ondeck-bench \
  /usr/bin/python3 "$ROOT/kernel/bench/kernel_bench.py" "$@" 2> >(grep -v '^INFO\|KernelMain main$' >&2)
