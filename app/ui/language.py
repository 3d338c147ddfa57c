"""The language of one window's screens: the logged-in user's own choice, else the studio's.

Every window or browser tab is its own Flet session, and several can be open in one process (web mode), so the
user's choice is kept in the session's store and read back through `i18n.use_resolver` wherever a text is made
while a handler of that session runs (Flet names the page of the running handler in `ft.context.page`). With no
choice, or outside any session, texts come in the process's default: the studio's language once its settings are
read, the language last used on this stick before that (the login and lock screens).
"""

from __future__ import annotations

import flet as ft

from app.core import i18n
from app.core.i18n import _

KEY = "studio.language"  # the session store's entry: a code such as "de", or None for the studio's
STUDIO_DEFAULT = ""  # the picker's option for "no choice of my own"


def screens_language() -> str | None:
    """The language chosen for the session whose handler runs now, if any (None: the process's default)."""
    try:
        page = ft.context.page
    except RuntimeError:  # not inside a Flet handler: an API thread, the CLI, a test's own code
        return None
    session = getattr(page, "session", None)
    return session.store.get(KEY) if session is not None else None


def listen() -> None:
    """Make the screens' texts follow each session's choice (idempotent; the shell calls it)."""
    i18n.use_resolver(screens_language)


def speak(page: ft.Page, language: str | None) -> None:
    """From now on this session's screens come in `language` (None: the studio's)."""
    page.session.store.set(KEY, i18n.supported(language))


def choose(shell, code: str | None) -> None:
    """The user of `shell` picked the language of their own screens (None: the studio's): keep it on their account,
    and redraw the frame and the open screen in it at once."""
    user = shell.act(shell.client.set_my_language, code)
    if not user:  # refused: the shell said why
        return
    speak(shell.page, user.language)
    shell.redraw(user)


def picker(shell, user) -> ft.Dropdown:
    """The top bar's compact menu: the studio's language (named in itself) or any other, each named in itself."""
    studio = i18n.supported(shell.settings.locale if shell.settings else None) or i18n.SOURCE
    options = [ft.DropdownOption(key=STUDIO_DEFAULT, text=_("Studio default (%(language)s)",
                                                            language=i18n.NAMES[studio]))]
    options += [ft.DropdownOption(key=code, text=i18n.NAMES[code]) for code in i18n.LANGUAGES]
    return ft.Dropdown(label=_("Language"), value=user.language or STUDIO_DEFAULT, options=options, width=320,
                       dense=True, on_select=lambda e: choose(shell, e.control.value or None))
