"""The play flow: consent first, questionnaires around the story, debrief always reached, withdrawal deletes."""
from __future__ import annotations

import json
import sqlite3

import pytest

from game.telemetry import codes, cohorts, db, query
from game.telemetry.flow import FlowError, Step
from game.telemetry.records import EVENT_TYPES
from tests.telemetry.helpers import all_values, answer_all, make_flow


def _finish(flow):
    flow.telemetry.close()


def test_nothing_is_written_before_consent_and_nothing_after_no(tmp_path):
    flow = make_flow(tmp_path)
    assert flow.step is Step.CONSENT
    assert not any(tmp_path.iterdir()), "nothing may touch the disk before consent"
    flow.consent(False)
    assert flow.step is Step.STORY, "without recording the questionnaires are skipped"
    flow.start_story()
    flow.choose("get-up")
    flow.choose("board")
    assert flow.step is Step.DEBRIEF
    assert flow.withdrawal_code is None
    flow.done()
    _finish(flow)
    assert not any(tmp_path.iterdir()), "'play without recording' must write nothing at all"


def test_full_flow_records_exactly_the_documented_events(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    assert flow.step is Step.PRE
    pre = answer_all(flow)
    assert flow.step is Step.STORY
    flow.start_story()
    flow.choose("stay")
    flow.choose("get-up")
    flow.choose("board")
    assert flow.step is Step.POST
    post = answer_all(flow, lambda i: None if i == 0 else 3)
    assert flow.step is Step.DEBRIEF
    code = flow.withdrawal_code
    assert codes.normalise_withdrawal_code(code) == code
    flow.done()
    _finish(flow)

    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        assert (s.narrative_id, s.narrative_version, s.content_hash) == ("fake-bus", "1", "0123abcd")
        assert s.ended_kind == "finished" and s.ending_id == "made-it"
        assert s.withdrawal_code == code and s.player == "text" and s.locale == "en"
        assert s.settings == {"reduced_effects": True}  # only what changed the experience (issue 9)
        assert len(s.started_date) == 10 and s.duration_ms is not None
        answers = {(a.phase, a.item_id): a.value for a in q.answers()}
        assert answers == {**{("pre", k): v for k, v in pre.items()}, **{("post", k): v for k, v in post.items()}}
        events = [(e.type, e.payload) for e in q.events()]
        choices = q.choices()
    assert events == [
        ("scene_entered", {"scene_id": "home"}),
        ("beat_entered", {"scene_id": "home", "beat_id": "wake"}),
        ("menu_offered", {"menu_id": "home.wake", "available": ["get-up", "stay"], "locked": ["call"]}),
        ("choice_made", {"menu_id": "home.wake", "choice_id": "stay", "position": 2,
                         "decision_ms": events[3][1]["decision_ms"]}),
        ("beat_entered", {"scene_id": "home", "beat_id": "bed"}),
        ("menu_offered", {"menu_id": "home.bed", "available": ["get-up"], "locked": []}),
        ("choice_made", {"menu_id": "home.bed", "choice_id": "get-up", "position": 1,
                         "decision_ms": events[6][1]["decision_ms"]}),
        ("scene_entered", {"scene_id": "bus"}),
        ("beat_entered", {"scene_id": "bus", "beat_id": "door"}),
        ("menu_offered", {"menu_id": "bus.door", "available": ["board", "wait"], "locked": ["run"]}),
        ("choice_made", {"menu_id": "bus.door", "choice_id": "board", "position": 1,
                         "decision_ms": events[10][1]["decision_ms"]}),
        ("beat_entered", {"scene_id": "bus", "beat_id": "seat"}),
        ("ending_reached", {"ending_id": "made-it", "kind": "finished"}),
    ]
    for etype, payload in events:
        assert set(payload) == set(EVENT_TYPES[etype])
    assert [(c.menu_id, c.choice_id, c.locked) for c in choices] == [
        ("home.wake", "stay", ("call",)), ("home.bed", "get-up", ()), ("bus.door", "board", ("run",))]


def test_documented_event_fields_match_the_schema():
    """docs/telemetry.md lists each event type with its payload fields; the code must record exactly those."""
    from game import paths
    doc = (paths.ROOT / "docs" / "telemetry.md").read_text(encoding="utf-8")
    documented = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].strip("`") in EVENT_TYPES:
            import re
            documented[cells[0].strip("`")] = set(re.findall(r"`([a-z_]+)`", cells[1])) - {"scene.beat"}
    assert documented.keys() == EVENT_TYPES.keys()
    for etype, fields in EVENT_TYPES.items():
        assert set(fields) <= documented[etype], etype


