"""The signature pad: pan gestures draw strokes on the canvas and become a non-blank PNG; Clear wipes it."""

from __future__ import annotations

import io

import flet.canvas as cv
import pytest
from PIL import Image

from app.ui.signature import PAD_HEIGHT, PAD_WIDTH, SignaturePad


def point(x: float, y: float) -> dict:
    return {"x": x, "y": y}


def draw(ui, pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    """A stroke as the Flet client sends it: pan_start at the first point, pan_update for the others."""
    (x0, y0), rest = points[0], points[1:]
    ui.fire(pad.detector, "pan_start", {"k": "mouse", "l": point(x0, y0), "g": point(x0 + 100, y0 + 100)})
    previous = (x0, y0)
    for x, y in rest:
        ui.fire(pad.detector, "pan_update", {"l": point(x, y), "g": point(x + 100, y + 100),
                                             "ld": point(x - previous[0], y - previous[1])})
        previous = (x, y)


async def _add(page, control) -> None:
    page.add(control)


@pytest.fixture
def pad(ui):
    pad = SignaturePad()
    ui.loop.run_until_complete(_add(ui.page, pad.build()))
    return pad


def png_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_fresh_pad_is_empty_and_its_png_is_blank(pad):
    assert pad.is_empty
    image = png_image(pad.png_bytes())
    assert image.size == (PAD_WIDTH, PAD_HEIGHT) and image.getextrema() == (255, 255)


def test_pan_gestures_draw_strokes_on_the_canvas(ui, pad):
    draw(ui, pad, [(20, 30), (60, 80), (120, 40)])
    draw(ui, pad, [(200, 100), (260, 120)])
    assert pad.strokes == [[(20.0, 30.0), (60.0, 80.0), (120.0, 40.0)], [(200.0, 100.0), (260.0, 120.0)]]
    lines = [s for s in pad.canvas.shapes if isinstance(s, cv.Line)]
    assert [(ln.x1, ln.y1, ln.x2, ln.y2) for ln in lines] == [(20, 30, 60, 80), (60, 80, 120, 40),
                                                             (200, 100, 260, 120)]
    assert not pad.is_empty


def test_the_strokes_become_a_png_with_ink_where_they_were_drawn(ui, pad):
    draw(ui, pad, [(20, 30), (60, 80), (120, 40)])
    data = pad.png_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = png_image(data)
    assert image.format == "PNG" and image.size == (PAD_WIDTH, PAD_HEIGHT)
    assert image.getextrema() == (0, 255)  # black ink on white
    assert image.getpixel((40, 55)) < 128  # on the first segment
    assert image.getpixel((400, 150)) == 255  # far from any stroke


def test_points_outside_the_pad_are_kept_on_its_edge(ui, pad):
    draw(ui, pad, [(10, 10), (PAD_WIDTH + 50, -20)])
    assert pad.strokes[0][-1] == (float(PAD_WIDTH), 0.0)


def test_clear_signature_wipes_the_strokes_and_the_canvas(ui, pad):
    draw(ui, pad, [(20, 30), (60, 80)])
    ui.click("Clear signature")
    assert pad.is_empty and pad.canvas.shapes == []
    assert png_image(pad.png_bytes()).getextrema() == (255, 255)
