"""`rebuild`: a lost stick comes back from the mirror drive, opened with the recovery key."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli import cli
from app.cli.common import Home, Installed, PasswordStdin, Secrets, holding, stick
from app.core.i18n import _


@cli.command()
def rebuild(mirror: Annotated[str, typer.Option("--mirror", help="The mirror drive's folder (it holds "
                                                "the .tattoo-mirror marker).")],
            home: Home = None, installed: Installed = False, password_stdin: PasswordStdin = False) -> None:
    """Build this (empty) stick from the newest good backup on the mirror drive (stdin: the recovery key)."""
    from pathlib import Path

    from app.services.backups.rebuild import rebuild_from_mirror

    paths = stick(home, installed)
    code = Secrets(password_stdin).next(_("Recovery key"), env="TATTOO_RECOVERY_KEY")
    with holding(paths):
        rebuilt = rebuild_from_mirror(paths, Path(mirror).expanduser(), code)
    for reason in rebuilt.skipped:
        typer.echo(_("Skipped: %(reason)s", reason=reason), err=True)
    typer.echo(_("Rebuilt %(root)s from %(backup)s (taken %(when)s). Every user's password works as before; "
                 "`check --user NAME` confirms the studio is sound.", root=paths.root, backup=rebuilt.backup_name,
                 when=rebuilt.created_at))
