"""On a map, telemetry records the places a student walked to (zone_entered) and picked from the Places list
(place_chosen), by id only: never a position, and the Places list is not recorded as a menu of choices."""
from __future__ import annotations

from game.content import load_narrative
from game.story import Story
from game.telemetry import query
from game.telemetry.flow import Telemetry, TelemetryOptions
from game.telemetry.records import EVENT_TYPES
from tests.mapkit import write_map_story


def test_walking_and_the_places_list_are_recorded_by_place_id_only(tmp_path):
    n = load_narrative(write_map_story(tmp_path / "story"), use_cache=False).narrative
    tel = Telemetry.open(TelemetryOptions(data_dir=tmp_path))
    flow = tel.new_flow(n, player="window", story_factory=lambda nar, seed: Story(nar, seed))
    flow.consent(True)
    while flow.questionnaire is not None and flow.step.name == "PRE":
        for item in flow.questionnaire.items:
            flow.answer(item.id, 3)
        flow.finish_questionnaire()
    flow.start_story()
    flow.story.map_position = (48.0, 48.0)
    flow.recorder.observe(flow.story.enter("desk"))  # walked into the desk zone
    flow.recorder.observe(flow.story.use("jo"))  # talked to Jo by walking up to her
    flow.choose("door")  # then picked the door from the Places list
    tel.close()
    with query.open_db(data_dir=tmp_path) as q:
        events = [(e.type, dict(e.payload)) for e in q.events()]
    assert ("zone_entered", {"scene_id": "m", "place": "desk", "how": "entered"}) in events
    assert ("zone_entered", {"scene_id": "m", "place": "jo", "how": "used"}) in events
    assert ("place_chosen", {"scene_id": "m", "place": "door", "position": 2}) in events
    assert not any(t in ("menu_offered", "choice_made") and p.get("menu_id") == "m.map" for t, p in events)
    for t, p in events:
        assert set(p) == set(EVENT_TYPES[t])
        assert "48" not in str(p.values())  # no coordinates anywhere
