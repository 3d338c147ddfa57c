"""The calendar's grid: time rows, one column per day or artist, empty slots to drop on or click, session blocks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import flet as ft
from babel.dates import format_date

from app.core.i18n import _
from app.domain.booking import STATUS_LABELS
from app.ui.components.widgets import ALERT_RED, STATUS_COLOURS, display_locale

FIRST_HOUR, LAST_HOUR = 8, 22
SLOT_MINUTES = 30
SLOT_HEIGHT = 24  # px per 30 minutes; the e2e drag relies on a stable size
COLUMN_WIDTH = 150  # the narrowest a column gets; wider when the window has room
MAX_COLUMN_WIDTH = 280
FRAME_WIDTH = 96 + 1 + 32 + 8  # navigation rail, its divider, the screen's padding, a scrollbar


def column_width(page_width: float | None, columns: int) -> float:
    """Share the window's width between the columns (never narrower than COLUMN_WIDTH)."""
    if not page_width or columns <= 0:
        return COLUMN_WIDTH
    free = (page_width - FRAME_WIDTH - TIME_WIDTH) / columns
    return max(COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, int(free)))
TIME_WIDTH = 56
SLOTS = (LAST_HOUR - FIRST_HOUR) * 60 // SLOT_MINUTES
HEADER_HEIGHT = 32
GROUP = "session"


@dataclass(frozen=True)
class Column:
    """One column of the grid: a studio-local day, and an artist when the grid is by artist."""

    day: date
    title: str
    artist_id: str | None = None


def day_title(day: date) -> str:
    """A column header for a day: 'Tue 24 Nov' (in the screens' language)."""
    return format_date(day, "EEE d MMM", locale=display_locale())


def slot_start(day: date, index: int, tz: ZoneInfo) -> datetime:
    """The aware start of slot `index` (0 = 08:00) on a studio-local day."""
    minutes = FIRST_HOUR * 60 + index * SLOT_MINUTES
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)


def slot_key(day: date, index: int, artist_id: str | None) -> str:
    """The name a slot carries in its `data`: 'slot 2026-11-24 10:00' (plus the artist id when by artist)."""
    minutes = FIRST_HOUR * 60 + index * SLOT_MINUTES
    key = f"slot {day.isoformat()} {minutes // 60:02d}:{minutes % 60:02d}"
    return f"{key} {artist_id}" if artist_id else key


@dataclass
class GridActions:
    """What the grid calls back: a click on an empty slot, a drop on a slot, a click on a session."""

    book: Callable[[Column, datetime], None]
    drop: Callable[[Column, datetime, str], None]
    open: Callable[[str], None]


def build_grid(columns: list[Column], sessions: list, tz: ZoneInfo, actions: GridActions,
               targets: dict[str, ft.DragTarget], today: date | None = None,
               width: float = COLUMN_WIDTH) -> ft.Control:
    """The whole grid; every slot's DragTarget is also put in `targets` by its slot key."""
    times = ft.Column([ft.Container(height=HEADER_HEIGHT), *[
        ft.Container(ft.Text(f"{FIRST_HOUR + i // 2:02d}:00", size=11, color=ft.Colors.GREY_700) if i % 2 == 0
                     else None, height=SLOT_HEIGHT, width=TIME_WIDTH) for i in range(SLOTS)]], spacing=0)
    cols = [_column(col, [s for s in sessions if _belongs(s, col, tz)], tz, actions, targets,
                    col.day == today and col.artist_id is None, width) for col in columns]
    return ft.Row([times, *cols], spacing=0, vertical_alignment=ft.CrossAxisAlignment.START,
                  scroll=ft.ScrollMode.AUTO)


def _belongs(session, col: Column, tz: ZoneInfo) -> bool:
    local = session.starts_at.astimezone(tz)
    return local.date() == col.day and (col.artist_id is None or session.artist_id == col.artist_id)


def _column(col: Column, sessions: list, tz: ZoneInfo, actions: GridActions,
            targets: dict[str, ft.DragTarget], is_today: bool, width: float) -> ft.Control:
    slots: list[ft.Control] = []
    for i in range(SLOTS):
        start = slot_start(col.day, i, tz)
        key = slot_key(col.day, i, col.artist_id)
        cell = ft.Container(
            data=key, height=SLOT_HEIGHT, width=width, ink=False,
            bgcolor=ft.Colors.WHITE if i // 2 % 2 == 0 else ft.Colors.GREY_50,
            border=ft.Border(top=ft.BorderSide(1, ft.Colors.GREY_300 if i % 2 == 0 else ft.Colors.GREY_200),
                             left=ft.BorderSide(1, ft.Colors.GREY_300)),
            on_click=lambda _e, c=col, s=start: actions.book(c, s))
        target = ft.DragTarget(group=GROUP, content=cell,
                               on_accept=lambda e, c=col, s=start: _dropped(e, c, s, actions))
        targets[key] = target
        slots.append(target)
    blocks = [_block(s, tz, top, height, left, block_width, actions)
              for s, top, height, left, block_width in _layout(sessions, tz, width)]
    header = ft.Container(ft.Text(col.title, weight=ft.FontWeight.BOLD, no_wrap=True,
                                  color=ft.Colors.WHITE if is_today else None),
                          height=HEADER_HEIGHT, width=width, alignment=ft.Alignment.CENTER, border_radius=4,
                          bgcolor=ft.Colors.BLUE_700 if is_today else None)
    stack = ft.Stack([ft.Column(slots, spacing=0), *blocks], width=width, height=SLOTS * SLOT_HEIGHT)
    return ft.Column([header, stack], spacing=0, width=width)


