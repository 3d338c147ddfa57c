"""`demo`: a studio full of realistic, deterministic history to try the app on."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from app.cli import cli
from app.cli.common import Home, Installed, holding, stick


@cli.command()
def demo(home: Home = None, installed: Installed = False,
         scale: Annotated[float, typer.Option(min=0.0001, max=10.0, help="1.0 is ten years of a busy studio.")] = 1.0,
         seed: Annotated[int, typer.Option(help="Same seed, same studio.")] = 42) -> None:
    """Create a demo studio (users admin/demo-admin and staff/demo-staff)."""
    from app.demo.studio import create_demo_studio

    paths = stick(home, installed)
    columns = (TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with holding(paths), Progress(*columns, transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        summary = create_demo_studio(paths, scale=scale, seed=seed, progress=progress)
    typer.echo(f"Demo studio created at {paths.root} in {summary.seconds:.1f} s: "
               f"{summary.clients} clients, {summary.sessions} sessions, {summary.payments} payments.")
    typer.echo("Log in as admin / demo-admin or staff / demo-staff.")
    typer.echo(f"Recovery key: {summary.recovery_code}")
