"""The shared PDF page: header (studio, title, period, generated at/by), footer 'Page N of M', styles, tables."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import StyleSheet1, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.core import i18n
from app.core.i18n import _
from app.reports.pdf_fonts import BOLD, REGULAR, REPLACES, printable, register_fonts, right_to_left, shaped, visual

MARGIN = 18 * mm
TOP, BOTTOM = 25 * mm, 18 * mm
FRAME_WIDTH, FRAME_HEIGHT = A4[0] - 2 * MARGIN - 12, A4[1] - TOP - BOTTOM - 12  # the frame pads 6 pt a side
HEAD_FILL = colors.HexColor("#2b6cb0")


@dataclass(frozen=True)
class PageHead:
    """What every page of a document repeats at the top."""

    studio: str
    title: str
    period: str
    generated: str  # "2026-03-14 18:02 by Ana"
    locale: str = i18n.SOURCE  # the studio's locale (es_ES...): the formats of its dates and money


@cache
def styles() -> StyleSheet1:
    """reportlab's sample styles in the embedded DejaVu faces (registered here, before any text is measured)."""
    register_fonts()
    sheet = getSampleStyleSheet()
    for style in sheet.byName.values():
        for attribute in ("fontName", "bulletFontName"):  # list styles have neither
            if hasattr(style, attribute):
                setattr(style, attribute, REPLACES.get(getattr(style, attribute), getattr(style, attribute)))
    return sheet


class _RightToLeftParagraph(Paragraph):
    """A paragraph holding right-to-left text: broken into lines in logical order at the width it is given, then
    each line put in visual order (reversing the whole paragraph first would print its last line first)."""

    def __init__(self, text, style, *args, logical: str | None = None, **kwargs):
        self._logical = logical  # None in the pieces reportlab makes when it splits a laid-out paragraph
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth, availHeight):  # noqa: N803  (reportlab's names)
        if self._logical is not None:
            style = self.style
            width = availWidth - style.leftIndent - style.rightIndent
            lines = simpleSplit(self._logical, style.fontName, style.fontSize, width)
            super().__init__("<br/>".join(escape(visual(line)) for line in lines), style)
        return super().wrap(availWidth, availHeight)


def text(value: object, style: str = "BodyText") -> Paragraph:
    """User text as a Paragraph, printable in any script the fonts cover and escaped so that names with
    < & > print as written."""
    chosen = styles()[style]
    logical = shaped("" if value is None else str(value), chosen.fontName)
    if right_to_left(logical):
        return _RightToLeftParagraph(escape(visual(logical)), chosen, logical=logical)
    return Paragraph(escape(logical), chosen)


def heading(value: str) -> Paragraph:
    """A section heading."""
    return text(value, "Heading2")


def table(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float] | None = None,
          total_row: bool = False, wrap: bool = True, heights: Sequence[float] | None = None) -> Table:
    """A striped table with a coloured header row, repeated on each page. Cells are escaped Paragraphs
    (wrap=True) or plain strings, which reportlab draws as-is without markup (fast for long tables)."""
    styles()  # plain cells are measured in the registered font
    cell = text if wrap else (lambda value: "" if value is None else printable(str(value), short=True))
    data = [[text(h) for h in header]] + [[cell(value) for value in row] for row in rows]
    style = [("FONTNAME", (0, 0), (-1, -1), REGULAR), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e2e8f0")),
             ("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7fafc")])]
    if total_row:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, colors.black))
    return Table(data, colWidths=widths, rowHeights=heights, repeatRows=1, style=TableStyle(style), hAlign="LEFT")


