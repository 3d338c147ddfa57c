"""Charts and PDFs of the studio: period report, Z report, ink passport, consent record; each with its role check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.core import i18n
from app.core.clock import Clock
from app.core.i18n import N_, _
from app.db.engine import Database
from app.db.repos.documents import DocumentRepository
from app.db.repos.inks import InkRepository
from app.db.repos.reports import ReportRepository
from app.db.repos.settings import SettingsRepository
from app.db.repos.users import UserRepository
from app.domain.documents import CHARTS, InkPassport, Pdf
from app.domain.errors import NotFoundError
from app.domain.records import User
from app.domain.reports import ReportFigures
from app.plugins.spec import PluginCalls, no_plugins
from app.reports import intake_card, pdf
from app.reports.pdf_layout import PageHead
from app.services.authz import require_user
from app.services.register.methods import plugin_method_labels
from app.services.register.service import RegisterService
from app.services.reports.extras import PluginExtras, plugin_extras
from app.services.reports.service import ReportService

PERIOD_REPORT, Z_REPORT = N_("Period report"), N_("Z report")
INK_PASSPORT, CONSENT_RECORD = N_("Ink passport"), N_("Consent record")
KIOSK_CARD = N_("Scan to register")


class DocumentService:
    """Renders the studio's charts (PNG) and documents (PDF); read-only."""

    def __init__(self, db: Database, clock: Clock | None = None, plugins: PluginCalls = no_plugins):
        self.db, self.clock, self.plugins = db, clock or Clock(), plugins
        self.reports, self.register = ReportService(db, self.clock, plugins=plugins), RegisterService(db, self.clock)
        self.documents, self.inks = DocumentRepository(), InkRepository()
        self.settings, self.users, self.payments = SettingsRepository(), UserRepository(), ReportRepository()

    def chart(self, actor: User | None, name: str, start: date, end: date) -> bytes:
        """One chart of local days start..end as PNG; admins only."""
        if name not in CHARTS:
            raise NotFoundError(_("There is no chart called '%(name)s'. Use one of: %(names)s.", name=name,
                                  names=", ".join(CHARTS)))
        figures = self.reports.summary(actor, start, end)
        return self._renderers(self._locale(), plugin_method_labels(self.plugins, actor))[CHARTS.index(name)](figures)

    def period_report(self, actor: User | None, start: date, end: date,
                      progress: Callable[[float], None] | None = None,
                      extras: list[PluginExtras] | None = None) -> Pdf:
        """The period report PDF (totals, by method and artist, the plugins' lines, charts, every payment); admins
        only. `progress` hears the fraction of the pages laid out so far; `extras` are the plugins' additions when
        the caller already asked for them."""
        figures = self.reports.summary(actor, start, end)
        if extras is None:
            extras = plugin_extras(self.plugins, actor, start, end)
        with self.db.read() as conn:
            payments = self.payments.payments_between(conn, start, end)
            names = {u.id: u.display_name for u in self.users.list_all(conn)}
        period = _("%(start)s to %(end)s", start=start.isoformat(), end=end.isoformat())
        labels = plugin_method_labels(self.plugins, actor)
        content = pdf.period_report(self._head(actor, PERIOD_REPORT, period), figures, payments, names,
                                    self._charts(figures, labels), progress, [e.rows() for e in extras], labels)
        return Pdf(f"report-{start.isoformat()}-to-{end.isoformat()}.pdf", content)

    def z_report(self, actor: User | None, day: date | str) -> Pdf:
        """A day's Z report: today for anyone signed in, any day for an admin."""
        summary = self.register.day_summary(actor, day)
        extras = plugin_extras(self.plugins, actor, summary.day, summary.day)
        with self.db.read() as conn:
            settings = self.settings.load(conn)
            closer = self.users.get(conn, summary.close.closed_by) if summary.close else None
        content = pdf.z_report(self._head(actor, Z_REPORT, summary.day.isoformat()), summary, settings.currency,
                               settings.timezone, closer.display_name if closer else None,
                               [e.rows() for e in extras], plugin_method_labels(self.plugins, actor))
        return Pdf(f"z-report-{summary.day.isoformat()}.pdf", content)

    def ink_passport(self, actor: User | None, session_id: str) -> Pdf:
        """The ink passport of one session, for anyone signed in."""
        require_user(actor)
        with self.db.read() as conn:
            head = self.documents.session_head(conn, session_id)
            if head is None:
                raise NotFoundError(_("There is no such session. Check the session id and try again."))
            passport = InkPassport(head, tuple(self.inks.session_inks(conn, session_id)))
            timezone = self.settings.load(conn).timezone
        content = pdf.ink_passport(self._head(actor, INK_PASSPORT, head.starts_at.date().isoformat()), passport,
                                   timezone)
        return Pdf(f"ink-passport-{session_id}.pdf", content)

    def consent_record(self, actor: User | None, consent_id: str) -> Pdf:
        """One signed consent with its signature image, for anyone signed in."""
        require_user(actor)
        with self.db.read() as conn:
            record = self.documents.consent_record(conn, consent_id)
            if record is None or record.head is None:
                raise NotFoundError(_("There is no such consent. Check the consent id and try again."))
            timezone = self.settings.load(conn).timezone
        period = record.consent.signed_at.date().isoformat()
        return Pdf(f"consent-{consent_id}.pdf", pdf.consent_record(self._head(actor, CONSENT_RECORD, period),
                                                                   record, timezone))

    def kiosk_card(self, actor: User | None, url: str, qr_png: bytes, expires_at: datetime) -> bytes:
        """The printable card of a kiosk code just opened, in the studio's language (only the opener knows the
        code: its hash alone is stored, so the card is made in the same answer that opens it)."""
        with self.db.read() as conn:
            settings = self.settings.load(conn)
        with i18n.speaking(settings.locale):
            until = expires_at.astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M")
            return intake_card.kiosk_card(
                self._head(actor, KIOSK_CARD, until), qr_png, url,
                _("Scan this code with your phone's camera to register with us."),
                _("This code works until %(when)s.", when=until))

    @staticmethod
    def _renderers(locale: str, labels: dict[str, str]) -> tuple[Callable[[ReportFigures], bytes], ...]:
        from app.reports import charts  # matplotlib loads on first chart, after the stick's MPLCONFIGDIR is set
        return (lambda f: charts.income_by_month(f.by_month, f.currency, locale),
                lambda f: charts.income_by_method(f.by_method, f.currency, locale, labels),
                lambda f: charts.income_by_artist(f.by_artist, f.currency, locale))

    def _charts(self, figures: ReportFigures, labels: dict[str, str]) -> list[bytes]:
        return [render(figures) for render in self._renderers(self._locale(), labels)]

    def _locale(self) -> str:
        with self.db.read() as conn:
            return self.settings.load(conn).locale

    def _head(self, actor: User | None, title: str, period: str) -> PageHead:
        me = require_user(actor)
        with self.db.read() as conn:
            settings = self.settings.load(conn)
        now = self.clock.now().astimezone(ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M")
        return PageHead(settings.studio_name, _(title), period, _("%(when)s by %(name)s", when=now,
                                                                    name=me.display_name), settings.locale)
