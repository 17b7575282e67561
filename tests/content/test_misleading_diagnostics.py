"""Issue 12, section 6: diagnostics that used to send a writer the wrong way, each with the story that showed it."""
from __future__ import annotations

from game.content import load_narrative
from tests.storykit import write_story

MENU = "    choices:\n      - {id: go, text: Go, ending: good}\n      - {id: stay, text: Stay, ending: bad}\n"


def diags(tmp_path, scene: str, **kw):
    return load_narrative(write_story(tmp_path, scene=scene, **kw), use_cache=False).diagnostics


def test_missing_background_hint_gives_the_folder_and_its_files_not_a_lookalike(tmp_path):
    for name in ("home.png", "bus.png"):
        (tmp_path / "assets" / "backgrounds").mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets" / "backgrounds" / name).write_bytes(b"x")
    found = diags(tmp_path, "id: s\ntitle: T\nbackground: backgrounds/Phone.png\nbeats:\n  - id: a\n" + MENU)
    v050 = next(d for d in found if d.code == "V050")
    assert v050.hint == "The files in assets/backgrounds/ are: bus.png, home.png"  # no "did you mean `home.png`"
    found = diags(tmp_path / "2", "id: s\ntitle: T\nbackground: backgrounds/hme.png\nbeats:\n  - id: a\n" + MENU)
    assert "did you mean" not in next(d for d in found if d.code == "V050").hint  # (an empty assets folder)


def test_a_near_miss_background_is_suggested_with_its_whole_path(tmp_path):
    (tmp_path / "assets" / "backgrounds").mkdir(parents=True)
    (tmp_path / "assets" / "backgrounds" / "kitchen.png").write_bytes(b"x")
    found = diags(tmp_path, "id: s\ntitle: T\nbackground: backgrounds/kitchn.png\nbeats:\n  - id: a\n" + MENU)
    assert next(d for d in found if d.code == "V050").hint.startswith("did you mean `backgrounds/kitchen.png`?")


def test_yes_in_a_condition_says_write_true(tmp_path):
    scene = ("id: s\ntitle: T\nbeats:\n  - id: a\n    choices:\n"
             "      - {id: go, text: Go, if: brave == yes, ending: good}\n      - {id: stay, text: Stay, ending: bad}\n")
    v031 = next(d for d in diags(tmp_path, scene) if d.code == "V031")
    assert "write `true`" in v031.hint and "declare" not in v031.hint


def test_a_copied_beat_id_explains_the_goto_instead_of_pointing_it_at_the_copy(tmp_path):
    scene = ("id: s\ntitle: T\nbeats:\n  - id: a\n    choices:\n      - {id: go, text: Go, goto: b}\n"
             "      - {id: on, text: On, goto: b2}\n  - id: b\n    ending: good\n  - id: b\n    ending: bad\n")
    found = diags(tmp_path, scene)
    assert [d.code for d in found if d.is_error] == ["V020"]  # no V021 first, whose hint said `b` (a loop)
    assert "meant to be `b2`" in found[0].hint and found[0].line == 10


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    scene = ('id: s\ntitle: T\nbeats:\n  - id: a\n    lines:\n      - narrate: "Hello there\n'
             '      - narrate: Fine\n      - say: "Hi"\n        speaker: jo\n' + MENU)
    v002 = next(d for d in diags(tmp_path, scene) if d.code == "V002")
    assert (v002.line, v002.col) == (6, 18) and "line 8" in v002.message


def test_a_scene_left_out_of_scenes_is_named_in_the_hint(tmp_path):
    scene = ("id: s\ntitle: T\nbeats:\n  - id: a\n    choices:\n      - {id: go, text: Go, goto: t.x}\n"
             "      - {id: on, text: On, goto: t.x}\n      - {id: w, text: W, ending: bad}\n")
    path = write_story(tmp_path, scene=scene)
    (tmp_path / "scenes" / "t.yaml").write_text("id: t\ntitle: T\nbeats:\n  - id: x\n    ending: good\n")
    found = load_narrative(path, use_cache=False).diagnostics
    v021 = [d for d in found if d.code == "V021"]
    assert v021 and all("t.yaml" in d.hint and "`scenes:`" in d.hint for d in v021)
    assert not any(d.code == "V045" for d in found)  # `good` is reached from the unlisted file: not a second puzzle
