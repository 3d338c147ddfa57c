#!/usr/bin/env bash
# Start the studio app from this stick on Linux or macOS.
#   ./launch.sh            open the studio on this stick
#   ./launch.sh --demo     open a demo studio kept in demo/ on this stick (made on first use)
#   ./launch.sh ARGS...    any app command, with this stick as home (e.g. `check --user admin`)
set -euo pipefail

STICK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
export TATTOO_HOME="$STICK"
export PYTHONDONTWRITEBYTECODE=1

case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=macos ;;
    *) os="$(uname -s | tr '[:upper:]' '[:lower:]')" ;;
esac
case "$(uname -m)" in
    x86_64|amd64) arch=x86_64 ;;
    aarch64|arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
esac

if [ ! -w "$STICK" ]; then
    echo "This stick is read-only ($STICK), so the studio cannot save anything." >&2
    echo "Slide the stick's lock switch off, or copy the whole folder to this computer and run launch.sh from the copy." >&2
    exit 1
fi

BUNDLE="$STICK/bundle/$os-$arch/tattoo/tattoo"
# The programs a bundle runs: the app, and the desktop window's client (Linux: flet/flet; macOS: inside Flet.app).
lost_exec() {
    local program
    for program in "$BUNDLE" "$STICK/bundle/$os-$arch/tattoo/_internal/runtime/"flet-client-*/flet/flet \
                   "$STICK/bundle/$os-$arch/tattoo/_internal/runtime/"flet-client-*/*.app/Contents/MacOS/*; do
        if [ -f "$program" ] && [ ! -x "$program" ]; then return 0; fi
    done
    return 1
}
if [ -f "$BUNDLE" ] && lost_exec; then
    # Some copy and unzip tools drop the permission to run programs.
    echo "The app in bundle/$os-$arch had lost its permission to run (a copy or unzip tool dropped it); restoring it." >&2
    chmod -R u+x "$STICK/bundle/$os-$arch" 2>/dev/null || true
    if lost_exec; then
        # FAT32/exFAT keep no permissions: the computer decides when it mounts the stick (Linux desktops
        # often mount such sticks with 'showexec', which lets no program without .exe run from it).
        echo "This computer mounted the stick without permission to run programs from it, and it cannot be given back here." >&2
        echo "Copy the whole folder ($STICK) to this computer and run launch.sh from the copy, or unmount the stick and" >&2
        echo "mount it again with programs allowed (e.g. sudo mount -o uid=\$(id -u),fmask=0022,dmask=0022 /dev/sdX1 /mnt/stick)." >&2
        exit 1
    fi
fi
if [ -x "$BUNDLE" ]; then
    APP=("$BUNDLE")
elif [ -f "$STICK/app/__main__.py" ] && [ -f "$STICK/tools/ensure-venv.sh" ]; then
    # shellcheck source=tools/ensure-venv.sh
    . "$STICK/tools/ensure-venv.sh"
    ensure_venv "$STICK" requirements.txt
    APP=("$VENV_PYTHON" -m app)
    export PYTHONPATH="$STICK"
else
    found="$(ls "$STICK/bundle" 2>/dev/null | grep -v README | tr '\n' ' ' || true)"
    echo "This stick has no app for this computer ($os-$arch). It carries: ${found:-nothing}." >&2
    echo "Build one on a $os-$arch computer with: python -m tools.build_stick --out <stick>" >&2
    exit 1
fi

if [ "$#" -eq 0 ]; then
    exec "${APP[@]}" run --home "$STICK"
fi
if [ "$1" = "--demo" ]; then
    shift
    DEMO="$STICK/demo"
    if [ ! -f "$DEMO/data/keyslots.json" ]; then
        echo "Creating the demo studio in $DEMO (first use only)..." >&2
        "${APP[@]}" demo --home "$DEMO" --scale "${TATTOO_DEMO_SCALE:-1.0}"
    fi
    exec "${APP[@]}" run --home "$DEMO" "$@"
fi
if [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
    exec "${APP[@]}" --help
fi
exec "${APP[@]}" "$@"
