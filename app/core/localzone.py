"""Babel's view of this computer's time zone, read without listing every zone (issue 21: fewer files at start).

Babel works out the computer's zone once, when `babel.localtime` is first imported (babel.support and babel.dates
import it). Where /etc/localtime names a zone ("Europe/Madrid", "Etc/UTC") and pytz is installed (it is, for
Prefect), Babel asks pytz for that name, and pytz first checks it against its list of valid names, which it builds by
opening each of its ~600 zone files: over half a second from a USB 2.0 stick, before the first screen. Read from
/etc/localtime itself (what TZ=":/etc/localtime" means to Babel, and to the C library), the same zone costs one file.
"""

from __future__ import annotations

import os
import sys

LOCALTIME = "/etc/localtime"


def load_babel_zone_from_file() -> None:
    """Import `babel.localtime` with TZ pointing at /etc/localtime for the moment of the import only; nothing
    changes where TZ is set, on Windows, or once Babel has read the zone."""
    if "babel.localtime" in sys.modules or os.environ.get("TZ") or os.name == "nt" or not os.path.exists(LOCALTIME):
        return
    os.environ["TZ"] = ":" + LOCALTIME
    try:
        import babel.localtime  # noqa: F401  (reads the zone now, once)
    finally:
        del os.environ["TZ"]  # the process never called tzset() with it: its clocks are as they were
