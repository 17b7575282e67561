"""`vantage play NARRATIVE`: the windowed player, or the terminal player with --text."""
from __future__ import annotations

import argparse
import os
import sys

from typing import TYPE_CHECKING

from tools.play_window import add_window_arguments, run_window_from_args
from tools.telemetry_args import add_telemetry_arguments, resolve_data_dir

if TYPE_CHECKING:  # pragma: no cover
    from game.content import LoadResult

# pygame prints a "pygame-ce 2.x (SDL ...)" banner on import: noise in front of students and of error messages
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("narrative", nargs="?", help="a narrative id (e.g. morning-bus) or a path to its .yaml file")
    p.add_argument("--text", action="store_true", help="play in the terminal (for writers)")
    p.add_argument("--seed", type=int, default=None, help="random seed for line variants (and autoplay choices)")
    p.add_argument("--start", metavar="SCENE.BEAT", help="start from this beat (playtesting)")
    p.add_argument("--set", metavar="NAME=VALUE", action="append", default=[],
                   help="set a stat or flag before starting, e.g. --set energy=2 --set texted_jo=true")
    p.add_argument("--country", metavar="CODE",
                   help="whose help lines the debrief shows: GB, IE, US, CA, AU, NZ, ES, ... (default: the classroom's "
                        "country, else this machine's locale, else international help)")
    p.add_argument("--locale", metavar="LANG",
                   help="play in this language, e.g. es (the story's translation and the game's own words)")
    add_window_arguments(p)
    add_telemetry_arguments(p)


def help_country(args: argparse.Namespace) -> str | None:
    """Whose help lines the debrief shows: --country, else the classroom's country, else None (the machine's locale,
    decided by game.content.helplines.place_help)."""
    from game.content.helplines import normalise_country
    given = normalise_country(getattr(args, "country", None))
    if given:
        return given
    code = getattr(args, "cohort", None)
    if code:
        from game.telemetry.query import cohort_country
        from tools.telemetry_args import resolve_data_dir
        return cohort_country(code, resolve_data_dir(args))
    return None


def choose_language(locale: str | None) -> tuple[str | None, str | None]:
    """(the engine language now active, or None; a message for a --locale Vantage cannot speak, exit 2)."""
    from game import i18n
    from game.content.catalogue import CatalogueError
    if locale is None:
        return None, None
    available = {i18n.SOURCE_LANGUAGE: None, **i18n.engine_languages()}
    code = i18n.find_language(locale, available)
    if code is None:
        return None, (f"--locale {locale}: Vantage has no such language (it has: {', '.join(sorted(available))})")
    try:
        return i18n.set_language(code), None
    except CatalogueError as exc:
        return None, f"--locale {locale}: {exc}"


def story_in_language(narrative, locale: str | None):
    """The story in the chosen language; when it has no translation, the source, with a note on stderr."""
    from game.content.translation import in_language
    from game.i18n import _
    translated, note = in_language(narrative, locale, engine=_)
    if note:
        print(f"vantage play: {note}", file=sys.stderr)
    return translated


def parse_overrides(items: list[str]) -> dict[str, object] | str:
    """NAME=VALUE pairs as numbers and booleans, or an error message."""
    out: dict[str, object] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not name or not raw:
            return f"--set expects NAME=VALUE, got `{item}`"
        if raw.lower() in ("true", "false"):
            out[name] = raw.lower() == "true"
        else:
            try:
                out[name] = int(raw)
            except ValueError:
                try:
                    out[name] = float(raw)
                except ValueError:
                    return f"--set {name}: `{raw}` is not a number or true/false"
    return out


