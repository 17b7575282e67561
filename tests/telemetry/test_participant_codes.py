"""Participant codes against whoever holds the whole data folder (issue 9): a brute force over every answer set, through
the real functions, with the key read from the database; the upgrade of old exact hashes; the linking rule."""
from __future__ import annotations

import json
import sqlite3
from collections import Counter

from game.telemetry import bundle, codes, cohorts, db, query
from tests.telemetry.helpers import answer_all, make_flow
from tools.report.linking import link_plays

PROMISE = 20  # no student's code may be narrowed to fewer answer sets than this


def _record_with_code(tmp_path, answers):
    conn = db.connect(db.default_db_path(tmp_path))
    info = cohorts.create(conn, "fake-bus", "Period 3")
    conn.close()
    flow = make_flow(tmp_path, cohort=info.code)
    flow.consent(True)
    flow.participant(answers)
    answer_all(flow)
    flow.start_story()
    flow.leave()
    flow.telemetry.close()
    return info.code


def test_brute_force_with_the_whole_data_folder_leaves_at_least_20_answer_sets(tmp_path):
    true_answers = ["M", "7", "2", "G"]
    _record_with_code(tmp_path, true_answers)
    # the attacker: the raw database file, its key included, and every answer set tried through the real function
    raw = sqlite3.connect(db.default_db_path(tmp_path))
    [(key, stored)] = raw.execute("SELECT c.hmac_key, s.participant_hash FROM play_sessions s "
                                  "JOIN cohorts c ON c.code = s.cohort_code").fetchall()
    raw.close()
    buckets = Counter()
    candidates = []
    for answers in codes.all_answer_sets():
        code = codes.participant_hash(answers, bytes(key))
        buckets[code] += 1
        if code == stored:
            candidates.append(answers)
    assert sum(buckets.values()) == codes.ANSWER_SETS == 209_560
    assert true_answers in candidates, "the attack is real: the student's answers are among the candidates"
    assert len(candidates) >= PROMISE
    # not just this student: every code anyone could get stands for at least 20 answer sets
    assert len(buckets) == codes.BUCKETS
    assert min(buckets.values()) >= PROMISE and min(buckets.values()) == codes.BUCKET_MIN
    # and nothing else in the folder narrows it: the answers themselves are nowhere in the file
    text = db.default_db_path(tmp_path).read_bytes()
    assert b"M\x1f7\x1f2\x1fG" not in text


def test_the_old_exact_hash_was_reversible_to_one_answer_set():
    """What this change fixes: the version-1 hash named exactly one answer set to whoever had the key."""
    key = b"k" * 32
    old = codes.legacy_participant_hash(["M", "7", "2", "G"], key)
    assert codes.upgrade_legacy_hashes({old}, key) == {old: codes.participant_hash(["M", "7", "2", "G"], key)}
    hits = [a for a in codes.all_answer_sets() if codes.legacy_participant_hash(a, key) == old]
    assert hits == [["M", "7", "2", "G"]]


def test_same_answers_link_and_the_code_depends_on_the_key():
    k1, k2 = b"1" * 32, b"2" * 32
    a = codes.participant_hash(["m", "07", " 2 ", "g"], k1)
    assert a == codes.participant_hash(["M", "7", "2", "G"], k1) and codes.is_participant_hash(a)
    # another classroom's key sends the same answers elsewhere (over many answer sets; one may coincide by chance)
    sets = list(codes.all_answer_sets())[::5000]
    same = sum(codes.participant_hash(s, k1) == codes.participant_hash(s, k2) for s in sets)
    assert same <= 2, same


def _v1_database(path, key):
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in db._split(db._V1):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO cohorts VALUES ('KXMCDF', 'Period 3', 'fake-bus', '2026-11-01', ?)", (key,))
    conn.execute("INSERT INTO cohorts VALUES ('HJ9CDF', 'Imported', 'fake-bus', '2026-11-01', NULL)")
    rows = [("b" * 32, "KXMC-DFGH", "KXMCDF", codes.legacy_participant_hash(["Q", "29", "3", "V"], key),
             {"dyslexic_font": True, "tts": True, "text_scale": 1.5, "reduce_motion": True}),
            ("a" * 32, "HJ9C-DFGH", "HJ9CDF", "f" * 64, {"high_contrast": True, "kiosk": True}),
            ("c" * 32, "CCCC-DFGH", "KXMCDF", None, {})]
    for sid, wcode, cohort, ph, settings in rows:
        conn.execute("INSERT INTO play_sessions VALUES (?, ?, 1, 'fake-bus', '1', 'abc', '0.1', 'text', ?, 'en', ?, "
                     "1, '2026-11-02', 'finished', NULL, ?, 1000)", (sid, wcode, cohort, json.dumps(settings), ph))
        conn.execute("INSERT INTO questionnaire_answers VALUES (?, 'pre', 'ams', '1', 'q1', 3, 10)", (sid,))
        conn.execute("INSERT INTO events VALUES (?, 1, 5, 'scene_entered', '{\"scene_id\":\"home\"}')", (sid,))
    conn.close()


