"""The relay's HTTP routes (Flask): JSON in and out, a sentence in every refusal, no content in any log."""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy import Connection
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.core.i18n import _
from app.relay import mailbox
from app.relay.store import Device, Limits, RelayError, Store

log = logging.getLogger(__name__)


def _sentences() -> dict[str, str]:
    return {
        "studio_exists": _("This studio is on the relay already; pair this device from one of its devices instead."),
        "unknown_device": _("The relay does not know this device. Pair it again from a device of the studio."),
        "revoked": _("This device was removed from the studio's sync. Pair it again from a device still in "
                     "the studio if that was a mistake."),
        "too_many": _("This device sent too many requests in the last minute; it will try again shortly."),
        "bad_code": _("This pairing code is unknown, used or expired. Show a new code on a device of the studio."),
        "no_such_device": _("The studio has no such device on the relay."),
        "snapshot_ahead": _("The snapshot covers changes the relay does not have; push them first."),
        "snapshot_older": _("The relay holds a newer snapshot of this studio already."),
        "gone": _("The relay keeps older changes only in the studio's snapshot; fetch the snapshot first."),
    }


def _too_large() -> str:  # one sentence, two places
    return _("The request is larger than the relay accepts; send fewer changes at once.")


def _b64(value: Any, field: str) -> bytes:
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise RelayError(400, _("The field %(field)s is not valid base64.", field=field)) from None


def _body() -> dict[str, Any]:
    doc = request.get_json(silent=True)
    if not isinstance(doc, dict):
        raise RelayError(400, _("The request must be a JSON object."))
    return doc


def _batch(items: Any, limits: Limits) -> list[tuple[str, bytes]]:
    """The (client id, ciphertext) pairs of a push, or the refusal its size or form earns."""
    if not isinstance(items, list) or len(items) > limits.batch_messages:
        raise RelayError(413, _("Send at most %(count)s changes in one request.", count=limits.batch_messages))
    batch = [(str(item.get("id", ""))[:64], _b64(item.get("body"), "body")) for item in items]
    if any(not client_id for client_id, _b in batch):
        raise RelayError(400, _("Every change needs an id."))
    if any(len(body) > limits.message_bytes for _id, body in batch):
        raise RelayError(413, _("One change is larger than the relay accepts."))
    if sum(len(body) for _id, body in batch) > limits.batch_bytes:
        raise RelayError(413, _too_large())
    return batch


def create_relay_app(store: Store, enroll_token: str | None = None) -> Flask:
    """The relay's WSGI app over `store`; `enroll_token`, if set, guards studio creation and metrics."""
    app = Flask("tattoo-relay")
    limits = store.limits
    app.config["MAX_CONTENT_LENGTH"] = max(limits.snapshot_bytes, limits.batch_bytes) * 4 // 3 + 4096

    def bearer() -> str:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise RelayError(401, _sentences()["unknown_device"])
        return header[len("Bearer "):].strip()

    def device(db: Connection | None = None) -> Device:
        return store.authenticate(bearer(), _sentences(), db)

    def operator() -> None:
        given = request.headers.get("X-Relay-Enroll", "")
        if enroll_token is not None and not hmac.compare_digest(given.encode(), enroll_token.encode()):
            raise RelayError(401, _("This relay creates studios only for its operator's enrolment token."))

    @app.errorhandler(RelayError)
    def refused(exc: RelayError) -> tuple[Response, int]:
        return jsonify({"error": str(exc), **exc.extra}), exc.status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int]:
        if isinstance(exc, RequestEntityTooLarge):
            return jsonify({"error": _too_large()}), 413
        sentence = _("The relay cannot answer this request (HTTP %(code)s).", code=exc.code)
        return jsonify({"error": sentence}), exc.code or 500

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        log.error("relay request failed: %s", type(exc).__name__)  # the type only: never a body or an id
        return jsonify({"error": _("The relay met an unexpected error; the device will try again later.")}), 500

    def limited(size_limit: int) -> None:
        if (request.content_length or 0) > size_limit * 4 // 3 + 4096:
            raise RelayError(413, _too_large())

    route: Callable[..., Any] = app.route

    @route("/health")
    def health() -> tuple[Response, int]:
        ok = store.healthy()
        return jsonify({"ok": ok}), 200 if ok else 503

    @route("/metrics")
    def metrics() -> Response:
        operator()
        return jsonify(mailbox.metrics(store.engine))

    @route("/v1/studios", methods=["POST"])
    def create_studio() -> tuple[Response, int]:
        operator()
        studio_id = _body().get("studio_id")
        return jsonify(store.create_studio(str(studio_id)[:64] if studio_id else None, _sentences())), 201

    @route("/v1/pairing", methods=["POST"])
    def open_pairing() -> tuple[Response, int]:
        me, doc = device(), _body()
        store.open_pairing(me, _b64(doc.get("lookup"), "lookup"), _b64(doc.get("sealed"), "sealed"),
                           int(doc.get("ttl_s", limits.pairing_ttl_s)))
        return jsonify({"ttl_s": min(int(doc.get("ttl_s", limits.pairing_ttl_s)), limits.pairing_ttl_s)}), 201

    @route("/v1/pairing/join", methods=["POST"])
    def join() -> tuple[Response, int]:
        return jsonify(store.join(_b64(_body().get("lookup"), "lookup"), _sentences())), 201

    @route("/v1/devices")
    def devices() -> Response:
        return jsonify({"devices": store.devices(device())})

    @route("/v1/devices/<target>/revoke", methods=["POST"])
    def revoke(target: str) -> Response:
        store.revoke(device(), target, _sentences())
        return jsonify({"revoked": target})

    @route("/v1/messages", methods=["POST"])
    def push() -> Response:
        limited(limits.batch_bytes)
        credential = bearer()

        def work(db: Connection) -> dict[str, int]:
            try:
                batch = _batch(_body().get("messages"), limits)
            except RelayError:
                device(db)  # an unknown device hears 401 whatever it sent, and a refused push counts in the rate
                raise
            return mailbox.push(db, store, credential, batch, _sentences())

        return jsonify(store.unit(work))

    @route("/v1/messages")
    def pull() -> Response:
        after = request.args.get("after", default=0, type=int)
        limit = max(1, min(request.args.get("limit", default=limits.pull_page, type=int), limits.pull_page))
        credential = bearer()
        page = store.unit(lambda db: mailbox.pull(db, store, credential, after, limit, _sentences()))
        page["messages"] = [{"seq": seq, "id": cid, "device": sender, "body": base64.b64encode(body).decode()}
                            for seq, cid, sender, body in page["messages"]]
        return jsonify(page)

    @route("/v1/snapshot", methods=["PUT"])
    def put_snapshot() -> Response:
        limited(limits.snapshot_bytes)
        me, doc = device(), _body()
        return jsonify(mailbox.put_snapshot(store.engine, me, int(doc.get("covers_seq", -1)),
                                            _b64(doc.get("body"), "body"), limits, _sentences()))

    @route("/v1/snapshot")
    def get_snapshot() -> tuple[Response, int]:
        held = mailbox.get_snapshot(store.engine, device())
        if held is None:
            return jsonify({"error": _("The relay holds no snapshot of this studio yet.")}), 404
        return jsonify({"covers_seq": held[0], "body": base64.b64encode(held[1]).decode()}), 200

    @route("/v1/snapshot/meta")
    def snapshot_meta() -> Response:
        return jsonify({"covers_seq": mailbox.snapshot_seq(store.engine, device())})

    return app
