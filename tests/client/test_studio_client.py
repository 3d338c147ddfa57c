"""The typed client over a real loopback server raises the same domain errors the services raise."""

from __future__ import annotations

from contextlib import closing

import httpx
import pytest

from app.api.serving import serving
from app.client import StudioClient
from app.contract.settings import SettingsIn
from app.contract.users import UserCreateIn, UserUpdateIn
from app.domain.errors import AuthError, ConflictError, ForbiddenError, StorageError, ThrottledError, ValidationError
from tests.conftest import ADMIN, ADMIN_PASSWORD


@pytest.fixture
def url(created, stick):
    with serving(stick) as served:
        yield served.url


@pytest.fixture
def admin(url):
    client = StudioClient(url)
    client.login(ADMIN, ADMIN_PASSWORD)
    yield client
    client.close()


def test_login_and_me(admin):
    assert admin.me().username == ADMIN and admin.health()["studio"] is True


def test_admin_manages_users_and_staff_are_forbidden(admin, url):
    sam = admin.create_user(UserCreateIn(username="sam", display_name="Sam", role="staff", password="sam password"))
    assert [u.username for u in admin.list_users()] == [ADMIN, "sam"]
    with pytest.raises(ConflictError, match="taken"):
        admin.create_user(UserCreateIn(username="SAM", display_name="Sam", role="staff", password="sam password"))
    staff = StudioClient(url)
    staff.login("sam", "sam password")
    with pytest.raises(ForbiddenError):
        staff.list_users()
    assert staff.settings().currency == "EUR"
    admin.update_user(sam.id, UserUpdateIn(active=False))
    with pytest.raises(AuthError):
        staff.me()


def test_validation_errors_arrive_as_sentences(admin):
    with pytest.raises(ValidationError, match="minimum_age: Input should be greater than or equal to 16"):
        admin.update_settings(SettingsIn.model_construct(minimum_age=3, _fields_set={"minimum_age"}))


def test_what_backups_keep_round_trips_and_bounds_arrive_as_sentences(admin):
    saved = admin.update_settings(SettingsIn(keep_daily=14, keep_weekly=0))
    assert (saved.keep_daily, saved.keep_weekly, saved.keep_hours) == (14, 0, 24)
    assert admin.settings().backups_kept.startswith("Kept: every backup of the last 24 hours, then the newest of "
                                                    "each of the last 14 days and 12 months;")
    with pytest.raises(ValidationError, match="keep_hours: Input should be less than or equal to 168"):
        admin.update_settings(SettingsIn.model_construct(keep_hours=500, _fields_set={"keep_hours"}))


def test_wrong_passwords_end_in_a_throttle_with_retry_after(url):
    client = StudioClient(url)
    seen = []
    for _ in range(10):
        try:
            client.login(ADMIN, "wrong")
        except AuthError as exc:  # ThrottledError is an AuthError too
            seen.append(exc)
            if isinstance(exc, ThrottledError):
                break
    assert type(seen[0]) is AuthError and isinstance(seen[-1], ThrottledError)
    assert seen[-1].retry_after >= 1


def test_an_unreachable_server_is_a_sentence():
    client = StudioClient("http://127.0.0.1:9", timeout=2)
    with pytest.raises(StorageError, match="cannot be reached"):
        client.health()


def test_an_empty_answer_where_a_model_was_expected_is_a_sentence():
    """Found by the type check: `call` returned None for an empty body, and the caller failed later on None."""
    empty = httpx.MockTransport(lambda request: httpx.Response(200, content=b""))
    with closing(StudioClient("http://studio.test", transport=empty)) as client:
        with pytest.raises(StorageError, match="empty answer"):
            client.me()


def test_a_write_during_a_restore_arrives_as_a_restore_running_sentence(created, stick):
    from app.domain.errors import RestoreRunningError

    with serving(stick) as served, closing(StudioClient(served.url)) as client:
        client.login(ADMIN, ADMIN_PASSWORD)
        with served.container.services.users.db.closed_for_restore():  # what a restore does before its safety backup
            with pytest.raises(RestoreRunningError, match=r"^A restore is running; try again in a moment\.$"):
                client.create_user(UserCreateIn(username="sam", display_name="Sam", role="staff",
                                                password="sam password"))
            assert client.me().username == ADMIN  # reading goes on
        assert client.create_user(UserCreateIn(username="sam", display_name="Sam", role="staff",
                                               password="sam password")).username == "sam"
