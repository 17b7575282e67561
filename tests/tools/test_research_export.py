"""The research export (issue 9): per-student rows only through an explicit command with a warning, as a long CSV
with a codebook, an SPSS .sav and a Stata .dta that keep their variable and value labels (read back here with
pyreadstat, the library R's haven shares ReadStat with)."""
from __future__ import annotations

import csv

import pyreadstat

from game.telemetry import cohorts, db
from report_helpers import make_class, run_cli, sql
from tools.simulate import load_story_and_instrument, simulate


def test_research_export_files_keep_their_labels(tmp_path, capsys):
    make_class(tmp_path, 12, seed=6)
    out = tmp_path / "export"
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--simulated", "--research-export", str(out))
    assert code == 0 and "research data about individuals" in err
    assert sorted(p.name for p in out.iterdir()) == ["answers.dta", "answers.sav", "answers_long.csv", "codebook.md"]
    with open(out / "answers_long.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    answered = sql(tmp_path, "SELECT count(*) FROM questionnaire_answers")[0][0]
    assert len(rows) == answered, "one row per answer recorded"
    assert all(r["participant"].startswith("P") and len(r["participant"]) == 6 for r in rows)
    rev = [r for r in rows if r["reverse"] == "1" and r["value"]]
    assert rev and all(int(r["scored"]) == 6 - int(r["value"]) for r in rev)
    secrets = {v for row in sql(tmp_path, "SELECT session_id, withdrawal_code FROM play_sessions") for v in row}
    text = (out / "answers_long.csv").read_text() + (out / "codebook.md").read_text()
    assert not any(s in text for s in secrets)
    book = (out / "codebook.md").read_text()
    assert "| `sd-sit-next` | `sd_sit_next` |" in book and "| yes |" in book and "80 %" in book
    for reader in (pyreadstat.read_sav, pyreadstat.read_dta):
        frame, meta = reader(str(out / ("answers.sav" if reader is pyreadstat.read_sav else "answers.dta")))
        assert meta.column_names_to_labels["sd_sit_next"].startswith("I would be happy to sit next to")
        labels = {int(k): v for k, v in meta.variable_value_labels["sd_sit_next"].items()}
        assert labels[1] == "Strongly disagree" and labels[5] == "Strongly agree"
        assert {int(k) for k in meta.variable_value_labels["phase"]} == {1, 2, 3}
        assert set(frame["phase"].astype(int)) <= {1, 2}


def test_follow_up_answers_carry_the_pseudonym_of_the_linked_play(tmp_path, capsys):
    conn = db.connect(db.default_db_path(tmp_path))
    info = cohorts.create(conn, "morning-bus", "Period 3")
    key = cohorts.key(conn, info.code)
    conn.close()
    narrative, instrument, _ = load_story_and_instrument("morning-bus")
    simulate(narrative, instrument, 20, 0.5, seed=2, cohort=info.code, data_dir=tmp_path, follow_up=0.8,
             cohort_key=key)
    out = tmp_path / "export"
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--simulated", "--research-export", str(out))
    assert code == 0, err
    with open(out / "answers_long.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_phase = {p: {r["participant"] for r in rows if r["phase"] == p} for p in ("pre", "post", "followup")}
    assert by_phase["followup"] and by_phase["followup"] <= by_phase["pre"]
