"""The intake listener under attack: it is down with no code open, serves only the form (API paths 404), checks
the Host (400), the CSRF token (400), the body size (413) and the rate per address (429), binds only the chosen
address (never 0.0.0.0, never the API's port), and answers every request with no-store and a strict CSP. A code
works once (then 410 used), not after its time (410 expired); markup comes back as text; a rejected entry
leaves nothing in the logs."""

from __future__ import annotations

import logging
import socket

import httpx
import pytest

from app.api.intake_listener.addresses import lan_addresses
from app.api.intake_listener.manager import REQUESTS_PER_MINUTE
from app.core import paths as stick_paths
from app.domain.errors import ConflictError, ValidationError
from app.domain.records import StudioSettings
from app.services.studio.service import StudioService
from tests.api.support_intake_listener import csrf_of, phone, served_with_admin, signature_field
from tests.conftest import ADMIN, ADMIN_PASSWORD, STUDIO_NAME
from tests.services.support_intake import form


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """One served studio for the module (creating one costs seconds): API on 127.0.0.1, listener on 127.0.0.2."""
    stick = stick_paths.resolve(home=tmp_path_factory.mktemp("intake") / "stick").ensure()
    StudioService(stick).create(StudioSettings(STUDIO_NAME, "EUR", "Europe/Madrid"), ADMIN, ADMIN_PASSWORD)[0].close()
    with served_with_admin(stick) as running:
        yield running


@pytest.fixture
def served(running):
    """The module's studio as each test starts: every earlier code and form timed out (the listener down), no
    pending entry, the usual rate limit."""
    served, clock, admin = running
    listener = served.server.app.config["INTAKE"]
    clock.advance(24 * 3600)
    listener.check()
    for entry in admin.intake.pending():
        admin.intake.reject(entry.id)
    listener._limit = REQUESTS_PER_MINUTE
    return served


@pytest.fixture
def clock(running):
    return running[1]


@pytest.fixture
def listener(served):
    return served.server.app.config["INTAKE"]


@pytest.fixture
def admin(served, running):
    return running[2]


def _form_open(url: str) -> tuple[httpx.Client, str]:
    browser = phone(url)
    first = browser.get(url)
    assert first.status_code == 303 and first.headers["location"] == "/form"
    page = browser.get("/form")
    assert page.status_code == 200
    return browser, csrf_of(page.text)


def test_down_with_no_code_up_with_one_down_again_when_withdrawn(admin, listener):
    assert not listener.running and listener.base_url is None
    opened = admin.intake.open_code()
    port = int(opened.url.split(":")[2].split("/")[0])
    assert listener.running and phone(opened.url).get("/health").text == "ok"
    browser = phone(opened.url)
    assert browser.get("/health").status_code == 200  # a phone holding a keep-alive connection...
    admin.intake.revoke_code(opened.code.id)
    assert not listener.running and not listener._thread.is_alive()  # ...does not keep the listener's thread
    with pytest.raises(httpx.TransportError):
        browser.get("/health")
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.2:{port}/health", timeout=3)


def test_it_stops_once_the_last_code_expired(admin, listener, clock):
    admin.intake.open_code()
    clock.advance(10 * 60 + 1)
    listener.check()  # what its timer does at the expiry
    assert not listener.running


def test_it_stays_up_while_a_form_is_being_filled_in(admin, listener):
    _form_open(admin.intake.open_code().url)  # the code is used: only the form keeps it up
    listener.check()
    assert listener.running


def test_bound_only_to_the_chosen_address_on_a_port_of_its_own(admin, listener, served):
    opened = admin.intake.open_code()
    host, port = listener._server.socket.getsockname()[:2]
    assert host == "127.0.0.2" and port != served.server.port
    assert opened.url.startswith(f"http://127.0.0.2:{port}/c/")
    with pytest.raises(OSError):  # nothing answers on the same port of another address
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    for wildcard in ("0.0.0.0", "::", ""):
        with pytest.raises(ValidationError):
            listener.choose(wildcard)


