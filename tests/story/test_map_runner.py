"""The runner on a map, with no window: walking is `enter`/`use`, the Places list is a menu, zones fire once or every
time, exits lock with a reason, and saves keep the zones fired and where the figure stood."""
from __future__ import annotations

import pytest

from game.content import load_narrative
from game.story import Story, StoryError
from game.story.events import BeatEntered, EndingReached, Line, PlaceLocked, PlacesOffered, ZoneEntered
from tests.mapkit import write_map_story


@pytest.fixture
def story(tmp_path):
    res = load_narrative(write_map_story(tmp_path), use_cache=False)
    assert res.ok, [d.format() for d in res.diagnostics]
    s = Story(res.narrative, seed=3)
    events = s.start()
    assert isinstance(events[-1], PlacesOffered)
    return s


def _names(story):
    return [(o.choice_id, o.available) for o in story.menu.options]


def test_arriving_runs_the_first_beat_then_offers_the_places(story):
    assert isinstance(story.menu, PlacesOffered) and story.menu.scene_id == "m"
    assert story.menu.map_path == "maps/room.tmx"
    assert _names(story) == [("desk", True), ("jo", True), ("door", False)]
    assert story.menu.options[2].locked_reason == "Not yet."


def test_walking_into_a_once_zone_fires_it_once(story):
    first = story.enter("desk")
    assert first[0] == ZoneEntered("m", "desk", "entered")
    assert any(isinstance(e, Line) and e.text == "You sit a moment." for e in first)
    assert isinstance(first[-1], PlacesOffered) and "desk" not in [o.choice_id for o in first[-1].options]
    again = story.enter("desk")
    assert again == [ZoneEntered("m", "desk", "entered")]  # walked in again: recorded, nothing happens


def test_a_person_is_used_not_entered(story):
    with pytest.raises(StoryError):
        story.enter("jo")
    events = story.use("jo")
    assert events[0] == ZoneEntered("m", "jo", "used")
    assert story.flag("brave") is True
    assert dict(_names(story))["door"] is True  # talking to Jo unlocked the door


def test_a_locked_exit_says_why_and_keeps_the_student_on_the_map(story):
    assert story.enter("door") == [ZoneEntered("m", "door", "entered"), PlaceLocked("m", "door", "Not yet.")]
    assert isinstance(story.menu, PlacesOffered)
    with pytest.raises(StoryError, match="locked"):
        story.choose("door")


def test_the_whole_map_plays_from_the_places_list(story):
    story.choose("jo")  # chosen from the list: talk
    story.choose("desk")  # go and sit
    events = story.choose("door")
    assert isinstance(events[-1], EndingReached) and events[-1].ending_id == "good"


def test_every_time_zone_fires_again(tmp_path):
    from tests.mapkit import MAP_SCENE
    res = load_narrative(write_map_story(tmp_path, MAP_SCENE.replace("    once: true\n", "")), use_cache=False)
    s = Story(res.narrative)
    s.start()
    for _ in range(3):
        events = s.enter("desk")
        assert BeatEntered("m", "sit") in events


def test_save_keeps_zones_fired_and_the_figure_position(story):
    story.enter("desk")
    story.map_position = (100.5, 64.0)
    again = Story.load(story.narrative, story.save())
    assert isinstance(again.menu, PlacesOffered) and "desk" not in [o.choice_id for o in again.menu.options]
    assert again.map_position == (100.5, 64.0)
    assert again.enter("desk") == [ZoneEntered("m", "desk", "entered")]


@pytest.mark.parametrize("pos", [["a", 1], [float("nan"), 0], [1e300, 0], "x"])
def test_a_damaged_map_position_in_a_save_is_a_clear_error(story, pos):
    import json
    data = json.loads(story.save())
    data["map_position"] = pos
    with pytest.raises(StoryError, match="damaged"):
        Story.load(story.narrative, json.dumps(data))


def test_walking_off_the_map_is_refused(story):
    story.choose("jo")
    story.choose("door")
    with pytest.raises(StoryError, match="ended"):
        story.enter("desk")


def test_walk_slows_when_the_condition_holds(tmp_path):
    from tests.mapkit import MAP_SCENE
    scene = MAP_SCENE.replace("map: maps/room.tmx\n", "map: maps/room.tmx\nslow_walk_if: energy < 3\n")
    res = load_narrative(write_map_story(tmp_path, scene), use_cache=False)
    s = Story(res.narrative)
    s.start()
    assert s.walk_slowed is False
    s2 = Story(res.narrative)
    s2.start(overrides={"energy": 1})
    assert s2.walk_slowed is True


def test_morning_bus_can_be_played_through_its_map_headless():
    n = load_narrative("morning-bus").narrative
    s = Story(n, seed=1)
    s.start(at="hallway")
    assert any("counsellor" in e.text for e in s.use("noticeboard") if isinstance(e, Line))  # help is visible
    s.enter("lockers")
    s.use("window")
    s.choose("classroom")
    assert s.scene == "school"