def run(args: argparse.Namespace) -> int:
    overrides = parse_overrides(args.set)
    if isinstance(overrides, str):
        print(f"vantage play: {overrides}", file=sys.stderr)
        return 2
    args.locale, problem = choose_language(getattr(args, "locale", None))
    if problem:
        print(f"vantage play: {problem}", file=sys.stderr)
        return 2
    if args.text:
        window_only = [flag for flag, on in (
            ("--autoplay", getattr(args, "autoplay", False)),
            ("--screenshots", getattr(args, "screenshots", None) is not None),
            ("--bench", getattr(args, "bench", False)),
            ("--fullscreen/--windowed", getattr(args, "fullscreen", None) is not None),
            ("--kiosk", getattr(args, "kiosk", False))) if on]
        if window_only:  # silently ignoring them would leave a facilitator believing the terminal was a kiosk
            verb = "works" if len(window_only) == 1 else "work"
            print(f"vantage play: {', '.join(window_only)} only {verb} in the window: leave out --text",
                  file=sys.stderr)
            return 2
    if getattr(args, "follow_up", False):
        problem = _follow_up_problem(args, overrides)
        if problem:
            print(f"vantage play: --follow-up {problem}", file=sys.stderr)
            return 2
    if getattr(args, "cohort", None) and not args.narrative and not getattr(args, "no_record", False):
        # a classroom code belongs to one story: with no story named, play that one
        from game.telemetry.query import cohort_story
        args.narrative = cohort_story(args.cohort, resolve_data_dir(args))
    # the story is loaded here (once) for the terminal, and for a window playtest whose --start/--set need checking
    wanted = args.narrative and (args.text or args.start or overrides)
    # the story loader is imported only when a story is loaded here: the window's first frame does not wait for it
    res = None
    if wanted:
        from game.content import load_narrative
        res = load_narrative(args.narrative)
    mismatch = _cohort_story_mismatch(args, res)
    if mismatch:
        print(f"vantage play: {mismatch}", file=sys.stderr)
        return 2
    if res is None:
        if not args.text:
            return run_window_from_args(args, overrides)
        print("vantage play: --text needs a NARRATIVE (e.g. `vantage play --text morning-bus`)", file=sys.stderr)
        return 2
    if not res.ok:
        for d in res.diagnostics:
            print(d.format(), file=sys.stderr)
        print(f"vantage play: `{args.narrative}` has errors; fix them first (`vantage check`)", file=sys.stderr)
        return 1
    narrative = story_in_language(res.narrative, args.locale)
    if getattr(args, "country", None):
        from game.content.helplines import normalise_country
        if normalise_country(args.country) is None:
            print(f"vantage play: --country {args.country}: use a two-letter country code, e.g. GB, IE, US, CA, "
                  "AU, NZ", file=sys.stderr)
            return 2
    problem = _playtest_problem(narrative, args.start, overrides)
    if problem:
        print(f"vantage play: {problem}", file=sys.stderr)
        return 2
    if not args.text:
        return run_window_from_args(args, overrides)
    recorded = _text_with_telemetry(args, narrative, overrides)
    if recorded is not None:
        return recorded
    from tools.text_player import play_text
    code, _ = play_text(narrative, seed=args.seed or 0, start=args.start, overrides=overrides,
                        stdin=sys.stdin, stdout=sys.stdout, country=help_country(args))  # now, not as bound when text_player was imported
    return code


def _follow_up_problem(args: argparse.Namespace, overrides: dict) -> str | None:
    """Why a follow-up cannot run as asked, or None. It links answers to a student's first play by their participant
    code, whose key belongs to the classroom: so it needs --cohort, recording, and no playtest options."""
    if not getattr(args, "cohort", None):
        return "needs the classroom code of the first session (--cohort CODE)"
    if getattr(args, "no_record", False):
        return "records answers: it cannot be combined with --no-record"
    if args.start or overrides:
        return "asks questions only: --start and --set do not apply"
    return None


def _playtest_problem(narrative, start: str | None, overrides: dict[str, object]) -> str | None:
    """Why --start/--set do not fit this story, or None. Checked before the story (or the window) starts, so it
    never half-starts, and a window playtest is refused in one line instead of stopping as if it had crashed."""
    from game.story.runner import playtest_problem
    problem = playtest_problem(narrative, start, overrides)
    return None if problem is None else f"--{problem[0]} {problem[1]}: {problem[2]}"


def _text_with_telemetry(args: argparse.Namespace, narrative, overrides: dict) -> int | None:
    """The terminal player with consent, questionnaires and recording; None when recording does not apply
    (--no-record, or a playtest started mid-story with --start/--set, which is never recorded)."""
    if getattr(args, "no_record", True) or args.start or overrides:
        return None
    from game.telemetry.flow import Telemetry, TelemetryOptions
    from tools.text_session import play_text_recorded
    try:
        telemetry = Telemetry.open(TelemetryOptions.from_args(args))
    except ValueError as exc:
        print(f"vantage play: {exc}", file=sys.stderr)
        return 2
    try:
        return play_text_recorded(narrative, telemetry, seed=args.seed or 0, country=help_country(args))
    finally:
        telemetry.close()


def _cohort_story_mismatch(args: argparse.Namespace, res: LoadResult | None = None) -> str | None:
    """Why --cohort does not fit the story asked for, or None. A classroom code belongs to one story: plays of
    another story under it would be mixed into that class's report (other questions, other choices).
    `res`: the story already loaded by the caller (else it is loaded here, only when a --cohort is given)."""
    code = getattr(args, "cohort", None)
    if not code or not args.narrative or getattr(args, "no_record", False):
        return None
    from game.telemetry import codes, query
    wanted = query.cohort_story(code, resolve_data_dir(args))
    if res is None and wanted is not None:
        from game.content import load_narrative
        res = load_narrative(args.narrative)
    if wanted is None or not res.ok or res.narrative.id == wanted:
        return None
    return (f"classroom {codes.normalise_code(code)} is for the story `{wanted}`, not `{res.narrative.id}`: "
            f"start `vantage play {wanted} --cohort {codes.normalise_code(code)}`, or make a classroom code for "
            f"this story with `vantage cohort new --narrative {res.narrative.id} --name NAME`")
