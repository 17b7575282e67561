"""The one-folder app's entry point: `vantage` alone opens the game, `vantage COMMAND` runs that command.

Building the app itself takes 1.5 minutes, so it is not a test: .ci/run builds it and smoke-tests it from a copied
folder (`python tools/build_app.py --smoke-test`, docs/install.md)."""
from __future__ import annotations

from tools import app_entry, build_app


def test_a_command_runs_that_command(capsys):
    assert app_entry.main(["check", "morning-bus"]) == 0
    assert "No problems found." in capsys.readouterr().out


def test_no_command_plays(monkeypatch):
    seen = []
    monkeypatch.setattr("tools.cli.main", lambda argv: seen.append(argv) or 0)
    assert app_entry.main([]) == 0 and app_entry.main(["morning-bus", "--kiosk"]) == 0
    assert seen == [["play"], ["play", "morning-bus", "--kiosk"]]


def test_the_build_carries_everything_the_game_reads(tmp_path):
    args = build_app.pyinstaller_args(tmp_path / "dist", tmp_path / "work")
    assert "--onedir" in args and "--onefile" not in args
    bundled = {a.split(":")[-1].split(";")[-1] for a in args if ":" in a or ";" in a}
    for folder in ("narratives", "scenes", "questionnaires", "assets", "docs/schema", "game/locale"):
        assert folder in bundled, folder
        assert (build_app.ROOT / folder).is_dir()
