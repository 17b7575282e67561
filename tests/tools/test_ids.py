"""`vantage ids`: lines get stable ids written into the file; the story, its comments and layout are otherwise untouched."""
import shutil
from pathlib import Path

from game.content import load_narrative
from game.story import Story
from tools import cli

ROOT = Path(__file__).resolve().parents[2]


def _copy_sample(tmp_path):
    for sub in ("narratives", "scenes", "assets"):
        shutil.copytree(ROOT / sub, tmp_path / sub)
    return tmp_path / "narratives" / "morning-bus.yaml", tmp_path / "scenes" / "morning-bus" / "home.yaml"


def _texts(narrative_path):
    story = Story(load_narrative(narrative_path, use_cache=False).narrative, seed=4)
    return [(getattr(e, "string_id", None), getattr(e, "text", None)) for e in story.start()]


def test_ids_are_added_once_and_string_ids_stop_depending_on_position(tmp_path, capsys):
    manifest, scene = _copy_sample(tmp_path)
    before_text = scene.read_text(encoding="utf-8")
    before = _texts(manifest)
    assert cli.main(["ids", str(scene)]) == 0
    after_text = scene.read_text(encoding="utf-8")
    assert after_text.count("id: l") >= 10
    # only `id:` lines were added: removing them gives the file back, comments and all
    stripped = "\n".join(line for line in after_text.split("\n")
                         if not line.strip().startswith("- id: l") and not line.strip().startswith("id: l"))
    original = "\n".join(line for line in before_text.split("\n") if not line.strip().startswith("- "))
    assert all(line in stripped for line in original.split("\n"))
    res = load_narrative(manifest, use_cache=False)
    assert res.ok and not res.diagnostics
    after = _texts(manifest)
    assert [t for _, t in after] == [t for _, t in before], "the story reads the same"
    # the alarm beat: the alarm sound (its caption is translatable too), a narrated line, a thought, a line added
    # later (so named l5 where it stands), Mum's line
    assert [s for s, _ in after if s and s.startswith("home.alarm.")] == ["home.alarm.l1", "home.alarm.l2",
                                                                          "home.alarm.l3", "home.alarm.l5",
                                                                          "home.alarm.l4"]
    # inserting a line above no longer renumbers the others
    scene.write_text(after_text.replace("      - id: l1\n        sound: alarm",
                                        "      - narrate: New first line.\n      - id: l1\n        sound: alarm"),
                     encoding="utf-8")
    ids = [s for s, _ in _texts(manifest) if s and s.startswith("home.alarm.")]
    assert ids[1:] == ["home.alarm.l1", "home.alarm.l2", "home.alarm.l3", "home.alarm.l5", "home.alarm.l4"]
    capsys.readouterr()
    assert cli.main(["ids", str(scene)]) == 0
    assert "gave 1 line(s)" in capsys.readouterr().out, "a second run only names the new line"


def test_windows_line_ends_are_kept_and_broken_files_are_left_alone(tmp_path, capsys):
    good = tmp_path / "s.yaml"
    good.write_bytes(b"id: s\r\ntitle: T\r\nbeats:\r\n  - id: a\r\n    lines:\r\n      - narrate: Hi\r\n    ending: e\r\n")
    assert cli.main(["ids", str(good)]) == 0
    data = good.read_bytes()
    assert b"- id: l1\r\n        narrate: Hi\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: s\ntitle: T\nbeats:\n  - id: a\n    lines:\n      - narrate: [unclosed\n", encoding="utf-8")
    before = bad.read_text(encoding="utf-8")
    assert cli.main(["ids", str(bad)]) == 1
    assert bad.read_text(encoding="utf-8") == before
    assert "nothing was changed" in capsys.readouterr().err
