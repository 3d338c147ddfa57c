"""The window's frame: who is logged in, navigation, errors as sentences, long actions and the idle lock."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import flet as ft

from app.client.models import SettingsOut, UserOut
from app.core import i18n
from app.core.i18n import N_, _, ngettext
from app.domain.errors import AuthError, DomainError, ThrottledError
from app.domain.records import DEFAULT_CURRENCY, FALLBACK_TIMEZONE
from app.ui import language, navigation
from app.ui.components.widgets import use_studio_locale
from app.ui.views import Screen, screen_class

FAILED: Any = type("Failed", (), {"__repr__": lambda self: "FAILED", "__bool__": lambda self: False})()
ROLE_LABELS = {"admin": N_("admin"), "staff": N_("staff")}
IDLE_CHECK_SECONDS = 10


def _in_thread(page: ft.Page, work: Callable[[], None]) -> None:
    page.run_thread(work)


class Shell:
    """One per window or browser tab: holds the API client, the logged-in user and the open screen."""

    def __init__(self, page: ft.Page, client, *, background: Callable | None = None,
                 monotonic: Callable[[], float] = time.monotonic, watch_idle: bool = True):
        self.page, self.client = page, client
        self.user: UserOut | None = None
        self.settings: SettingsOut | None = None
        self.artists: list = []
        self.plugin_screens: list = []  # the plugins' navigation entries this user sees (GET /api/plugins/screens)
        self.assistant_shown = False  # the assistant is installed, has a model, and this user's role may use it
        self.view: Screen | None = None
        self.current: str | None = None
        self.locked = False
        self.last_message = ""
        self._background = background or _in_thread
        self._monotonic = monotonic
        self._watch_idle = watch_idle
        self._watching = False
        self.last_activity = monotonic()
        self.body = ft.Container(expand=True, padding=ft.Padding.all(16))
        self.rail: ft.NavigationRail | None = None
        self.frame: ft.Control | None = None  # kept while locked, so nothing typed is lost
        self._before_lock: tuple = (None, None)
        language.listen()  # each window's texts in its own user's language

    # --- starting, logging in and out ---------------------------------------------------
    @property
    def zone(self) -> ZoneInfo:
        """The studio's time zone; UTC until the settings are read (see app.domain.records.FALLBACK_TIMEZONE)."""
        return ZoneInfo(self.settings.timezone if self.settings else FALLBACK_TIMEZONE)

    @property
    def currency(self) -> str:
        """The studio's currency; the default until the settings are read."""
        return self.settings.currency if self.settings else DEFAULT_CURRENCY

    def today(self) -> date:
        """Today's date in the studio's time zone."""
        return datetime.now(self.zone).date()

    def start(self, first_screen: str | None = None) -> None:
        """Open the first screen: the wizard on an empty stick, else the login; `first_screen`, when the caller
        already knows it (app.cli.window: the login), without waiting for the API."""
        self.page.title = _("Tattoo studio")
        self.page.theme_mode = ft.ThemeMode.LIGHT
        self.page.padding = 0
        self.page.on_keyboard_event = lambda _e: self.touch()
        if first_screen is not None:
            self.show_full(first_screen)
            return
        health = self.act(self.client.health)
        if health is FAILED:
            self._show(ft.Text(self.last_message, color=ft.Colors.RED_700))
            return
        self.show_full("login" if health["studio"] else "wizard")

    def show_full(self, name: str, **params) -> None:
        """Show a screen that fills the window (login, wizard, lock)."""
        view = screen_class(name)(self, **params)
        self.view, self.current = view, name
        self._show(view.build())

    def logged_in(self, user: UserOut) -> None:
        """Someone logged in (or finished the wizard): load the studio and open their home screen."""
        self.user, self.locked = user, False
        language.speak(self.page, user.language)  # None: the studio's, read with the settings below
        self.settings, self.artists = None, []  # never the previous user's studio view
        self.reload_settings()
        offered = self.act(self.client.plugin_hooks.screens)
        self.plugin_screens = [] if offered is FAILED else offered
        self.assistant_shown = self._assistant_here()
        self.frame = self._build_frame(user)
        self._show(self.frame)
        self.navigate("dashboard" if user.role == "admin" else "calendar")
        if self._watch_idle and not self._watching:
            self._watching = True
            self.page.run_task(self._idle_loop)

    def log_out(self) -> None:
        """End this user's logins and go back to the login screen."""
        self.act(self.client.logout)
        self.client.session.token = None
        self.user, self.frame, self.locked = None, None, False
        language.speak(self.page, None)  # the login screen speaks the stick's language
        self.show_full("login")

    def reload_settings(self) -> None:
        """Read the settings and artists again (after an admin changed them)."""
        settings, artists = self.act(self.client.settings), self.act(self.client.artists)
        if settings is not FAILED:
            self.settings = settings
            i18n.set_default(settings.locale)  # the studio's language on every screen from here on
            use_studio_locale(settings.locale)  # and its formats for money and dates
        if artists is not FAILED:
            self.artists = artists

    # --- navigation -------------------------------------------------------------------
    def navigate(self, name: str, **params) -> None:
        """Open a screen inside the frame; on an error the current screen stays as it was."""
        self.touch()
        view = navigation.plugin_view(self, name) if name.startswith("plugin:") else screen_class(name)(self, **params)
        if view is None:
            return
        content = self.act(view.build)
        if content is FAILED:
            return
        self.view, self.current = view, name
        self.body.content = content
        if self.rail is not None:
            names = [n for n, *_ in self._nav()]
            self.rail.selected_index = names.index(name) if name in names else None
        self.page.update()

    def _nav(self):
        return navigation.entries(self.user.role if self.user is not None else None, self.plugin_screens,
                                  self.assistant_shown)

    def _assistant_here(self) -> bool:
        try:
            status = self.client.assistant.status()
        except DomainError:  # an older server without the assistant: the screen stays hidden
            return False
        return status.available and status.allowed

    def in_background(self, work: Callable[[], None]) -> None:
        """Run `work` off the screen's thread (streamed answers); it updates the page itself."""
        self._background(self.page, work)

    def _build_frame(self, user: UserOut) -> ft.Control:
        items = self._nav()
        self.rail = ft.NavigationRail(
            selected_index=0, label_type=ft.NavigationRailLabelType.ALL, min_width=96,
            destinations=[ft.NavigationRailDestination(icon=icon, label=_(label)) for _n, label, icon, _a in items],
            on_change=lambda e: self.navigate(items[e.control.selected_index][0]))
        studio = self.settings.studio_name if self.settings else _("Studio")
        top = ft.Row([
            ft.Text(studio, size=18, weight=ft.FontWeight.BOLD, expand=True),
            ft.Text(_("%(name)s (%(role)s)", name=user.display_name,
                      role=_(ROLE_LABELS.get(user.role, user.role)))),
            language.picker(self, user),
            ft.TextButton(_("Lock"), icon=ft.Icons.LOCK, on_click=lambda _e: self.lock()),
            ft.TextButton(_("Log out"), icon=ft.Icons.LOGOUT, on_click=lambda _e: self.log_out()),
        ])
        right = ft.Column([ft.Container(top, padding=ft.Padding.symmetric(horizontal=16, vertical=8)),
                           ft.Divider(height=1), self.body], expand=True, spacing=0)
        return ft.Row([self.rail, ft.VerticalDivider(width=1), right], expand=True, spacing=0)

    def redraw(self, user: UserOut) -> None:
        """Build the frame and the open screen again for `user` (after they chose their language)."""
        self.user = user
        self.frame = self._build_frame(user)
        self._show(self.frame)
        self.navigate(self.current or "calendar")

    def plugins_changed(self) -> None:
        """An admin enabled or disabled a plugin: its screens join or leave the navigation at once."""
        offered = self.act(self.client.plugin_hooks.screens)
        if offered is not FAILED and self.user is not None:
            self.plugin_screens = offered
            self.redraw(self.user)

    def _show(self, control: ft.Control) -> None:
        self.page.controls.clear()
        self.page.controls.append(control)
        self.page.update()

    # --- errors and long actions --------------------------------------------------------
    def act(self, call: Callable[..., Any], *args, error: ft.Text | None = None, **kwargs) -> Any:
        """Call the API; on refusal show its sentence (in `error` if given) and return FAILED."""
        self.touch()
        try:
            return call(*args, **kwargs)
        except AuthError as exc:
            if self.user is not None and not isinstance(exc, ThrottledError) and not self.locked:
                self.lock(str(exc))
                return FAILED
            return self._failed(str(exc), error)
        except DomainError as exc:
            return self._failed(str(exc), error)

    def _failed(self, message: str, error: ft.Text | None) -> Any:
        if error is not None:
            error.value, error.visible = message, True
        self.notify(message, error=True)
        return FAILED

    def notify(self, message: str, *, error: bool = False) -> None:
        """Say something at the bottom of the window (red for errors)."""
        self.last_message = message
        self.page.show_dialog(ft.SnackBar(ft.Text(message), bgcolor=ft.Colors.RED_700 if error else None))

    def run_long(self, label: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run a slow action off the UI thread behind a progress dialog; `done` gets its result."""
        dialog = ft.AlertDialog(modal=True, title=ft.Text(label),
                                content=ft.Row([ft.ProgressRing(), ft.Text(_("Working… please wait."))]))
        self.page.show_dialog(dialog)

        def job() -> None:
            result = self.act(work)
            self.close(dialog)
            if result is not FAILED:
                done(result)
            self.page.update()

        self._background(self.page, job)

    def close(self, dialog: ft.DialogControl) -> None:
        """Close this dialog (pop_dialog() would close whatever is on top, often an error's SnackBar)."""
        if dialog.open:
            dialog.open = False
            self.page.update()

    # --- the lock -----------------------------------------------------------------------
    def touch(self) -> None:
        """Note that someone is using the app (the idle lock counts from here)."""
        self.last_activity = self._monotonic()

    def lock(self, reason: str = "") -> None:
        """Hide everything until a password is typed; the open screen and what was typed stay."""
        if self.user is None or self.locked:
            return
        self.locked = True
        self._before_lock = (self.view, self.current)
        self.client.session.token = None
        language.speak(self.page, None)  # so does the lock screen
        self.show_full("lock", username=self.user.username, reason=reason)

    def unlocked(self, user: UserOut) -> None:
        """The lock screen took a password: the same user gets their screen back, another starts afresh."""
        if self.frame is None or self.user is None or user.id != self.user.id:
            self.logged_in(user)
            return
        self.locked = False
        language.speak(self.page, user.language)
        self.view, self.current = self._before_lock
        self.touch()
        self._show(self.frame)

    def check_idle(self) -> bool:
        """Lock if the app was idle longer than the studio's setting; say whether it locked."""
        minutes = self.settings.lock_after_minutes if self.settings else 0
        if self.user is None or self.locked or not minutes:
            return False
        if self._monotonic() - self.last_activity < minutes * 60:
            return False
        self.lock(ngettext("Locked after %(n)s idle minute.", "Locked after %(n)s idle minutes.", minutes))
        return True

    async def _idle_loop(self) -> None:
        while True:
            await asyncio.sleep(IDLE_CHECK_SECONDS)
            self.check_idle()
