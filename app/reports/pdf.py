"""The studio's PDFs: the period report, the Z report of a closed day, the ink passport, the consent record; in
the language of the request that asks for them (i18n.current() as they render), dates and money in the studio's
locale (app.reports.pdf_formats)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.core.i18n import _
from app.domain.documents import ConsentRecord, InkPassport
from app.domain.register import KIND_LABELS, Payment, RegisterDaySummary, method_label, method_names
from app.domain.reports import ReportFigures
from app.reports.images import drawable_png
from app.reports.pdf_formats import amount, day, document_locale, moment
from app.reports.pdf_layout import PageHead, heading, paged_table, pairs, picture, render, table, text

# What plugins add to a document: (plugin name, [(label, amount in minor units)]) per plugin, in load order.
PluginRows = Sequence[tuple[str, Sequence[tuple[str, int]]]]


def _kind(code: str) -> str:
    return _(KIND_LABELS[code]) if code in KIND_LABELS else code


def _plugin_lines(extras: PluginRows, m: Callable[[int], str]) -> list:
    """Each plugin's lines under its own heading, after the core figures."""
    story: list = []
    for name, rows in extras:
        story += [heading(_("From the plugin %(name)s", name=name)),
                  table((_("Line"), _("Amount")), [(label, m(minor)) for label, minor in rows])]
    return story


def period_report(head: PageHead, figures: ReportFigures, payments: Sequence[Payment],
                  names: Mapping[str, str], charts: Sequence[bytes],
                  progress: Callable[[float], None] | None = None, extras: PluginRows = (),
                  method_labels: Mapping[str, str] | None = None) -> bytes:
    """Totals, by method and by artist, the charts, then every payment of the range (a table per page);
    `method_labels` names the plugins' payment methods."""
    cur, where = figures.currency, document_locale(head.locale)
    seen: dict[int, str] = {}

    def m(minor: int) -> str:  # a year holds thousands of payments but few distinct amounts
        if minor not in seen:
            seen[minor] = amount(minor, cur, where)
        return seen[minor]
    totals = [(_("Payments"), figures.payments_count), (_("Net total"), m(figures.net_total_minor))]
    totals += [(_("%(kind)s (gross)", kind=_kind(kind)), m(v)) for kind, v in figures.by_kind.items()]
    totals += [(_("Studio share"), m(figures.studio_share_minor)),
               (_("Deposits held"), m(figures.deposits.held_minor))]
    artists = [(a.display_name, f"{a.commission_pct} %", m(a.session_income_minor), m(a.commission_minor),
                m(a.tips_minor), m(a.due_minor), m(a.studio_share_minor)) for a in figures.by_artist]
    story = [heading(_("Totals")), pairs(totals), heading(_("By payment method")),
             table((_("Method"), _("Net")),
                   [(method_label(k, method_labels), m(v)) for k, v in figures.by_method.items()]
                   + [(_("Total"), m(figures.net_total_minor))], total_row=True),
             heading(_("By artist")),
             table((_("Artist"), _("Rate"), _("Session income"), _("Commission"), _("Tips"), _("Due to artist"),
                    _("Studio share")), artists or [(_("(no artist income)"), "", "", "", "", "", "")])]
    story += _plugin_lines(extras, m)
    for png in charts:
        story += [Spacer(1, 4 * mm), picture(png, 160 * mm)]
    kinds, methods = {k: _kind(k) for k in KIND_LABELS}, method_names(method_labels)
    rows = [(day(p.register_day, where, short=True), moment(p.taken_at, figures.timezone, where, short=True),
             kinds.get(p.kind, p.kind), methods.get(p.method, p.method), m(p.signed_minor),
             names.get(p.artist_id, "") if p.artist_id else "") for p in payments]
    story += paged_table(_("Payments"), (_("Day"), _("Taken at"), _("Kind"), _("Method"), _("Amount"), _("Artist")),
                         rows + [(_("Total"), "", "", "", m(sum(p.signed_minor for p in payments)), "")],
                         total_row=True)
    return render(head, story, progress)


