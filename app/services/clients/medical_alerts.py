"""Which answers of a medical questionnaire become red alerts staff must see before they start work."""

from __future__ import annotations

import re
import unicodedata

from app.core.i18n import _
from app.domain.clients import Alert, MedicalProfile

# Anticoagulants and antiplatelets (generic and common brand names): they make a tattoo bleed.
# Matched at the start of a word, so 'aspirina', 'heparine' and 'warfarina' count too.
BLOOD_THINNERS = (
    "warfarin", "coumadin", "acenocoumarol", "sintrom", "phenprocoumon", "marcoumar", "apixaban", "eliquis",
    "rivaroxaban", "xarelto", "dabigatran", "pradaxa", "edoxaban", "lixiana", "savaysa", "heparin",
    "enoxaparin", "clexane", "lovenox", "dalteparin", "fragmin", "tinzaparin", "fondaparinux", "aspirin",
    "adiro", "acetylsalicylic", "clopidogrel", "plavix", "ticagrelor", "brilinta", "prasugrel", "efient",
)
_THINNER = re.compile(r"\b(" + "|".join(BLOOD_THINNERS) + ")")


def fold(text: str) -> str:
    """Return text in lower case without accents, with single spaces, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def blood_thinners_in(medications: str) -> list[str]:
    """Return the anticoagulant-like drugs named in a medications answer, in order, once each."""
    found: list[str] = []
    for match in _THINNER.finditer(fold(medications)):
        if match.group(1) not in found:
            found.append(match.group(1))
    return found


def derive_alerts(profile: MedicalProfile | None) -> tuple[Alert, ...]:
    """Return the alerts a profile raises: allergies, conditions, blood thinners, pregnancy."""
    if profile is None:
        return ()
    alerts = []
    if profile.allergies.strip():
        alerts.append(Alert("allergy", _("Allergies: %(allergies)s", allergies=profile.allergies.strip())))
    if profile.conditions.strip():
        alerts.append(Alert("condition", _("Conditions: %(conditions)s", conditions=profile.conditions.strip())))
    thinners = blood_thinners_in(profile.medications)
    if thinners:
        alerts.append(Alert("anticoagulant", _("Takes %(drugs)s: expect more bleeding.", drugs=", ".join(thinners))))
    if profile.pregnancy:
        alerts.append(Alert("pregnancy", _("Pregnant: postpone the tattoo.")))
    return tuple(alerts)
