"""No text a person reads is written as a plain literal: it goes through `_()`/`ngettext()` into the catalogs.

`tools/untranslated.py` finds such literals. ALLOWED lists what it finds that is not text for a person (each
with its reason); NOT_YET lists the files whose texts are still to be marked, shrinking to nothing as they
are (a file on it that has nothing left fails too, so the list stays true).
"""

from __future__ import annotations

from tools.untranslated import untranslated

ALLOWED = {
    # Python's own traceback headers: the scrubber matches them to keep values out of logs; never shown.
    "app/core/scrub.py": {"'\\nThe above exception was the direct cause of the following exception:\\n\\n'",
                          "'\\nDuring handling of the above exception, another exception occurred:\\n\\n'",
                          "'Traceback (most recent call last):\\n'"},
    # The headers of thread exceptions in the log file: logs stay in English for whoever reads them later.
    "app/core/log.py": {"f'Exception in thread :\\n'", "f'Exception ignored in :\\n'"},
}

NOT_YET = {
    "app/ui/components/files.py",
    "app/ui/components/widgets.py",
    "app/ui/desktop.py",
    "app/ui/launch.py",
    "app/ui/shell.py",
    "app/ui/signature.py",
    "app/ui/views/admin/rekey.py",
    "app/ui/views/admin/settings.py",
    "app/ui/views/admin/users.py",
    "app/ui/views/admin/view.py",
    "app/ui/views/backups/backup_list.py",
    "app/ui/views/backups/view.py",
    "app/ui/views/calendar/booking_dialog.py",
    "app/ui/views/calendar/grid.py",
    "app/ui/views/calendar/view.py",
    "app/ui/views/clients/detail.py",
    "app/ui/views/clients/form.py",
    "app/ui/views/clients/history.py",
    "app/ui/views/clients/medical.py",
    "app/ui/views/clients/view.py",
    "app/ui/views/dashboard/accounting.py",
    "app/ui/views/dashboard/view.py",
    "app/ui/views/register/forms.py",
    "app/ui/views/register/view.py",
    "app/ui/views/session/consent.py",
    "app/ui/views/session/inks.py",
    "app/ui/views/session/payments.py",
    "app/ui/views/session/view.py",
    "app/ui/views/wizard.py",
    "app/reports/accounting_files.py",
    "app/reports/charts.py",
    "app/reports/images.py",
    "app/reports/pdf.py",
    "app/reports/pdf_layout.py",
    "app/cli/__init__.py",
    "app/cli/accounting.py",
    "app/cli/backup.py",
    "app/cli/common.py",
    "app/cli/demo.py",
    "app/cli/rebuild.py",
    "app/cli/serve.py",
    "app/cli/studio.py",
    "app/services/authz.py",
    "app/services/backups/chunks.py",
    "app/services/backups/export.py",
    "app/services/backups/manifest.py",
    "app/services/backups/mirror.py",
    "app/services/backups/rebuild.py",
    "app/services/backups/service.py",
    "app/services/backups/space.py",
    "app/services/backups/status.py",
    "app/services/backups/store.py",
    "app/services/clients/consents.py",
    "app/services/clients/gdpr.py",
    "app/services/clients/medical_alerts.py",
    "app/services/clients/service.py",
    "app/services/register/payments.py",
    "app/services/register/service.py",
    "app/services/reports/accounting.py",
    "app/services/reports/documents.py",
    "app/services/reports/service.py",
    "app/services/sessions/inks.py",
    "app/services/sessions/service.py",
    "app/services/settings.py",
    "app/services/studio/rekey.py",
    "app/services/studio/service.py",
    "app/services/users.py",
    "app/domain/backups.py",
    "app/domain/booking.py",
    "app/domain/booking_rules.py",
    "app/domain/client_rules.py",
    "app/domain/errors.py",
    "app/domain/register.py",
    "app/domain/reports.py",
    "app/core/crypto.py",
    "app/core/filesystem.py",
    "app/core/instance.py",
    "app/core/keyslots.py",
    "app/core/windows_names.py",
    "flows/accounting.py",
    "flows/backups.py",
    "flows/runner.py",
}


def test_every_text_a_person_reads_goes_through_the_catalogs():
    found = untranslated()
    left = {name: [text for _line, text in texts if text not in ALLOWED.get(name, set())]
            for name, texts in found.items() if name not in NOT_YET}
    assert {name: texts for name, texts in left.items() if texts} == {}, \
        "Mark these with _() or ngettext() (see app/core/i18n.py) and run `python -m tools.i18n all`."


def test_the_not_yet_list_names_only_files_with_texts_left():
    found = untranslated()
    assert sorted(name for name in NOT_YET if name not in found) == [], "Remove these from NOT_YET: they are done."