def z_report(head: PageHead, summary: RegisterDaySummary, currency: str, timezone: str,
             closed_by: str | None, extras: PluginRows = (), method_labels: Mapping[str, str] | None = None
             ) -> bytes:
    """A closed (or still open) day's totals by method and kind, the cash count and who closed it, then the
    lines plugins add, each plugin under its own heading."""
    where = document_locale(head.locale)

    def m(minor: int | None) -> str:
        return amount(minor, currency, where)
    close = summary.close
    state = _("Closed") if close else _("OPEN - not closed yet")
    cash = [(_("State"), state), (_("Opening float"), m(summary.opening_float_minor)),
            (_("Expected cash"), m(summary.expected_cash_minor)),
            (_("Counted cash"), m(close.counted_cash_minor) if close else _("not counted")),
            (_("Difference (counted - expected)"), m(close.difference_minor) if close else ""),
            (_("Closed by"), closed_by or ""),
            (_("Closed at"), moment(close.closed_at, timezone, where) if close else ""),
            (_("Payments"), len(summary.payments))]
    story = [heading(_("Totals by method (net)")),
             table((_("Method"), _("Net")), [(method_label(k, method_labels), m(v))
                                                  for k, v in summary.totals_by_method.items()]
                   + [(_("Total"), m(summary.net_total_minor))], total_row=True),
             heading(_("Totals by kind (gross)")),
             table((_("Kind"), _("Gross")), [(_kind(k), m(v)) for k, v in summary.totals_by_kind.items()]),
             heading(_("Cash count")), pairs(cash), *_plugin_lines(extras, m)]
    return render(head, story)


def ink_passport(head: PageHead, passport: InkPassport, timezone: str) -> bytes:
    """The client's record of which inks (brand, colour, lot, expiry) went into one session."""
    h, where = passport.head, document_locale(head.locale)
    about = [(_("Client"), h.client_name), (_("Date"), moment(h.starts_at, timezone, where)),
             (_("Placement"), h.placement), (_("Artist"), h.artist_name)]
    inks = [(i.brand, i.colour, i.lot, day(i.expires_on, where)) for i in passport.inks]
    story = [heading(_("Session")), pairs(about), heading(_("Inks used")),
             table((_("Brand"), _("Colour"), _("Lot"), _("Expires")), inks or [(_("No inks recorded"), "", "", "")]),
             Spacer(1, 6 * mm),
             text(_("Keep this passport: it tells a doctor or another artist exactly which inks you carry."))]
    return render(head, story)


def consent_record(head: PageHead, record: ConsentRecord, timezone: str) -> bytes:
    """One signed consent: who, which session, form version, guardian if any, and the signature."""
    c, h, where = record.consent, record.head, document_locale(head.locale)
    about = [(_("Client"), h.client_name), (_("Born"), day(h.birth_date, where)),
             (_("Session"), moment(h.starts_at, timezone, where)), (_("Placement"), h.placement),
             (_("Artist"), h.artist_name), (_("Form version"), c.form_version),
             (_("Signed at"), moment(c.signed_at, timezone, where)), (_("Recorded by"), record.recorded_by_name or "")]
    if c.guardian_name:
        about.append((_("Guardian"), f"{c.guardian_name} ({c.guardian_relation or ''})"))
    story = [heading(_("Consent")), pairs(about), heading(_("Signature"))]
    drawable = drawable_png(record.signature_png) if record.signature_png else None
    if drawable:
        story.append(picture(drawable, 80 * mm))
    elif record.signature_png:
        story.append(text(_("The signature image cannot be shown: it is damaged or outside the size this app "
                            "can draw. The consent record above stands; take a new consent if a signature is "
                            "needed.")))
    else:
        story.append(text(_("The signature image was erased (client's data anonymised).")))
    return render(head, story)
