"""Commands that create, check and re-key a studio: init, check, passwd, recover."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli import cli
from app.cli.common import Home, Installed, PasswordStdin, Secrets, UserOpt, holding, stick, username
from app.core.i18n import _


def _service(paths):
    """The studio service on `paths`; the services load with a command that needs them, not with the CLI."""
    from app.services.studio.service import StudioService

    return StudioService(paths)


def print_recovery_code(code: str) -> None:
    """Show the recovery code once, with what it is for."""
    typer.echo("")
    typer.echo(_("RECOVERY KEY (shown only now): write it on paper and keep it away from the stick."))
    typer.echo(f"    {code}")
    typer.echo(_("It opens the studio if every password is lost: `recover --user NAME`."))


def _on_unlocked(paths, unlock, action) -> None:
    """Hold the stick, unlock the studio with `unlock(service)`, run `action(service, opened)`, close."""
    service = _service(paths)
    with holding(paths):
        opened = unlock(service)
        try:
            action(service, opened)
        finally:
            opened.close()


@cli.command()
def init(studio: Annotated[str, typer.Option("--studio", help="The studio's name.")],
         admin: Annotated[str, typer.Option("--admin", help="Username of the first admin.")],
         home: Home = None, installed: Installed = False,
         currency: Annotated[str, typer.Option(help="ISO currency code.")] = "EUR",
         timezone: Annotated[str, typer.Option(help="IANA time zone of the studio.")] = "Europe/Madrid",
         password_stdin: PasswordStdin = False) -> None:
    """Create a studio on the stick with its first admin, and print the recovery key."""
    paths = stick(home, installed)
    password = Secrets(password_stdin).next(_("Admin password"), env="TATTOO_PASSWORD", confirm=True)
    from app.domain.records import StudioSettings

    with holding(paths):
        opened, code = _service(paths).create(
            StudioSettings(studio_name=studio, currency=currency, timezone=timezone), admin, password)
        opened.close()
    typer.echo(_("Created studio '%(studio)s' at %(root)s with admin '%(admin)s'.",
                 studio=opened.settings.studio_name, root=paths.root, admin=admin))
    print_recovery_code(code)


@cli.command()
def check(home: Home = None, installed: Installed = False, user: UserOpt = None,
          password_stdin: PasswordStdin = False) -> None:
    """Run the database's integrity checks; print `ok` or what is wrong."""
    paths = stick(home, installed)
    name = username(user)
    password = Secrets(password_stdin).next(_("Password"), env="TATTOO_PASSWORD")
    with holding(paths):
        found = _service(paths).check(name, password)
    if found:
        for line in found:
            typer.echo(line)
        raise typer.Exit(1)
    typer.echo("ok")


@cli.command()
def passwd(home: Home = None, installed: Installed = False, user: UserOpt = None,
           password_stdin: PasswordStdin = False) -> None:
    """Change your password (stdin: current password, then the new one)."""
    paths = stick(home, installed)
    name = username(user)
    secrets = Secrets(password_stdin)
    current = secrets.next(_("Current password"), env="TATTOO_PASSWORD")
    new = secrets.next(_("New password"), env="TATTOO_NEW_PASSWORD", confirm=True)
    _on_unlocked(paths, lambda service: service.unlock(name, current),
                 lambda service, opened: service.change_password(opened, current, new))
    typer.echo(_("Password changed for '%(username)s'.", username=name))


@cli.command()
def recover(home: Home = None, installed: Installed = False, user: UserOpt = None,
            password_stdin: PasswordStdin = False) -> None:
    """Give a user a new password with the recovery key (stdin: the key, then the new password)."""
    paths = stick(home, installed)
    name = username(user)
    secrets = Secrets(password_stdin)
    code = secrets.next(_("Recovery key"), env="TATTOO_RECOVERY_KEY")
    new = secrets.next(_("New password"), env="TATTOO_NEW_PASSWORD", confirm=True)
    _on_unlocked(paths, lambda service: service.unlock_with_recovery(code),
                 lambda service, opened: service.reset_password(opened, name, new))
    typer.echo(_("New password set for '%(username)s'. Keep using the same recovery key.", username=name))
