"""The windowed side of `vantage play`: its extra options, and running the window from parsed arguments.

tools/play.py adds these options and calls `run_window_from_args` when --text is not given.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.files import file_in_the_way


def add_window_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("window")
    g.add_argument("--autoplay", action="store_true",
                   help="play by itself (seeded random choices, lines advance automatically) to an ending, then exit")
    g.add_argument("--autoplay-delay", type=float, default=0.8, metavar="SECONDS",
                   help="pause between autoplay steps (default 0.8; 0 = as fast as possible)")
    g.add_argument("--screenshots", type=Path, metavar="DIR", help="save a PNG of every beat and screen into DIR")
    g.add_argument("--bench", action="store_true", help="print frame-time statistics when the window closes")
    g.add_argument("--watch", action="store_true",
                   help="writers: reload the story when a file is saved and replay your choices (never recorded)")
    mode = g.add_mutually_exclusive_group()
    mode.add_argument("--fullscreen", dest="fullscreen", action="store_true", default=None,
                      help="open full screen (overrides the saved setting)")
    mode.add_argument("--windowed", dest="fullscreen", action="store_false", help="open in a window")


def run_window_from_args(args: argparse.Namespace, overrides: dict[str, object]) -> int:
    """`overrides`: the --set values, already parsed and checked by tools.play."""
    problem = _screenshots_problem(getattr(args, "screenshots", None))
    if problem:  # said now, in one line, not later as the window's "unexpected error"
        print(f"vantage play: {problem}", file=sys.stderr)
        return 2
    extra: dict[str, object] = {}
    if getattr(args, "autoplay_delay", None) is not None:
        extra["autoplay_delay"] = max(0.0, float(args.autoplay_delay))
    if getattr(args, "start", None):
        extra["start_at"] = args.start
    if overrides:
        extra["overrides"] = overrides
    if getattr(args, "watch", False):
        extra["watch"] = True
    telemetry = _telemetry_from_args(args, recordable=not (getattr(args, "start", None) or overrides
                                                          or getattr(args, "autoplay", False)
                                                          or getattr(args, "watch", False)))
    if isinstance(telemetry, int):
        return telemetry
    if telemetry is not None:
        from game.ui.flow import Hooks
        from game.ui.telemetry_screens import install_telemetry
        hooks = Hooks()
        install_telemetry(hooks, telemetry)
        extra["hooks"] = hooks
    extra["kiosk"] = bool(getattr(args, "kiosk", False))
    from tools.play import help_country
    extra["help_country"] = help_country(args)
    if getattr(args, "locale", None):
        extra["locale"] = args.locale
    try:
        return _run(args, extra)
    finally:
        if telemetry is not None:
            telemetry.close()


def _screenshots_problem(folder: Path | None) -> str | None:
    if folder is None:
        return None
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocking = file_in_the_way(folder)
        why = f"{blocking} is a file, not a folder" if blocking else (exc.strerror or str(exc))
        return f"--screenshots {folder}: cannot save pictures there ({why})"
    return None


def _telemetry_from_args(args: argparse.Namespace, recordable: bool) -> object:
    """The recording state for this window (None: not recorded), or an exit code for a bad classroom code."""
    from game.telemetry.flow import Telemetry, TelemetryOptions
    options = TelemetryOptions.from_args(args)
    if not recordable:  # playtests started mid-story (--start/--set) are never recorded
        options = TelemetryOptions(data_dir=options.data_dir, cohort=None, kiosk=options.kiosk, record=False)
    try:
        return Telemetry.open(options)
    except ValueError as exc:
        print(f"vantage play: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, extra: dict[str, object]) -> int:
    from game.ui.app import run_window
    return run_window(getattr(args, "narrative", None), seed=getattr(args, "seed", None),
                      autoplay=bool(getattr(args, "autoplay", False)), screenshots=getattr(args, "screenshots", None),
                      bench=bool(getattr(args, "bench", False)), fullscreen=getattr(args, "fullscreen", None), **extra)