def test_an_old_database_is_upgraded_without_losing_a_play(tmp_path):
    key = b"K" * 32
    path = db.default_db_path(tmp_path)
    tmp_path.mkdir(exist_ok=True)
    _v1_database(path, key)
    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION == 2
    conn.close()
    with query.open_db(path=path) as q:
        by_id = {s.session_id: s for s in q.sessions()}
        assert len(by_id) == 3 and len(q.answers()) == 3 and len(q.events()) == 3
    # the key is here: the old code became the new one, so this student's later plays still link
    assert by_id["b" * 32].participant_hash == codes.participant_hash(["Q", "29", "3", "V"], key)
    # a classroom known only from an import has no key: the old, reversible hash is removed, nothing else
    assert by_id["a" * 32].participant_hash is None and by_id["c" * 32].participant_hash is None
    # settings keep only what changed the experience
    assert by_id["b" * 32].settings == {"reduced_effects": True}
    assert by_id["a" * 32].settings == {"reduced_effects": False}


def test_rows_tell_nothing_about_the_order_of_play(tmp_path):
    """No rowid numbers plays in the order they were recorded: the rows are kept by random session id only."""
    path = db.default_db_path(tmp_path)
    conn = db.connect(path)
    for table in ("play_sessions", "questionnaire_answers", "events", "cohorts"):
        try:
            conn.execute(f"SELECT rowid FROM {table}")
        except sqlite3.OperationalError as exc:
            assert "rowid" in str(exc)
        else:
            raise AssertionError(f"{table} still has a rowid")
    conn.close()
    flows = []
    for _ in range(6):
        flow = make_flow(tmp_path)
        flow.consent(True)
        answer_all(flow)
        flow.start_story()
        flow.leave()
        flows.append(flow.recorder.session_id)
        flow.telemetry.close()
    raw = sqlite3.connect(path)
    stored = [r[0] for r in raw.execute("SELECT session_id FROM play_sessions")]
    raw.close()
    assert stored == sorted(flows), "a plain SELECT gives the random-id order, not the order of play"


def test_an_old_bundle_is_upgraded_on_import_where_the_key_is_known(tmp_path):
    code = _record_with_code(tmp_path / "lab", ["Q", "29", "3", "V"])
    conn = db.connect(db.default_db_path(tmp_path / "lab"))
    key = cohorts.key(conn, code)
    # make it look like a bundle from the previous version: an exact hash
    conn.execute("UPDATE play_sessions SET participant_hash = ?",
                 (codes.legacy_participant_hash(["Q", "29", "3", "V"], key),))
    bundle.export(conn, tmp_path / "old.json", code)
    doc = json.loads((tmp_path / "old.json").read_text())
    doc["content"]["schema"] = 1  # as the previous version wrote it
    doc["content"]["sessions"][0]["settings"] = {"dyslexic_font": True, "tts": True, "text_scale": 1.5}
    doc["checksum"] = bundle.checksum(doc["content"])
    (tmp_path / "old.json").write_text(json.dumps(doc))
    cohorts.export_file(conn, code, tmp_path / "class.json")
    conn.close()
    for home, with_key in (("home", True), ("elsewhere", False)):
        conn = db.connect(db.default_db_path(tmp_path / home))
        if with_key:
            cohorts.import_file(conn, tmp_path / "class.json")
        bundle.import_files(conn, [tmp_path / "old.json"])
        [(stored, settings)] = conn.execute("SELECT participant_hash, settings_json FROM play_sessions").fetchall()
        conn.close()
        assert stored == (codes.participant_hash(["Q", "29", "3", "V"], key) if with_key else None)
        assert json.loads(settings) == {"reduced_effects": False}, "what singles out a disability is not kept"


def test_a_shared_code_links_nothing_rather_than_the_wrong_student():
    main = [("m1", "p2-0001"), ("m2", "p2-0002"), ("m3", "p2-0002"), ("m4", None), ("m5", "p2-0005")]
    follow = [("f1", "p2-0001"), ("f2", "p2-0002"), ("f5", "p2-0005"), ("f6", "p2-0005"), ("f7", "p2-0007")]
    assert link_plays(main, follow) == {"f1": "m1"}
