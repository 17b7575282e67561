"""`vantage report` end to end: simulated classes recorded through the real runner and writer, then reported."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
import yaml

from report_helpers import db_path, make_class, report_json, run_cli, small_counts, sql

scipy_stats = pytest.importorskip("scipy.stats", reason="scipy is the test-only reference for the statistics")

from game import paths  # noqa: E402

COHORT_A, COHORT_B = "KX7M4P", "HJ9CDF"


@pytest.fixture(scope="module")
def two_classes(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("two-classes")
    make_class(data, 30, effect=0.5, seed=1, cohort=COHORT_A)
    make_class(data, 22, effect=0.5, seed=2, cohort=COHORT_B)
    return data


def _independent_total_scores(data: Path, cohort: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Matched pre/post mean scores (and how many answered only before), straight from the database and the
    questionnaire file."""
    spec = yaml.safe_load((paths.QUESTIONNAIRES_DIR / "attitudes-short.yaml").read_text())
    reverse = {i["id"]: bool(i.get("reverse")) for i in spec["items"]}
    k = len(spec["scale"]["labels"])
    rows = sql(data, "SELECT a.session_id, a.phase, a.item_id, a.value FROM questionnaire_answers a "
                     "JOIN play_sessions s USING (session_id) WHERE s.cohort_code = ?", (cohort,))
    answers: dict[tuple[str, str], dict[str, int]] = {}
    for sid, phase, item, value in rows:
        if value is not None:
            answers.setdefault((sid, phase), {})[item] = k + 1 - value if reverse[item] else value
    need = int(np.ceil(0.8 * len(reverse)))
    # a pair is scored on the questions answered both times (docs/report.md), and needs 80 % of them
    ok: dict[tuple[str, str], float] = {}
    for sid in sorted({sid for sid, _ in answers}):
        pre, post = answers.get((sid, "pre"), {}), answers.get((sid, "post"), {})
        both = sorted(set(pre) & set(post))
        if len(both) >= need:
            ok[(sid, "pre")] = float(np.mean([pre[i] for i in both]))
            ok[(sid, "post")] = float(np.mean([post[i] for i in both]))
    sids = sorted({sid for sid, _ in ok})
    pre_only = sum(1 for (sid, phase), v in answers.items() if phase == "pre" and len(v) >= need
                   and len(answers.get((sid, "post"), {})) < need and (sid, "pre") not in ok)
    return np.array([ok[(s, "pre")] for s in sids]), np.array([ok[(s, "post")] for s in sids]), pre_only


def test_report_figures_match_the_database_and_scipy(two_classes, capsys):
    rep = report_json(capsys, two_classes, "--cohort", COHORT_A)
    counts = dict(sql(two_classes, "SELECT ended_kind, count(*) FROM play_sessions WHERE cohort_code = ? "
                                   "GROUP BY 1", (COHORT_A,)))
    p = rep["participation"]
    assert p["started"] == 30
    for key, kind in (("finished", "finished"), ("left_early", "left"), ("abandoned", "abandoned")):
        n = counts.get(kind, 0)
        assert p[key] == n or (0 < n < 5 and p[key] == "<5") or p[key] == "suppressed"
    before, after, pre_only = _independent_total_scores(two_classes, COHORT_A)
    total = rep["attitudes"][0]["scales"][0]
    unmatched = rep["attitudes"][0]["unmatched"]["pre_only"]
    assert unmatched == pre_only or (0 < pre_only < 5 and unmatched == "<5")
    assert total["scale"] == "total" and total["n_pairs"] == before.size
    ref = scipy_stats.ttest_rel(after, before)
    assert total["t"] == pytest.approx(ref.statistic, abs=1e-3)
    assert total["p_t"] == pytest.approx(ref.pvalue, rel=1e-3)
    ci = ref.confidence_interval()
    assert (total["ci_low"], total["ci_high"]) == pytest.approx((ci.low, ci.high), abs=1e-3)
    assert total["mean_change"] == pytest.approx((after - before).mean(), abs=1e-3)
    assert total["headline_effect_size"] == "dz"
    # dz's interval inverts the noncentral t: at its ends the observed t is at the 97.5th and 2.5th percentiles
    n = before.size
    t_obs = total["dz"] * np.sqrt(n)
    assert scipy_stats.nct.cdf(t_obs, n - 1, total["dz_ci_low"] * np.sqrt(n)) == pytest.approx(0.975, abs=2e-3)
    assert scipy_stats.nct.cdf(t_obs, n - 1, total["dz_ci_high"] * np.sqrt(n)) == pytest.approx(0.025, abs=2e-3)
    assert total["d_av_ci_low"] < total["d_av"] < total["d_av_ci_high"]
    assert rep["attitudes"][0]["higher_score_means"] == "more stigma"
    # alpha is computed after reverse-scoring: with half the items reversed it would be near 0 otherwise
    assert 0.6 < total["alpha_pre"] < 0.98


