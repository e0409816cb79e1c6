#!/usr/bin/env bash
# Two tests read calib's .npy output back with numpy itself. .ci/run calls this before the tests;
# `npm test` never installs anything, and skips those tests (saying why) without numpy.
# Uses CALIB_PYTHON or a python3 that imports numpy, else installs Debian's package when we can.
set -euo pipefail
for python in "${CALIB_PYTHON:-}" python3 /usr/bin/python3; do
  if [ -n "$python" ] && "$python" -c 'import numpy' >/dev/null 2>&1; then exit 0; fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's python3-numpy for the .npy read-back tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq python3-numpy >&2
  exit 0
fi
echo "No Python with numpy found: install your distribution's python3-numpy, or set CALIB_PYTHON to a python that has it." >&2
exit 1
