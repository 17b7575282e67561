"""`python main.py`: start the windowed game on the bundled stories."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from tools.cli import main as vantage
    args = sys.argv[1:] if argv is None else argv
    return vantage(["play", *args])


if __name__ == "__main__":
    raise SystemExit(main())
