"""The listener's Flask app: the QR address, the form and its static files, nothing else.

Every request: the Host must be the chosen address and port (400), each address gets a limited number of
requests a minute (429), bodies are capped (413); every answer says `Cache-Control: no-store` and a
Content-Security-Policy of `default-src 'self'`. A code is exchanged once for a form session held in an
HttpOnly, SameSite=Strict cookie; each POST must carry the form's CSRF token (400). The phone is only ever
shown what it typed itself."""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request
from werkzeug.exceptions import HTTPException

from app.api.intake_listener.forms import FormSessions
from app.api.intake_listener.limiter import RateLimiter
from app.api.intake_listener.texts import gone_sentence, labels, refusals
from app.core import i18n
from app.domain.errors import NotFoundError
from app.domain.intake import FORM_FIELDS
from app.domain.intake_rules import FormError
from app.services.intake.codes import CodeGoneError, IntakeCodes
from app.services.intake.pending import PendingRegistrations

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
MAX_BODY_BYTES = 1024 * 1024  # a signature PNG is at most 512 KiB, about 700 KiB as base64 text
COOKIE = "intake_form"
CSP = "; ".join(("default-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
                 "object-src 'none'"))
PNG_DATA_URL = "data:image/png;base64,"


@dataclass
class ListenerSetup:
    """What the listener's app is given: the services (looked up per request, a restore rebuilds them), the
    address it serves (Host must match it), its open forms and its rate limiter."""

    codes: Callable[[], IntakeCodes]
    pending: Callable[[], PendingRegistrations]
    forms: FormSessions
    limiter: RateLimiter
    host: str = ""  # "address:port", set once the port is bound


def _page(template: str, status: int = 200, **values):
    name, language, consent_text = g.setup
    return render_template(template, t=labels(), studio=name, language=language, consent_text=consent_text,
                           **values), status


def _problem(sentence: str, status: int):
    return _page("message.html", status, heading=labels()["problem_title"], sentence=sentence)


def _signature(sent: str) -> bytes:
    if not sent.startswith(PNG_DATA_URL):
        return b""
    try:
        return base64.b64decode(sent[len(PNG_DATA_URL):], validate=True)
    except (binascii.Error, ValueError):
        return b""


def create_intake_app(setup: ListenerSetup) -> Flask:
    """The intake listener's WSGI app over `setup`."""
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"),
                static_url_path="/static")
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, MAX_FORM_MEMORY_SIZE=MAX_BODY_BYTES)
    app.jinja_env.autoescape = True

    @app.before_request
    def _guard():
        g.setup = setup.pending().form_setup()
        g.language_token = i18n.enter(g.setup[1])
        if request.host != setup.host:
            return _problem(refusals()["host"], 400)
        if not setup.limiter.allow(request.remote_addr or "?"):
            return _problem(refusals()["too_many"], 429)
        return None

    @app.teardown_request
    def _leave(_error):
        if (token := g.pop("language_token", None)) is not None:
            i18n.leave(token)

    @app.after_request
    def _headers(response):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if "setup" not in g:  # refused before _guard ran (a body over the cap is refused while it is read)
            g.setup = setup.pending().form_setup()
        sentence = {413: refusals()["too_large"], 400: refusals()["csrf"]}.get(error.code or 0,
                                                                               refusals()["not_found"])
        return _problem(sentence, error.code or 500)

    @app.get("/health")
    def health():
        return "ok", 200, {"Content-Type": "text/plain;charset=utf-8"}

    @app.get("/c/<code>")
    def exchange(code: str):
        try:
            ticket = setup.codes().exchange(code)
        except CodeGoneError as gone:
            return _problem(gone_sentence(gone.reason), 410)
        except NotFoundError:
            return _problem(refusals()["unknown_code"], 404)
        response = redirect("/form", 303)
        response.set_cookie(COOKIE, setup.forms.start(ticket), httponly=True, samesite="Strict", path="/",
                            max_age=int((ticket.expires_at - setup.codes().clock.now()).total_seconds()))
        return response

    @app.get("/form")
    def show_form():
        session = setup.forms.get(request.cookies.get(COOKIE))
        if session is None:
            return _problem(refusals()["no_form"], 403)
        return _page("form.html", kind=session.ticket.kind, csrf=session.csrf, values={}, errors={},
                     signatures={"signature": "", "guardian_signature": ""})

    @app.post("/form")
    def send_form():
        token = request.cookies.get(COOKIE)
        session = setup.forms.get(token)
        if session is None:
            return _problem(refusals()["no_form"], 403)
        if not setup.forms.csrf_ok(session, request.form.get("csrf")):
            abort(400)
        values = {name: request.form.get(name, "") for name in FORM_FIELDS}
        sent = {name: request.form.get(name, "") for name in ("signature", "guardian_signature")}
        try:
            setup.pending().submit(session.ticket, values, _signature(sent["signature"]),
                                   guardian_signature_png=_signature(sent["guardian_signature"]),
                                   remote_addr=request.remote_addr or "", user_agent=request.user_agent.string)
        except FormError as wrong:
            kept = {name: "" if name in wrong.errors else value for name, value in sent.items()}
            return _page("form.html", 422, kind=session.ticket.kind, csrf=session.csrf, values=values,
                         errors=wrong.errors, signatures=kept)
        except CodeGoneError as gone:
            setup.forms.end(token)
            return _problem(gone_sentence(gone.reason), 410)
        setup.forms.end(token)
        log.info("A form was sent from a phone.")  # nothing of what it said
        t = labels()
        page = _page("message.html", heading=t["thanks_title"], next_form=session.ticket.kind == "kiosk",
                     sentence=t["check_in_thanks"] if session.ticket.kind == "check_in" else t["thanks"])
        if session.ticket.kind != "kiosk":
            return page
        response = app.make_response(page)  # the studio's tablet: a fresh, empty form for the next client
        response.set_cookie(COOKIE, setup.forms.start(session.ticket), httponly=True, samesite="Strict", path="/")
        return response

    return app
