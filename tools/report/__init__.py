"""`vantage report`: the facilitator's report over recorded plays (participation, attitude shift with its
uncertainty, backfire flags, how the class chose), with small groups suppressed.

    vantage report [--cohort CODE ...] [--narrative ID] [--since DATE] [--json | --csv DIR | --html FILE]

Modules: stats (numbers), data (reading SQLite), analysis (the report as a dict), text / csvout / html (outputs).
docs/report.md explains the report for teachers.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

from game.files import file_in_the_way
from tools.telemetry_args import add_data_dir_argument, open_database, resolve_data_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_argument(parser)
    parser.add_argument("--cohort", action="append", default=[], metavar="CODE",
                        help="only this classroom code (repeat for several classes)")
    parser.add_argument("--narrative", metavar="ID", default=None, help="only plays of this story")
    parser.add_argument("--since", metavar="DATE", default=None, help="only plays on or after this day (2026-11-21)")
    parser.add_argument("--simulated", action="store_true",
                        help="include plays made up by `vantage simulate` (the report is then marked as simulated)")
    parser.add_argument("--min-group", type=int, default=5, metavar="N",
                        help="hide any group smaller than N students (default 5; can be raised, never below 5)")
    parser.add_argument("--by", choices=["cohort"], default=None,
                        help="cohort: the classes side by side, each with its own interval (terminal or --json)")
    parser.add_argument("--json", action="store_true", help="print every figure as JSON instead of the summary")
    parser.add_argument("--csv", type=Path, metavar="DIR", default=None,
                        help="also write tidy CSV tables (scales, items, choices, participation) to DIR")
    parser.add_argument("--sheet", type=Path, metavar="FILE", default=None,
                        help="also write a one-page debrief sheet (HTML, prints on one A4 page) to FILE")
    parser.add_argument("--research-scores", type=Path, metavar="FILE", default=None,
                        help="research export: each matched student's scores (pseudonymous) to a CSV file, with a "
                             "warning; never part of the report")
    parser.add_argument("--research-export", type=Path, metavar="DIR", default=None,
                        help="research export: every answer per student (pseudonymous) as a long CSV with a codebook, "
                             "an SPSS .sav and a Stata .dta with labels (R: haven), with a warning; never the report")
    parser.add_argument("--html", type=Path, metavar="FILE", default=None,
                        help="also write a printable HTML report with charts to FILE")
    parser.add_argument("--from-xapi", type=Path, metavar="FILE.jsonl", default=None,
                        help="read the plays from xAPI statements (e.g. fetched from a learning record store) "
                             "instead of this machine's database")


def _fail(message: str, code: int = 1) -> int:
    print(f"vantage report: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    # imported here so that `vantage --help` stays fast (numpy, matplotlib)
    from game.telemetry import codes, db
    from tools.report import analysis, data, stats

    if args.min_group < stats.MIN_CELL:
        return _fail(f"--min-group can be raised but never set below {stats.MIN_CELL}", 2)
    try:
        since = data.parse_date(args.since) if args.since else None
    except ValueError as exc:
        return _fail(f"--since: {exc}", 2)
    cohorts = []
    for code in args.cohort:
        if not codes.is_cohort_code(code):
            return _fail(f"'{code}' is not a classroom code (6 letters and digits, see `vantage cohort list`)", 2)
        cohorts.append(codes.normalise_code(code))
    filters = data.Filters(tuple(dict.fromkeys(cohorts)), args.narrative, since, args.simulated)
    if args.by is not None:
        extra = [flag for flag, on in (("--csv", args.csv), ("--html", args.html), ("--sheet", args.sheet),
                                       ("--research-export", args.research_export),
                                       ("--research-scores", args.research_scores)) if on is not None]
        if extra:
            return _fail(f"--by cohort prints the classes side by side (terminal or --json); leave out "
                         f"{', '.join(extra)}", 2)
        from tools.report import by_cohort
        conn = open_database(args, "report", readonly=True)
        if conn is None:
            return 1
        try:
            rows = by_cohort.build(conn, filters, args.min_group)
        finally:
            conn.close()
        sys.stdout.write(json.dumps({"by_cohort": rows}, indent=2, ensure_ascii=False) + "\n" if args.json
                         else by_cohort.render(rows))
        return 0
    if args.from_xapi is not None:
        from game.telemetry.files import BadFile
        from tools.xapi_files import read_statements
        try:
            conn = read_statements(args.from_xapi)
        except BadFile as exc:
            return _fail(str(exc))
    else:
        conn = open_database(args, "report", readonly=True)
    if conn is None:
        return 1
    try:
        result = analysis.build(conn, filters, threshold=args.min_group)
        if args.research_export is not None:
            from tools.report import research
            export = research.collect(conn, filters)
    except analysis.NoData as exc:
        return _fail(str(exc))
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        # a damaged or half-written file (e.g. an interrupted copy or import): say so, never a traceback
        path = db.default_db_path(resolve_data_dir(args))
        return _fail(f"{path}: the data cannot be read; the file may be damaged or incompletely copied "
                     f"({exc.__class__.__name__}: {exc}). Nothing was changed.")
    finally:
        conn.close()
    report = result.report
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        from tools.report import text
        sys.stdout.write(text.render(report))
    target = None
    try:
        if args.csv is not None:
            from tools.report import csvout
            target = args.csv
            written = csvout.write_all(result, args.csv)
            print(f"CSV tables written to {args.csv}: {', '.join(p.name for p in written)}", file=sys.stderr)
        if args.sheet is not None:
            from tools.report import sheet
            target = args.sheet
            sheet.write(report, args.sheet)
            print(f"Debrief sheet written to {args.sheet}", file=sys.stderr)
        if args.research_scores is not None:
            from tools.report import csvout
            target = args.research_scores
            csvout.write_research_scores(result, args.research_scores)
            print(f"Research export written to {args.research_scores}: {csvout.RESEARCH_WARNING}", file=sys.stderr)
        if args.research_export is not None:
            from tools.report import csvout
            target = args.research_export
            written = research.write_export(export, args.research_export)
            print(f"Research export written to {args.research_export} ({', '.join(p.name for p in written)}): "
                  f"{csvout.RESEARCH_WARNING}", file=sys.stderr)
        if args.html is not None:
            from tools.report import html
            target = args.html
            html.write(report, args.html)
            print(f"HTML report written to {args.html}", file=sys.stderr)
    except OSError as exc:
        # name what the facilitator typed, never the hidden temporary file the write goes through
        why = exc.strerror or str(exc)
        if target is not None:
            path = Path(target).expanduser()
            # CSV and the research export: a folder; the others: a file
            blocking = file_in_the_way(path if target in (args.csv, args.research_export) else path.parent)
            if blocking is not None:
                why = f"{blocking} is a file, not a folder"
        return _fail(f"cannot write {target}: {why}")
    return 0
