"""Commands for sync with a relay: `sync start|invite|join|now|status|snapshot` (see app/services/sync)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from app.cli import cli
from app.cli.common import Home, Installed, PasswordStdin, Secrets, UserOpt, holding, stick, username
from app.core.i18n import _
from app.domain.errors import DomainError
from app.domain.records import User

if TYPE_CHECKING:  # the services load only with a sync command, not with every command line (issue 21)
    from app.services.sync.protocol import SyncReport
    from app.services.sync.service import SyncService

sync = typer.Typer(no_args_is_help=True, help="Sync this studio with its other devices through a relay.")
cli.add_typer(sync, name="sync")
RelayUrl = Annotated[str, typer.Option("--relay", help="The relay's address, like https://relay.example.org.")]
_T = TypeVar("_T")


def _with_sync(home: str | None, installed: bool, user: str | None, password_stdin: bool,
               action: Callable[[SyncService, User | None], _T]) -> _T:
    """Unlock the studio, run `action(service, actor)`, close. The sync's own refusals (relay unreachable, a
    refused message or snapshot, a mistyped code, a clock too far off) are sentences: printed as errors."""
    paths = stick(home, installed)
    name = username(user)
    password = Secrets(password_stdin).next(_("Password"), env="TATTOO_PASSWORD")
    with holding(paths):
        from app.services.studio.service import StudioService
        from app.services.sync.protocol import SyncNotPairedError
        from app.services.sync.service import SyncService
        from app.sync.crypto import SyncRejectedError
        from app.sync.relay_client import RelayClient, RelayUnavailableError

        opened = StudioService(paths).unlock(name, password)
        try:
            return action(SyncService(opened.db, RelayClient), opened.user)
        except (RelayUnavailableError, SyncNotPairedError, SyncRejectedError, ValueError) as exc:
            raise DomainError(str(exc)) from None
        finally:
            opened.close()


def _report(report: SyncReport) -> None:
    typer.echo(_("Synced. Messages sent: %(pushed)s; changes applied: %(applied)s; refused: %(refused)s; relay "
                 "position: %(seq)s.", pushed=report.pushed, applied=report.applied, refused=report.refused,
                 seq=report.pulled_seq))


@sync.command()
def start(relay: RelayUrl, home: Home = None, installed: Installed = False, user: UserOpt = None,
          password_stdin: PasswordStdin = False) -> None:
    """Pair this studio, as its first device, with a relay."""
    studio_id = _with_sync(home, installed, user, password_stdin, lambda s, actor: s.start(actor, relay))
    typer.echo(_("This studio now syncs through %(url)s (studio %(studio)s).", url=relay, studio=studio_id))


@sync.command()
def invite(home: Home = None, installed: Installed = False, user: UserOpt = None,
           password_stdin: PasswordStdin = False) -> None:
    """Show a pairing code for another device (it works once, for 15 minutes)."""
    code = _with_sync(home, installed, user, password_stdin, lambda s, actor: s.invite(actor))
    typer.echo(_("Pairing code (works once, for 15 minutes): %(code)s", code=code))


@sync.command()
def join(relay: RelayUrl,
         code: Annotated[str, typer.Option("--code", help="The code shown by a device of the studio.")],
         copy: Annotated[bool, typer.Option("--copy", help="This studio is a copy of the studio (a restored backup): "
                                            "keep its data instead of loading the studio's snapshot.")] = False,
         home: Home = None, installed: Installed = False, user: UserOpt = None,
         password_stdin: PasswordStdin = False) -> None:
    """Join a studio with a pairing code: a new, empty studio (just `init`-ed) loads the studio from the relay."""
    if copy:
        _with_sync(home, installed, user, password_stdin, lambda s, actor: s.join(actor, relay, code))
        typer.echo(_("This studio joined; `sync now` brings it up to date."))
        return
    _report(_with_sync(home, installed, user, password_stdin, lambda s, actor: s.join_fresh(actor, relay, code)))
    typer.echo(_("This device joined the studio. Log in again to see it."))


@sync.command()
def now(home: Home = None, installed: Installed = False, user: UserOpt = None,
        password_stdin: PasswordStdin = False) -> None:
    """Push this device's changes and pull the others' now."""
    _report(_with_sync(home, installed, user, password_stdin, lambda s, _actor: s.sync_now()))


@sync.command()
def status(home: Home = None, installed: Installed = False, user: UserOpt = None,
           password_stdin: PasswordStdin = False) -> None:
    """Paired or not, last sync, changes waiting, open conflicts, the last problem."""
    state = _with_sync(home, installed, user, password_stdin, lambda s, actor: s.status(actor))
    typer.echo(_("Paired: %(paired)s", paired=_("yes") if state.paired else _("no")))
    typer.echo(_("Last sync: %(at)s", at=state.last_sync_at or _("never")))
    typer.echo(_("Changes waiting: %(pending)s; open conflicts: %(conflicts)s", pending=state.pending,
                 conflicts=state.conflicts))
    if state.last_error:
        typer.echo(_("Last problem: %(problem)s", problem=state.last_error))


@sync.command()
def snapshot(home: Home = None, installed: Installed = False, user: UserOpt = None,
             password_stdin: PasswordStdin = False) -> None:
    """Upload a fresh encrypted snapshot of this studio to the relay now."""
    stored = _with_sync(home, installed, user, password_stdin, lambda s, actor: s.snapshot_now(actor))
    typer.echo(_("Snapshot stored on the relay.") if stored else _("The relay did not take the snapshot."))
    if not stored:
        raise typer.Exit(1)
