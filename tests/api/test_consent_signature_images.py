"""Signature images over HTTP: damaged or out-of-bounds PNGs are refused with a sentence, and a consent
stored with a bad image (before these checks) still prints, saying the image cannot be shown."""

from __future__ import annotations

import base64
import subprocess
import zlib
from datetime import UTC, datetime

import pytest

from app.db.repos.consents import ConsentRepository
from tests.api.support_clients_api import logged_in_world
from tests.services.support_clients import add_session, png, png_chunk

SESSION_AT = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
MAGIC = b"\x89PNG\r\n\x1a\n"


def _header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with one tiny compressed row behind it."""
    header = (width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0]))
    return MAGIC + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + png_chunk(b"IEND", b"")


def _bad_pixels() -> bytes:
    """Chunks with good checksums, but the pixel data is not deflate."""
    good = png()
    header = good[8:8 + 25]
    return MAGIC + header + png_chunk(b"IDAT", b"not deflate at all" * 4) + png_chunk(b"IEND", b"")


BAD_IMAGES = {
    "header then garbage": (MAGIC + b"garbage that is no PNG at all" * 10, "damaged"),
    "pixels not deflate": (_bad_pixels(), "damaged"),
    "truncated": (png()[:-20], "damaged"),
    "0x0": (_header_only(0, 0), ""),
    "9x9": (png(width=9, height=9), "at least 10x10"),
    "20000x20000": (_header_only(20000, 20000), "too large"),
    "4001 wide": (_header_only(4001, 10), "too large"),
    "too many pixels": (png(width=2100, height=2000), "too large"),
}


@pytest.fixture
def world(created, stick):
    """(staff api, store, session id of an adult client, that client's id)."""
    with logged_in_world(stick) as (_, staff, store):
        artist = staff.get("/api/auth/me")[1]["id"]
        _, adult = staff.post("/api/clients", {"first_name": "Kim", "last_name": "Lee", "birth_date": "1990-01-01"})
        yield staff, store, add_session(store, adult["id"], artist, SESSION_AT), adult["id"]


def _send(staff, session: str, image: bytes):
    return staff.post(f"/api/sessions/{session}/consents",
                      {"form_version": "v3", "signature_png_base64": base64.b64encode(image).decode()})


@pytest.mark.parametrize("name", BAD_IMAGES)
def test_a_bad_signature_image_is_422_with_a_sentence_and_nothing_is_stored(world, name):
    staff, _, session, _ = world
    image, words = BAD_IMAGES[name]
    status, error = _send(staff, session, image)
    assert status == 422, error
    assert error["message"].startswith("The signature image") and words in error["message"]
    assert error["message"].endswith(".")
    assert staff.get("/api/consents?from=2026-03-20&to=2026-03-20")[1] == []


@pytest.mark.parametrize("size", [(10, 10), (4000, 1000), (300, 120)])
def test_images_within_the_bounds_are_kept(world, size):
    staff, _, session, _ = world
    status, consent = _send(staff, session, png(width=size[0], height=size[1]))
    assert status == 201, consent


def _pdf_text(staff, consent_id: str) -> str:
    response = staff.http.get(f"/api/reports/consent/{consent_id}.pdf",
                              headers={"Authorization": f"Bearer {staff.token}"})
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/pdf"
    return subprocess.run(["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True).stdout.decode()


@pytest.mark.parametrize("name", BAD_IMAGES)
def test_a_consent_stored_with_a_bad_image_still_prints_and_says_so(world, name):
    staff, store, session, client_id = world
    me = staff.get("/api/auth/me")[1]["id"]
    with store.db.write() as conn:  # what the code before these checks let in
        consent = ConsentRepository().add(conn, session_id=session, client_id=client_id, form_version="v1",
                                          signed_at=SESSION_AT, signature_png=BAD_IMAGES[name][0],
                                          guardian_name=None, guardian_relation=None, recorded_by=me)
    text = " ".join(_pdf_text(staff, consent.id).split())
    assert "Kim Lee" in text and "The signature image cannot be shown" in text


def test_a_good_signature_is_drawn_without_the_warning(world):
    staff, _, session, _ = world
    status, consent = _send(staff, session, png(width=200, height=80))
    assert status == 201
    assert "cannot be shown" not in _pdf_text(staff, consent["id"])
