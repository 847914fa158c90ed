#!/usr/bin/env bash
# Python binding: build the abi3 wheel with maturin, install it with plain pip
# into a fresh virtualenv with the optional dependencies (pandas, pyarrow,
# PySpark, presidio-analyzer), and run the pytest suite against the installed
# wheel. Spark runs in local[2] mode on the machine's Java.
set -euo pipefail
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
venv=$target/ci-venv
wheels=$target/ci-wheels

# PySpark needs a JRE; the machine image has Java 17, install it if not.
command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }
java -version 2>&1 | head -n 1

echo "--- fresh virtualenv $venv"
rm -rf "$venv" "$wheels"
python3 -m venv "$venv"
py=$venv/bin/python
"$py" -m pip install --quiet maturin pytest pandas pyarrow pyspark presidio-analyzer
"$py" -m pip list 2>/dev/null | grep -iE "^(maturin|pytest|pandas|pyarrow|pyspark|presidio[-_]analyzer) "

echo "--- maturin build --release"
"$venv/bin/maturin" build --release --locked -m bindings-python/Cargo.toml --out "$wheels"
wheel=$(ls "$wheels"/leaksift-*.whl)
echo "wheel: $(basename "$wheel"), $(du -k "$wheel" | cut -f1) KiB ($(stat -c %s "$wheel") bytes)"
case $(basename "$wheel") in
  *-cp39-abi3-*) ;;
  *) echo "expected one cp39-abi3 wheel"; exit 1 ;;
esac
"$py" -m zipfile -l "$wheel" | grep -E "py.typed|_native.pyi|_native.abi3.so"

echo "--- pip install the wheel"
"$py" -m pip install --quiet "$wheel"
(cd /tmp && "$py" -c "import leaksift, sys; print('installed', leaksift.__version__, 'at', leaksift.__file__)")

echo "--- CLI for the differential test"
cargo build --locked -q -p leaksift-cli
export LEAKSIFT_CLI=$target/debug/leaksift
# A missing optional dependency fails the run instead of skipping its tests,
# and the tests check they import the installed wheel, not the sources.
export LEAKSIFT_REQUIRE_OPTIONAL=1
export LEAKSIFT_EXPECT_INSTALLED=1

echo "--- pytest"
log=$(mktemp)
status=0
(cd bindings-python && "$py" -m pytest -p no:cacheprovider -q -rs tests) 2>&1 | tee "$log" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests"
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"
passed=$(grep -oE "[0-9]+ passed" "$log" | tail -n 1 | cut -d' ' -f1)
rm -f "$log"
if [ "${passed:-0}" -lt 150 ]; then
  echo "only ${passed:-0} tests passed; expected at least 150"
  exit 1
fi
echo "python: ${passed} tests passed"

# The same wheel on the oldest CPython it supports, where str is encoded
# instead of borrowed (PyUnicode_AsUTF8AndSize is not in 3.9's stable ABI).
py39=""
if command -v pyenv >/dev/null; then
  py39=$(ls -d "$(pyenv root)"/versions/3.9*/bin/python 2>/dev/null | tail -n 1 || true)
fi
if [ -n "$py39" ]; then
  echo "--- the wheel on $("$py39" --version)"
  rm -rf "$venv-py39"
  "$py39" -m venv "$venv-py39"
  "$venv-py39/bin/python" -m pip install --quiet pytest "$wheel"
  (cd bindings-python && LEAKSIFT_EXPECT_INSTALLED=1 LEAKSIFT_REQUIRE_OPTIONAL=0 \
    "$venv-py39/bin/python" -m pytest -p no:cacheprovider -q tests \
    --ignore=tests/test_pandas.py --ignore=tests/test_spark.py --ignore=tests/test_presidio.py)
else
  echo "--- no CPython 3.9 here (pyenv): the wheel was tested on $("$py" --version) only"
fi
