"""What every command shares: the stick options, the stick lock, and reading credentials."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from app.core import i18n, log
from app.core import paths as stick_paths
from app.core.i18n import _
from app.core.instance import StickLock
from app.domain.errors import ValidationError

Home = Annotated[str | None, typer.Option("--home", help="The stick folder (default: TATTOO_HOME, "
                                          "then the stick this app runs from).")]
Installed = Annotated[bool, typer.Option("--installed", help="Keep data in this computer's user "
                                         "data folder instead of on the stick.")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Username (or env TATTOO_USER).")]
PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password (one line "
                                             "per secret asked for) from standard input.")]


def stick(home: str | None, installed: bool = False) -> stick_paths.StickPaths:
    """Resolve the stick, point every library at it, and create its folders."""
    paths = stick_paths.resolve(home=home, installed=installed)
    paths.ensure()
    i18n.start_language(paths.language)  # the language last used on this stick, else the computer's
    stick_paths.apply_environment(paths)
    log.configure(paths.logs)
    return paths


@contextmanager
def holding(paths: stick_paths.StickPaths) -> Iterator[None]:
    """Hold the stick lock for the duration of a command."""
    with StickLock(paths.lock, paths.lock_info):
        yield


class Secrets:
    """Hands out secrets in order: stdin lines, then the environment, then a hidden prompt."""

    def __init__(self, from_stdin: bool):
        self._lines = iter(sys.stdin.read().splitlines()) if from_stdin else None

    def next(self, prompt: str, env: str | None = None, confirm: bool = False) -> str:
        """Return the next secret, or explain how to give one; `prompt` names it in the studio's language."""
        if self._lines is not None:
            value = next(self._lines, None)
            if value is None:
                raise ValidationError(_("Standard input ended before '%(secret)s' was given; "
                                        "send one secret per line.", secret=prompt))
            return value
        if env and os.environ.get(env):
            return os.environ[env]
        if not sys.stdin.isatty():
            if env:
                raise ValidationError(_("'%(secret)s' was not given: use --password-stdin, env %(env)s, "
                                        "or run in a terminal.", secret=prompt, env=env))
            raise ValidationError(_("'%(secret)s' was not given: use --password-stdin, or run in a terminal.",
                                    secret=prompt))
        value = getpass.getpass(_("%(secret)s: ", secret=prompt))
        if confirm and getpass.getpass(_("%(secret)s (again): ", secret=prompt)) != value:
            raise ValidationError(_("The two entries differ. Nothing was changed; try again."))
        return value


def username(given: str | None) -> str:
    """Return --user, else TATTOO_USER, else explain how to give it."""
    name = given or os.environ.get("TATTOO_USER")
    if not name:
        raise ValidationError(_("Say which user: --user NAME, or set TATTOO_USER."))
    return name
