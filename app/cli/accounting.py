"""`python -m app export-accounting`: the accountant's verifiable ZIP for a range of days."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from app.cli import cli
from app.cli.common import Home, Installed, PasswordStdin, Secrets, UserOpt, holding, stick, username
from app.core.i18n import _, ngettext


@cli.command("export-accounting")
def export_accounting(from_: Annotated[datetime, typer.Option("--from", formats=["%Y-%m-%d"],
                                                              help="First day (YYYY-MM-DD).")],
                      to: Annotated[datetime, typer.Option("--to", formats=["%Y-%m-%d"],
                                                           help="Last day, included (YYYY-MM-DD).")],
                      out: Annotated[Path | None, typer.Option("--out", help="Folder for the ZIP "
                                                               "(default: the stick's exports folder).")] = None,
                      home: Home = None, installed: Installed = False, user: UserOpt = None,
                      password_stdin: PasswordStdin = False) -> None:
    """Write the accountant's ZIP (CSVs, summary PDF, SHA-256 manifest, README); admins only."""
    paths = stick(home, installed)
    name = username(user)
    password = Secrets(password_stdin).next(_("Password"), env="TATTOO_PASSWORD")
    from app.services.reports.accounting import AccountingExport  # the services load with the command, not with the CLI
    from app.services.studio.service import StudioService
    from flows.accounting import AccountingJobs
    from flows.jobs import Jobs
    from flows.runner import JobRunner

    with holding(paths):
        opened = StudioService(paths).unlock(name, password)
        try:  # through Prefect when its server answers, else directly; recorded in data/jobs.json either way
            export = AccountingExport(opened.db, paths)
            made = AccountingJobs(JobRunner(Jobs(paths, accounting=lambda: export))).run(
                opened.user, _day(from_), _day(to), out)
        finally:
            opened.close()
    typer.echo(ngettext("Wrote %(path)s (%(size)s bytes, %(n)s file).", "Wrote %(path)s (%(size)s bytes, %(n)s files).",
                        made["files"], path=made["path"], size=made["size"]))


def _day(value: datetime) -> date:
    return value.date()
