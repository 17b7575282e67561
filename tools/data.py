"""`vantage data`: move recorded play data between machines, and delete a play when a student withdraws.

    vantage data export --cohort CODE -o period3.json     (on each lab machine)
    vantage data import lab1.json lab2.json ...           (on the facilitator's machine)
    vantage data delete K7QM-3TXR                          (the play code shown at the debrief)
"""
from __future__ import annotations

import argparse
import sqlite3
import datetime as _dt
import sys
from pathlib import Path

from game.files import NotRegularFile, file_in_the_way
from game.telemetry import bundle, codes, db
from game.telemetry.files import BadFile
from tools.telemetry_args import add_data_dir_argument, open_database, resolve_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_argument(parser)
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    ex = sub.add_parser("export", help="write a checksummed bundle of a classroom's plays",
                        description="write a checksummed bundle of the plays on this machine, to gather them on "
                                    "the facilitator's machine with `vantage data import`")
    ex.add_argument("--cohort", metavar="CODE", default=None, help="only this classroom's plays (default: all)")
    ex.add_argument("-o", "--output", type=Path, metavar="FILE", default=None,
                    help="the bundle to write, e.g. lab3-period3.json")
    ex.add_argument("--simulated", action="store_true",
                    help="also carry plays made up by `vantage simulate` (left out unless asked)")
    ex.add_argument("--xapi", type=Path, metavar="FILE.jsonl", default=None,
                    help="instead, write xAPI statements (one per line) for a learning record store")
    im = sub.add_parser("import", help="add bundles from other machines (twice is harmless)",
                        description="add bundles made with `vantage data export` on other machines; importing "
                                    "the same bundle twice adds nothing, and one bad file means nothing is added")
    im.add_argument("files", nargs="+", type=Path, metavar="FILE", help="one or more bundles")
    de = sub.add_parser("delete", help="delete one play (its play code is shown at the debrief)",
                        description="delete one play, its questionnaire answers and its choices on this machine")
    de.add_argument("code", metavar="CODE", nargs="?", default=None,
                    help="the play code shown at the debrief, e.g. K7QM-3TXR")
    de.add_argument("--simulated", action="store_true", help="delete every play made up by `vantage simulate`")
    de.add_argument("--older-than", type=int, metavar="DAYS", default=None,
                    help="retention: delete every play started more than DAYS days ago (run it each term)")
    for p in (ex, im, de):
        add_data_dir_argument(p, sub=True)


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "action", None)
    if action is None:
        print("vantage data: say what to do: export, import or delete (see vantage data --help)", file=sys.stderr)
        return 2
    if action == "export":
        cohort = None
        if args.cohort is not None:
            if not codes.is_cohort_code(args.cohort):
                print(f"vantage data: '{args.cohort}' is not a classroom code", file=sys.stderr)
                return 2
            cohort = codes.normalise_code(args.cohort)
        if (args.output is None) == (args.xapi is None):
            print("vantage data export: give either -o FILE (a bundle) or --xapi FILE.jsonl", file=sys.stderr)
            return 2
        conn = open_database(args, "data", readonly=True)
        if conn is None:
            return 1
        try:
            if args.xapi is not None:
                from tools.xapi_files import export_statements
                n = export_statements(conn, args.xapi, cohort, include_simulated=args.simulated)
                print(f"Wrote {n} xAPI statement{'s' if n != 1 else ''} to {args.xapi}")
                return 0
            n = bundle.export(conn, args.output, cohort, include_simulated=args.simulated)
        except BadFile as exc:
            print(f"vantage data: {exc}", file=sys.stderr)
            return 1
        except NotRegularFile as exc:  # `-o /dev/full`: a device node is never replaced by a file
            print(f"vantage data: cannot write {args.output}: it is {exc.kind}, not a regular file "
                  "(nothing was written)", file=sys.stderr)
            return 1
        except OSError as exc:
            target = args.output if args.output is not None else args.xapi
            blocking = file_in_the_way(Path(target).parent)
            why = f"{blocking} is a file, not a folder" if blocking else (exc.strerror or exc)
            print(f"vantage data: cannot write {target}: {why}", file=sys.stderr)
            return 1
        finally:
            conn.close()
        print(f"Wrote {n} play{'s' if n != 1 else ''} to {args.output}")
        return 0
    docs = []
    if action == "import":  # every file is checked before the database is opened: a bad one changes nothing
        try:
            docs = [(Path(p), bundle.read(Path(p))) for p in args.files]
        except BadFile as exc:
            print(f"vantage data: {exc} (nothing was imported)", file=sys.stderr)
            return 1
    conn = open_database(args, "data")
    if conn is None:
        return 1
    try:
        if action == "import":
            try:
                results = bundle.import_docs(conn, docs)
            except BadFile as exc:
                print(f"vantage data: {exc} (nothing was imported)", file=sys.stderr)
                return 1
            except sqlite3.Error as exc:  # another program holds the database, or the disk is full
                print(f"vantage data: {db.sqlite_problem(db.default_db_path(resolve_data_dir(args)), exc)}",
                      file=sys.stderr)
                return 1
            for r in results:
                print(f"{r.path}: {r.sessions_added} play(s) added, {r.sessions_skipped} already here")
            return 0
        chosen = [x for x in (args.code is not None, args.simulated, args.older_than is not None) if x]
        if action == "delete" and len(chosen) > 1:
            print("vantage data: give one of: a play code, --simulated, --older-than DAYS", file=sys.stderr)
            return 2
        if action == "delete" and args.older_than is not None:
            if not 0 <= args.older_than <= 36_500:
                print("vantage data: --older-than is a number of days, 0 to 36500", file=sys.stderr)
                return 2
            cutoff = (_dt.date.today() - _dt.timedelta(days=args.older_than)).isoformat()
            cur = conn.execute("DELETE FROM play_sessions WHERE started_date < ?", (cutoff,))
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            print(f"Deleted {cur.rowcount} play{'s' if cur.rowcount != 1 else ''} started before {cutoff}.")
            return 0
        if action == "delete" and args.simulated:
            cur = conn.execute("DELETE FROM play_sessions WHERE player = 'simulated'")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            print(f"Deleted {cur.rowcount} made-up play{'s' if cur.rowcount != 1 else ''} (from `vantage simulate`).")
            return 0
        if action == "delete":
            if args.code is None:
                print("vantage data: say which play to delete (its play code, e.g. K7QM-3TXR), or --simulated, or "
                      "--older-than DAYS",
                      file=sys.stderr)
                return 2
            code = codes.normalise_withdrawal_code(args.code)
            if code is None:
                print(f"vantage data: '{args.code}' is not a play code (it looks like K7QM-3TXR)", file=sys.stderr)
                return 2
            cur = conn.execute("DELETE FROM play_sessions WHERE withdrawal_code = ?", (code,))
            if cur.rowcount == 0:
                print(f"vantage data: no play with code {code} here (already deleted, or played on another machine)",
                      file=sys.stderr)
                return 1
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no copy of the deleted pages left in the journal
            print(f"Deleted play {code} and everything recorded in it.")
            return 0
    finally:
        conn.close()
    return 2
