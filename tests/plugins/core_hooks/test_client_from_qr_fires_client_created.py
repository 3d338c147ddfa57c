"""A client accepted from a QR registration is a new client like any other: plugins hear client_created, after
the commit (the plugin already finds the client through the services)."""

from __future__ import annotations

from app.plugins.hookspecs import hookimpl
from app.plugins.host import PluginHost
from app.plugins.spec import PluginContext, PluginInfo
from app.services.intake.pending import PendingRegistrations
from tests.services.support_clients import png, services
from tests.services.support_intake import form, intake


class Recorder:
    """Remembers each new client with the last name the services show for it."""

    def __init__(self, clients):
        self.clients, self.seen = clients, []

    @hookimpl
    def client_created(self, context, client_id):
        self.seen.append((client_id, self.clients.detail(context.actor, client_id).client.last_name))


def test_accepting_a_qr_registration_as_new_fires_client_created(opened):
    codes, _, clock = intake(opened)
    clients, _, _ = services(opened)
    recorder, host = Recorder(clients), PluginHost()
    host.register(recorder, PluginInfo("recorder", "1.0"))

    def calls(hook, actor, **kwargs):
        return host.call(hook, lambda name: PluginContext(name, actor, None, None), **kwargs)

    pending = PendingRegistrations(opened.db, clock, codes, calls)
    ticket = codes.exchange(codes.open(opened.user, "new_client").code)
    pending_id = pending.submit(ticket, form(last_name="Okonkwo"), png(), remote_addr="192.168.1.23",
                                user_agent="Mozilla/5.0 (iPhone)")
    assert recorder.seen == []  # waiting in the queue is not a client yet
    client = pending.accept_new(opened.user, pending_id)
    assert recorder.seen == [(client.id, "Okonkwo")]
