"""The entry point of the one-folder app (tools/build_app.py): the game, and every `vantage` command.

`vantage` alone (or double-clicked) opens the game; `vantage check`, `vantage play --text morning-bus`,
`vantage report …` work as they do in a Python install, so school IT and facilitators need no Python.
"""
from __future__ import annotations

import multiprocessing
import sys


def main(argv: list[str] | None = None) -> int:
    from tools.cli import SUBCOMMANDS, main as vantage
    args = sys.argv[1:] if argv is None else argv
    if args and (args[0] in SUBCOMMANDS or args[0] in ("-h", "--help")):
        return vantage(args)
    return vantage(["play", *args])


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app on Windows must say this before anything else
    raise SystemExit(main())
