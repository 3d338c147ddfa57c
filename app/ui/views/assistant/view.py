"""Assistant: choose a task, type, ask; the answer streams in as the model writes it, and Stop ends it.

Everything it writes is a draft for a person to read and use on the normal screens: it never changes anything."""

from __future__ import annotations

import threading

import flet as ft

from app.client.models import AskIn
from app.core.i18n import N_, _
from app.domain.errors import DomainError
from app.ui.components.forms import FormError, make_model
from app.ui.components.widgets import error_line, heading, show_error

# task -> (its label, what the text field asks for)
TASKS = {"aftercare": (N_("Aftercare sheet"), N_("Describe the tattoo and the client")),
         "summary": (N_("Client summary"), N_("The client's name")),
         "question": (N_("Question about the calendar, register or inks"), N_("Your question")),
         "reply": (N_("Reply to a client's message"), N_("The client's message")),
         "translate": (N_("Translation"), N_("The text to translate"))}
WITH_LANGUAGE = ("reply", "translate")
FIRST_TASK = next(iter(TASKS))


class AssistantView:
    """The request form, the streamed answer, and Stop."""

    def __init__(self, shell):
        self.shell = shell
        self.status = None
        self._reading: threading.Event | None = None
        self.task = ft.Dropdown(label=_("Task"), width=420, value=FIRST_TASK,
                                options=[ft.DropdownOption(key=k, text=_(label)) for k, (label, _h) in TASKS.items()],
                                on_select=lambda _e: self._task_changed())
        self.text = ft.TextField(label=_(TASKS[FIRST_TASK][1]), multiline=True, min_lines=3, max_lines=8,
                                 width=640)
        self.language = ft.TextField(label=_("Language code (e.g. de)"), width=220, visible=False)
        self.health = ft.Checkbox(label=_("Include health"), value=False, visible=False)
        self.ask_button = ft.Button(_("Ask"), icon=ft.Icons.AUTO_AWESOME, on_click=lambda _e: self.ask())
        self.stop_button = ft.OutlinedButton(_("Stop"), icon=ft.Icons.STOP, disabled=True,
                                             on_click=lambda _e: self.stop())
        self.answer = ft.Text("", selectable=True)
        self.state = ft.Text("", color=ft.Colors.GREY_700)
        self.error = error_line()

    def build(self) -> ft.Control:
        """Read what the assistant can do for this user and return the screen."""
        self.status = self.shell.client.assistant.status()
        if not (self.status.available and self.status.allowed):
            reason = self.status.reason or _("The assistant is not switched on for your role. Ask an admin.")
            return ft.Column([heading(_("Assistant")), ft.Text(reason)])
        return ft.Column([
            heading(_("Assistant")),
            ft.Text(_("Answers are drafts written by a model on this computer: read them and change them before "
                      "you use them. Nothing is booked, sent or changed by the assistant."), color=ft.Colors.GREY_700),
            ft.Row([self.task, self.language, self.health], wrap=True),
            self.text, ft.Row([self.ask_button, self.stop_button, self.state]), self.error,
            ft.Container(self.answer, padding=ft.Padding.all(12), border=ft.Border.all(1, ft.Colors.GREY_400),
                         border_radius=8, width=640)], spacing=12, scroll=ft.ScrollMode.AUTO, expand=True)

    def _task_changed(self) -> None:
        task = self.task.value or FIRST_TASK
        self.text.label = _(TASKS[task][1])
        self.language.visible = task in WITH_LANGUAGE
        self.health.visible = task == "summary" and bool(self.status and self.status.health_allowed)
        self.shell.page.update()

    def ask(self) -> None:
        """Send the request; the answer's pieces are shown as they arrive (off the screen's thread)."""
        task = self.task.value or FIRST_TASK
        if not (self.text.value or "").strip():
            show_error(self.error, _("Type what you want the assistant to do first."))
            self.shell.page.update()
            return
        show_error(self.error, None)
        language = (self.language.value or "").strip() or None if task in WITH_LANGUAGE else None
        try:
            request = make_model(AskIn, {"task": task, "text": self.text.value or "", "language": language,
                                         "include_health": bool(self.health.visible and self.health.value)},
                                 {"text": _(TASKS[task][1]), "language": _("Language code (e.g. de)")})
        except FormError as problem:
            show_error(self.error, str(problem))
            self.shell.page.update()
            return
        self.answer.value, self.state.value = "", _("Writing…")
        self._busy(True)
        reading = self._reading = threading.Event()
        self.shell.in_background(lambda: self._read(request, reading))

    def stop(self) -> None:
        """Stop the answer being written (what has arrived stays)."""
        if self._reading is not None:
            self._reading.set()
        self.shell.act(self.shell.client.assistant.stop)

    def _read(self, request: AskIn, reading: threading.Event) -> None:
        pieces = self.shell.client.assistant.ask(request)
        outcome = _("Done. This is a draft: check it before you use it.")
        try:
            for piece in pieces:
                if reading.is_set():
                    outcome = _("Stopped.")
                    break
                self.answer.value = (self.answer.value or "") + piece
                self.shell.page.update()
            else:
                if reading.is_set():
                    outcome = _("Stopped.")
        except DomainError as refused:
            outcome = ""
            show_error(self.error, str(refused))
        finally:
            pieces.close()
            self.state.value = outcome
            self._busy(False)
            self.shell.page.update()

    def _busy(self, writing: bool) -> None:
        self.ask_button.disabled, self.stop_button.disabled = writing, not writing
        self.shell.page.update()

