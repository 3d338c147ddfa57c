# Sourced by launch.sh and tools/test in a source checkout: make .venv match a lock (requirements.txt for the app,
# requirements-dev.txt for tests and builds; both written by tools/lock, every line with its hashes).
# Usage: ensure_venv ROOT REQUIREMENTS_FILE   (sets VENV_PYTHON)
ensure_venv() {
    local root="$1" req="$2" py stamp want
    local venv="$root/.venv"
    VENV_PYTHON="$venv/bin/python"
    stamp="$venv/.requirements-$(basename "$req" .txt).sha256"
    # sha256sum on Linux, shasum on macOS (which has no sha256sum)
    want="$( (command -v sha256sum >/dev/null 2>&1 && sha256sum || shasum -a 256) < "$root/$req" | cut -d' ' -f1)"
    if [ -x "$VENV_PYTHON" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    for py in python3.11 python3 python; do
        if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            break
        fi
        py=""
    done
    if [ -z "$py" ]; then
        echo "Python 3.11 is needed to run from source and was not found. Install Python 3.11, or use a stick with a built bundle." >&2
        return 1
    fi
    if [ ! -x "$VENV_PYTHON" ]; then
        echo "Setting up $venv (first run only; needs the package registry)..." >&2
        "$py" -m venv "$venv"
    fi
    # llama-cpp-python (the assistant's extra, in requirements-dev.txt) compiles llama.cpp: for a generic CPU, so
    # a bundle built here runs on every studio PC, not only on CPUs with this one's instructions.
    CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" PIP_DISABLE_PIP_VERSION_CHECK=1 \
        "$VENV_PYTHON" -m pip install --quiet --require-hashes -r "$root/$req" >&2
    echo "$want" > "$stamp"
}
