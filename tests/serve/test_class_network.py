"""A class of students on two machines feeds one hub through the real recording path (flow -> writer -> outbox ->
sender thread -> HTTP): a Wi-Fi drop mid-lesson (the hub unreachable, then restarted) loses nothing and duplicates
nothing, and a withdrawal reaches the hub."""
from __future__ import annotations

import threading

from game.telemetry import classlink, db
from game.telemetry.flow import Telemetry, TelemetryOptions
from game.telemetry.outbox import Backoff
from tests.serve.hub_helpers import copy_cohort, new_cohort, table_rows
from tests.telemetry.fakes import FakeNarrative, FakeStory
from tests.telemetry.helpers import answer_all
from tools.serve.hub import Hub, make_server

JOIN = "CDFGH-JKMNP"


def _start(hub_dir, code, port=0):
    hub = Hub(db.default_db_path(hub_dir), code, JOIN, "secret")
    server = make_server(hub, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return hub, server


def _stop(hub, server):
    hub.close()
    server.shutdown()
    server.server_close()


def _play(tel: Telemetry, path: list[str], withdraw: bool = False) -> None:
    flow = tel.new_flow(FakeNarrative(), player="window", story_factory=FakeStory)
    flow.consent(True)
    flow.participant(["A", "1", "0", "B"])
    answer_all(flow)
    flow.start_story()
    for choice in path:
        flow.choose(choice)
    if withdraw:
        flow.withdraw()
        return
    answer_all(flow, lambda i: 2)
    flow.done()


def test_two_machines_a_wifi_drop_and_a_restart_lose_and_duplicate_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(classlink, "SENDER_OPTIONS", {"backoff": Backoff(base=0.05, cap=0.3), "batch": 3})
    hub_dir = tmp_path / "hub"
    code = new_cohort(hub_dir)
    machines = [tmp_path / "lab1", tmp_path / "lab2"]
    for m in machines:
        copy_cohort(hub_dir, m, code)
    hub, server = _start(hub_dir, code)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    tels = [Telemetry.open(TelemetryOptions(data_dir=m, cohort=code, server=url, join=JOIN)) for m in machines]
    try:
        _play(tels[0], ["get-up", "board"])
        _play(tels[1], ["stay", "get-up", "wait"])
        assert tels[0].writer().flush() and tels[1].writer().flush()
        assert all(t._link.sender.wait_empty(10) for t in tels)
        _stop(hub, server)  # the Wi-Fi drops (and the facilitator's laptop restarts the hub)
        _play(tels[0], ["stay", "get-up", "board"])
        _play(tels[1], ["get-up", "wait"])
        _play(tels[1], ["get-up", "board"], withdraw=True)
        assert tels[0].writer().flush() and tels[1].writer().flush()
        assert sum(t._link.outbox.pending() for t in tels) > 0, "the plays wait in the outboxes"
        hub, server = _start(hub_dir, code, int(url.rsplit(":", 1)[1]))
        assert all(t._link.sender.wait_empty(20) for t in tels)
    finally:
        for t in tels:
            t.close()
        _stop(hub, server)
    # the hub holds exactly the union of what the machines recorded (the withdrawn play nowhere)
    hub_rows = table_rows(hub_dir)
    local = [table_rows(m) for m in machines]
    for table in ("play_sessions", "questionnaire_answers", "events"):
        assert hub_rows[table] == sorted(local[0][table] + local[1][table]), table
    assert len(hub_rows["play_sessions"]) == 4
    assert all(r[13] == "finished" for r in hub_rows["play_sessions"])


def test_plays_left_unsent_when_the_game_closed_leave_at_the_next_start(tmp_path, monkeypatch):
    monkeypatch.setattr(classlink, "SENDER_OPTIONS", {"backoff": Backoff(base=0.05, cap=0.2)})
    hub_dir, lab = tmp_path / "hub", tmp_path / "lab"
    code = new_cohort(hub_dir)
    copy_cohort(hub_dir, lab, code)
    hub, server = _start(hub_dir, code)
    port = server.server_address[1]
    _stop(hub, server)  # the hub is not reachable during the whole first session
    tel = Telemetry.open(TelemetryOptions(data_dir=lab, cohort=code, server=f"http://127.0.0.1:{port}", join=JOIN))
    _play(tel, ["get-up", "board"])
    tel.close()
    hub, server = _start(hub_dir, code, port)
    try:
        tel = Telemetry.open(TelemetryOptions(data_dir=lab, cohort=code, server=f"http://127.0.0.1:{port}",
                                              join=JOIN))
        assert tel._link is not None and tel._link.sender.wait_empty(20), "sent with no new consent needed"
        tel.close()
    finally:
        _stop(hub, server)
    assert table_rows(hub_dir)["events"] == table_rows(lab)["events"]


def test_no_outbox_file_is_made_before_consent(tmp_path):
    hub_dir, lab = tmp_path / "hub", tmp_path / "lab"
    code = new_cohort(hub_dir)
    copy_cohort(hub_dir, lab, code)
    tel = Telemetry.open(TelemetryOptions(data_dir=lab, cohort=code, server="http://127.0.0.1:9", join=JOIN))
    tel.new_flow(FakeNarrative(), player="window", story_factory=FakeStory).consent(False)
    tel.close()
    assert not (lab / classlink.OUTBOX_NAME).exists()


def test_a_piece_the_hub_refuses_is_kept_aside_and_the_facilitator_told(tmp_path, monkeypatch):
    from game.telemetry import health
    monkeypatch.setattr(classlink, "SENDER_OPTIONS", {"backoff": Backoff(base=0.05, cap=0.2)})
    hub_dir, lab = tmp_path / "hub", tmp_path / "lab"
    code = new_cohort(hub_dir)
    copy_cohort(hub_dir, lab, code)
    hub, server = _start(hub_dir, code)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        link = classlink.ClassLink(lab, url, JOIN)
        link.outbox.put([("x1", None, '{"play": {"session_id": "not a play"}}')])
        link.sender.poke()
        assert link.sender.wait_empty(10)
        assert link.outbox.refused()[0][0] == "x1" and "422" in link.outbox.refused()[0][1]
        link.close()
    finally:
        _stop(hub, server)
    notes = (lab / health.LOG_NAME).read_text()
    assert "the class hub refused 1 piece(s)" in notes


def test_a_play_cut_off_by_a_killed_game_is_closed_on_the_hub_at_the_next_play(tmp_path, monkeypatch):
    monkeypatch.setattr(classlink, "SENDER_OPTIONS", {"backoff": Backoff(base=0.05, cap=0.2)})
    hub_dir, lab = tmp_path / "hub", tmp_path / "lab"
    code = new_cohort(hub_dir)
    copy_cohort(hub_dir, lab, code)
    hub, server = _start(hub_dir, code)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        tel = Telemetry.open(TelemetryOptions(data_dir=lab, cohort=code, server=url, join=JOIN))
        flow = tel.new_flow(FakeNarrative(), player="window", story_factory=FakeStory)
        flow.consent(True)
        flow.participant(None)
        answer_all(flow)
        flow.start_story()
        assert tel.writer().flush() and tel._link.sender.wait_empty(10)
        tel.close()  # the game is killed mid-story: no ending is recorded
        assert [r[13] for r in table_rows(hub_dir)["play_sessions"]] == [None]  # the hub sees it as playing
        tel = Telemetry.open(TelemetryOptions(data_dir=lab, cohort=code, server=url, join=JOIN))
        _play(tel, ["get-up", "board"])  # the next student on that machine
        assert tel.writer().flush() and tel._link.sender.wait_empty(10)
        tel.close()
    finally:
        _stop(hub, server)
    assert sorted(r[13] for r in table_rows(hub_dir)["play_sessions"]) == ["abandoned", "finished"]
    assert table_rows(hub_dir) == table_rows(lab)
