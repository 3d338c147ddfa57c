"""Entry point for `python -m app`: no bytecode off the stick, then the CLI."""

import sys

sys.dont_write_bytecode = True

from app.cli import main  # noqa: E402  (must follow the bytecode switch)

if __name__ == "__main__":
    main()
