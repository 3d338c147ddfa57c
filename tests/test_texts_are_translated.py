"""No text a person reads is written as a plain literal: it goes through `_()`/`ngettext()` into the catalogs.

`tools/untranslated.py` finds such literals. ALLOWED lists what it finds that is not text for a person (each
with its reason); NOT_YET lists the files whose texts are still to be marked, shrinking to nothing as they
are (a file on it that has nothing left fails too, so the list stays true).
"""

from __future__ import annotations

from tools.untranslated import untranslated

ALLOWED = {
    # Python's own traceback headers: the scrubber matches them to keep values out of logs; never shown. And what
    # a log line says in place of an exception's text (logs stay English).
    "app/core/scrub.py": {"'(message hidden: it may hold personal data)'",
                          "'\\nThe above exception was the direct cause of the following exception:\\n\\n'",
                          "'\\nDuring handling of the above exception, another exception occurred:\\n\\n'",
                          "'Traceback (most recent call last):\\n'"},
    # The headers of thread exceptions in the log file: logs stay in English for whoever reads them later.
    "app/core/log.py": {"'%(asctime)s %(levelname)s %(name)s: %(message)s'",
                        "f'Exception in thread :\\n'", "f'Exception ignored in :\\n'"},
    # Babel date patterns: days and months come out in the screens' language through format_date/format_datetime.
    "app/ui/components/widgets.py": {"'EEE dd MMM yyyy HH:mm'"},
    "app/ui/views/calendar/grid.py": {"'EEE d MMM'"},
    "app/ui/views/admin/view.py": {"'dd MMM HH:mm'"},
    # The one stdout line scripts read the address from (tools/stick_process.py `urls`): a contract, kept in English;
    # the studio reads its own sentence on stderr.
    "app/cli/serve.py": {"'API listening'", "f'Studio app on  (API on )'"},
    "app/cli/relay.py": {"f'Relay listening on '"},
    # A Babel date pattern (months in the studio's language) and a file name that is the same in every language.
    "app/reports/charts.py": {"'MMM yyyy'"},
    "app/services/reports/accounting.py": {"'README.txt'"},
    # A wiring mistake in the code (an endpoint declared with an unknown policy), raised at import: for developers.
    "app/api/routing.py": {"f'Unknown policy ; use one of .'"},
    # SQL statements that check a re-keyed database copy: for SQLite, not for a person.
    "app/services/studio/rekey.py": {"'PRAGMA cipher_integrity_check'", "'PRAGMA quick_check'"},
    # What SQLite and the OS say when a disk is full or read-only: matched in their errors, never shown.
    "app/core/disk.py": {"'database or disk is full'", "'no space left on device'",
                         "'attempt to write a readonly database'", "'read-only file system'"},
    # A plugin's declaration, read from the file without running it (the Admin screen lists it): as its author wrote it.
    "plugins/gift_cards.py": {'"The studio stick\'s example plugins"', "'Gift cards'"},
    "plugins/aftercare.py": {'"The studio stick\'s example plugins"', "'Aftercare sheets'"},
}

NOT_YET: set[str] = set()


def test_every_text_a_person_reads_goes_through_the_catalogs():
    found = untranslated()
    left = {name: [text for _line, text in texts if text not in ALLOWED.get(name, set())]
            for name, texts in found.items() if name not in NOT_YET}
    assert {name: texts for name, texts in left.items() if texts} == {}, \
        "Mark these with _() or ngettext() (see app/core/i18n.py) and run `python -m tools.i18n all`."


def test_the_not_yet_list_names_only_files_with_texts_left():
    found = untranslated()
    done = [name for name in NOT_YET if not set(text for _line, text in found.get(name, [])) - ALLOWED.get(name, set())]
    assert sorted(done) == [], "Remove these from NOT_YET: they are done."
