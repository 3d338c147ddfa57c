"""A client registers from a phone-sized Chromium (390x844, touch): open the QR address, fill in everything,
sign with a finger on the full-screen step, send; the entry is pending through the API. Reloading the QR
address says used (410), an expired one says expired (410), a minor must name a guardian, and a check-in signs
the session's consent and adds a medical version. Each step is saved to docs/screenshots/intake/ at 390 px."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from tests.api.support_intake_listener import served_with_admin
from tests.conftest import REPO
from tests.services.support_clients import add_session, make_user

SHOTS = REPO / "docs" / "screenshots" / "intake"
MARKUP = '<img src=x onerror="alert(1)"><b>bold</b>'
PHONE_AGENT = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile"


@pytest.fixture
def studio(created, stick):
    """A served studio (API on 127.0.0.1, listener on 127.0.0.2), its clock and an admin's client."""
    with served_with_admin(stick) as running:
        yield running


@pytest.fixture
def phone(browser):
    """A phone-sized tab with touch; it may reach only this computer (127.0.0.0/8), and its page must break
    neither its Content-Security-Policy nor open a dialog (no markup a client typed may run)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True,
                                  has_touch=True, locale="en-GB", user_agent=PHONE_AGENT)
    page = context.new_page()
    trouble: list[str] = []

    def only_here(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or (parts.hostname or "").startswith("127."):
            route.continue_()
        else:
            trouble.append(f"fetched {route.request.url}")
            route.abort()

    page.route("**/*", only_here)
    page.on("console", lambda m: trouble.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda d: (trouble.append(f"dialog {d.message}"), d.dismiss()))
    yield page
    context.close()
    assert trouble == []


def shot(page, name: str, full_page: bool = True) -> None:
    """Save the page (whole, or what the phone's screen shows), 390 px wide."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def sign(page, name: str | None = None, who: str = "signature") -> None:
    """Open the signing step (the client's, or the guardian's), draw a signature with touches, save it."""
    page.click(f"#{who}-open")
    pad = page.locator("#sign-canvas")
    pad.wait_for(state="visible")
    box = pad.bounding_box()
    assert box and box["width"] == 390 and box["height"] > 600  # the step fills the screen
    assert page.eval_on_selector("#sign-canvas", "c => getComputedStyle(c).touchAction") == "none"
    cdp = page.context.new_cdp_session(page)
    points = [(60 + i * 14, 300 + (40 if i % 2 else -40)) for i in range(20)]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": points[0][0],
                                                                                 "y": points[0][1]}]})
    for x, y in points[1:]:
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    if name:
        page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.click("#sign-done")
    assert page.input_value(f"#{who}").startswith("data:image/png;base64,")
    assert page.inner_text(f"#{who}-state") == "Signed."


def fill_person(page, born: str) -> None:
    """Fill in the 'about you' part."""
    for field, value in (("first_name", "Lena"), ("last_name", "Okafor"), ("birth_date", born),
                         ("phone", "+34 611 222 333"), ("email", "lena@example.com"),
                         ("address", "Calle Luna 4, Madrid"), ("emergency_contact", "Ade Okafor, +34 600 000 001")):
        page.fill(f"#{field}", value)


def test_register_from_a_phone_then_the_qr_address_is_used(studio, phone):
    served, _clock, admin = studio
    opened = admin.intake.open_code()
    phone.goto(opened.url)
    assert phone.url.endswith("/form")
    shot(phone, "01-form")
    fill_person(phone, "1994-07-02")
    phone.fill("#allergies", "latex")
    phone.fill("#medications", "aspirin 100 mg")
    phone.fill("#free_text", MARKUP)
    phone.check("#treatment_consent")
    phone.check("#photo_consent")
    shot(phone, "02-filled")
    sign(phone, "03-signing")
    shot(phone, "04-signed")
    phone.click("#send")
    assert "The studio has your form" in phone.inner_text("main")
    shot(phone, "05-sent")
    [entry] = admin.intake.pending()
    assert (entry.first_name, entry.last_name) == ("Lena", "Okafor")
    assert [f.kind for f in entry.flags] == ["allergy", "anticoagulant"]
    detail = admin.intake.pending_detail(entry.id)
    assert detail.has_signature and detail.fields["free_text"] == MARKUP and detail.user_agent == PHONE_AGENT
    answer = phone.goto(opened.url)
    assert answer.status == 410 and "already used" in phone.inner_text("main")
    shot(phone, "06-used")


