#!/usr/bin/env bash
# Installs what the Spark path needs, from the package registries only, and
# builds the `reprint` wheel from this checkout into a project-local virtual
# environment (dist/.venv). Idempotent: run it again after changing the code.
#
#   dist/setup.sh
#
# Needs: Rust (cargo), Python 3.9+ with venv and pip, a C compiler. Installs a
# Java runtime with apt-get (Debian's openjdk-17-jre-headless) only if there
# is no `java`. Set REPRINT_VENV to put the environment elsewhere.
set -euo pipefail
dist="$(cd "$(dirname "$0")" && pwd)"
venv="${REPRINT_VENV:-$dist/.venv}"

# Spark 4 runs on Java 17 or 21.
if ! command -v java >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: no java and no apt-get: install a Java 17 runtime yourself" >&2
        exit 1
    fi
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing openjdk-17-jre-headless" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        openjdk-17-jre-headless >/dev/null
fi

if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv"; then
        # Debian's Python keeps venv (ensurepip) in a package of its own.
        rm -rf "$venv"
        command -v apt-get >/dev/null 2>&1 || exit 1
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$venv"
    fi
fi
# Pinned: the versions the CI test runs (pip does nothing when they are there).
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$dist/requirements.txt"

# The wheel: the compiled kernels and the Detector (abi3, any CPython >= 3.9).
# Cargo's target directory is CARGO_TARGET_DIR if set, else dist/target.
rm -rf "$dist/wheels"
"$venv/bin/maturin" build --release --quiet -m "$dist/python/Cargo.toml" -o "$dist/wheels"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps \
    "$dist"/wheels/reprint-*.whl
echo "setup: ready ($venv)" >&2
