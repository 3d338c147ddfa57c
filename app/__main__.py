"""Entry point for `python -m app`: no bytecode off the stick, the stick's environment, then the CLI."""

import sys

sys.dont_write_bytecode = True

from app.core import localzone  # noqa: E402  (must follow the bytecode switch; imports nothing)

localzone.load_babel_zone_from_file()  # before anything imports Babel: see app/core/localzone.py
from app.core import paths  # noqa: E402  (must follow the bytecode switch; imports nothing heavy)


def _early_environment(argv: list[str]) -> None:
    """Point every library at the stick before any of them is imported (commands import lazily,
    but a library imported at module level must still find MPLCONFIGDIR, PREFECT_HOME... set), and speak
    the language last used on this stick (else the computer's) from the first line printed, even when
    the stick turns out to be read-only or the command fails before it reaches the stick."""
    home = None
    for i, arg in enumerate(argv):
        if arg == "--home" and i + 1 < len(argv):
            home = argv[i + 1]
        elif arg.startswith("--home="):
            home = arg.split("=", 1)[1]
    from app.core import i18n  # babel only reads its own data: nothing is written, no library set up

    try:
        stick = paths.resolve(home=home, installed="--installed" in argv)
        i18n.start_language(stick.language)  # reads data/language.txt, never writes it
        stick.ensure()
    except OSError:
        return  # the command itself will report the folder problem as a sentence
    paths.apply_environment(stick)


def run_module(argv: list[str]) -> None:
    """Do what `python -m MODULE ARGS...` does: frozen, sys.executable is this app, and Prefect starts its
    server as `sys.executable -m flows.prefect_server ...` (the environment comes from the parent process)."""
    import runpy

    sys.argv = [argv[1], *argv[2:]]
    runpy.run_module(argv[1], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "-m":
        run_module(sys.argv[1:])
    else:
        _early_environment(sys.argv[1:])
        from app.cli import main

        main()
