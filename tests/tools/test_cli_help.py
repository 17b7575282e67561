"""`vantage ... --help` explains every command, action and argument (a facilitator reads it instead of the docs)."""
from __future__ import annotations

import argparse

import pytest

from tools.cli import SUBCOMMANDS, build_parser, main


def _parsers(parser: argparse.ArgumentParser, name: str = "vantage"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def _all():
    out = {}
    for command in SUBCOMMANDS:
        for name, p in _parsers(build_parser(command)):
            if name == "vantage" or name.split()[1] == command:
                out[name] = p
    return out


PARSERS = _all()


@pytest.mark.parametrize("name", sorted(n for n in PARSERS if n != "vantage"))
def test_every_command_and_argument_has_help(name):
    p = PARSERS[name]
    assert p.description, f"`{name} --help` has no description"
    undocumented = [a.dest for a in p._actions
                    if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction)) and not a.help]
    assert undocumented == [], f"`{name} --help`: no help for {undocumented}"


def test_cohort_summary_names_every_action(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.strip().startswith("cohort"))
    assert all(word in line for word in ("create", "list", "export", "import"))
