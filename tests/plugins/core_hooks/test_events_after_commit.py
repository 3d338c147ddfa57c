"""The core fires client_created, session_status_changed, payment_recorded and day_closed after its
transaction committed: the plugin already reads the new row, and a plugin that raises never undoes the work."""

from __future__ import annotations

from app.plugins.hookspecs import hookimpl
from tests.services.support_booking import add_client


class Recorder:
    """Remembers each event with what the services showed it at that moment (so: after the commit)."""

    def __init__(self):
        self.seen: list[tuple] = []

    @hookimpl
    def client_created(self, context, client_id):
        found = context.services.clients.detail(context.actor, client_id)
        self.seen.append(("client_created", client_id, found.client.last_name))

    @hookimpl
    def session_status_changed(self, context, session_id, status):
        stored = context.services.booking.get(context.actor, session_id)
        self.seen.append(("session_status_changed", session_id, status, stored.status))

    @hookimpl
    def payment_recorded(self, context, payment_id):
        listed = context.services.payments.list_payments(context.actor, day="today")
        self.seen.append(("payment_recorded", payment_id, [p.id for p in listed]))

    @hookimpl
    def day_closed(self, context, day):
        summary = context.services.register.day_summary(context.actor, day)
        self.seen.append(("day_closed", day, summary.is_closed, context.actor.username))


class Raising:
    """Raises in every event."""

    @hookimpl
    def payment_recorded(self, payment_id):
        raise RuntimeError(f"cannot handle {payment_id}")

    @hookimpl
    def client_created(self, client_id):
        raise RuntimeError("nope")


def test_each_event_reaches_the_plugin_after_the_commit(world, plug):
    recorder = Recorder()
    plug(("recorder", recorder))
    c, staff = world["client"], world["staff"]
    made = c.post("/api/clients", headers=staff, json={"first_name": "Ada", "last_name": "Byron"})
    assert made.status_code == 201, made.json
    assert recorder.seen[-1] == ("client_created", made.json["id"], "Byron")

    session_id = world["studio"].session(100_00)
    changed = c.post(f"/api/sessions/{session_id}/status", headers=staff, json={"status": "confirmed"})
    assert changed.status_code == 200, changed.json
    assert recorder.seen[-1] == ("session_status_changed", session_id, "confirmed", "confirmed")

    paid = c.post("/api/payments", headers=staff, json={"amount_minor": 40_00, "method": "cash", "kind": "deposit",
                                                         "session_id": session_id})
    assert paid.status_code == 201, paid.json
    assert recorder.seen[-1] == ("payment_recorded", paid.json["id"], [paid.json["id"]])

    closed = c.post("/api/register/today/close", headers=staff, json={"counted_cash_minor": 40_00})
    assert closed.status_code == 200, closed.json
    kind, day, was_closed, who = recorder.seen[-1]
    assert (kind, day.isoformat(), was_closed, who) == ("day_closed", closed.json["day"], True, "desk")
    assert len(recorder.seen) == 4


def test_a_refused_action_fires_no_event(world, plug):
    recorder = Recorder()
    plug(("recorder", recorder))
    refused = world["client"].post("/api/payments", headers=world["staff"],
                                   json={"amount_minor": 1, "method": "cash", "kind": "payment",
                                         "session_id": "no-such-session"})
    assert refused.status_code == 404
    assert recorder.seen == []


def test_a_raising_plugin_leaves_the_payment_recorded_and_the_answer_201(world, plug):
    recorder = Recorder()
    host = plug(("raising", Raising()), ("recorder", recorder))
    c, staff = world["client"], world["staff"]
    paid = c.post("/api/payments", headers=staff, json={"amount_minor": 25_00, "method": "card", "kind": "payment"})
    assert paid.status_code == 201, paid.json
    listed = c.get("/api/payments?day=today", headers=staff)
    assert [p["id"] for p in listed.json] == [paid.json["id"]]
    assert [(f.name, f.where) for f in host.failures()] == [("raising", "payment_recorded")]
    assert recorder.seen == [("payment_recorded", paid.json["id"], [paid.json["id"]])]
    client_id = add_client(world["studio"].db, "Grace", "Hopper")  # the switched-off plugin is not called again
    assert c.get(f"/api/clients/{client_id}", headers=staff).status_code == 200
    made = c.post("/api/clients", headers=staff, json={"first_name": "Alan", "last_name": "Turing"})
    assert made.status_code == 201 and host.names() == ["recorder"]
