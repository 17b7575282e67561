"""The follow-up (issue 9): weeks later a class answers the questionnaire again without replaying the story, linked to
each student's first play by their participant code; the report shows before, after and follow-up."""
from __future__ import annotations

import io

from game.telemetry import cohorts, db, query
from game.telemetry.flow import Step, Telemetry, TelemetryOptions
from report_helpers import report_json, run_cli, sql
from tools.simulate import load_story_and_instrument, simulate
from tools.text_session import play_text_recorded


def _class(folder, n=40, follow_up=0.9, seed=3, effect=1.2):
    conn = db.connect(db.default_db_path(folder))
    info = cohorts.create(conn, "morning-bus", "Period 3")
    key = cohorts.key(conn, info.code)
    conn.close()
    narrative, instrument, _ = load_story_and_instrument("morning-bus")
    simulate(narrative, instrument, n, effect, seed=seed, cohort=info.code, data_dir=folder, follow_up=follow_up,
             cohort_key=key)
    return info.code


def test_the_report_shows_before_after_and_follow_up(tmp_path, capsys):
    code = _class(tmp_path)
    rep = report_json(capsys, tmp_path, "--cohort", code)
    # the follow-up sessions are not plays of the story: participation counts the 40 plays only
    assert rep["participation"]["started"] == 40
    fu = rep["follow_up"]
    assert fu["followup_plays"] == sql(tmp_path, "SELECT count(DISTINCT session_id) FROM questionnaire_answers "
                                                 "WHERE phase = 'followup'")[0][0]
    [inst] = fu["instruments"]
    assert not inst["suppressed"] and inst["n_students"] >= 20
    # planted: dz -1.2 after the story, half of the latent shift left at the follow-up
    assert inst["mean_after"] < inst["mean_followup"] < inst["mean_before"]
    bf, af = inst["before_to_followup"], inst["after_to_followup"]
    assert bf["mean_change"] < 0 < af["mean_change"]  # it lasted in part, and faded in part
    for c in (bf, af):
        assert c["ci_low"] < c["mean_change"] < c["ci_high"] and c["dz_ci_low"] < c["dz"] < c["dz_ci_high"]
    code_, out, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--simulated", "--cohort", code)
    assert code_ == 0 and "FOLLOW-UP" in out and "weeks later" in out
    code_, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--simulated", "--cohort", code, "--html",
                            str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text()
    assert code_ == 0 and "Follow-up: did it last?" in page and f"{inst['mean_followup']:.2f}" in page


def test_a_small_follow_up_is_suppressed(tmp_path, capsys):
    code = _class(tmp_path, n=12, follow_up=0.3, seed=5)
    fu = report_json(capsys, tmp_path, "--cohort", code)["follow_up"]
    [inst] = fu["instruments"]
    assert inst["suppressed"] and "mean_followup" not in inst and inst["n_students"] in ("<5", 0)


def test_the_terminal_follow_up_asks_only_the_questions(tmp_path):
    conn = db.connect(db.default_db_path(tmp_path))
    info = cohorts.create(conn, "morning-bus", "Period 3")
    conn.close()
    narrative, instrument, _ = load_story_and_instrument("morning-bus")
    telemetry = Telemetry.open(TelemetryOptions(data_dir=tmp_path, cohort=info.code, follow_up=True))
    typed = ["1", "1", "M", "7", "2", "G"] + ["2"] * len(instrument.items)
    out = io.StringIO()
    try:
        code = play_text_recorded(narrative, telemetry, stdin=io.StringIO("\n".join(typed) + "\n"), stdout=out)
    finally:
        telemetry.close()
    assert code == 0, out.getvalue()
    assert "no story today" in out.getvalue()
    assert "make it again with the same answers" in " ".join(out.getvalue().split())
    with query.open_db(data_dir=tmp_path) as q:
        [s] = q.sessions()
        assert s.ended_kind == "finished" and s.participant_hash is not None
        assert {a.phase for a in q.answers()} == {"followup"} and q.events() == []


def test_follow_up_needs_a_classroom(tmp_path, capsys):
    code, _, err = run_cli(capsys, "play", "--text", "morning-bus", "--follow-up", "--data-dir", str(tmp_path))
    assert code == 2 and "--cohort" in err and "Traceback" not in err

