"""Every text the phone form shows, marked for translation and read in the studio's language per request."""

from __future__ import annotations

from app.core.i18n import _


def labels() -> dict[str, str]:
    """The form's labels, hints, buttons and headings in the current language."""
    return {
        "title": _("Register at the studio"),
        "check_in_title": _("Check in for your session"),
        "intro": _("Fill in this form on your phone. Nothing you type is shown to anyone but the studio's staff."),
        "errors_heading": _("Please check these answers:"),
        "about_you": _("About you"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "birth_date": _("Date of birth"),
        "phone": _("Phone"),
        "email": _("Email"),
        "address": _("Address"),
        "emergency_contact": _("Emergency contact (name and phone)"),
        "health": _("Your health"),
        "health_intro": _("Your answers help the artist work safely. Leave a box empty if it does not apply."),
        "health_changed": _("Has anything about your health changed since your last visit?"),
        "changed_no": _("No, nothing changed"),
        "changed_yes": _("Yes, something changed (answer the questions below)"),
        "allergies": _("Allergies"),
        "allergies_hint": _("For example latex, pigments, antiseptics, metals such as nickel."),
        "conditions": _("Medical conditions"),
        "conditions_hint": _("For example diabetes, a clotting disorder, epilepsy, a heart condition, a skin "
                             "condition."),
        "medications": _("Medication you take"),
        "medications_hint": _("Name any blood thinners, such as aspirin or warfarin."),
        "skin_notes": _("Skin at the place of the tattoo"),
        "skin_notes_hint": _("Scars, moles, sunburn, eczema or psoriasis there."),
        "pregnancy": _("I am pregnant or breastfeeding"),
        "free_text": _("Anything else the artist should know"),
        "guardian": _("Parent or guardian (if you are under 18)"),
        "guardian_intro": _("A parent or guardian must come with you, show their ID and sign with you."),
        "guardian_name": _("Guardian's name"),
        "guardian_relation": _("Relation to you (for example mother)"),
        "guardian_signature": _("Guardian's signature"),
        "guardian_sign_open": _("Guardian signs"),
        "consents": _("Consent"),
        "photo_consent": _("The studio may photograph my tattoo and show the photos (optional)."),
        "marketing_consent": _("The studio may send me news and offers (optional)."),
        "treatment_consent": _("I have read and agree to the treatment consent above."),
        "signature": _("Signature"),
        "sign_intro": _("Sign with your finger. The signing area fills the screen."),
        "sign_open": _("Sign"),
        "sign_again": _("Sign again"),
        "sign_clear": _("Clear"),
        "sign_done": _("Done"),
        "signed": _("Signed."),
        "not_signed": _("Not signed yet."),
        "no_script": _("Signing needs JavaScript: switch it on in your browser, or ask the staff for help."),
        "send": _("Send to the studio"),
        "thanks_title": _("Thank you"),
        "next_client": _("Next client: a new, empty form"),
        "thanks": _("The studio has your form. A member of staff will check your ID and confirm it with you."),
        "check_in_thanks": _("Your consent is signed and the studio is ready for you."),
        "problem_title": _("This page cannot be shown"),
    }


def gone_sentence(reason: str) -> str:
    """Why a code or form no longer opens: used, expired or withdrawn."""
    return {"used": _("This QR code was already used. Ask the staff for a new one."),
            "expired": _("This QR code has expired. Ask the staff for a new one."),
            }.get(reason, _("The staff withdrew this QR code. Ask them for a new one."))


def refusals() -> dict[str, str]:
    """The sentences of the listener's refusals (bad host, no form session, missing CSRF token, limits)."""
    return {
        "host": _("This address is not served here. Scan the studio's QR code again."),
        "no_form": _("This form is not open on this phone. Scan the studio's QR code to open it."),
        "csrf": _("The form could not be checked (its security token is missing or wrong). Scan the QR code "
                  "again and fill in the form once more."),
        "too_large": _("What was sent is too large. Sign again with a simpler signature and send again."),
        "too_many": _("Too many attempts from this phone. Wait a minute and try again."),
        "not_found": _("There is nothing here. Scan the studio's QR code to open the form."),
        "unknown_code": _("This QR code is not known here. Ask the staff for a new one."),
    }
