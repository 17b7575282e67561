"""Replaying choice ids on an edited story (live reload): by id, never by position; stops where a choice is gone."""
from __future__ import annotations

from game.content import load_narrative
from game.story.events import ChoicesOffered, SceneEntered
from game.story.replay import replay
from tests.storykit import write_story

SCENE = """\
id: s
title: S
beats:
  - id: a
    choices:
      - {id: one, text: One, goto: b}
      - {id: two, text: Two, goto: b}
  - id: b
    lines:
      - narrate: At b.
    choices:
      - {id: go, text: Go, ending: good}
      - {id: stay, text: Stay, ending: bad}
"""


def load(tmp_path, scene: str):
    res = load_narrative(write_story(tmp_path, scene=scene), use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    return res.narrative


def test_replay_goes_by_id_even_when_the_menu_is_reordered(tmp_path):
    reordered = SCENE.replace("      - {id: one, text: One, goto: b}\n      - {id: two, text: Two, goto: b}\n",
                              "      - {id: two, text: Two, goto: b}\n      - {id: one, text: One, goto: b}\n")
    rep = replay(load(tmp_path, reordered), 1, ["one"])
    assert rep.stopped is None and rep.replayed == ["one"] and rep.story.beat == "s.b"
    assert isinstance(rep.events[0], SceneEntered) and isinstance(rep.events[-1], ChoicesOffered)
    assert rep.story.visits == {"s.a": 1, "s.b": 1}


def test_replay_stops_where_a_choice_no_longer_exists_and_says_which(tmp_path):
    renamed = SCENE.replace("{id: one, text: One, goto: b}", "{id: first, text: One, goto: b}")
    rep = replay(load(tmp_path, renamed), 1, ["one", "go"])
    assert rep.replayed == [] and rep.story.beat == "s.a"
    assert "`one` at `s.a` is no longer offered" in rep.stopped and "first" in rep.stopped
    assert rep.events[-1].menu_id == "s.a"  # the player is shown the menu where it stopped


def test_replay_stops_at_a_choice_that_is_locked_now(tmp_path):
    locked = SCENE.replace("{id: two, text: Two, goto: b}",
                           "{id: two, text: Two, requires: energy > 9, locked_reason: Too tired., goto: b}")
    rep = replay(load(tmp_path, locked), 1, ["two"])
    assert "is locked now (Too tired.)" in rep.stopped


def test_replay_to_the_end(tmp_path):
    rep = replay(load(tmp_path, SCENE), 1, ["two", "go"])
    assert rep.stopped is None and rep.story.ending.ending_id == "good"
    rep = replay(load(tmp_path / "2", SCENE), 1, ["two", "go", "again"])
    assert "ends before choice `again`" in rep.stopped
