#!/usr/bin/env bash
# The HTML report's end-to-end test drives a real headless Chromium (through playwright-core,
# which never downloads a browser of its own). .ci/run calls this before the tests; `npm test`
# itself never installs anything, and skips the browser tests (saying why) without a Chromium.
# Uses CALIB_CHROMIUM or chromium on PATH, else installs Debian's package when we can.
set -euo pipefail
if [ -n "${CALIB_CHROMIUM:-}" ] && [ -x "${CALIB_CHROMIUM}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the browser test..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq chromium >&2
  exit 0
fi
echo "No Chromium found: install your distribution's chromium package, or set CALIB_CHROMIUM to a Chromium binary." >&2
exit 1