def _dropped(event, col: Column, start: datetime, actions: GridActions) -> None:
    source = getattr(event, "src", None)  # only a session block of this grid carries a session id
    if isinstance(source, ft.Draggable) and isinstance(source.data, str):
        actions.drop(col, start, source.data)


def _layout(sessions: list, tz: ZoneInfo, column: float = COLUMN_WIDTH) -> list[tuple]:
    """Place each session: top and height from its times, side by side in lanes where sessions overlap."""
    out: list[tuple] = []
    cluster: list[tuple] = []
    lanes_end: list[datetime] = []
    cluster_end: datetime | None = None
    for session in sorted(sessions, key=lambda s: s.starts_at):
        start, end = session.starts_at.astimezone(tz), session.ends_at.astimezone(tz)
        if cluster and cluster_end is not None and start >= cluster_end:
            out.extend(_lanes(cluster, len(lanes_end), column))
            cluster, lanes_end = [], []
        lane = next((n for n, lane_end in enumerate(lanes_end) if lane_end <= start), len(lanes_end))
        if lane == len(lanes_end):
            lanes_end.append(end)
        lanes_end[lane] = end
        cluster_end = max(cluster_end, end) if cluster and cluster_end is not None else end
        cluster.append((session, *_span(start, end, tz), lane))
    out.extend(_lanes(cluster, len(lanes_end), column))
    return out


def _span(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[float, float]:
    """Top and height in px of a session on its day; one outside opening hours is pinned to an edge."""
    day_start = datetime.combine(start.date(), time(FIRST_HOUR), tzinfo=tz)
    first = (start - day_start) / timedelta(minutes=SLOT_MINUTES)
    last = (end - day_start) / timedelta(minutes=SLOT_MINUTES)
    if last <= 0:
        first, last = 0.0, 1.0
    elif first >= SLOTS:
        first, last = SLOTS - 1.0, float(SLOTS)
    first, last = max(0.0, first), min(float(SLOTS), last)
    return first * SLOT_HEIGHT + 1, max(SLOT_HEIGHT - 2, (last - first) * SLOT_HEIGHT - 2)


def _lanes(cluster: list[tuple], lanes: int, column: float) -> list[tuple]:
    width = (column - 6) / max(1, lanes)
    return [(session, top, height, 3 + lane * width, width - 2) for session, top, height, lane in cluster]


def _block(session, tz: ZoneInfo, top: float, height: float, left: float, width: float,
           actions: GridActions) -> ft.Control:
    """A session as a coloured block that opens on click and can be dragged to another slot."""
    status = _(STATUS_LABELS.get(session.status, session.status))
    when = f"{session.starts_at.astimezone(tz):%H:%M}–{session.ends_at.astimezone(tz):%H:%M}"
    short = height < 2 * SLOT_HEIGHT - 4  # a 30-minute block has room for one line only
    name = f"{session.starts_at.astimezone(tz):%H:%M} {session.client_name}" if short else session.client_name
    line = ft.Row([ft.Text(name, size=11, weight=ft.FontWeight.BOLD, color=ft.Colors.WHITE,
                           no_wrap=True, overflow=ft.TextOverflow.ELLIPSIS, expand=True)], spacing=2)
    if session.client_has_alert:
        line.controls.insert(0, _alert_mark(compact=width < 110 or short))
    info = ft.Text(f"{when} {status}", size=10, color=ft.Colors.WHITE, no_wrap=True,
                   overflow=ft.TextOverflow.ELLIPSIS)
    box = ft.Container(
        ft.Column([line] if short else [line, info], spacing=0, tight=True), width=width, height=height,
        border_radius=4,
        bgcolor=STATUS_COLOURS.get(session.status, ft.Colors.BLUE_400), padding=ft.Padding.symmetric(horizontal=4),
        clip_behavior=ft.ClipBehavior.HARD_EDGE, on_click=lambda _e, sid=session.id: actions.open(sid),
        tooltip=(_("%(client)s, %(when)s, %(status)s, medical alert", client=session.client_name, when=when,
                   status=status) if session.client_has_alert
                 else f"{session.client_name}, {when}, {status}"))
    feedback = ft.Container(ft.Text(session.client_name, size=11, color=ft.Colors.WHITE), width=width,
                            height=min(height, 2 * SLOT_HEIGHT), bgcolor=box.bgcolor, opacity=0.8, border_radius=4,
                            padding=ft.Padding.symmetric(horizontal=4))
    return ft.Container(ft.Draggable(group=GROUP, data=session.id, content=box, content_feedback=feedback,
                                     content_when_dragging=ft.Container(width=width, height=height, border_radius=4,
                                                                        bgcolor=ft.Colors.GREY_300)),
                        top=top, left=left)


def _alert_mark(compact: bool = False) -> ft.Control:
    """The red medical-alert mark on a block (the icon alone where the block is small)."""
    parts: list[ft.Control] = [ft.Icon(ft.Icons.WARNING, color=ALERT_RED, size=11)]
    if not compact:
        parts.append(ft.Text(_("Alert"), size=10, color=ALERT_RED, weight=ft.FontWeight.BOLD))
    return ft.Container(ft.Row(parts, spacing=1, tight=True),
                        bgcolor=ft.Colors.WHITE, border_radius=3, padding=ft.Padding.symmetric(horizontal=2))


def legend() -> ft.Control:
    """What the block colours and the red mark mean."""
    chips = [ft.Container(ft.Text(_(label), size=11, color=ft.Colors.WHITE), bgcolor=STATUS_COLOURS[status],
                          border_radius=3, padding=ft.Padding.symmetric(horizontal=6, vertical=1))
             for status, label in STATUS_LABELS.items()]
    return ft.Row([*chips, _alert_mark(), ft.Text(_("medical alert: read it before the session"), size=11)],
                  spacing=6, wrap=True)
