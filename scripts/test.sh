#!/usr/bin/env bash
# Install what the tests need (Python packages from pyproject; Debian packages for the
# browser test) and run the whole test suite. Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check generator tests benchmarks
.venv/bin/ruff format --check generator tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
