"""The shared PDF page: header (studio, title, period, generated at/by), footer 'Page N of M', styles, tables."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Table, TableStyle

STYLES = getSampleStyleSheet()
MARGIN = 18 * mm
HEAD_FILL = colors.HexColor("#2b6cb0")


@dataclass(frozen=True)
class PageHead:
    """What every page of a document repeats at the top."""

    studio: str
    title: str
    period: str
    generated: str  # "2026-03-14 18:02 by Ana"


def text(value: object, style: str = "BodyText") -> Paragraph:
    """User text as a Paragraph, escaped so that names with < & > print as written."""
    return Paragraph(escape("" if value is None else str(value)), STYLES[style])


def heading(value: str) -> Paragraph:
    """A section heading."""
    return text(value, "Heading2")


def table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float] | None = None,
          total_row: bool = False, wrap: bool = True) -> Table:
    """A striped table with a coloured header row, repeated on each page. Cells are escaped Paragraphs
    (wrap=True) or plain strings, which reportlab draws as-is without markup (fast for long tables)."""
    cell = text if wrap else (lambda value: "" if value is None else str(value))
    data = [[text(h) for h in header]] + [[cell(value) for value in row] for row in rows]
    style = [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
             ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7fafc")])]
    if total_row:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, colors.black))
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT")


def pairs(rows: Sequence[tuple[str, object]]) -> Table:
    """Label/value lines, labels in the left column."""
    return table(("Item", "Value"), rows, widths=(60 * mm, 100 * mm))


def picture(png: bytes, width: float = 170 * mm) -> Image:
    """A PNG scaled to `width`, keeping its proportions."""
    image = Image(io.BytesIO(png))
    image.drawHeight = width * image.imageHeight / image.imageWidth
    image.drawWidth = width
    return image


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so that each footer can say 'of M'."""

    head: PageHead

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802  (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, page in enumerate(self._pages, start=1):
            self.__dict__.update(page)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = A4
        self.setFillColor(HEAD_FILL)
        self.setFont("Helvetica-Bold", 13)
        self.drawString(MARGIN, height - 12 * mm, self.head.studio)
        self.setFont("Helvetica", 9)
        self.setFillColor(colors.black)
        self.drawString(MARGIN, height - 17 * mm, f"{self.head.title} - {self.head.period}")
        self.drawRightString(width - MARGIN, height - 12 * mm, f"Generated {self.head.generated}")
        self.line(MARGIN, height - 19 * mm, width - MARGIN, height - 19 * mm)
        self.drawCentredString(width / 2, 10 * mm, f"Page {number} of {total}")


def render(head: PageHead, story: list) -> bytes:
    """Lay the story out on A4 pages with the shared header and footer; return the PDF bytes."""
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=25 * mm,
                                 bottomMargin=18 * mm, title=f"{head.title} {head.period}", author=head.studio)
    canvas_class = type("HeadedCanvas", (_NumberedCanvas,), {"head": head})
    document.build(story, canvasmaker=canvas_class)
    return out.getvalue()
