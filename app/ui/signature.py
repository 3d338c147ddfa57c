"""The signature pad: a client signs with the mouse or a finger; the strokes become a PNG for the consent API."""

from __future__ import annotations

import io

import flet as ft
import flet.canvas as cv
from PIL import Image, ImageDraw

from app.core.i18n import _

PAD_WIDTH, PAD_HEIGHT = 480, 180
INK_WIDTH = 3


class SignaturePad:
    """A canvas inside a gesture detector that keeps every stroke as a list of points."""

    def __init__(self, width: int = PAD_WIDTH, height: int = PAD_HEIGHT):
        self.width, self.height = width, height
        self.strokes: list[list[tuple[float, float]]] = []
        self.paint = ft.Paint(color=ft.Colors.BLACK, stroke_width=INK_WIDTH, stroke_cap=ft.StrokeCap.ROUND,
                              style=ft.PaintingStyle.STROKE)
        self.canvas = cv.Canvas(shapes=[], width=width, height=height)
        self.detector = ft.GestureDetector(
            content=self.canvas, on_pan_start=self._start, on_pan_update=self._extend,
            mouse_cursor=ft.MouseCursor.PRECISE, drag_interval=10)
        self.hint = ft.Text(_("Sign inside the box with the mouse or a finger."), size=12, color=ft.Colors.GREY_700)

    def build(self) -> ft.Control:
        """The pad, its hint and the "Clear signature" button."""
        frame = ft.Container(self.detector, width=self.width, height=self.height, bgcolor=ft.Colors.WHITE,
                             border=ft.Border.all(1, ft.Colors.GREY_500), border_radius=4)
        clear = ft.TextButton(_("Clear signature"), icon=ft.Icons.CLEAR, on_click=lambda _e: self.clear())
        return ft.Column([frame, ft.Row([self.hint, clear])], spacing=4)

    @property
    def is_empty(self) -> bool:
        """True until something was drawn."""
        return not any(self.strokes)

    def clear(self) -> None:
        """Wipe the pad so the client can sign again."""
        self.strokes.clear()
        self.canvas.shapes.clear()

    def _inside(self, position) -> tuple[float, float]:
        return (min(max(float(position.x), 0.0), self.width), min(max(float(position.y), 0.0), self.height))

    def _start(self, e: ft.DragStartEvent) -> None:
        point = self._inside(e.local_position)
        self.strokes.append([point])
        # a dot, so a tap or the start of a stroke shows at once
        self.canvas.shapes.append(cv.Circle(point[0], point[1], INK_WIDTH / 2,
                                            paint=ft.Paint(color=ft.Colors.BLACK, style=ft.PaintingStyle.FILL)))

    def _extend(self, e: ft.DragUpdateEvent) -> None:
        point = self._inside(e.local_position)
        if not self.strokes:
            self.strokes.append([point])
            return
        last = self.strokes[-1][-1]
        self.strokes[-1].append(point)
        self.canvas.shapes.append(cv.Line(last[0], last[1], point[0], point[1], paint=self.paint))

    def png_bytes(self) -> bytes:
        """The signature drawn black on white, as PNG bytes."""
        image = Image.new("L", (self.width, self.height), 255)
        draw = ImageDraw.Draw(image)
        radius = INK_WIDTH / 2
        for stroke in self.strokes:
            if len(stroke) > 1:
                draw.line(stroke, fill=0, width=INK_WIDTH, joint="curve")
            for x, y in stroke:  # round the joints and keep single taps
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=0)
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
