"""`vantage cohort`: create and list classroom codes, and carry a classroom to the class's other lab machines.

    vantage cohort new --narrative morning-bus --name "Period 3"
    vantage cohort list
    vantage cohort export CODE -o period3.vantage-class     (then on each lab machine:)
    vantage cohort import period3.vantage-class
    vantage cohort delete CODE --yes                         (the classroom and every play recorded under it)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.content.story_cards import card_lines
from game.files import file_in_the_way
from game.telemetry import cohorts, codes
from game.telemetry.files import BadFile
from tools.telemetry_args import add_data_dir_argument, open_database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_dir_argument(parser)
    sub = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    new = sub.add_parser("new", help="make a classroom code for a story",
                         description="make a classroom code for a story")
    new.add_argument("--narrative", metavar="ID",
                     help="the story the class plays, e.g. morning-bus (without it: the stories to choose from)")
    new.add_argument("--name", metavar="NAME", help='your label for the class, e.g. "Period 3"')
    new.add_argument("--country", metavar="CODE",
                     help="where the class is, for the help lines every debrief shows: GB, IE, US, CA, AU, NZ, ES "
                          "(or any country with a file in assets/help/); default: the machine's locale")
    sub.add_parser("list", help="list the classroom codes on this machine",
                   description="list the classroom codes on this machine, with how many plays each has")
    ex = sub.add_parser("export", help="write a classroom file to set up the class's other lab machines",
                        description="write a classroom file to set up the class's other lab machines (it holds "
                                    "the classroom's key: keep it private, delete it after the lesson)")
    ex.add_argument("code", metavar="CODE", help="the classroom code, e.g. KX7M4P")
    ex.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                    help="the classroom file to write, e.g. period3.vantage-class")
    im = sub.add_parser("import", help="add a classroom file made with `vantage cohort export`",
                        description="add a classroom file made with `vantage cohort export` on another machine")
    im.add_argument("file", type=Path, metavar="FILE", help="the classroom file (e.g. from a USB stick)")
    de = sub.add_parser("delete", help="delete a classroom and every play recorded under it",
                        description="delete a classroom code, its key and every play recorded under it on this "
                                    "machine (answers and choices too); without --yes it only says what it would do")
    de.add_argument("code", metavar="CODE", help="the classroom code, e.g. KX7M4P")
    de.add_argument("--yes", action="store_true", help="really delete")
    for p in (new, ex, im, de, sub.choices["list"]):
        add_data_dir_argument(p, sub=True)


def _card(narrative_id: str):
    from game.content import load_narrative
    from game.content.story_cards import story_card
    res = load_narrative(narrative_id)
    return story_card(res.narrative) if res.ok and res.narrative is not None else None


def _story_list() -> str:
    """Every bundled story as a teacher would choose it: title, who it is about, minutes, review, summary, notes."""
    from game.content.story_cards import card_lines, story_card
    from game.content.load import bundled_narratives
    return "\n\n".join("\n".join(card_lines(story_card(n))) for n in bundled_narratives())


def _narrative_exists(narrative_id: str) -> bool:
    from game.content import load_narrative
    return load_narrative(narrative_id).ok


def run(args: argparse.Namespace) -> int:
    if getattr(args, "action", None) is None:
        print("vantage cohort: say what to do: new, list, export, import or delete (see vantage cohort --help)",
              file=sys.stderr)
        return 2
    conn = open_database(args, "cohort")
    if conn is None:
        return 1
    try:
        if args.action == "new" and not (args.narrative or "").strip():
            print("Stories to choose from (then: vantage cohort new --narrative ID --name NAME):\n")
            print(_story_list())
            return 2
        if args.action == "new" and not args.name:
            print("vantage cohort new: say what to call the class, e.g. --name \"Period 3\"", file=sys.stderr)
            return 2
        if args.action == "new":
            narrative_id = args.narrative.strip()
            if not _narrative_exists(narrative_id):
                print(f"vantage cohort: no story called '{narrative_id}' (see the narratives/ folder)", file=sys.stderr)
                return 1
            place = None
            if getattr(args, "country", None):
                from game.content.helplines import known_countries, normalise_country
                place = normalise_country(args.country)
                if place is None:
                    print(f"vantage cohort: '{args.country}' is not a country code: use two letters, e.g. GB, IE, "
                          "US, CA, AU, NZ", file=sys.stderr)
                    return 2
                if place not in known_countries():
                    print(f"vantage cohort: warning: no help file for {place} (assets/help/{place}.yaml): debriefs "
                          f"will show the international help lines ({', '.join(known_countries())} have their own)",
                          file=sys.stderr)
            wanted = " ".join(args.name.split()).casefold()
            same = [c for c in cohorts.list_all(conn) if c.name.casefold() == wanted]
            try:
                info = cohorts.create(conn, narrative_id, args.name)
            except ValueError as exc:
                print(f"vantage cohort: {exc}", file=sys.stderr)
                return 2
            for c in same:  # made anyway (a new term may reuse a name), but two "Period 3" lists confuse reports
                print(f"vantage cohort: warning: a classroom called '{c.name}' already exists ({c.code}, made "
                      f"{c.created_date}, {c.narrative_id}); reports name classes by code, so a distinct name such "
                      f"as '{info.name} ({info.created_date})' avoids mixing them up", file=sys.stderr)
            if place:
                cohorts.set_country(conn, info.code, place)
            print(f"Classroom code for {info.name} ({info.narrative_id}): {info.code}")
            if place:
                from game.content.helplines import known_countries
                print(f"Debriefs show the help lines for {place} (assets/help/{place}.yaml)." if place in
                      known_countries() else "Debriefs show the international help lines (assets/help/INT.yaml).")
            print(f"Students start with:  vantage play {info.narrative_id} --cohort {info.code}")
            story = _card(info.narrative_id)
            if story is not None:
                print("\n" + "\n".join(card_lines(story)))
                if not story.reviewed:
                    print("  This story has not been reviewed by people with lived experience and an educator yet: "
                          "read it through before the lesson (docs/facilitator.md).")
            return 0
        if args.action == "list":
            rows = cohorts.list_all(conn)
            counts = cohorts.play_counts(conn)
            if not rows:
                print("No classroom codes yet. Make one with: vantage cohort new --narrative ID --name NAME")
                return 0
            print(f"{'code':8} {'date':10} {'plays':>5}  {'story':20} name")
            for c in rows:
                note = "" if c.has_key else "  (imported: no participant codes)"
                print(f"{c.code:8} {c.created_date:10} {counts.get(c.code, 0):>5}  {c.narrative_id:20} {c.name}{note}")
            return 0
        if args.action == "export":
            if not codes.is_cohort_code(args.code):
                print(f"vantage cohort: '{args.code}' is not a classroom code", file=sys.stderr)
                return 2
            try:
                info = cohorts.export_file(conn, codes.normalise_code(args.code), args.output)
            except OSError as exc:
                blocking = file_in_the_way(Path(args.output).parent)
                why = f"{blocking} is a file, not a folder" if blocking else (exc.strerror or exc)
                print(f"vantage cohort: cannot write {args.output}: {why}", file=sys.stderr)
                return 1
            print(f"Wrote {args.output}: import it on the class's other machines with `vantage cohort import`.")
            print("Keep it private: it holds the key that links participant codes.")
            return 0
        if args.action == "delete":
            if not codes.is_cohort_code(args.code):
                print(f"vantage cohort: '{args.code}' is not a classroom code", file=sys.stderr)
                return 2
            code = codes.normalise_code(args.code)
            info = cohorts.get(conn, code)
            plays = cohorts.play_counts(conn).get(code, 0)
            if info is None and plays == 0:
                print(f"vantage cohort: no classroom {code} here (`vantage cohort list`)", file=sys.stderr)
                return 1
            if not args.yes:
                print(f"This would delete classroom {code} and its {plays} play{'s' if plays != 1 else ''} on this "
                      "machine, answers and choices too. Run it again with --yes to do it.", file=sys.stderr)
                return 2
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM play_sessions WHERE cohort_code = ?", (code,))  # answers, events cascade
                conn.execute("DELETE FROM cohorts WHERE code = ?", (code,))
                cohorts.forget_country(conn, code)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no copy of the deleted pages left in the journal
            print(f"Deleted classroom {code} and its {plays} play{'s' if plays != 1 else ''}.")
            return 0
        if args.action == "import":
            conn.execute("BEGIN IMMEDIATE")
            try:
                info, added = cohorts.import_file(conn, args.file)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            print(f"{'Added' if added else 'Already here:'} classroom {info.code} ({info.name}, {info.narrative_id})")
            return 0
    except BadFile as exc:
        print(f"vantage cohort: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    return 2
