"""One mistake, one message: a writer's typical slip must not also produce follow-on errors that point elsewhere
(an unreadable scene file making `start` and every ending look wrong, an invalid speaker also reported as missing,
a stat with one bad field reported as undeclared wherever it is used), and YAML syntax errors are in plain words."""
from __future__ import annotations

import pytest

from game.content import load_narrative
from game.content.yamlwalk import compose
from tests.storykit import NARRATIVE, SCENE, write_story


def codes(path) -> list[tuple[str, str, int]]:
    res = load_narrative(path, use_cache=False)
    return [(d.code, d.path.replace("\\", "/").rsplit("/", 1)[-1], d.line) for d in res.diagnostics]


@pytest.mark.parametrize("broken", [
    SCENE.replace("    choices:", "\tchoices:"),                   # a tab
    SCENE.replace("text: Go", "text: Note: go"),                   # an unquoted colon
    "",                                                            # an empty file
    SCENE.encode("utf-16").decode("latin-1"),                      # Notepad's UTF-16 (read back as bytes)
])
def test_an_unreadable_scene_file_gives_one_error_not_a_cascade(tmp_path, broken):
    path = write_story(tmp_path)
    (tmp_path / "scenes" / "s.yaml").write_bytes(broken.encode("latin-1"))
    found = codes(path)
    assert len([c for c in found if c[0] in ("V001", "V002", "V012")]) == 1, found
    # not also: "goto to unknown scene `s`" for start, nor "ending never reached" for each ending
    assert not [c for c in found if c[0] in ("V021", "V045")], found


def test_a_missing_scene_file_gives_one_error(tmp_path):
    path = write_story(tmp_path, narrative=NARRATIVE.replace("{scenes}", "  - ../scenes/ss.yaml"))
    found = codes(path)
    assert [c[0] for c in found] == ["V001"], found


def test_a_real_goto_mistake_is_still_reported_when_every_file_reads(tmp_path):
    path = write_story(tmp_path, narrative=NARRATIVE.replace("start: s.a", "start: s.b"))
    assert ("V021", "t.yaml") in [c[:2] for c in codes(path)]


def test_an_invalid_speaker_is_not_also_reported_as_missing(tmp_path):
    scene = SCENE.replace("  - id: a\n", "  - id: a\n    lines:\n      - say: Hi\n        speaker: Jo\n")
    found = codes(write_story(tmp_path, scene=scene))
    assert [c[0] for c in found] == ["V013"], found  # `Jo` is not a valid id; the speaker is not missing


def test_a_stat_with_one_bad_field_is_not_undeclared_everywhere(tmp_path):
    narrative = NARRATIVE.replace("    max: 10", '    max: "10"')
    scene = SCENE.replace("        text: Go\n", "        text: Go\n        requires: energy > 2\n"
                          "        locked_reason: Too tired.\n        effects:\n          - energy -= 1\n")
    found = codes(write_story(tmp_path, scene=scene, narrative=narrative))
    assert [c[:2] for c in found] == [("V012", "t.yaml")], found  # only the quoted number, not V031 twice


@pytest.mark.parametrize("text,line,col,words", [
    ("a:\n\tb: 1\n", 2, 1, "a tab is used for indentation"),
    ("lines:\n  - narrate: Note: this\n", 2, 18, "a `: ` (colon and space)"),
    ("choices:\n  - id: a\n    text: b\n   goto: c\n", 4, 4, "not lined up"),
    ('a: "hello\nb: 2\n', 1, 4, "a quote is opened here but never closed"),
    ("text: 'It's fine'\n", 1, 11, "more text after a closing quote"),
    ("text: @home\n", 1, 7, "text cannot start with `@`"),
])
def test_yaml_syntax_errors_are_in_plain_words(text, line, col, words):
    diags = []
    compose(text, "f.yaml", diags)
    [d] = diags
    assert (d.code, d.line, d.col) == ("V002", line, col)
    assert words in d.message and "scanning" not in d.message and "parsing" not in d.message
    assert d.hint


def test_a_misspelt_speaker_key_is_one_error(tmp_path):
    scene = SCENE.replace("  - id: a\n", "  - id: a\n    lines:\n      - say: Hi\n        Speaker: jo\n")
    found = codes(write_story(tmp_path, scene=scene))
    assert [c[0] for c in found] == ["V010"], found  # `Speaker` is unknown (did you mean `speaker`?), not also V011


def test_a_beat_without_its_dash_gets_a_hint_about_the_dash(tmp_path):
    scene = SCENE + "    id: b\n    ending: bad\n"  # `- ` forgotten: the keys join the beat above
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    dup = next(d for d in res.diagnostics if d.code == "V005")
    assert "`id` appears twice" in dup.message and "put `- ` before `id:`" in dup.hint
