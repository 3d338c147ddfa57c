"""`python -m app`: the command-line surface other tools and the launchers rely on."""

from __future__ import annotations

import logging
import sys

import typer

from app.core.disk import stick_problem
from app.core.i18n import _
from app.core.log import install_scrubbing
from app.domain.errors import DomainError

cli = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="The tattoo studio on a stick.")
log = logging.getLogger(__name__)


def _register() -> None:
    from app.cli import accounting, backup, bench, demo, rebuild, relay, serve, studio, sync  # noqa: F401  (each module adds its commands to `cli`)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a domain error becomes its sentence on stderr and exit code 1, and so does a full or
    read-only stick wherever it shows (lock note, logs, temp folder, database). Any other error prints
    its type only, never its message (it may hold a client's data). Usage errors (exit 2) and
    typer.Exit codes are handled by click's standalone mode."""
    install_scrubbing()
    _register()
    try:
        cli(args=argv, prog_name="python -m app")
    except DomainError as exc:
        _error(str(exc))
    except Exception as exc:
        problem = stick_problem(exc)
        if problem is not None:
            _error(str(problem))
        log.error("The command failed.", exc_info=exc)  # scrubbed: type and frames only
        _error(_("The command stopped on an unexpected error (%(kind)s); nothing personal was printed. "
                 "The log on the stick (data/logs/app.log) says where it happened.", kind=type(exc).__name__))


def _error(sentence: str) -> None:
    """Print the sentence as the command's error, in the studio's language, and end with exit code 1."""
    typer.echo(_("Error: %(sentence)s", sentence=sentence), err=True)
    sys.exit(1)