def test_a_wildcard_override_is_never_used(monkeypatch, listener):
    monkeypatch.setenv("TATTOO_INTAKE_ADDRESS", "0.0.0.0")
    assert lan_addresses() == []
    with pytest.raises(ConflictError, match="on no local network"):
        listener.ensure_running()


@pytest.mark.parametrize("path", ["/api/health", "/api/auth/login", "/api/openapi.json", "/api/clients",
                                  "/admin", "/static/../../app/api/__init__.py"])
def test_it_serves_the_form_and_nothing_else(admin, path):
    browser = phone(admin.intake.open_code().url)
    for method in ("GET", "POST"):
        answer = browser.request(method, path)
        assert answer.status_code in (404, 405), (method, path, answer.status_code)
        assert "studio" not in answer.text.lower() or "QR" in answer.text


def test_a_foreign_host_is_refused(admin):
    url = admin.intake.open_code().url
    browser = phone(url)
    for host in ("evil.example", "127.0.0.1", "localhost:80", "127.0.0.2"):
        answer = browser.get(url, headers={"Host": host})
        assert answer.status_code == 400 and "not served here" in answer.text
    assert browser.get(url).status_code == 303  # the refused tries did not spend the code


def test_every_answer_is_no_store_with_a_strict_csp(admin):
    url = admin.intake.open_code().url
    browser = phone(url)
    for answer in (browser.get(url), browser.get("/form"), browser.get("/static/sign.js"), browser.get("/nope"),
                   browser.get("/form", headers={"Host": "evil.example"})):
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert answer.headers["X-Frame-Options"] == "DENY"


def test_the_code_becomes_an_httponly_samesite_strict_form_session_once(admin):
    url = admin.intake.open_code().url
    browser = phone(url)
    first = browser.get(url)
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    again = phone(url).get(url)
    assert again.status_code == 410 and "already used" in again.text
    assert phone(url).get("/form").status_code == 403  # another phone has no form session


def test_an_expired_code_says_so(admin, clock):
    url = admin.intake.open_code().url
    clock.advance(10 * 60 + 1)
    answer = phone(url).get(url)
    assert answer.status_code == 410 and "expired" in answer.text


def test_an_unknown_code_is_not_found(admin):
    url = admin.intake.open_code().url
    answer = phone(url).get(url[:-5] + "AAAAA")
    assert answer.status_code == 404 and "not known" in answer.text


def test_a_post_without_its_csrf_token_is_refused(admin):
    browser, csrf = _form_open(admin.intake.open_code().url)
    fields = {**form(), "signature": signature_field()}
    assert browser.post("/form", data=fields).status_code == 400
    assert browser.post("/form", data={**fields, "csrf": csrf[:-2] + "xx"}).status_code == 400
    assert admin.intake.pending() == []
    assert browser.post("/form", data={**fields, "csrf": csrf}).status_code == 200


def test_an_oversized_body_is_refused(admin):
    browser, csrf = _form_open(admin.intake.open_code().url)
    answer = browser.post("/form", data={**form(), "csrf": csrf, "signature": "x" * (2 * 1024 * 1024)})
    assert answer.status_code == 413 and "too large" in answer.text
    assert admin.intake.pending() == []


def test_too_many_requests_from_one_address_are_refused(admin, listener):
    listener._limit = 5
    browser = phone(admin.intake.open_code().url)
    answers = [browser.get("/health").status_code for _ in range(7)]
    assert answers == [200] * 5 + [429] * 2
    assert "Too many attempts" in browser.get("/health").text


def test_a_sent_form_reaches_the_pending_queue_only(admin):
    browser, csrf = _form_open(admin.intake.open_code().url)
    done = browser.post("/form", data={**form(allergies="latex"), "csrf": csrf, "signature": signature_field()},
                        headers={"User-Agent": "Phone/1.0"})
    assert done.status_code == 200 and "The studio has your form" in done.text
    [entry] = admin.intake.pending()
    detail = admin.intake.pending_detail(entry.id)
    assert detail.remote_addr == "127.0.0.1" and detail.user_agent == "Phone/1.0" and detail.has_signature
    assert [f.kind for f in entry.flags] == ["allergy"]
    assert browser.get("/form").status_code == 403  # the form session ended with the send