def pairs(rows: Sequence[tuple[str, object]]) -> Table:
    """Label/value lines, labels in the left column."""
    return table((_("Item"), _("Value")), rows, widths=(60 * mm, 100 * mm))


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
        studio = printable(self.head.studio, BOLD, short=True)
        title = printable(f"{self.head.title} - {self.head.period}", short=True)
        generated = printable(_("Generated %(when)s", when=self.head.generated), short=True)
        room = width - 2 * MARGIN - self.stringWidth(generated, REGULAR, 9) - 6 * mm
        self.setFillColor(HEAD_FILL)  # a long studio name shrinks rather than run into "Generated ..."
        self.setFont(BOLD, min(13.0, max(7.0, 13 * room / max(1.0, self.stringWidth(studio, BOLD, 13)))))
        self.drawString(MARGIN, height - 12 * mm, studio)
        self.setFont(REGULAR, 9)
        self.setFillColor(colors.black)
        self.drawString(MARGIN, height - 17 * mm, title)
        self.drawRightString(width - MARGIN, height - 12 * mm, generated)
        self.line(MARGIN, height - 19 * mm, width - MARGIN, height - 19 * mm)
        self.drawCentredString(width / 2, 10 * mm, _("Page %(number)s of %(total)s", number=number, total=total))


def render(head: PageHead, story: list, progress: Callable[[float], None] | None = None) -> bytes:
    """Lay the story out on A4 pages with the shared header and footer; return the PDF bytes.
    `progress` hears the fraction of the story's flowables laid out so far."""
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
                                 bottomMargin=BOTTOM, title=f"{head.title} {head.period}", author=head.studio,
                                 initialFontName=REGULAR)  # else every page names Helvetica, not embedded
    canvas_class = type("HeadedCanvas", (_NumberedCanvas,), {"head": head})
    if progress is not None:
        document.setProgressCallBack(_fractions(progress))
    document.build(story, canvasmaker=canvas_class)
    return out.getvalue()


def paged_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]],
                total_row: bool = False) -> list[Flowable]:
    """A new page, a heading and a long table of plain cells, cut into one table per page (each with the
    header row): reportlab splits one long table in quadratic time, this costs linear time."""
    widths, heights = _measure(header, rows)
    title_par = heading(title)
    room = FRAME_HEIGHT - heights[0] - title_par.wrap(FRAME_WIDTH, FRAME_HEIGHT)[1] - title_par.getSpaceAfter()
    pages: list[list[int]] = [[]]
    used = 0.0
    for i in range(len(rows)):
        if pages[-1] and used + heights[i + 1] > room - 1:  # 1 pt spare against rounding
            pages.append([])
            used, room = 0.0, FRAME_HEIGHT - heights[0]
        pages[-1].append(i)
        used += heights[i + 1]
    last = len(pages) - 1
    return [PageBreak(), title_par] + [
        table(header, [rows[i] for i in page], widths=widths, wrap=False, total_row=total_row and n == last,
              heights=[heights[0]] + [heights[i + 1] for i in page]) for n, page in enumerate(pages)]


def _measure(header: Sequence[str], rows: Sequence[Sequence[object]], block: int = 256):
    """Column widths (widest cell over all rows) and row heights (header first), measured a block at a time:
    reportlab measures one table's rows in quadratic time."""
    widths: list[float] = []
    heights: list[float] = []
    for start in range(0, max(1, len(rows)), block):
        probe = table(header, rows[start:start + block], wrap=False)
        probe.wrap(FRAME_WIDTH, FRAME_HEIGHT)
        widths = [max(pair) for pair in zip(widths, probe._colWidths, strict=True)] if widths else probe._colWidths
        heights += probe._rowHeights[0 if start == 0 else 1:]
    return widths, heights


def _fractions(progress: Callable[[float], None]) -> Callable[[str, int], None]:
    """Turn reportlab's progress calls (SIZE_EST, then PROGRESS counts) into rising fractions."""
    seen = {"total": 1, "best": 0.0}

    def report(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            seen["total"] = max(1, value)
        elif kind == "PROGRESS" and value / seen["total"] > seen["best"]:
            seen["best"] = min(1.0, value / seen["total"])
            progress(seen["best"])
    return report