def test_cohort_filters_are_repeatable_and_combine(two_classes, capsys):
    assert report_json(capsys, two_classes, "--cohort", COHORT_B)["participation"]["started"] == 22
    both = report_json(capsys, two_classes, "--cohort", COHORT_A, "--cohort", COHORT_B.lower())
    assert both["participation"]["started"] == 52
    assert both["filters"]["cohorts"] == [COHORT_A, COHORT_B]
    assert report_json(capsys, two_classes, "--narrative", "morning-bus")["participation"]["started"] == 52


def test_since_and_unknown_filters_give_a_clear_message(two_classes, capsys):
    code, out, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--since",
                             "2999-01-01")
    assert code == 1 and "no recorded plays" in err and "since 2999-01-01" in err and "Traceback" not in err
    assert "for since" not in err
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--since", "last tuesday")
    assert code == 2 and "not a date like" in err
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--cohort", "TTTTTT")
    assert code == 1 and "no classroom code TTTTTT" in err
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--cohort", "no!")
    assert code == 2 and "not a classroom code" in err


def test_simulated_plays_are_left_out_unless_asked(two_classes, capsys):
    code, out, err = run_cli(capsys, "report", "--data-dir", str(two_classes))
    assert code == 1 and "add --simulated" in err
    code, out, _ = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated")
    assert code == 0 and "SIMULATED DATA" in out


def test_terminal_summary_says_what_a_facilitator_needs(two_classes, capsys):
    code, out, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--cohort", COHORT_A)
    assert code == 0, err
    for needle in ("PARTICIPATION", "Plays started (with consent)", "Median minutes", "ATTITUDES", "matched",
                   "95% interval", "dz", "d_av", "alpha", "Backfire flags", "HOW THE CLASS CHOSE", "home.alarm",
                   "would be detected 4 times out of 5 only if it were at least dz"):
        assert needle in out, needle


def test_small_classes_show_no_group_under_five(tmp_path, capsys):
    make_class(tmp_path, 3, seed=5, cohort=COHORT_A)
    make_class(tmp_path, 9, seed=6, cohort=COHORT_B)
    for cohort in (COHORT_A, COHORT_B):
        rep = report_json(capsys, tmp_path, "--cohort", cohort)
        assert small_counts(rep) == [], small_counts(rep)
    tiny = report_json(capsys, tmp_path, "--cohort", COHORT_A)
    assert tiny["participation"]["started"] == "<5"
    assert all(sc["suppressed"] and "mean_change" not in sc for sc in tiny["attitudes"][0]["scales"])
    assert all(m["suppressed"] for m in tiny["menus"])
    raised = report_json(capsys, tmp_path, "--cohort", COHORT_B, "--min-group", "10")
    assert raised["participation"]["started"] == "<10" and small_counts(raised, 10) == []


def test_threshold_cannot_be_lowered(two_classes, capsys):
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--min-group", "3")
    assert code == 2 and "never set below 5" in err


