"""Kill-loop child: re-key the studio on a stick over and over, printing a line after each re-key."""

import sys

from app.core import paths as stick_paths
from app.services.studio.rekey import rekey_studio
from app.services.studio.service import StudioService


def main() -> None:
    username, password = sys.stdin.readline().strip(), sys.stdin.readline().rstrip("\n")  # not argv: secrets
    paths = stick_paths.resolve(home=sys.argv[1])
    studio = StudioService(paths).unlock(username, password)
    print("ready", flush=True)
    while True:
        rekey_studio(studio.db, paths)
        print("rekeyed", flush=True)


if __name__ == "__main__":
    main()
