"""Housekeeping a facilitator needs (issue 9): a warning for a duplicate classroom name, deleting a classroom with all
its plays, and a retention period that deletes plays older than N days."""
from __future__ import annotations

import sqlite3

from report_helpers import db_path, make_class, run_cli, sql


def test_a_duplicate_classroom_name_is_made_with_a_warning(tmp_path, capsys):
    code, out, err = run_cli(capsys, "cohort", "--data-dir", str(tmp_path), "new", "--narrative", "morning-bus",
                             "--name", "Period 3")
    assert code == 0 and err == ""
    code, out, err = run_cli(capsys, "cohort", "--data-dir", str(tmp_path), "new", "--narrative", "morning-bus",
                             "--name", "period  3")
    assert code == 0 and "warning: a classroom called 'Period 3' already exists" in err
    assert sql(tmp_path, "SELECT count(*) FROM cohorts") == [(2,)]


def test_a_classroom_is_deleted_with_its_plays_and_only_with_yes(tmp_path, capsys):
    run_cli(capsys, "cohort", "--data-dir", str(tmp_path), "new", "--narrative", "morning-bus", "--name", "A")
    [(a,)] = sql(tmp_path, "SELECT code FROM cohorts")
    make_class(tmp_path, 6, seed=1, cohort=a)
    make_class(tmp_path, 5, seed=2)  # another class's plays stay
    code, _, err = run_cli(capsys, "cohort", "--data-dir", str(tmp_path), "delete", a)
    assert code == 2 and "6 plays" in err and "--yes" in err
    assert sql(tmp_path, "SELECT count(*) FROM play_sessions") == [(11,)]
    code, out, _ = run_cli(capsys, "cohort", "--data-dir", str(tmp_path), "delete", a, "--yes")
    assert code == 0 and "6 plays" in out
    assert sql(tmp_path, "SELECT count(*) FROM play_sessions") == [(5,)]
    assert sql(tmp_path, "SELECT count(*) FROM cohorts") == [(0,)]
    left = {r[0] for r in sql(tmp_path, "SELECT session_id FROM play_sessions")}
    assert {r[0] for r in sql(tmp_path, "SELECT DISTINCT session_id FROM events")} == left
    code, _, err = run_cli(capsys, "cohort", "--data-dir", str(tmp_path), "delete", a, "--yes")
    assert code == 1 and "no classroom" in err


def test_retention_deletes_plays_older_than_n_days(tmp_path, capsys):
    make_class(tmp_path, 8, seed=3)
    conn = sqlite3.connect(db_path(tmp_path))
    conn.execute("UPDATE play_sessions SET started_date = '2020-01-01' WHERE session_id IN "
                 "(SELECT session_id FROM play_sessions LIMIT 3)")
    conn.commit()
    conn.close()
    code, out, err = run_cli(capsys, "data", "--data-dir", str(tmp_path), "delete", "--older-than", "365")
    assert code == 0 and "Deleted 3 plays" in out, err
    assert sql(tmp_path, "SELECT count(*) FROM play_sessions") == [(5,)]
    code, _, err = run_cli(capsys, "data", "--data-dir", str(tmp_path), "delete", "--older-than", "-1")
    assert code == 2 and "Traceback" not in err
    code, _, err = run_cli(capsys, "data", "--data-dir", str(tmp_path), "delete", "--older-than", "3", "--simulated")
    assert code == 2 and "one of" in err