def test_csv_tables_are_tidy_and_pseudonymous(two_classes, capsys, tmp_path):
    out_dir = tmp_path / "csv"
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--csv", str(out_dir))
    assert code == 0, err
    names = sorted(p.name for p in out_dir.iterdir())
    assert names == ["choices.csv", "items.csv", "participation.csv", "scales.csv"], "no per-student rows"
    # per-student rows only through the explicit research export, with its warning
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--research-scores",
                           str(tmp_path / "scores.csv"))
    assert code == 0 and "research data about individuals" in err
    with open(tmp_path / "scores.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(re.fullmatch(r"P\d{5}", r["participant"]) for r in rows)
    assert {r["phase"] for r in rows} == {"pre", "post"}
    with open(out_dir / "choices.csv", newline="") as fh:
        choices = list(csv.DictReader(fh))
    alarm = [r for r in choices if r["menu"] == "home.alarm"]
    made = sql(two_classes, "SELECT json_extract(payload, '$.choice_id'), count(DISTINCT session_id) FROM events "
                            "WHERE type = 'choice_made' AND json_extract(payload, '$.menu_id') = 'home.alarm' "
                            "GROUP BY 1")
    shown = {r["choice"]: int(r["count"]) for r in alarm if r["count"].isdigit()}
    assert shown and all(dict(made)[c] == n for c, n in shown.items())
    # no play id or withdrawal code leaves the database in any table
    secrets = {v for row in sql(two_classes, "SELECT session_id, withdrawal_code FROM play_sessions") for v in row}
    text = "".join(p.read_text() for p in [*out_dir.iterdir(), tmp_path / "scores.csv"])
    assert not any(s in text for s in secrets)


def test_json_has_every_figure(two_classes, capsys):
    rep = report_json(capsys, two_classes)
    inst = rep["attitudes"][0]
    total = inst["scales"][0]
    for key in ("n_pairs", "mean_before", "mean_after", "mean_change", "ci_low", "ci_high", "dz", "d_av",
                "p_permutation", "permutation_method", "permutation_resamples", "alpha_pre", "min_detectable_dz"):
        assert total[key] is not None, key
    assert {"item_id", "mean_change", "ci_low", "ci_high", "backfire"} <= set(inst["items"][0])
    assert {"pre_only", "post_only", "pre_only_left_early"} <= set(inst["unmatched"])
    menu = rep["menus"][0]
    assert {"menu_id", "reached", "options", "decision_seconds_median"} <= set(menu)
    # in story order, labelled with the story's own words for the debrief
    from game.content import load_narrative
    beat = load_narrative("morning-bus").narrative.beats[menu["menu_id"]]
    assert menu["menu_id"] == "home.alarm" and menu["prompt"] == beat.prompt
    assert [(o["choice_id"], o["text"]) for o in menu["options"]] == [(c.id, c.text) for c in beat.choices]
    assert {"choice_id", "count", "share", "locked_for"} <= set(menu["options"][0])
    assert len({s["scale"] for s in inst["scales"]}) == 6  # total + 5 subscales of the bundled questionnaire


# -- bad data ----------------------------------------------------------------------------------------------------

def _no_traceback(code: int, err: str, expected: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err and expected in err
    assert len(err.strip().splitlines()) == 1, err


def test_missing_database(tmp_path, capsys):
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path / "nowhere"))
    _no_traceback(code, err, "no telemetry database here")


def test_foreign_sqlite_file(tmp_path, capsys):
    conn = sqlite3.connect(db_path(tmp_path))
    conn.execute("CREATE TABLE invoices (id INTEGER, amount REAL)")
    conn.commit()
    conn.close()
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path))
    _no_traceback(code, err, "not a Vantage telemetry database")


def test_file_that_is_not_a_database(tmp_path, capsys):
    db_path(tmp_path).write_bytes(b"this is a spreadsheet, honest\n" * 200)
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path))
    _no_traceback(code, err, "damaged or not a Vantage database")


def test_half_copied_database(tmp_path, capsys):
    src = tmp_path / "src"
    make_class(src, 12, seed=3)
    data = db_path(src).read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    db_path(broken).write_bytes(data[: len(data) // 2])
    code, _, err = run_cli(capsys, "report", "--data-dir", str(broken), "--simulated")
    assert code == 1 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_half_written_import_with_unreadable_events(tmp_path, capsys):
    make_class(tmp_path, 8, seed=4)
    conn = sqlite3.connect(db_path(tmp_path))
    sid = conn.execute("SELECT session_id FROM play_sessions LIMIT 1").fetchone()[0]
    conn.execute("INSERT INTO events VALUES (?, 9999, 1, 'choice_made', '{\"menu_id\": \"home.al')", (sid,))
    conn.commit()
    conn.close()
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--simulated")
    _no_traceback(code, err, "the data cannot be read")


def test_plays_still_open_after_an_interrupted_import_are_counted_as_still_playing(tmp_path, capsys):
    make_class(tmp_path, 12, seed=7)
    conn = sqlite3.connect(db_path(tmp_path))
    # every other play finished, so no small group of "left early" makes the figure one to hide (disclosure control)
    conn.execute("UPDATE play_sessions SET ended_kind = 'finished' WHERE ended_kind IS NOT NULL")
    conn.execute("UPDATE play_sessions SET ended_kind = NULL, duration_ms = NULL WHERE session_id IN "
                 "(SELECT session_id FROM play_sessions WHERE ended_kind = 'finished' LIMIT 6)")  # same counts every run
    conn.commit()
    conn.close()
    rep = report_json(capsys, tmp_path)
    assert rep["participation"]["in_progress"] == 6


def test_newer_schema_is_refused(tmp_path, capsys):
    make_class(tmp_path, 5, seed=8)
    conn = sqlite3.connect(db_path(tmp_path))
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path))
    _no_traceback(code, err, "newer Vantage")


