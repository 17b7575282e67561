"""Classroom codes and data bundles through the `vantage` command, as a facilitator uses them."""
from __future__ import annotations

import json
import re
import sqlite3

import pytest

from game.telemetry import bundle, codes, db, query
from tests.telemetry.helpers import all_values, answer_all, make_flow
from tools import cli


def _new_cohort(data_dir, capsys, name="Period 3") -> str:
    assert cli.main(["cohort", "new", "--narrative", "morning-bus", "--name", name, "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    code = re.search(r"code for .*: (\w+)", out).group(1)
    assert codes.is_cohort_code(code)
    return code


def _play(data_dir, cohort, choices=("get-up", "board")):
    flow = make_flow(data_dir, cohort=cohort)
    flow.consent(True)
    if cohort:
        flow.participant(["A", "1", "0", "B"])
    answer_all(flow)
    flow.start_story()
    for c in choices:
        flow.choose(c)
    answer_all(flow)
    flow.done()
    flow.telemetry.close()
    return flow.withdrawal_code


def _db_rows(data_dir):
    conn = sqlite3.connect(db.default_db_path(data_dir))
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("play_sessions", "questionnaire_answers", "events")}
    finally:
        conn.close()


def test_cohort_new_and_list(tmp_path, capsys):
    code = _new_cohort(tmp_path, capsys)
    assert cli.main(["cohort", "list", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert code in out and "Period 3" in out and "morning-bus" in out


def test_cohort_new_refuses_an_unknown_story(tmp_path, capsys):
    assert cli.main(["cohort", "new", "--narrative", "no-such-story", "--name", "X", "--data-dir", str(tmp_path)]) == 1
    assert "no story called" in capsys.readouterr().err


def test_cohort_codes_are_short_and_unambiguous():
    seen = {codes.new_cohort_code() for _ in range(2000)}
    assert len(seen) > 1990
    for code in seen:
        assert len(code) == 6 and not set(code) & set("AEIOUY01LOSB582Z")
    assert codes.normalise_code(" kx7-m4p ") == "KX7M4P" and codes.is_cohort_code("kx7-m4p")
    assert not codes.is_cohort_code("KX7M4A") and not codes.is_cohort_code("KX7M4")


def test_export_import_round_trip_and_double_import_adds_nothing(tmp_path, capsys):
    lab1, lab2, teacher = tmp_path / "lab1", tmp_path / "lab2", tmp_path / "teacher"
    code = _new_cohort(lab1, capsys)
    assert cli.main(["cohort", "export", code, "-o", str(tmp_path / "class.json"), "--data-dir", str(lab1)]) == 0
    assert cli.main(["cohort", "import", str(tmp_path / "class.json"), "--data-dir", str(lab2)]) == 0
    _play(lab1, code)
    _play(lab1, code, ("stay", "get-up", "wait"))
    _play(lab2, code)
    for lab in (lab1, lab2):
        assert cli.main(["data", "export", "--cohort", code, "-o", str(tmp_path / f"{lab.name}.json"),
                         "--data-dir", str(lab)]) == 0
    files = [str(tmp_path / "lab1.json"), str(tmp_path / "lab2.json")]
    assert cli.main(["data", "import", *files, "--data-dir", str(teacher)]) == 0
    rows = _db_rows(teacher)
    assert len(rows["play_sessions"]) == 3
    # the same rows as on the lab machines
    lab_rows = [_db_rows(lab1), _db_rows(lab2)]
    for table in rows:
        assert sorted(rows[table]) == sorted(lab_rows[0][table] + lab_rows[1][table])
    capsys.readouterr()
    assert cli.main(["data", "import", *files, "--data-dir", str(teacher)]) == 0
    assert "0 play(s) added, 2 already here" in capsys.readouterr().out
    assert _db_rows(teacher) == rows
    with query.open_db(data_dir=teacher) as q:
        assert [c.code for c in q.cohorts()] == [code]
    # the classroom key never travels in a data bundle
    conn = sqlite3.connect(db.default_db_path(teacher))
    assert conn.execute("SELECT hmac_key FROM cohorts").fetchone()[0] is None
    assert "hmac" not in (tmp_path / "lab1.json").read_text()


def _tamper(path, change):
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize("name, change, message", [
    ("edited", lambda d: d["content"]["sessions"][0].update(ended_kind="left"), "checksum"),
    ("foreign", lambda d: d.update(format="something-else"), "not a Vantage data bundle"),
    ("future", lambda d: d.update(version=9), "not supported"),
    ("free-text", lambda d: (d["content"]["sessions"][0]["events"][0]["payload"].update(scene_id="my name is Ann"),
                             d.update(checksum=bundle.checksum(d["content"]))), "malformed"),
    ("extra-field", lambda d: (d["content"]["sessions"][0].update(user="ann"),
                               d.update(checksum=bundle.checksum(d["content"]))), "malformed"),
])
def test_bad_bundles_are_rejected_and_change_nothing(tmp_path, capsys, name, change, message):
    lab, teacher = tmp_path / "lab", tmp_path / "teacher"
    _play(lab, None)
    good, bad = tmp_path / "good.json", tmp_path / f"{name}.json"
    assert cli.main(["data", "export", "-o", str(good), "--data-dir", str(lab)]) == 0
    bad.write_text(good.read_text())
    _tamper(bad, change)
    before = _db_rows(teacher) if db.default_db_path(teacher).exists() else None
    capsys.readouterr()
    # a good file listed with a bad one: nothing at all is imported
    assert cli.main(["data", "import", str(good), str(bad), "--data-dir", str(teacher)]) == 1
    err = capsys.readouterr().err
    assert message in err and str(bad) in err and "nothing was imported" in err and "Traceback" not in err
    assert (_db_rows(teacher)["play_sessions"] if db.default_db_path(teacher).exists() else []) == \
        (before["play_sessions"] if before else [])


def test_garbage_files_are_rejected_with_a_message(tmp_path, capsys):
    for i, content in enumerate([b"", b"\xff\xfe\x00", b"[1, 2", b"NaN", b'{"format": "vantage-data"}', b"[]"]):
        f = tmp_path / f"g{i}.json"
        f.write_bytes(content)
        assert cli.main(["data", "import", str(f), "--data-dir", str(tmp_path / "t")]) == 1
        err = capsys.readouterr().err
        assert str(f) in err and "Traceback" not in err
    assert cli.main(["data", "import", str(tmp_path / "missing.json"), "--data-dir", str(tmp_path / "t")]) == 1


def test_delete_by_play_code_removes_everything_of_that_play(tmp_path, capsys):
    keep = _play(tmp_path, None)
    gone = _play(tmp_path, None, ("stay", "get-up", "wait"))
    assert cli.main(["data", "delete", gone.lower().replace("-", " "), "--data-dir", str(tmp_path)]) == 0
    with query.open_db(data_dir=tmp_path) as q:
        sessions = q.sessions()
        assert [s.withdrawal_code for s in sessions] == [keep]
        assert {e.session_id for e in q.events()} == {sessions[0].session_id}
        assert {a.session_id for a in q.answers()} == {sessions[0].session_id}
    assert cli.main(["data", "delete", gone, "--data-dir", str(tmp_path)]) == 1
    assert "no play with code" in capsys.readouterr().err


def test_participant_hash_same_answers_same_key():
    k1, k2 = codes.new_hmac_key(), codes.new_hmac_key()
    a = codes.participant_hash(["m", "07", "2", "g"], k1)
    assert a == codes.participant_hash(["M", "7", " 2 ", "G"], k1)
    assert a != codes.participant_hash(["M", "7", "2", "G"], k2)
    assert a != codes.participant_hash(["M", "8", "2", "G"], k1)
    with pytest.raises(ValueError):
        codes.participant_hash(["MM", "7", "2", "G"], k1)


def test_cohort_name_with_terminal_control_codes_is_refused(tmp_path, capsys):
    code = cli.main(["cohort", "new", "--narrative", "morning-bus", "--name", "P3\x1b[2J\x1b[31m",
                     "--data-dir", str(tmp_path)])
    assert code == 2 and "classroom name" in capsys.readouterr().err
    assert cli.main(["cohort", "list", "--data-dir", str(tmp_path)]) == 0
    assert "\x1b" not in capsys.readouterr().out


def test_cohort_export_to_an_unwritable_place_is_one_line(tmp_path, capsys):
    code = _new_cohort(tmp_path, capsys)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert cli.main(["cohort", "export", code, "-o", str(blocker / "p3.vantage-class"),
                     "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("vantage cohort: cannot write") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert f"{blocker} is a file, not a folder" in err  # not "[Errno 20] Not a directory"
    assert cli.main(["data", "export", "-o", str(blocker / "lab1.json"), "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("vantage data: cannot write") and f"{blocker} is a file, not a folder" in err


def test_a_classroom_code_only_plays_its_own_story(tmp_path, capsys, monkeypatch):
    """A code made for morning-bus, used with another story, would mix that story's plays into the class report."""
    import io
    import sys

    from tests.storykit import write_story
    data = tmp_path / "data"
    code = _new_cohort(data, capsys)
    other = write_story(tmp_path / "story")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 40))
    assert cli.main(["play", "--text", str(other), "--cohort", code, "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert f"classroom {code} is for the story `morning-bus`, not `t`" in err
    with query.open_db(data_dir=data) as q:
        assert q.sessions() == []


def test_data_dir_that_is_a_file_says_so(tmp_path, capsys):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    assert cli.main(["cohort", "list", "--data-dir", str(not_a_folder)]) == 1
    err = capsys.readouterr().err
    assert f"{not_a_folder} is a file, not a folder" in err and "Errno" not in err