def test_leaving_early_reaches_the_debrief_and_is_recorded_as_left(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    flow.choose("get-up")
    events = flow.leave()
    assert events[-1].kind == "left"
    assert flow.step is Step.DEBRIEF, "leaving skips the post questionnaire but still reaches the debrief"
    _finish(flow)
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        assert s.ended_kind == "left"
        assert q.events()[-1].payload == {"ending_id": "left", "kind": "left"}


def test_leaving_during_the_pre_questionnaire_reaches_the_debrief(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    flow.answer(flow.questionnaire.items[0].id, 2)
    flow.leave()
    assert flow.step is Step.DEBRIEF
    _finish(flow)
    with query.open_db(data_dir=tmp_path) as q:
        assert [s.ended_kind for s in q.sessions()] == ["left"]


def test_withdrawing_mid_story_deletes_the_play_and_play_goes_on(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    flow.choose("get-up")
    flow.withdraw()
    assert not flow.recording
    flow.choose("board")  # the story continues
    assert flow.step is Step.DEBRIEF, "no post questionnaire after withdrawal"
    assert flow.withdrawal_code is None
    flow.done()
    _finish(flow)
    values = all_values(db.default_db_path(tmp_path))
    assert values == [], f"withdrawn play left data behind: {values[:5]}"


def test_closing_the_game_mid_story_is_recorded_as_abandoned(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    flow.abandon()
    _finish(flow)
    with query.open_db(data_dir=tmp_path) as q:
        assert [s.ended_kind for s in q.sessions()] == ["abandoned"]


def test_no_record_skips_consent_and_writes_nothing(tmp_path):
    flow = make_flow(tmp_path, record=False)
    assert flow.step is Step.STORY
    flow.start_story()
    flow.choose("get-up")
    flow.choose("wait")
    assert flow.step is Step.DEBRIEF
    assert not any(tmp_path.iterdir())


def test_prefer_not_to_say_is_stored_as_null_and_off_scale_refused(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    item = flow.questionnaire.items[0].id
    with pytest.raises(ValueError):
        flow.answer(item, 6)
    flow.answer(item, None)
    flow.telemetry.writer().flush()
    with query.open_db(data_dir=tmp_path) as q:
        assert [(a.item_id, a.value) for a in q.answers()] == [(item, None)]
    _finish(flow)


def test_steps_out_of_order_are_refused(tmp_path):
    flow = make_flow(tmp_path)
    with pytest.raises(FlowError):
        flow.start_story()


def test_participant_code_stores_only_the_keyed_hash(tmp_path):
    conn = db.connect(db.default_db_path(tmp_path))
    info = cohorts.create(conn, "fake-bus", "Period 3")
    key = cohorts.key(conn, info.code)
    conn.close()
    flow = make_flow(tmp_path, cohort=info.code.lower())
    flow.consent(True)
    assert flow.step is Step.PARTICIPANT
    answers = ["Q", "29", "3", "V"]
    flow.participant(answers)
    answer_all(flow)
    flow.start_story()
    flow.leave()
    _finish(flow)
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
    assert s.cohort_code == info.code
    assert s.participant_hash == codes.participant_hash(["q", "29", "03", "v"], key)
    assert s.participant_hash != codes.participant_hash(answers, b"k" * 32), "the hash must depend on the key"
    # text values only: a millisecond count may be 29 by chance (that made this test flaky), a text value may not
    stored = [v for v in all_values(db.default_db_path(tmp_path)) if isinstance(v, str)]
    assert not any("29" == v or "Q" == v or "V" == v for v in stored)
    assert not any("Q\x1f29" in v or "q|29" in v for v in stored)


def test_unknown_cohort_is_refused_with_a_message(tmp_path):
    with pytest.raises(ValueError, match="not known on this machine"):
        make_flow(tmp_path, cohort="KX7M4P")


def test_withdrawn_play_leaves_no_trace_in_the_file_or_its_journal(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    flow.choose("get-up")
    flow.telemetry.writer().flush()
    sid = flow.recorder.session_id
    flow.withdraw()
    flow.telemetry.writer().flush()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("telemetry.sqlite3"))
    assert sid.encode() not in raw
    flow.telemetry.close()


def test_an_odd_story_version_is_still_recorded_and_a_bad_setting_never_stops_the_game(tmp_path):
    from tests.telemetry.fakes import FakeNarrative
    flow = make_flow(tmp_path, narrative=FakeNarrative(version="1.0 beta (draft)"))
    flow.consent(True)
    assert flow.recording
    flow.telemetry.writer().flush()
    flow.telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        assert [s.narrative_version for s in q.sessions()] == ["1.0_beta__draft_"]
    from game.telemetry.flow import Telemetry, TelemetryOptions
    from tests.telemetry.fakes import FakeStory
    tel = Telemetry.open(TelemetryOptions(data_dir=tmp_path / "b"))
    flow = tel.new_flow(FakeNarrative(), player="text", story_factory=FakeStory, settings={"name": "Ann Smith"})
    flow.consent(True)  # a free-text setting is refused: the play goes on unrecorded
    assert not flow.recording and flow.step is Step.STORY
    tel.close()
    from game.telemetry import health
    assert not any("Ann" in ln for ln in health.unseen_problems(tmp_path / "b")), "the log must not echo free text"
    assert health.unseen_problems(tmp_path / "b")
