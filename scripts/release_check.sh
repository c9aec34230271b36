#!/usr/bin/env bash
# Everything a release does before the upload: build the sdist and the wheel, twine check them,
# install the wheel into a clean virtual environment, and with that installation alone (outside
# the repository) check the sample content, build the sample site, and create a county's site
# with `zwgk init` whose pinned requirement the wheel satisfies.
# Run by .github/workflows/release.yml on a version tag, and by tests/integration/test_release.py.
#
# Usage: bash scripts/release_check.sh [OUT_DIR]      (default dist; its zwgk-* files are replaced)
# Environment: PYTHON       the interpreter that has build and twine (default python3)
#              RELEASE_TAG  the tag being released (v0.1.0): must name the package's version
#              RELEASE_WORK where to put the clean environment and the sites (default: a temporary
#                           folder, removed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
OUT=${1:-dist}

fail() {
  echo "release_check: $*" >&2
  exit 1
}

# the version, read without importing the package (generator/__init__.py is its one source)
VERSION=$("$PY" -c 'import re, sys; print(re.search(r"^__version__ = \"([^\"]+)\"", open(sys.argv[1]).read(), re.M).group(1))' generator/__init__.py)
if [ -n "${RELEASE_TAG:-}" ] && [ "$RELEASE_TAG" != "v$VERSION" ]; then
  fail "tag $RELEASE_TAG does not match the package version $VERSION (generator/__init__.py): tag v$VERSION, or change __version__ and CHANGELOG.md first"
fi
grep -q "^## \[$VERSION\]" CHANGELOG.md || fail "CHANGELOG.md has no section for $VERSION"

if [ -n "${RELEASE_WORK:-}" ]; then
  WORK=$RELEASE_WORK
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
fi

echo "== build zwgk $VERSION (sdist and wheel) into $OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/zwgk-*
"$PY" -m build --outdir "$OUT" . >"$WORK/build.log" 2>&1 || { tail -n 50 "$WORK/build.log" >&2; fail "build failed"; }
WHEEL="$OUT/zwgk-$VERSION-py3-none-any.whl"
SDIST="$OUT/zwgk-$VERSION.tar.gz"
[ -f "$WHEEL" ] || fail "no wheel $WHEEL"
[ -f "$SDIST" ] || fail "no sdist $SDIST"

echo "== twine check"
"$PY" -m twine check --strict "$WHEEL" "$SDIST"

echo "== install the wheel into a clean virtual environment"
VENV="$WORK/venv"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL"
ZWGK="$VENV/bin/zwgk"
[ "$("$ZWGK" --version)" = "zwgk $VERSION" ] || fail "the installed zwgk says $("$ZWGK" --version)"

# outside the repository, so that nothing can come from the source tree
SAMPLE="$WORK/sample"
rm -rf "$SAMPLE"
mkdir -p "$SAMPLE"
cp -R content docs site_theme mkdocs.yml "$SAMPLE/"
cd "$SAMPLE"
where=$("$VENV/bin/python" -c 'import generator; print(generator.__file__)')
case "$where" in
  "$VENV"/*) ;;
  *) fail "zwgk was imported from $where, not from the clean environment" ;;
esac
export NO_MKDOCS_2_WARNING=1 ZWGK_CACHE_DIR="$WORK/cache"

echo "== zwgk check (the sample content)"
"$ZWGK" check content
echo "== zwgk build (the sample site)"
"$ZWGK" build
[ -f site/index.html ] && [ -f site/pagefind/pagefind.js ] || fail "the sample site was not built"

echo "== zwgk init: a county's site pinned to this version"
COUNTY="$WORK/county"
rm -rf "$COUNTY"
"$ZWGK" init "$COUNTY" >/dev/null
cd "$COUNTY"
grep -qx "zwgk==$VERSION" requirements.txt || fail "the new site does not pin zwgk==$VERSION"
# the pin is what was just built: pip finds it satisfied, from the wheel's folder only
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
  --find-links "$OUT" -r requirements.txt
"$ZWGK" check
"$ZWGK" codeowners --check

echo "release_check: zwgk $VERSION is ready ($WHEEL, $SDIST)"
