"""Attempts at locked choices: recorded through the flow with ids only, once per option per menu visit."""
from __future__ import annotations

import pytest

from game.telemetry import query
from game.telemetry.records import EVENT_TYPES, RecordError
from tests.telemetry.helpers import all_values, answer_all, make_flow


def _story_started(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    return flow


def _events(tmp_path):
    with query.open_db(data_dir=tmp_path) as q:
        return [(e.type, dict(e.payload)) for e in q.events()]


def test_a_locked_choice_tried_is_recorded_once_per_menu_visit_with_ids_only(tmp_path):
    flow = _story_started(tmp_path)
    for _ in range(3):  # a student hammering the key
        flow.locked_tried("call")
    flow.recorder.observe([flow.story.menu])  # the same menu offered again (as in a loop): a new visit
    flow.locked_tried("call")
    flow.choose("get-up")
    flow.locked_tried("run")
    flow.choose("board")
    flow.done()
    flow.telemetry.close()
    events = _events(tmp_path)
    tried = [(i, p) for i, (t, p) in enumerate(events) if t == "locked_choice_tried"]
    assert [p for _, p in tried] == [{"menu_id": "home.wake", "choice_id": "call"},
                                     {"menu_id": "home.wake", "choice_id": "call"},
                                     {"menu_id": "bus.door", "choice_id": "run"}]
    for i, p in tried:
        assert set(p) == set(EVENT_TYPES["locked_choice_tried"]) == {"menu_id", "choice_id"}
        assert events[i - 1][0] in ("menu_offered", "locked_choice_tried")  # while the menu was on screen
    # nothing but ids: no locked reason or option text reaches the database
    stored = " ".join(str(v) for v in all_values(tmp_path / "telemetry.sqlite3"))
    assert "Too much right now" not in stored and "Call a friend" not in stored


def test_only_locked_options_of_the_current_menu_can_be_recorded(tmp_path):
    flow = _story_started(tmp_path)
    with pytest.raises(RecordError, match="not locked"):
        flow.locked_tried("stay")  # available: that is a choice, not an attempt
    with pytest.raises(RecordError, match="not in menu"):
        flow.locked_tried("run")  # a locked option of another menu
    flow.choose("stay")
    flow.telemetry.close()
    assert not [t for t, _ in _events(tmp_path) if t == "locked_choice_tried"]


def test_a_late_click_after_the_choice_and_unrecorded_plays_record_nothing(tmp_path):
    flow = _story_started(tmp_path)
    rec = flow.recorder
    rec.choice("get-up")  # a window player records the choice first ...
    rec.locked_tried("call")  # ... and a click on the fading menu must not crash the game
    flow.telemetry.close()
    assert not [t for t, _ in _events(tmp_path) if t == "locked_choice_tried"]

    other = tmp_path / "unrecorded"
    flow = make_flow(other)
    flow.consent(False)
    flow.start_story()
    flow.locked_tried("call")
    flow.choose("get-up")
    flow.telemetry.close()
    assert not other.exists() or not any(other.iterdir())


def test_withdrawn_play_records_no_attempts(tmp_path):
    flow = _story_started(tmp_path)
    flow.locked_tried("call")
    flow.withdraw()
    flow.locked_tried("call")
    flow.telemetry.close()
    assert _events(tmp_path) == []


def test_attempts_travel_in_data_bundles(tmp_path, capsys):
    from tools import cli
    lab, office = tmp_path / "lab", tmp_path / "office"
    flow = _story_started(lab)
    flow.locked_tried("call")
    flow.choose("get-up")
    flow.done()
    flow.telemetry.close()
    assert cli.main(["data", "export", "-o", str(tmp_path / "b.json"), "--data-dir", str(lab)]) == 0
    assert cli.main(["data", "import", str(tmp_path / "b.json"), "--data-dir", str(office)]) == 0
    capsys.readouterr()
    assert [p for t, p in _events(office) if t == "locked_choice_tried"] == [{"menu_id": "home.wake",
                                                                             "choice_id": "call"}]
