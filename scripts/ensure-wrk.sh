#!/usr/bin/env bash
# wrk, the HTTP load generator benchmarks/api_load.py drives (Debian package); only the
# benchmark needs it.
set -euo pipefail
if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq wrk
