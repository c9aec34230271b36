#!/usr/bin/env bash
# Install what the tests need (Python packages from pyproject; Debian packages for the
# browser test) and run the whole test suite. Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser test drives Debian's Chromium (Playwright's own browser download cannot work
# here); Chinese fonts make its screenshots and layout real.
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

# axe-core for the accessibility test, from npm into an ignored folder: the test reads it from
# disk and nothing is fetched while the tests run.
AXE_VERSION=4.14.1
if ! grep -qs "\"version\": \"$AXE_VERSION\"" .cache/npm/node_modules/axe-core/package.json; then
  mkdir -p .cache/npm
  npm install --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi

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
