"""Deactivating an account and "this password leaked" through the typed client over a real server."""

from __future__ import annotations

import pytest

from app.api.serving import serving
from app.client import StudioClient
from app.contract.users import UserCreateIn
from app.domain.errors import AuthError, ForbiddenError
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.services.support_rekey import key_opens_db


@pytest.fixture
def served(created, stick):
    with serving(stick) as running:
        yield running.url, running.container


def _login(url: str, name: str, password: str) -> StudioClient:
    client = StudioClient(url)
    client.login(name, password)
    return client


def test_admin_deactivates_and_declares_a_leak_staff_cannot(served, stick):
    url, container = served
    admin = _login(url, ADMIN, ADMIN_PASSWORD)
    made = [admin.create_user(UserCreateIn(username=n, display_name=n, role="staff", password=f"{n} password"))
            for n in ("lee", "stella")]
    staff = _login(url, "stella", "stella password")
    with pytest.raises(ForbiddenError):
        staff.deactivate_user(made[0].id)
    with pytest.raises(ForbiddenError):
        staff.password_leaked(made[1].id, "a new secret")
    before = container.studio_key()
    taken = admin.backups.take()

    done = admin.deactivate_user(made[0].id)

    assert not done.user.active and done.seconds >= 0 and done.recovery_code is None
    assert "backups taken before today, if they kept copies of them" in done.note
    assert not key_opens_db(stick.db, before)
    assert staff.me().username == "stella"  # the other logins go on through a re-key
    with pytest.raises(AuthError):
        _login(url, "lee", "lee password")

    leaked = admin.password_leaked(made[1].id, "a new secret")
    assert leaked.user.active and "opens nothing made from now on" in leaked.note
    with pytest.raises(AuthError):
        staff.me()  # the leaked password's logins end
    with pytest.raises(AuthError):
        _login(url, "stella", "stella password")
    assert _login(url, "stella", "a new secret").me().username == "stella"
    admin = _login(url, ADMIN, ADMIN_PASSWORD)
    assert [b.state for b in admin.backups.all_backups() if b.name == taken.name] != ["bad"]
    admin.backups.restore(taken.name)  # taken two keys ago: re-encrypted with the live key on the way
    admin = _login(url, ADMIN, ADMIN_PASSWORD)
    assert not key_opens_db(stick.db, before) and key_opens_db(stick.db, container.studio_key())
