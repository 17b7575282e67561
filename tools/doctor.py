"""`vantage doctor` (and `vantage --version`): the versions of Vantage, Python and the libraries in use, for bug reports."""
from __future__ import annotations

import argparse
import platform
import sys
from importlib import metadata


def versions() -> list[tuple[str, str]]:
    """(name, version) of everything that changes how Vantage reads stories and draws the window."""
    import yaml

    from game.content import yamlwalk
    from game.ui.versions import pygame_versions

    try:
        vantage = metadata.version("vantage")
    except metadata.PackageNotFoundError:
        vantage = "not installed (run from the source folder)"
    try:
        from yaml import _yaml  # the C extension: present only when the PyYAML wheel ships libyaml

        libyaml = _yaml.get_version_string()
    except ImportError:
        libyaml = "not available"
    used = yamlwalk.uses_libyaml()
    pg = pygame_versions()
    return [
        ("Vantage", vantage),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()}, {sys.platform})"),
        ("pygame-ce", pg["pygame-ce"]),
        ("SDL", pg["SDL"]),
        ("PyYAML", yaml.__version__),
        ("libyaml", f"{libyaml} ({'used' if used else 'not used: the slower pure-Python parser reads stories'})"),
    ]


def format_versions() -> str:
    rows = versions()
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.epilog = "Copy its output into every bug report."


def run(args: argparse.Namespace) -> int:
    print(format_versions())
    return 0
