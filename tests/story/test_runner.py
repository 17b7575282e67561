"""The story runner: deterministic, resumable from saves, strict about choices, and true to the writer's rules
(once-only choices, conditional lines, visited(), seeded variants, clamped stats, playtest start and overrides)."""
from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content import load_narrative
from game.story import (ChoicesOffered, EndingReached, FlagChanged, Line, SceneEntered, StatChanged, Story,
                        StoryError, Thought)
from tests.storykit import write_story


@pytest.fixture(scope="module")
def bus():
    res = load_narrative("morning-bus", use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    return res.narrative


def play(narrative, seed: int, picks: random.Random, story: Story | None = None, first=None):
    """Play to an ending choosing available options with `picks`; returns (all events, choices made)."""
    story = story or Story(narrative, seed=seed)
    events = list(first if first is not None else story.start())
    made = []
    while not story.finished:
        option = picks.choice(story.menu.available)
        made.append(option.choice_id)
        events += story.choose(option.choice_id)
    return events, made


def test_same_seed_and_choices_give_identical_events(bus):
    for seed in random.Random(7).sample(range(1 << 32), 60):
        a, made_a = play(bus, seed, random.Random(seed))
        b, made_b = play(bus, seed, random.Random(seed))
        assert a == b and made_a == made_b
        assert isinstance(a[-1], EndingReached) and a[-1].ending_id in bus.endings


def test_seed_changes_variants_but_not_the_path(bus):
    texts, paths = set(), set()
    for seed in range(40):
        events, _ = play(bus, seed, random.Random(0))  # the same choices every time
        texts.add(tuple(e.text for e in events if isinstance(e, (Line, Thought))))
        paths.add(tuple((type(e).__name__, getattr(e, "beat_id", None)) for e in events))
    assert len(texts) > 1  # variants differ with the seed, the story's path does not
    assert len(paths) == 1


def test_every_ending_is_reachable_by_some_player(bus):
    seen = {play(bus, seed, random.Random(seed))[0][-1].ending_id for seed in range(200)}
    assert seen == set(bus.endings)


def test_events_start_with_the_scene_and_end_with_a_menu(bus):
    events = Story(bus, seed=1).start()
    assert isinstance(events[0], SceneEntered) and events[0].scene_id == "home"
    assert isinstance(events[-1], ChoicesOffered) and events[-1].menu_id == "home.alarm"
    assert [o.position for o in events[-1].options] == [1, 2]


@pytest.mark.parametrize("steps", [0, 1, 2, 3, 4])
def test_save_and_load_mid_story_continues_identically(bus, steps):
    for seed in range(25):
        picks = random.Random(seed * 31 + steps)
        story = Story(bus, seed=seed)
        story.start()
        for _ in range(steps):
            if story.finished:
                break
            story.choose(picks.choice(story.menu.available).choice_id)
        saved = story.save()
        json.loads(saved)  # plain JSON
        loaded = Story.load(bus, saved)
        for attr in ("seed", "counter", "values", "visits", "once_taken", "beat", "scene", "menu", "ending"):
            assert getattr(loaded, attr) == getattr(story, attr), attr
        assert loaded.save() == saved
        state = picks.getstate()
        rest_a, _ = play(bus, seed, picks, story, first=[])
        picks.setstate(state)
        rest_b, _ = play(bus, seed, picks, loaded, first=[])
        assert rest_a == rest_b


def test_resume_events_redraw_the_screen(bus):
    story = Story(bus, seed=2)
    story.start()
    story.choose("get-up")
    loaded = Story.load(bus, story.save())
    events = loaded.resume_events()
    assert isinstance(events[0], SceneEntered) and events[0].scene_id == "home"
    assert events[-1] == story.menu


def test_save_after_the_ending(bus):
    story = Story(bus, seed=0)
    events, _ = play(bus, 0, random.Random(0), story)
    loaded = Story.load(bus, story.save())
    assert loaded.finished and loaded.ending == story.ending
    assert loaded.resume_events()[-1] == story.ending
    with pytest.raises(StoryError, match="ended"):
        loaded.choose("anything")


def test_leave_ends_with_kind_left_and_survives_a_save(bus):
    story = Story(bus, seed=0)
    story.start()
    ending = story.leave()
    assert ending.kind == "left" and story.finished and story.menu is None
    assert Story.load(bus, story.save()).ending.kind == "left"


def test_absent_choice_is_refused_with_the_choices_named(bus):
    story = Story(bus, seed=0)
    story.start()
    with pytest.raises(StoryError) as info:
        story.choose("fly-away")
    assert "fly-away" in str(info.value) and "get-up" in str(info.value)
    assert story.menu is not None  # nothing changed: the player can still choose
    story.choose("get-up")


def test_locked_choice_is_refused_with_its_reason(bus):
    story = Story(bus, seed=0)
    story.start(overrides={"anxiety": 9})
    story.choose("snooze")  # to the desk,
    story.choose("whisper-notes")  # then the kitchen, where `eat` needs anxiety < 6
    option = next(o for o in story.menu.options if o.choice_id == "eat")
    assert not option.available and option.locked_reason
    before = story.save()
    with pytest.raises(StoryError) as info:
        story.choose("eat")
    assert "locked" in str(info.value) and option.locked_reason in str(info.value)
    assert story.save() == before


def test_choose_before_start_and_start_twice(bus):
    story = Story(bus)
    with pytest.raises(StoryError, match="not started"):
        story.choose("get-up")
    with pytest.raises(StoryError):
        story.save()
    story.start()
    with pytest.raises(StoryError, match="already started"):
        story.start()


# --- saves that are damaged or belong elsewhere ------------------------------------------------------------------

def _save(bus) -> dict:
    story = Story(bus, seed=5)
    story.start()
    story.choose("get-up")
    return json.loads(story.save())


@pytest.mark.parametrize("change", [
    lambda d: "",
    lambda d: "{not json",
    lambda d: b"\xff\xfe\x00",
    lambda d: "[]",
    lambda d: "null",
    lambda d: {**d, "format": "something-else"},
    lambda d: {**d, "version": 99},
    lambda d: {**d, "version": "1"},
    lambda d: {**d, "narrative": "another-story"},
    lambda d: {k: v for k, v in d.items() if k != "seed"},
    lambda d: {**d, "seed": "x"},
    lambda d: {**d, "counter": 1e400},
    lambda d: {**d, "counter": None},
    lambda d: {**d, "beat": "home.nowhere"},
    lambda d: {**d, "beat": ["home.kitchen"]},
    lambda d: {**d, "values": 5},
    lambda d: {**d, "visits": {"home.alarm": "many"}},
    lambda d: {**d, "visits": {"home.alarm": 1e400}},
    lambda d: {**d, "visits": [1, 2]},
    lambda d: {**d, "once": 5},
    lambda d: {**d, "ending": ["x"]},
    lambda d: {**d, "ending": 5},
    lambda d: {**d, "ending": ["no-such-ending", "finished"]},
    lambda d: {**d, "ending": {"a": 1}},
], ids=range(24))
def test_damaged_or_foreign_save_gives_story_error(bus, change):
    data = change(_save(bus))
    text = data if isinstance(data, (str, bytes)) else json.dumps(data)
    with pytest.raises(StoryError) as info:
        Story.load(bus, text)
    assert str(info.value)  # a sentence for the player, not an empty error


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
                    max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from(["format", "version", "narrative", "seed", "counter", "beat", "scene", "values", "visits",
                            "once", "ending", "extra"]), value=JSON)
