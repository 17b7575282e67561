"""The `vantage` command: one entry point, one module per subcommand (imported only when used, so start-up is fast).

Each subcommand module exposes `add_arguments(parser)` and `run(args) -> int`.
Exit codes: 0 success, 1 the content or data has problems, 2 the command line is wrong.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# name -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "check": ("tools.check", "check stories for mistakes (file:line:col diagnostics)"),
    "test": ("tools.playtest_cmd", "play every branch and 10,000 random games: coverage, endings, reading time"),
    "review": ("tools.review_cmd", "reviewers sign off a story (lived experience, educator, clinician)"),
    "lint": ("tools.lint_cmd", "responsible language and safe messaging about suicide and self-harm (L codes)"),
    "new": ("tools.new_cmd", "start a new story from a small complete example"),
    "graph": ("tools.graph", "a story map in one HTML file (beats, choices, locks, endings; how a class chose)"),
    "schema": ("tools.schema_cmd", "print the JSON Schema of story files (for editor autocompletion)"),
    "ids": ("tools.ids", "give every line of a scene a stable id (before translating it)"),
    "translate": ("tools.translate", "translate stories, questionnaires and the engine (.po catalogues)"),
    "play": ("tools.play", "play a story in a window, or in the terminal with --text"),
    "cohort": ("tools.cohort", "create, list, export and import classroom codes"),
    "data": ("tools.data", "export, import and delete recorded play data"),
    "report": ("tools.report", "the facilitator's report: participation, attitude shift, class choices"),
    "simulate": ("tools.simulate", "synthesise play sessions to preview a report"),
    "doctor": ("tools.doctor", "the versions of Python, pygame-ce, SDL, PyYAML and libyaml in use (for bug reports)"),
    "serve": ("tools.serve", "the class hub: students' machines send their plays here; live dashboard"),
    "lrs": ("tools.lrs", "send recorded plays as xAPI statements to a learning record store"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a one-line message, never a traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


class _VersionAction(argparse.Action):
    """`vantage --version`: the same table as `vantage doctor`, imported only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from tools.doctor import format_versions
        print(format_versions())
        raise SystemExit(0)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; only the subcommand `only` gets its arguments (its module imported). `vantage --help` lists the
    subcommands from SUBCOMMANDS alone, importing none of them (it was 9x the start-up of `python -c pass`)."""
    parser = _Parser(prog="vantage", description="Vantage: empathy stories for classrooms.")
    parser.add_argument("--version", action=_VersionAction, help="print the versions in use (for bug reports)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == only:
            module = importlib.import_module(module_name)
            module.add_arguments(p)
            p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C while the command was still starting up (imports, arguments)
        print("\nStopped.", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    only = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    parser = build_parser(only)
    args = parser.parse_args(argv)
    if not hasattr(args, "_run"):
        parser.print_help()
        return 2
    _surface_recording_problems(args)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` or a pager that was closed: no traceback for that
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
        except (OSError, ValueError):
            pass
        return 1


def _surface_recording_problems(args: argparse.Namespace) -> None:
    """Tell the facilitator (never a student: not on `play`) if recording failed since the last command."""
    if args.command == "play":
        return
    from game.telemetry import health
    health.surface_problems(getattr(args, "data_dir", None), sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
