"""The text files a built stick carries beside the launchers (README-STICK.txt, data/ and plugins/ notes)."""

README_STICK = """\
THE TATTOO STUDIO ON A STICK
============================

Everything the studio needs is on this stick: the app, its data (encrypted) and its backups.
Nothing is installed on the computer and nothing is left on it.

STARTING
  Windows:        double-click launch.bat (or run it in a terminal).
  macOS / Linux:  open a terminal in this folder and run  ./launch.sh
                  (if it says "Permission denied", the stick lost its run permissions: run  bash launch.sh)
  Try it first:   ./launch.sh --demo  (launch.bat --demo) opens a demo studio kept in demo/
                  on the stick; logins admin / demo-admin and staff / demo-staff.
  More commands:  ./launch.sh --help   (e.g. ./launch.sh backup now --user NAME)

  The first start on an empty stick asks for the studio's name and its first admin, then shows
  the RECOVERY KEY. With no display (a server, SSH) the studio opens in a browser page on this
  computer instead of a window, and the terminal prints its address.

  The stick carries one app per kind of computer in bundle/ (e.g. bundle/windows-x86_64,
  bundle/macos-arm64, bundle/linux-x86_64); the launcher picks the one that fits and says so
  when none does. A read-only stick cannot hold the studio: unlock it or copy the whole folder.

BACKING UP
  The app takes an encrypted backup on its schedule while it runs, when a register day is
  closed, and one more when you quit it normally. They are kept in data/backups/ on this stick.
  A stick can be lost or break, so also keep copies on a second drive:
    ./launch.sh backup mirror --init /path/to/drive --user NAME   (once: choose the drive)
    ./launch.sh backup mirror --user NAME      (copies new backups there and verifies them)
    ./launch.sh backup verify --user NAME      (checks every backup still opens)
  Copying the whole stick folder elsewhere while the app is closed is a full backup too.

WHY THE RECOVERY KEY MATTERS
  The studio's data is encrypted. Each user's password opens it, and so does the recovery key
  shown once when the studio is created. Write it on paper and keep it away from the stick:
  - every password forgotten:  ./launch.sh recover --user NAME   asks for it;
  - stick lost or broken:      ./launch.sh rebuild --mirror /path/to/second/drive   on a new stick
                               asks for it to open the mirrored backups.
  Without a password or the recovery key nobody (not even us) can open the data or its backups.
"""

DATA_README = """\
data/ holds the studio's data: the encrypted database (studio.db), its key slots
(keyslots.json), backups/, exports/, logs/ and the app's caches. It is filled on first use.
Do not edit or delete files here; copy the whole stick folder to keep a copy of everything.
"""

PLUGINS_README = """\
plugins/ holds extensions: one Python file each. Nothing here runs until an admin enables it
under Admin -> Plugins; the app then pins the file's SHA-256, and a changed file is not loaded
again until an admin approves it anew. A plugin runs with the app's full rights: enable only
files you trust. Start with --safe-mode to load none.

Two examples come with the app, not enabled: gift_cards.py (sell and redeem vouchers at the
register) and aftercare.py (the aftercare sheet of a finished session as a PDF).
"""

TEXTS = {"README-STICK.txt": README_STICK, "data/README.txt": DATA_README, "plugins/README.txt": PLUGINS_README}