def test_fuzz_save_fields(bus, key, value):
    data = _save(bus)
    data[key] = value
    try:
        story = Story.load(bus, json.dumps(data))
    except StoryError:
        return
    # whatever loaded is playable or finished, and its stats are inside their ranges
    assert story.finished or story.menu is not None
    for name, st_def in bus.stats.items():
        assert st_def.min <= story.stat(name) <= st_def.max


# --- the writer's rules ------------------------------------------------------------------------------------------

RULES = """\
id: s
title: Rules
beats:
  - id: a
    effects:
      - energy += 3
    lines:
      - narrate: First time here.
        if: visited("a") == 1
      - narrate: Back again.
        if: visited("s.a") > 1
      - thought: [one, two, three, four, five, six]
      - narrate: Brave now.
        if: brave
    choices:
      - id: look
        text: Look around
        once: true
        effects:
          - energy -= 20
        goto: a
      - id: cheer
        text: Cheer up
        effects:
          - brave = true
          - energy = energy * 3
        goto: a
      - id: rest
        text: Rest
        requires: energy >= 8
        locked_reason: Not tired enough to rest.
        ending: good
      - id: go
        text: Go
        ending: bad
"""


@pytest.fixture
def rules(tmp_path):
    res = load_narrative(write_story(tmp_path, scene=RULES), use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    return res.narrative


def _texts(events):
    return [e.text for e in events if isinstance(e, Line)]


def test_once_only_choice_disappears_after_it_is_taken(rules):
    story = Story(rules, seed=0)
    first = story.start()
    assert [o.choice_id for o in first[-1].options] == ["look", "cheer", "rest", "go"]
    events = story.choose("look")
    assert [o.choice_id for o in events[-1].options] == ["cheer", "rest", "go"]
    assert [o.position for o in events[-1].options] == [1, 2, 3]
    with pytest.raises(StoryError):
        story.choose("look")
    # still gone after a save and load
    assert [o.choice_id for o in Story.load(rules, story.save()).menu.options] == ["cheer", "rest", "go"]


def test_conditional_lines_and_visited(rules):
    story = Story(rules, seed=0)
    first = story.start()
    assert "First time here." in _texts(first) and "Back again." not in _texts(first)
    again = story.choose("cheer")
    assert "Back again." in _texts(again) and "First time here." not in _texts(again)
    assert "Brave now." in _texts(again) and "Brave now." not in _texts(first)
    assert FlagChanged("brave", True) in again


def test_stats_are_clamped_to_their_range(rules):
    story = Story(rules, seed=0)
    events = story.start()  # 5 + 3 = 8
    assert StatChanged("energy", "Energy", 5, 8) in events
    events = story.choose("cheer")  # 8 * 3 = 24 -> 10, then +3 on entering a -> still 10
    assert StatChanged("energy", "Energy", 8, 10) in events
    assert story.stat("energy") == 10
    assert not any(isinstance(e, StatChanged) and e.new > 10 for e in events)
    events = story.choose("look")  # 10 - 20 -> 0, then +3
    assert StatChanged("energy", "Energy", 10, 0) in events and story.stat("energy") == 3


def test_requires_locks_and_unlocks(rules):
    story = Story(rules, seed=0)
    menu = story.start()[-1]
    rest = next(o for o in menu.options if o.choice_id == "rest")
    assert rest.available  # energy 8
    menu = story.choose("look")[-1]  # energy 0 + 3
    rest = next(o for o in menu.options if o.choice_id == "rest")
    assert not rest.available and rest.locked_reason == "Not tired enough to rest."


def test_variants_are_picked_by_the_seed(rules):
    picked = set()
    for seed in range(30):
        a = Story(rules, seed=seed).start()
        b = Story(rules, seed=seed).start()
        assert a == b
        picked.add(next(e.text for e in a if isinstance(e, Thought)))
    assert picked <= {"one", "two", "three", "four", "five", "six"} and len(picked) >= 4


def test_start_at_a_beat_with_overrides(bus):
    story = Story(bus, seed=0)
    events = story.start(at="school.presentation", overrides={"anxiety": 9, "used_breathing": False})
    assert isinstance(events[0], SceneEntered) and events[0].scene_id == "school"
    assert story.stat("anxiety") == 9
    speak = next(o for o in story.menu.options if o.choice_id == "speak")
    assert not speak.available  # anxiety < 8 or used_breathing does not hold


def test_start_at_a_scene_begins_at_its_first_beat(bus):
    story = Story(bus)
    story.start(at="bus")
    assert story.menu.menu_id == "bus.stop"


def test_overrides_are_clamped_and_checked(bus):
    story = Story(bus)
    story.start(overrides={"energy": 99})
    assert story.stat("energy") == 10
    for bad in ({"energy": True}, {"energy": "3"}, {"texted_jo": 1}, {"nobody": 1}):
        with pytest.raises(StoryError):
            Story(bus).start(overrides=bad)
    with pytest.raises(StoryError, match="no beat"):
        Story(bus).start(at="school.nowhere")