def test_an_expired_code_says_so_on_the_phone(studio, phone):
    _served, clock, admin = studio
    opened = admin.intake.open_code()
    clock.advance(10 * 60 + 1)
    answer = phone.goto(opened.url)
    assert answer.status == 410 and "expired" in phone.inner_text("main")
    shot(phone, "07-expired")


def test_a_minor_must_name_a_guardian_and_what_was_typed_stays(studio, phone):
    _served, _clock, admin = studio
    phone.goto(admin.intake.open_code().url)
    seventeen = (datetime.now(UTC).date() - timedelta(days=17 * 365 + 30)).isoformat()
    fill_person(phone, seventeen)
    phone.fill("#conditions", MARKUP)
    phone.check("#treatment_consent")
    sign(phone)
    phone.click("#send")
    errors = phone.inner_text("#errors")
    assert "a parent or guardian must sign too" in errors and "how the guardian is related" in errors
    assert "guardian must sign too: ask them to sign" in errors
    assert phone.input_value("#last_name") == "Okafor" and phone.input_value("#conditions") == MARKUP
    assert phone.input_value("#signature").startswith("data:image/png")  # no need to sign again
    shot(phone, "08-minor-errors-on-top", full_page=False)
    phone.locator("#guardian-section").scroll_into_view_if_needed()
    shot(phone, "08-minor-guardian-required", full_page=False)
    phone.fill("#guardian_name", "Ada Okafor")
    phone.fill("#guardian_relation", "mother")
    sign(phone, "08-guardian-signing", who="guardian_signature")
    phone.click("#send")
    assert "The studio has your form" in phone.inner_text("main")
    [entry] = admin.intake.pending()
    assert [f.kind for f in entry.flags] == ["condition", "minor"]
    assert admin.intake.pending_detail(entry.id).has_guardian_signature


def test_a_check_in_signs_the_session_s_consent_and_adds_a_medical_version(studio, phone):
    served, _clock, admin = studio
    opened_studio = served.container._studio
    client = served.container.services.clients.create(opened_studio.user, first_name="Kimberlyn", last_name="Zorander",
                                                      birth_date=datetime(1990, 1, 1).date())
    served.container.services.clients.save_medical(opened_studio.user, client.id, allergies="birch pollen")
    artist = make_user(opened_studio, "nuria", is_artist=True)
    session = add_session(opened_studio, client.id, artist.id, datetime.now(UTC) + timedelta(hours=1),
                          status="booked")
    phone.goto(admin.intake.open_code("check_in", session).url)
    on_file = ("Kimberlyn", "Zorander", "birch", "1990")
    assert not [word for word in on_file if word in phone.content()]  # the phone sees nothing on file
    shot(phone, "09-check-in")
    phone.check("#changed-yes")
    phone.fill("#allergies", "birch pollen, latex")
    phone.check("#treatment_consent")
    sign(phone)
    phone.click("#send")
    assert "Your consent is signed" in phone.inner_text("main")
    shot(phone, "10-check-in-sent")
    [consent] = admin.consents.consents_of(client.id)
    assert consent.session_id == session and consent.has_signature
    current = served.container.services.clients.detail(opened_studio.user, client.id).medical
    assert current.version == 2 and current.allergies == "birch pollen, latex"


def test_without_javascript_the_form_still_sends_and_only_the_signature_needs_it(studio, browser):
    _served, _clock, admin = studio
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False,
                                  has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(admin.intake.open_code().url)
        assert "Signing needs JavaScript" in page.inner_text("#signature-section")
        assert page.locator("#signature-open").is_hidden() and page.locator("#guardian_signature-open").is_hidden()
        fill_person(page, "1994-07-02")
        page.check("#treatment_consent")
        page.click("#send")
        assert "Your signature is missing" in page.inner_text("#errors")
        assert page.input_value("#first_name") == "Lena"  # what was typed is kept, with no script at all
        shot(page, "11-no-javascript", full_page=False)
    finally:
        context.close()
    assert admin.intake.pending() == []


def test_the_form_fits_a_360_px_screen_without_sideways_scrolling(studio, browser):
    _served, _clock, admin = studio
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(admin.intake.open_code().url)
        page.fill("#address", "A very long street name that keeps going " * 3)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
        text = "label, p, textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden])"
        smallest = page.evaluate(f"Math.min(...[...document.querySelectorAll('{text}')]"
                                 ".map(e => parseFloat(getComputedStyle(e).fontSize)))")
        assert smallest >= 14  # readable: no text under 14 px
        page.evaluate("window.scrollTo(0, 0)")
        shot(page, "00-form-at-360px", full_page=False)
    finally:
        context.close()
