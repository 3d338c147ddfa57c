"""Commands for backups: `backup now|list|verify|mirror|prune` and `restore BACKUP`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli import cli
from app.cli.common import Home, Installed, PasswordStdin, Secrets, UserOpt, holding, stick, username
from app.core.i18n import N_, _
from app.domain.backups import UNUSABLE

if TYPE_CHECKING:  # the services load with a command that needs them, not with the CLI
    from app.domain.backups import BackupRecord
    from app.domain.records import User
    from app.services.backups.service import BackupService

backup = typer.Typer(no_args_is_help=True, help="Take, list, verify and mirror encrypted backups.")
cli.add_typer(backup, name="backup")


def _with_backups(home, installed, user, password_stdin, action: Callable[[BackupService, User | None], bool]) -> None:
    """Unlock the studio, run `action(service, actor)`, close; exit 1 when it reports a failure."""
    paths = stick(home, installed)
    name = username(user)
    password = Secrets(password_stdin).next("Password", env="TATTOO_PASSWORD")
    from app.services.backups.service import BackupService
    from app.services.studio.service import StudioService

    with holding(paths):
        opened = StudioService(paths).unlock(name, password)
        try:
            ok = action(BackupService(opened.db, paths), opened.user)
        finally:
            opened.close()
    if not ok:
        raise typer.Exit(1)


def _line(record: BackupRecord) -> str:
    when = record.created_at.isoformat() if record.created_at else "unknown time"
    tail = f": {' '.join(record.problems)}" if record.problems else ""
    return f"{record.state:<8} {record.name}  {when}  {record.size} bytes{tail}"


def _print_all(records: list[BackupRecord]) -> bool:
    for record in records:
        typer.echo(_line(record))
    return all(r.state not in UNUSABLE for r in records)


def _now_as_job(service: BackupService, actor, prefect: bool) -> bool:
    from flows import server
    from flows.backups import backup_local
    from flows.jobs import Jobs
    from flows.runner import JobRunner

    if prefect:
        server.start_server(service.paths)
    try:
        done = JobRunner(Jobs(service.paths, backups=lambda: service)).run(
            "backup-local", backup_local, actor, wait=server.STARTUP_TIMEOUT + 5 if prefect else 0)
    finally:
        server.stop_server()
    record = next(r for r in service.list_backups(actor) if r.name == done.value["name"])
    how = _("direct: Prefect was not running") if done.fallback else _("by Prefect: %(state)s", state=done.state)
    typer.echo(f"{_line(record)}  ({how}, {done.duration:.1f} s)")
    return record.state not in UNUSABLE


@backup.command()
def now(home: Home = None, installed: Installed = False, user: UserOpt = None,
        password_stdin: PasswordStdin = False,
        prefect: Annotated[bool, typer.Option("--prefect", help="Start Prefect's local server and run the "
                                              "backup as a flow (10-20 s more).")] = False) -> None:
    """Take an encrypted backup now (through Prefect when it runs, else directly)."""
    _with_backups(home, installed, user, password_stdin, lambda service, actor: _now_as_job(service, actor, prefect))


@backup.command("list")
def list_(home: Home = None, installed: Installed = False, user: UserOpt = None,
          password_stdin: PasswordStdin = False) -> None:
    """List the backups on the stick, newest first, with their last known state."""
    _with_backups(home, installed, user, password_stdin,
                  lambda service, actor: _print_all(service.list_backups(actor)))


@backup.command()
def verify(name: Annotated[str | None, typer.Argument(help="One backup name (default: all).")] = None,
           home: Home = None, installed: Installed = False, user: UserOpt = None,
           password_stdin: PasswordStdin = False) -> None:
    """Re-hash and open every backup (on the stick and the mirror drive); exit 1 if any is bad."""
    _with_backups(home, installed, user, password_stdin,
                  lambda service, actor: _print_all(service.verify(actor, name)))


def _mirror(service: BackupService, actor, init: str | None) -> bool:
    if init:
        folder = service.init_mirror(actor, Path(init))
        typer.echo(_("Mirror drive ready: backups will be copied to %(folder)s.", folder=folder))
        return True
    report = service.mirror(actor)
    for name in report.copied:
        typer.echo(f"copied   {name}")
    for name in report.skipped:
        typer.echo(f"skipped  {name}: " + _("it does not match its checksum on the stick; run `backup verify`."))
    typer.echo(f"{len(report.copied)} copied, {report.already} already on the mirror at {report.root}.")
    return not report.skipped


@backup.command()
def mirror(init: Annotated[str | None, typer.Option("--init", help="Mark this drive folder as the mirror "
                                                    "(admin only).")] = None,
           home: Home = None, installed: Installed = False, user: UserOpt = None,
           password_stdin: PasswordStdin = False) -> None:
    """Copy new backups to the mirror drive, or choose the drive with --init PATH."""
    _with_backups(home, installed, user, password_stdin, lambda service, actor: _mirror(service, actor, init))


@backup.command()
def prune(home: Home = None, installed: Installed = False, user: UserOpt = None,
          password_stdin: PasswordStdin = False) -> None:
    """Delete old backups beyond 7 daily, 4 weekly and 12 monthly (never the newest good one)."""
    def action(service, actor) -> bool:
        for name in service.prune(actor):
            typer.echo(f"deleted  {name}")
        return True
    _with_backups(home, installed, user, password_stdin, action)


@backup.command("export")
def export_(name: Annotated[str, typer.Argument(help="A name from `backup list`.")],
            out: Annotated[str, typer.Option("--out", help="An existing folder or drive to put the ZIP in.")],
            home: Home = None, installed: Installed = False, user: UserOpt = None,
            password_stdin: PasswordStdin = False) -> None:
    """Copy a verified backup with its key slots and manifest line as a ZIP into a folder (admin only)."""
    def action(service, actor) -> bool:
        zipped = service.export(actor, name, Path(out).expanduser().resolve())
        typer.echo(f"exported {name} to {zipped} ({zipped.stat().st_size} bytes)")
        return True
    _with_backups(home, installed, user, password_stdin, action)


@cli.command()
def restore(backup_name: Annotated[str, typer.Argument(metavar="BACKUP", help="A name from `backup list`, "
                                                       "or the path of a backup file (e.g. on the mirror).")],
            home: Home = None, installed: Installed = False, user: UserOpt = None,
            password_stdin: PasswordStdin = False) -> None:
    """Put a verified backup back as the studio's database (admin only); the current one is kept."""
    paths = stick(home, installed)
    name = username(user)
    password = Secrets(password_stdin).next("Password", env="TATTOO_PASSWORD")
    source = Path(backup_name) if Path(backup_name).name != backup_name else paths.backups / backup_name
    from app.services.authz import require_admin
    from app.services.backups.restore import restore_file
    from app.services.studio.service import StudioService

    with holding(paths):
        opened = StudioService(paths).unlock(name, password)
        try:
            require_admin(opened.user, N_("restore a backup"))
            key = bytes.fromhex(opened.db.key_hex())
        finally:
            opened.close()
        done = restore_file(paths, key, source.resolve())
    if done.backup_created_at:
        typer.echo(_("Restored %(name)s, taken at %(when)s.", name=done.name, when=done.backup_created_at.isoformat()))
    else:
        typer.echo(_("Restored %(name)s, taken at an unknown time.", name=done.name))
    for table, count in sorted(done.counts.items()):
        typer.echo(f"{table}: {count}")
    typer.echo(_("The database as it was before is kept as the restore point %(name)s (see `backup list`).",
                 name=done.safety_backup.name))
