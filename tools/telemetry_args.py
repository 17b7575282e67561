"""Command-line options shared by everything that records or reads play data (`vantage play`, `cohort`, `data`).

`add_telemetry_arguments(parser)` adds --data-dir, --cohort, --kiosk and --no-record to `vantage play`;
`add_data_dir_argument(parser)` adds --data-dir alone (cohort, data, report). `resolve_data_dir(args)` applies it;
`open_database(args, command)` opens the database there, or says in one line why it cannot.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from game import paths
from game.telemetry import db


def add_data_dir_argument(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """`sub=True` on a sub-action's parser, so `vantage data --data-dir X export` is not reset by the sub-parser."""
    parser.add_argument("--data-dir", metavar="FOLDER", type=Path, default=argparse.SUPPRESS if sub else None,
                        help="folder of the play-data database (default: Vantage's data folder, or $VANTAGE_DATA)")


def add_telemetry_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_argument(parser)
    parser.add_argument("--cohort", metavar="CODE", default=None,
                        help="classroom code from `vantage cohort new`: tags every play with it")
    parser.add_argument("--kiosk", action="store_true",
                        help="shared machine: reset for the next student after each debrief; "
                             "quitting needs the facilitator key (Ctrl+Alt+Q)")
    parser.add_argument("--follow-up", action="store_true",
                        help="weeks later: students answer the questionnaire again without replaying the story, "
                             "linked to their first play by their participant code (needs --cohort)")
    parser.add_argument("--server", metavar="URL", default=None,
                        help="the class hub (`vantage serve --lan` prints it): plays are also sent there")
    parser.add_argument("--join", metavar="CODE", default=None, help="the join code `vantage serve --lan` printed")
    parser.add_argument("--no-record", action="store_true",
                        help="never record and skip the consent screen and questionnaires (writers testing a story)")


def resolve_data_dir(args: argparse.Namespace) -> Path:
    """The data folder for this command: --data-dir, else $VANTAGE_DATA, else the user data folder."""
    chosen = getattr(args, "data_dir", None)
    return Path(chosen).expanduser() if chosen else paths.data_dir()


def open_database(args: argparse.Namespace, command: str, *, readonly: bool = False) -> sqlite3.Connection | None:
    """The play-data database of --data-dir (read-only, or created when missing), or None after printing
    `vantage COMMAND: <why>` to stderr."""
    path = db.default_db_path(resolve_data_dir(args))
    try:
        return db.connect_readonly(path) if readonly else db.connect(path)
    except db.DatabaseError as exc:
        print(f"vantage {command}: {exc}", file=sys.stderr)
        return None