def test_output_folder_that_is_a_file(two_classes, capsys, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--csv", str(target))
    assert code == 1 and "cannot write" in err and "Traceback" not in err


def test_answers_outside_the_scale_are_ignored_with_a_warning(tmp_path, capsys):
    make_class(tmp_path, 12, seed=9)
    before = report_json(capsys, tmp_path)["attitudes"][0]["scales"][0]
    conn = sqlite3.connect(db_path(tmp_path))
    conn.execute("UPDATE questionnaire_answers SET value = 42 WHERE (session_id, item_id) IN "
                 "(SELECT session_id, item_id FROM questionnaire_answers WHERE phase = 'post' LIMIT 3) "
                 "AND phase = 'post'")
    conn.commit()
    conn.close()
    rep = report_json(capsys, tmp_path)
    assert any("3 answers outside the scale 1 to 5 were ignored" in w for w in rep["warnings"])
    after = rep["attitudes"][0]["scales"][0]
    assert abs(after["mean_after"] - before["mean_after"]) < 0.5  # not dragged towards 42


def test_a_class_with_no_plays_yet(tmp_path, capsys):
    from game.telemetry import cohorts, db
    conn = db.connect(db_path(tmp_path))
    code = cohorts.create(conn, "morning-bus", "Period 3").code
    conn.close()
    make_class(tmp_path, 6, seed=1, cohort=COHORT_B)
    code_rc, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--simulated", "--cohort", code)
    _no_traceback(code_rc, err, f"no recorded plays for classroom {code}")


def test_an_item_that_moved_towards_more_stigma_is_flagged_everywhere(tmp_path, capsys):
    make_class(tmp_path, 40, effect=0.3, seed=5)
    conn = sqlite3.connect(db_path(tmp_path))
    # "I would rather not be close friends with ..." (higher = more stigma): everyone agrees one point more after
    conn.execute("UPDATE questionnaire_answers SET value = min(5, value + 1) WHERE phase = 'post' "
                 "AND item_id = 'sd-close-friend' AND value IS NOT NULL")
    conn.commit()
    conn.close()
    rep = report_json(capsys, tmp_path)
    flagged = [it["item_id"] for it in rep["attitudes"][0]["items"] if it["backfire"]]
    assert flagged == ["sd-close-friend"]
    html_file = tmp_path / "r.html"
    code, out, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--simulated", "--html", str(html_file))
    assert code == 0, err
    assert "sd-close-friend" in out and "<< BACKFIRE" in out and "Backfire flags: 1" in out
    assert "yes: moved towards more stigma beyond chance" in html_file.read_text(encoding="utf-8")


def test_html_that_cannot_be_written_names_the_file_not_a_temporary_one(two_classes, capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = blocker / "period3.html"  # its "folder" is a file
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--html", str(target))
    assert code == 1 and "Traceback" not in err
    [line] = [ln for ln in err.splitlines() if ln.startswith("vantage report:")]
    assert line == f"vantage report: cannot write {target}: {blocker} is a file, not a folder"


def test_simulated_plays_are_counted_left_out_deleted_and_stay_home(tmp_path, capsys):
    make_class(tmp_path, 6, seed=4, cohort=COHORT_A)
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--cohort", COHORT_A)
    assert code == 1 and "6 simulated plays match" in err
    # another class's code does not claim them
    code, _, err = run_cli(capsys, "report", "--data-dir", str(tmp_path), "--cohort", COHORT_B)
    assert code == 1 and "simulated" not in err
    code, out, err = run_cli(capsys, "data", "--data-dir", str(tmp_path), "export", "-o", str(tmp_path / "b.json"))
    assert code == 0 and "Wrote 0 plays" in out, "made-up plays do not travel unless asked"
    code, out, err = run_cli(capsys, "data", "--data-dir", str(tmp_path), "export", "--simulated", "-o",
                             str(tmp_path / "b.json"))
    assert code == 0 and "Wrote 6 plays" in out
    code, out, err = run_cli(capsys, "data", "--data-dir", str(tmp_path), "delete", "--simulated")
    assert code == 0 and "Deleted 6 made-up plays" in out
    assert sql(tmp_path, "SELECT count(*) FROM play_sessions") == [(0,)]
    assert sql(tmp_path, "SELECT count(*) FROM events") == [(0,)]


def test_classes_side_by_side_each_with_its_own_interval(two_classes, capsys):
    code, out, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--by", "cohort",
                             "--json")
    assert code == 0, err
    rows = json.loads(out)["by_cohort"]
    assert [r["cohort"] for r in rows] == sorted([COHORT_A, COHORT_B])
    for r in rows:
        alone = report_json(capsys, two_classes, "--cohort", r["cohort"])["attitudes"][0]["scales"][0]
        [inst] = r["instruments"]
        assert (inst["ci_low"], inst["ci_high"], inst["dz_ci_low"]) == (alone["ci_low"], alone["ci_high"],
                                                                        alone["dz_ci_low"])
    code, out, _ = run_cli(capsys, "report", "--data-dir", str(two_classes), "--simulated", "--by", "cohort")
    assert code == 0 and "CLASSES SIDE BY SIDE" in out and COHORT_A in out
    code, _, err = run_cli(capsys, "report", "--data-dir", str(two_classes), "--by", "cohort", "--html", "x.html")
    assert code == 2 and "--html" in err
