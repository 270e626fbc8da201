#!/usr/bin/env bash
# Builds Ondeck and runs every test: ./test.sh
# Installs the few Debian packages the build needs (as root or with sudo), then runs ./mvnw -B verify.
# Needs a JDK 25 (Debian bookworm has none): JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64.
# Tests read ONNX backend data from ../shared (-Dondeck.shared=DIR to change); they skip without it,
# except with CI=true, where missing data fails them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# mvnw fetches Maven itself: it needs curl (or wget), unzip and CA certificates.
# The kernel's tests run Jupyter's conformance suite and nbconvert with Debian's python3, and drive the kernel
# through jupyter_server (JupyterLab's client library from npm), the Notebook web UI in Chromium and jupyter
# console in tmux; the CLI's browser test opens the demo report and a notebook's HTML export in headless
# chromium; the ADB bridge's tests use the real adb server and dexdump; the CLI's quantisation test calibrates on
# scikit-learn's bundled digits.
PACKAGES=(ca-certificates curl unzip jupyter-client python3-jupyter-kernel-test jupyter-nbconvert python3-nbclient
  python3-jupyter-server jupyter-notebook chromium jupyter-console tmux
  adb dexdump python3-nbformat python3-sklearn)
# The OpenCL backend's tests run on PoCL (OpenCL on the CPU) through the ICD loader.
PACKAGES+=(ocl-icd-libopencl1 pocl-opencl-icd)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "test.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1
  fi
  "${SUDO[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ -z "${JAVA_HOME:-}" && -d /usr/lib/jvm/temurin-25-jdk-amd64 ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ -z "$version" || "$version" -lt 25 ]]; then
  echo "test.sh: need JDK 25 or newer (found '${version:-none}' at $JAVA); set JAVA_HOME" >&2
  exit 1
fi

# npm packages of the kernel's front-end tests (@jupyterlab/services, playwright-core), from the lock file.
command -v npm >/dev/null || { echo "test.sh: need Node 20 or newer with npm (kernel front-end tests)" >&2; exit 1; }
(cd kernel/src/test/lab && npm ci --no-audit --no-fund)

./mvnw -B verify

# Kernel benchmark (cold start, round trips, 1000 executes): prints its numbers, never fails the build.
kernel/bench/run.sh || echo "test.sh: the kernel benchmark did not complete" >&2
