"""The assistant's prompts, written in the studio's language; medical text enters only where the caller allows.

Each function returns the turns of one model call (plain records: langchain-core, part of the optional
extra, is imported only when a model is really called). They are built inside `i18n.speaking(...)` by the service,
so the instructions come out in the studio's language and the model is told to answer in it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from app.ai.assistant.queries import QUERY_MENU
from app.core.i18n import N_, _
from app.domain.errors import ValidationError
from app.domain.records import StudioSettings


@dataclass(frozen=True)
class Turn:
    """One message of a prompt: 'system' (the app's instructions) or 'human' (what the user typed)."""

    role: Literal["system", "human"]
    text: str


def system(text: str) -> Turn:
    """The app's instructions."""
    return Turn("system", text)


def human(text: str) -> Turn:
    """What the user typed."""
    return Turn("human", text)

# What the studio hands out when an admin has not written its own aftercare text yet (Admin → settings).
DEFAULT_AFTERCARE = N_(
    "Keep the dressing on for 2 to 4 hours, then wash the tattoo gently with lukewarm water and unscented soap. "
    "Pat it dry with a clean paper towel. Apply a thin layer of the aftercare cream two or three times a day. "
    "Do not scratch or pick at scabs. For two weeks: no swimming, sauna, sunbathing or tight clothes over the "
    "tattoo. Call the studio if the skin becomes very red, hot or swollen, or if you have a fever.")


def language_name(code: str, speaking: str) -> str:
    """A language's name as written in the studio's language ('de' in Spanish: 'alemán'); a sentence if unknown."""
    try:
        return Locale.parse(code).get_display_name(Locale.parse(speaking)) or code
    except (ValueError, UnknownLocaleError):
        raise ValidationError(_("'%(code)s' is not a language code. Give one such as 'es', 'de' or 'fr'.",
                                code=code[:20])) from None


def _frame(settings: StudioSettings) -> str:
    return _("You are the assistant of the tattoo studio %(studio)s. Write in %(language)s. You only write drafts "
             "that a person reads and confirms; you never book, pay or send anything yourself.",
             studio=settings.studio_name, language=language_name(settings.locale, settings.locale))


def aftercare(settings: StudioSettings, request: str) -> list[Turn]:
    """An aftercare sheet drafted from the studio's own aftercare text, for the case the user described."""
    text = settings.aftercare_text.strip() or _(DEFAULT_AFTERCARE)
    return [system(_frame(settings) + "\n" + _(
        "Draft an aftercare sheet for the client described below. Base it only on the studio's aftercare "
        "instructions that follow; adapt them to the case, do not add medical advice of your own, and suggest "
        "seeing a doctor for anything beyond them.") + "\n\n" + text),
        human(request)]


def summary(settings: StudioSettings, facts: Iterable[str]) -> list[Turn]:
    """A short summary of a client's history from the facts the app looked up (health only if allowed)."""
    return [system(_frame(settings) + "\n" + _(
        "Summarise this client's history for the staff in a few short sentences. Use only the facts below; "
        "do not invent anything.") + "\n\n" + "\n".join(facts)),
        human(_("Summarise this client's history."))]


def routing(settings: StudioSettings, today: date, question: str) -> list[Turn]:
    """Ask the model to pick one of the fixed read-only queries, as JSON (the schema itself constrains the
    answer through the engine; the prompt names the queries briefly, to keep it short)."""
    return [system(_frame(settings) + "\n" + _(
        "Today is %(today)s (%(iso)s). Turn the user's question into exactly one of these queries, as a JSON "
        "object with its arguments (dates as YYYY-MM-DD):", today=format_date(today, "full", locale=settings.locale),
        iso=today.isoformat()) + "\n" + QUERY_MENU),
        human(question)]


def phrasing(settings: StudioSettings, question: str, facts: Iterable[str]) -> list[Turn]:
    """Ask the model to answer the question from the facts the app found, and nothing else."""
    return [system(_frame(settings) + "\n" + _(
        "Answer the user's question using only these facts from the studio's records. If they do not answer it, "
        "say so.") + "\n\n" + "\n".join(facts)),
        human(question)]


def reply(settings: StudioSettings, message: str, language: str | None) -> list[Turn]:
    """A draft reply to a client's message (in the client's language when given)."""
    into = language_name(language, settings.locale) if language else _("the language the client wrote in")
    return [system(_frame(settings) + "\n" + _(
        "Draft a short, friendly reply to the client's message below, written in %(language)s. Do not confirm "
        "a booking, a price or a date: say that the studio will confirm it.", language=into)),
        human(message)]


def translation(settings: StudioSettings, text: str, language: str) -> list[Turn]:
    """A translation of the text into the chosen language."""
    return [system(_frame(settings) + "\n" + _(
        "Translate the text below into %(language)s. Write only the translation.",
        language=language_name(language, settings.locale))),
        human(text)]


def briefing(settings: StudioSettings, artist: str, facts: Iterable[str]) -> list[Turn]:
    """An artist's short briefing for tomorrow, from the facts of their own day only."""
    return [system(_frame(settings) + "\n" + _(
        "Write %(artist)s's short briefing for tomorrow from these facts only: their sessions, whose health alert "
        "to read, what is still owed, and ink lots about to expire. Do not add anything.", artist=artist)
        + "\n\n" + "\n".join(facts)),
        human(_("Write my briefing for tomorrow."))]
