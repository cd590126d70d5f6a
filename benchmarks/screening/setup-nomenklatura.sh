#!/usr/bin/env bash
# Builds the benchmark-only virtual environment that holds nomenklatura (logic-v2),
# the comparison engine of benchmarks/screening/run.py. Not a project dependency.
# Usage: bash benchmarks/screening/setup-nomenklatura.sh   (from the repository root)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="$here/.venv-nomenklatura"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
# PyICU (through rigour) compiles against libicu; Debian ships the headers.
if ! pkg-config --exists icu-uc 2>/dev/null && command -v apt-get >/dev/null; then
    apt-get install -y libicu-dev pkg-config >/dev/null
fi
"$venv/bin/pip" install --quiet 'nomenklatura>=4'
"$venv/bin/python" -c "import nomenklatura, rigour; print('nomenklatura', nomenklatura.__version__ if hasattr(nomenklatura, '__version__') else '?')"
