"""`bench`: time the API against its raw SQL on the studio at --home (e.g. a demo studio)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from app.cli import cli
from app.cli.common import Home, Installed, PasswordStdin, Secrets, UserOpt, holding, stick, username


@cli.command()
def bench(home: Home = None, installed: Installed = False, user: UserOpt = None, password_stdin: PasswordStdin = False,
          rounds: Annotated[int, typer.Option(min=10, max=10000, help="Calls per operation.")] = 200) -> None:
    """Benchmark each API call beside its raw SQL (writes data/bench/api.json). It books, moves and
    takes test payments: run it on a demo studio, never on a studio in use."""
    from app import benchmark

    paths = stick(home, installed)
    name = username(user)
    password = Secrets(password_stdin).next("Password", env="TATTOO_PASSWORD")
    with holding(paths):
        result = benchmark.run_on(paths, name, password, rounds, paths.tmp)
    benchmark.print_table(result)
    out = paths.data / "bench" / "api.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    typer.echo(f"written to {out}")
