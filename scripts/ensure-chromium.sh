#!/usr/bin/env bash
# Make sure Debian's Chromium is installed at /usr/bin/chromium: the browser tests drive it
# through Playwright (executable_path), so no browser is ever downloaded by Playwright itself.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Chromium is missing and this user cannot install packages: run" >&2
  echo "  apt-get update && apt-get install -y chromium" >&2
  echo "as root; the browser tests (tests/web/browser) need /usr/bin/chromium." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
