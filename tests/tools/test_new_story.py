"""`vantage new story ID`: a story that passes check --strict, lint and test as written; never overwrites."""
from __future__ import annotations

from tools.cli import main


def test_new_story_passes_every_tool(tmp_path, capsys):
    assert main(["new", "story", "first-day", "--root", str(tmp_path), "--title", 'Robin\'s "first" day']) == 0
    narrative = tmp_path / "narratives" / "first-day.yaml"
    assert (tmp_path / "scenes" / "first-day" / "morning.yaml").is_file()
    assert main(["check", "--strict", str(narrative)]) == 0, capsys.readouterr().out
    assert main(["lint", str(narrative)]) == 0
    assert main(["test", str(narrative), "--runs", "500"]) == 0
    out = capsys.readouterr().out
    assert "PASS" in out and "FAIL " not in out
    from game.content import load_narrative
    assert load_narrative(narrative).narrative.title == 'Robin\'s "first" day'


def test_new_story_never_overwrites(tmp_path, capsys):
    assert main(["new", "story", "first-day", "--root", str(tmp_path)]) == 0
    (tmp_path / "narratives" / "first-day.yaml").write_text("mine")
    assert main(["new", "story", "first-day", "--root", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "narratives" / "first-day.yaml").read_text() == "mine"


def test_bad_id_exits_2(tmp_path, capsys):
    assert main(["new", "story", "First Day", "--root", str(tmp_path)]) == 2
    assert "not a valid id" in capsys.readouterr().err
    assert not (tmp_path / "narratives").exists()