def test_mistakes_come_back_as_sentences_with_what_was_typed_kept_as_text(admin):
    browser, csrf = _form_open(admin.intake.open_code().url)
    markup = '<script>alert("x")</script>'
    wrong = browser.post("/form", data={**form(first_name="", last_name=markup, email="nope"), "csrf": csrf,
                                        "signature": signature_field()})
    assert wrong.status_code == 422
    assert "first name is missing" in wrong.text and "is not an email address" in wrong.text
    assert markup not in wrong.text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in wrong.text
    assert 'value="Calle Luna 4, Madrid"' not in wrong.text and "Calle Luna 4, Madrid" in wrong.text
    assert admin.intake.pending() == []


def test_a_rejected_entry_leaves_nothing_in_the_logs(admin, caplog):
    caplog.set_level(logging.DEBUG)
    marker = "Qwertzuiopl"
    browser, csrf = _form_open(admin.intake.open_code().url)
    browser.post("/form", data={**form(last_name=marker, allergies=marker), "csrf": csrf,
                                "signature": signature_field()})
    [entry] = admin.intake.pending()
    admin.intake.reject(entry.id)
    assert admin.intake.pending() == []
    assert "A form was sent from a phone." in caplog.text and marker not in caplog.text


def test_a_kiosk_tablet_takes_one_client_after_another_until_the_code_is_withdrawn(admin):
    opened = admin.intake.open_code("kiosk")
    tablet, csrf = _form_open(opened.url)
    done = tablet.post("/form", data={**form(), "csrf": csrf, "signature": signature_field()})
    assert done.status_code == 200 and 'href="/form"' in done.text and "Next client" in done.text
    second = tablet.get("/form")
    assert second.status_code == 200 and csrf_of(second.text) != csrf and 'value="Lena"' not in second.text
    tablet.post("/form", data={**form(first_name="Mo"), "csrf": csrf_of(second.text), "signature": signature_field()})
    assert sorted(p.first_name for p in admin.intake.pending()) == ["Lena", "Mo"]
    assert tablet.get("/form").status_code == 200  # the tablet's next form is open...
    admin.intake.revoke_code(opened.code.id)
    assert not admin.intake.listener().running  # ...and closes with the withdrawn code


def test_the_form_speaks_the_studio_s_language(admin):
    from app.contract.settings import SettingsIn

    admin.update_settings(SettingsIn(locale="de_DE"))
    try:
        browser, _csrf = _form_open(admin.intake.open_code().url)
        assert '<html lang="de">' in browser.get("/form").text
    finally:
        admin.update_settings(SettingsIn(locale="en"))


def test_a_csrf_token_works_only_with_its_own_form_session(admin):
    first, first_csrf = _form_open(admin.intake.open_code().url)
    second, second_csrf = _form_open(admin.intake.open_code().url)
    fields = {**form(), "signature": signature_field()}
    assert first.post("/form", data={**fields, "csrf": second_csrf}).status_code == 400
    assert second.post("/form", data={**fields, "csrf": first_csrf}).status_code == 400
    assert admin.intake.pending() == []


@pytest.mark.parametrize("path", ["/static/..%2f..%2fweb.py", "/static/%2e%2e/web.py", "/static/../web.py",
                                  "/static/templates/form.html", "/c/", "/c/x/../../api/health", "/form/../api"])
def test_no_path_trick_reaches_a_file_or_page_it_should_not(admin, path):
    url = admin.intake.open_code().url
    answer = httpx.request("GET", url.split("/c/")[0] + path, timeout=5)
    assert answer.status_code in (404, 405, 308) and "import" not in answer.text and "{%" not in answer.text


def test_other_methods_are_refused(admin):
    browser = phone(admin.intake.open_code().url)
    for method in ("PUT", "DELETE", "PATCH"):
        assert browser.request(method, "/form").status_code == 405
