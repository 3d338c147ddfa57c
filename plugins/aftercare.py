"""Aftercare: when a session is marked done, the studio's aftercare sheet for that client is made as a PDF, in the
studio's language, with the inks used, ready to print or save.

An example plugin shipped disabled: an admin enables it on the Admin screen. The sheets and the studio's own
aftercare text live in the plugin's store (`sheet:<session id>`, `setting:text`), so they are in every backup."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response
from pydantic import BaseModel, ConfigDict, Field

from app.plugins.api import (
    N_,
    NotFoundError,
    PluginInfo,
    ScreenSpec,
    _,
    current_user,
    endpoint,
    hookimpl,
    pdf_formats,
    pdf_layout,
    services,
    speaking,
)

PLUGIN = PluginInfo(name="aftercare", version="1.0.0", author="The studio stick's example plugins",
                    min_app_version="0", title="Aftercare sheets")
PDF = "application/pdf"
DEFAULT_TEXT = (  # one point a line; the studio replaces them with its own text (PUT /text)
    N_("Keep the wrap on for 2 to 4 hours, then take it off with clean hands."),
    N_("Wash the tattoo gently with lukewarm water and a mild, unscented soap; pat it dry with a clean paper towel."),
    N_("Apply a thin layer of the aftercare cream two or three times a day for two weeks."),
    N_("Do not scratch or pick at scabs; let them fall off on their own."),
    N_("For three weeks: no swimming pools, sea, sauna or solarium, and keep the tattoo out of the sun."),
    N_("Call the studio with any question. See a doctor if you have a fever, spreading redness, swelling or pus."),
)


class TextIn(BaseModel):
    """The studio's own aftercare text, one point a line (empty: the default text in the studio's language)."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=4000)


def aftercare_points(store) -> list[str]:
    """The studio's aftercare text as lines, or the default one in the current language."""
    own = (store.get("setting:text") or "").strip()
    return [line.strip() for line in own.splitlines() if line.strip()] if own else [_(p) for p in DEFAULT_TEXT]


def render_sheet(svc, store, actor, session_id: str) -> bytes:
    """The aftercare sheet of one session as a PDF in the studio's language."""
    settings = svc.settings.get(actor)
    session = svc.booking.get(actor, session_id)
    inks = svc.inks.session_inks(actor, session_id)
    with speaking(settings.locale):
        where = pdf_formats.document_locale(settings.locale)
        now = datetime.now(UTC).astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M")
        head = pdf_layout.PageHead(settings.studio_name, _("Aftercare sheet"),
                                   pdf_formats.day(session.starts_at.astimezone(ZoneInfo(settings.timezone)).date(),
                                                   where),
                                   _("%(when)s by %(name)s", when=now, name=actor.display_name), settings.locale)
        about = [(_("Client"), session.client_name),
                 (_("Date"), pdf_formats.moment(session.starts_at, settings.timezone, where)),
                 (_("Placement"), session.placement), (_("Artist"), session.artist_name)]
        rows = [(i.brand, i.colour, i.lot, pdf_formats.day(i.expires_on, where)) for i in inks]
        story = [pdf_layout.heading(_("Session")), pdf_layout.pairs(about),
                 pdf_layout.heading(_("Looking after your new tattoo")),
                 *[pdf_layout.text(f"• {point}") for point in aftercare_points(store)],
                 pdf_layout.heading(_("Inks used")),
                 pdf_layout.table((_("Brand"), _("Colour"), _("Lot"), _("Expires")),
                                  rows or [(_("No inks recorded"), "", "", "")])]
        return pdf_layout.render(head, story)


def keep_sheet(svc, store, actor, session_id: str) -> bytes:
    """Render the session's sheet and keep it in the plugin's store; return the PDF."""
    content = render_sheet(svc, store, actor, session_id)
    store.put(f"sheet:{session_id}", {"pdf": base64.b64encode(content).decode("ascii"),
                                      "made_at": datetime.now(UTC).isoformat()})
    return content


def sheet(svc, store, actor, session_id: str) -> bytes:
    """The kept sheet of a session (made now if the session is done but has none yet, e.g. the plugin came later)."""
    session = svc.booking.get(actor, session_id)  # a session the caller may see, or a sentence saying why not
    kept = store.get(f"sheet:{session_id}")
    if kept is not None:
        return base64.b64decode(kept["pdf"])
    if session.status != "done":
        raise NotFoundError(_("This session has no aftercare sheet yet: it is made when the session is marked done."))
    return keep_sheet(svc, store, actor, session_id)


