"""`python -m app`: the command-line surface other tools and the launchers rely on."""

from __future__ import annotations

import sys

import typer

from app.domain.errors import DomainError

cli = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="The tattoo studio on a stick.")


def _register() -> None:
    from app.cli import accounting, backup, bench, demo, rebuild, serve, studio  # noqa: F401  (each module adds its commands to `cli`)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a domain error becomes its sentence on stderr and exit code 1.
    Usage errors (exit 2) and typer.Exit codes are handled by click's standalone mode."""
    _register()
    try:
        cli(args=argv, prog_name="python -m app")
    except DomainError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(1)
