"""`demo`: a studio full of realistic, deterministic history to try the app on."""

from __future__ import annotations

from typing import Annotated

import typer
from babel.numbers import format_decimal
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from app.cli import cli
from app.cli.common import Home, Installed, holding, stick
from app.core.i18n import N_, _, current
from app.domain import validation

STAGES = {"calendar": N_("Calendar"), "clients": N_("Clients"), "medical_profiles": N_("Medical profiles"),
          "sessions": N_("Sessions"), "consents": N_("Consents"), "ink_lots": N_("Ink lots"),
          "session_inks": N_("Inks used"), "payments": N_("Payments"), "register_days": N_("Register days")}


@cli.command()
def demo(home: Home = None, installed: Installed = False,
         scale: Annotated[float, typer.Option(min=0.0001, max=10.0, help="1.0 is ten years of a busy studio.")] = 1.0,
         seed: Annotated[int, typer.Option(help="Same seed, same studio.")] = 42,
         language: Annotated[str | None, typer.Option(
             help="The studio's language: en, es, de, fr, it or pt (its locale, notes and health answers).")] = None,
         ) -> None:
    """Create a demo studio (users admin/demo-admin and staff/demo-staff)."""
    from app.demo.studio import create_demo_studio

    paths = stick(home, installed)
    columns = (TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with holding(paths), Progress(*columns, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_(STAGES.get(stage, stage)), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        summary = create_demo_studio(paths, scale=scale, seed=seed, progress=progress,
                                     language=validation.check_language(language))
    typer.echo(_("Demo studio created at %(root)s in %(seconds)s s (clients: %(clients)s, sessions: %(sessions)s, "
                 "payments: %(payments)s).", root=paths.root, seconds=format_decimal(summary.seconds, "0.0",
                 locale=current()), clients=summary.clients, sessions=summary.sessions, payments=summary.payments))
    typer.echo(_("Log in as admin / demo-admin or staff / demo-staff."))
    typer.echo(_("Recovery key: %(code)s", code=summary.recovery_code))