@hookimpl
def session_status_changed(context, session_id, status):
    """A session marked done gets its aftercare sheet."""
    if status == "done" and context.actor is not None:
        keep_sheet(context.services, context.store, context.actor, session_id)


@hookimpl
def client_anonymised(context, client_id):
    """An anonymised client's sheets go: each carries their name (the sessions themselves stay, without it)."""
    for key, _kept in context.store.items("sheet:"):
        session_id = key.removeprefix("sheet:")
        try:
            owner = context.services.booking.get(context.actor, session_id).client_id
        except NotFoundError:
            owner = client_id  # a sheet whose session is gone belongs to nobody who may read it
        if owner == client_id:
            context.store.delete(key)


@hookimpl
def register_routes(context):
    """Download a session's sheet; read and change the studio's aftercare text."""
    store = context.store
    bp = Blueprint("aftercare", __name__)

    @endpoint(bp, "GET", "/sessions/<session_id>/sheet.pdf", policy="user", media_type=PDF,
              summary="A session's aftercare sheet as PDF", path={"session_id": str})
    def sheet_pdf(session_id: str) -> Response:
        content = sheet(services(), store, current_user(), session_id)
        return Response(content, mimetype=PDF, headers={
            "Content-Disposition": f'attachment; filename="aftercare-{session_id[:36]}.pdf"'})

    @endpoint(bp, "GET", "/text", policy="user", summary="The studio's aftercare text", response=TextIn)
    def get_text() -> TextIn:
        services().settings.get(current_user())  # the studio must be unlocked
        return TextIn(text="\n".join(aftercare_points(store)))

    @endpoint(bp, "PUT", "/text", policy="admin", summary="Change the studio's aftercare text", body=TextIn,
              response=TextIn)
    def put_text(body: TextIn) -> TextIn:
        services().settings.get(current_user())
        store.put("setting:text", body.text.strip())
        return TextIn(text="\n".join(aftercare_points(store)))

    return [bp]


@hookimpl
def register_screens(context):
    """The "Aftercare" screen: print or save the sheet of one of today's finished sessions."""
    return [ScreenSpec(key="aftercare", label=_("Aftercare"), icon="HEALING", roles=("admin", "staff"),
                       build=AftercareView)]


class AftercareView:
    """Choose one of today's sessions and save its aftercare sheet (a download in a browser)."""

    def __init__(self, shell):
        import flet as ft  # the screens only: the server side of the plugin never loads Flet

        self.shell, self.ft = shell, ft
        self.session = ft.Dropdown(label=_("Today's session"), width=360, options=[])

    def build(self):
        """The screen."""
        ft = self.ft
        day = self.shell.today()
        start = datetime.combine(day, datetime.min.time(), tzinfo=self.shell.zone)
        found = self.shell.act(self.shell.client.sessions.between, start, start.replace(hour=23, minute=59))
        done = [s for s in found if s.status == "done"] if isinstance(found, list) else []
        self.session.options = [ft.DropdownOption(key=s.id, text=f"{s.starts_at.astimezone(self.shell.zone):%H:%M} "
                                                  f"{s.client_name} ({s.artist_name})") for s in done]
        return ft.Column(spacing=16, expand=True, controls=[
            ft.Text(_("Aftercare"), theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
            ft.Text(_("The sheet is made when a session is marked done. Choose the session to print or save it.")),
            self.session,
            ft.Button(_("Save aftercare sheet"), icon=ft.Icons.DOWNLOAD, on_click=self.save)])

    async def save(self, _event=None) -> None:
        """Fetch the chosen session's sheet and save it where the person chooses."""
        if not self.session.value:
            self.shell.notify(_("Choose the session whose sheet you want."), error=True)
            return
        data = self.shell.act(self.shell.client.session.fetch,
                              f"/api/plugins/aftercare/sessions/{self.session.value}/sheet.pdf")
        if not isinstance(data, bytes):
            return
        name = f"aftercare-{self.session.value}.pdf"
        try:
            path = await self.ft.FilePicker().save_file(file_name=name, src_bytes=data)
        except (RuntimeError, TimeoutError) as exc:
            self.shell.notify(_("The save dialog could not open (%(problem)s). On Linux it needs zenity.",
                                problem=exc), error=True)
            return
        if self.shell.page.web:
            self.shell.notify(_("%(file)s was downloaded by the browser.", file=name))
        elif path:
            with open(path, "wb") as out:
                out.write(data)
            self.shell.notify(_("Saved %(file)s to %(path)s.", file=name, path=path))
