"""`vantage --version` and `vantage doctor` name the versions a writer's bug report needs, as really installed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pygame
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from tools.cli import main; sys.exit(main())", *args],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)


def _table(out: str) -> dict[str, str]:
    return {line.split()[0]: line.split(None, 1)[1] for line in out.splitlines() if line.strip()}


def test_version_prints_python_pygame_sdl_pyyaml_and_libyaml():
    proc = _run("--version")
    assert proc.returncode == 0, proc.stderr
    rows = _table(proc.stdout)
    assert rows["Python"].startswith(".".join(map(str, sys.version_info[:3])))
    assert rows["pygame-ce"] == pygame.version.ver
    assert rows["SDL"] == ".".join(map(str, pygame.get_sdl_version()))
    assert rows["PyYAML"] == yaml.__version__
    from yaml import _yaml  # the wheels this project installs ship libyaml; a report must say which one

    assert rows["libyaml"] == f"{_yaml.get_version_string()} (used)"
    assert "pygame-ce" not in proc.stderr  # no start-up banner mixed into the output


def test_doctor_prints_the_same_table():
    assert _run("doctor").stdout == _run("--version").stdout


def test_without_libyaml_the_table_says_it_is_not_used(monkeypatch):
    from game.content import yamlwalk
    from tools import doctor

    monkeypatch.setattr(yamlwalk, "_Base", yaml.BaseLoader)
    assert "not used" in dict(doctor.versions())["libyaml"]
