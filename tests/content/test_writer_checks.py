"""Checks added for writers in issue 12: teaching assertions that cannot be measured (V047), text lost to a
comment (V049) without false alarms, and `check` answering from the compiled cache for unchanged files."""
from __future__ import annotations

import pytest

from game.content import load_narrative
from game.content.comments import lost_to_comments
from tests.storykit import write_story
from tools.check import check


@pytest.mark.parametrize("block, words", [
    ("  - beat: s.nowhere\n    min_percent: 5\n", "unknown beat `s.nowhere`"),
    ("  - stat: energi\n    range: [0, 3]\n    min_percent: 5\n", "did you mean `energy`"),
    ("  - stat: energy\n    min_percent: 5\n", "needs `range"),
    ("  - stat: energy\n    range: [5, 1]\n    min_percent: 5\n", "lowest value first"),
    ("  - ending: good\n", "needs `min_percent`"),
    ("  - ending: good\n    beat: s.a\n    min_percent: 5\n", "exactly one of"),
    ("  - max_minutes: 10\n    min_percent: 5\n", "takes no `min_percent`"),
])
def test_unmeasurable_assertions_are_errors(tmp_path, block, words):
    res = load_narrative(write_story(tmp_path, extra="tests:\n" + block), use_cache=False)
    v047 = [d for d in res.diagnostics if d.code == "V047"]
    assert v047 and words in (v047[0].message + " " + (v047[0].hint or "")), [d.format() for d in res.diagnostics]
    assert not res.ok


def test_good_assertions_pass_check(tmp_path):
    extra = ("tests:\n  - ending: good\n    min_percent: 5\n  - beat: s.a\n    min_percent: 100\n"
             "  - stat: energy\n    range: [0, 10]\n    min_percent: 90\n  - max_minutes: 3\n")
    res = load_narrative(write_story(tmp_path, extra=extra), use_cache=False)
    assert res.ok and res.diagnostics == [], [d.format() for d in res.diagnostics]


@pytest.mark.parametrize("text", [
    '      - narrate: "The group chat #year10 is loud."\n',
    "      - narrate: The group chat is loud.  # first draft: shorten\n",
    "      - narrate: |\n          The group chat #year10 is loud.\n",
    "      - narrate: >-\n          The group chat\n          #year10 is loud.\n",
    "    # - narrate: The group chat #year10\n",
    "      - narrate: 'It is #1 on the list'\n",
])
def test_no_false_alarm_for_text_that_is_kept(text):
    assert lost_to_comments("s.yaml", "beats:\n  - id: a\n    lines:\n" + text) == []


@pytest.mark.parametrize("text, kept, lost", [
    ("      - narrate: The group chat #year10 #squad has 31 people.\n", "The group chat",
     "#year10 #squad has 31 people."),
    ("      - thought:\n          - You are #1 at worrying\n", "You are", "#1 at worrying"),
    ("        text: Post it #nofilter\n", "Post it", "#nofilter"),
])
def test_lost_text_is_named(text, kept, lost):
    found = lost_to_comments("s.yaml", "beats:\n  - id: a\n    lines:\n" + text)
    assert len(found) == 1 and f"`{kept}`" in found[0].message and f"`{lost}`" in found[0].message


def test_check_uses_the_compiled_cache_for_unchanged_files(tmp_path, monkeypatch):
    scene = ("id: s\ntitle: T\nbeats:\n  - id: a\n    lines:\n      - narrate: The chat #year10 is loud.\n"
             "    choices:\n      - {id: go, text: Go, ending: good}\n      - {id: stay, text: Stay, ending: bad}\n")
    path = write_story(tmp_path, scene=scene)
    first = check([path])
    assert [d.code for d in first] == ["V049"]
    import game.content.load as load

    def no_parsing(*a, **k):
        raise AssertionError("an unchanged story was parsed again")
    monkeypatch.setattr(load, "load_document", no_parsing)
    assert check([path]) == first  # the same warnings, from the cache
    monkeypatch.undo()
    (tmp_path / "scenes" / "s.yaml").write_text(scene.replace("#year10", "year 10"))
    assert check([path]) == []  # a changed file is checked again
