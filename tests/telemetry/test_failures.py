"""When the database cannot be written the game keeps running without recording, and the facilitator is told."""
from __future__ import annotations

import io
import sqlite3

from game import paths
from game.story.events import SceneEntered
from game.telemetry import db, health, query, writer
from game.telemetry.flow import Step
from tests.telemetry.helpers import answer_all, make_flow
from tools import cli


def _play_through(flow):
    flow.consent(True)
    if flow.step is Step.PRE:
        answer_all(flow)
    flow.start_story()
    flow.choose("get-up")
    flow.choose("board")
    if flow.step is Step.POST:
        answer_all(flow)
    assert flow.step is Step.DEBRIEF
    flow.done()
    flow.telemetry.writer().flush()


def test_unwritable_data_folder_keeps_the_game_running_and_tells_the_facilitator(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    data_dir = blocker / "vantage"
    flow = make_flow(data_dir)
    _play_through(flow)  # no exception reaches the player
    assert flow.recording_problem is not None
    flow.telemetry.close()
    # the log could not go into the data folder, so it went to the cache folder
    log = paths.cache_dir() / health.LOG_NAME
    assert "cannot open" in log.read_text()
    assert cli.main(["cohort", "list", "--data-dir", str(tmp_path / "elsewhere")]) == 0
    err = capsys.readouterr().err
    assert "recording stopped" in err and "cannot open" in err
    # told once, not on every command
    cli.main(["cohort", "list", "--data-dir", str(tmp_path / "elsewhere")])
    assert "recording stopped" not in capsys.readouterr().err


def test_problem_is_never_printed_by_play(tmp_path, capsys):
    health.report_problem(tmp_path, "disk full")
    cli.main(["play", "--text", "--no-record", "--data-dir", str(tmp_path), "no-such-story"])
    assert "recording stopped" not in capsys.readouterr().err
    assert health.unseen_problems(tmp_path), "play must leave the note for the facilitator's next command"


def test_damaged_database_is_moved_aside_and_recording_continues(tmp_path):
    path = db.default_db_path(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    path.write_bytes(b"this is not a database at all, but it is not empty either" * 200)
    flow = make_flow(tmp_path)
    _play_through(flow)
    assert flow.recording_problem is None
    flow.telemetry.close()
    moved = list(tmp_path.glob("telemetry.sqlite3.damaged-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not a database")
    with query.open_db(data_dir=tmp_path) as q:
        assert len(q.sessions()) == 1
    assert any("damaged" in ln for ln in health.unseen_problems(tmp_path))


def test_disk_full_mid_play_keeps_the_game_running(tmp_path):
    def tiny_disk(path, data_dir):
        conn = writer.open_for_play(path, data_dir)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # the next page the database needs will not fit
        return conn

    flow = make_flow(tmp_path)
    flow.telemetry._writer = writer.Writer(db.default_db_path(tmp_path), data_dir=tmp_path, opener=tiny_disk)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    for _ in range(300):  # a long play: more events than the "disk" has room for
        flow.recorder.observe([SceneEntered("home", "Home", None, None)])
    flow.choose("get-up")
    flow.choose("board")
    answer_all(flow)
    flow.done()
    flow.telemetry.writer().flush()
    assert "full" in (flow.recording_problem or "")
    flow.telemetry.close()
    assert any("full" in ln for ln in health.unseen_problems(tmp_path))
    conn = sqlite3.connect(db.default_db_path(tmp_path))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_newer_schema_is_left_alone(tmp_path):
    path = db.default_db_path(tmp_path)
    db.connect(path).execute("PRAGMA user_version = 99")
    flow = make_flow(tmp_path)
    _play_through(flow)
    assert "newer" in (flow.recording_problem or "")
    flow.telemetry.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 99
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_play_cut_off_is_marked_abandoned_at_the_next_start(tmp_path):
    flow = make_flow(tmp_path)
    flow.consent(True)
    answer_all(flow)
    flow.start_story()
    flow.choose("get-up")
    flow.telemetry.writer().flush()
    flow.telemetry.close()  # as if the process died: no end recorded
    with query.open_db(data_dir=tmp_path) as q:
        assert [s.ended_kind for s in q.sessions()] == [None]
    nxt = make_flow(tmp_path)
    nxt.consent(True)
    nxt.telemetry.writer().flush()
    nxt.telemetry.close()
    with query.open_db(data_dir=tmp_path) as q:
        kinds = sorted(str(s.ended_kind) for s in q.sessions())
    assert kinds == ["None", "abandoned"]
