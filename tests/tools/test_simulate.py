"""`vantage simulate`: made-up plays through the real pipeline, and the report recovering what was planted."""
from __future__ import annotations

import json
import math

import numpy as np

from report_helpers import make_class, report_json, run_cli, sql

from game.telemetry import instruments as questionnaire
from game.telemetry.disclosure import Disclosure
from tools.report import analysis, stats
from tools.report.instruments import from_instrument
from tools.simulate import expected_change, item_models, latent_answers, latent_shift_for_dz

INSTRUMENT = questionnaire.load_instrument("attitudes-short")
SPEC = from_instrument(INSTRUMENT, "bundled")
MODELS = item_models(INSTRUMENT)
REV = np.array([m.reverse for m in MODELS])


def _mean_scores(raw: np.ndarray) -> np.ndarray:
    return np.where(REV, 6 - raw, raw).mean(axis=1)


def test_simulate_records_plays_through_the_real_pipeline(tmp_path, capsys):
    code, out, err = run_cli(capsys, "simulate", "--participants", "15", "--effect", "0.3", "--seed", "4",
                             "--cohort", "kx7-m4p", "--data-dir", str(tmp_path))
    assert code == 0, err
    assert "Made up 15 plays" in out and "--simulated --cohort KX7M4P" in out
    rows = sql(tmp_path, "SELECT player, cohort_code, narrative_id, count(*) FROM play_sessions GROUP BY 1, 2, 3")
    assert rows == [("simulated", "KX7M4P", "morning-bus", 15)]
    kinds = {t for (t,) in sql(tmp_path, "SELECT DISTINCT type FROM events")}
    assert {"scene_entered", "beat_entered", "menu_offered", "choice_made", "ending_reached"} <= kinds
    # every choice recorded was really offered by the story at that point (the runner, not a shortcut, played)
    for sid, in sql(tmp_path, "SELECT session_id FROM play_sessions"):
        offered = None
        for typ, payload in sql(tmp_path, "SELECT type, payload FROM events WHERE session_id = ? ORDER BY seq",
                                (sid,)):
            p = json.loads(payload)
            if typ == "menu_offered":
                offered = p
            elif typ == "choice_made":
                assert offered and p["menu_id"] == offered["menu_id"] and p["choice_id"] in offered["available"]
    answers = sql(tmp_path, "SELECT DISTINCT instrument_id, item_id FROM questionnaire_answers")
    assert {i for _, i in answers} == {it.id for it in INSTRUMENT.items}


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    def fingerprint(folder):
        answers = sorted(sql(folder, "SELECT phase, item_id, value FROM questionnaire_answers"),
                         key=lambda r: tuple("" if v is None else str(v) for v in r))
        choices = sorted(sql(folder, "SELECT payload FROM events WHERE type = 'choice_made'"))
        return answers, [c[0].split('"decision_ms"')[0] for c in choices]
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        make_class(tmp_path / name, 10, effect=0.2, seed=seed)
    assert fingerprint(tmp_path / "a") == fingerprint(tmp_path / "b")
    assert fingerprint(tmp_path / "a") != fingerprint(tmp_path / "c")


def test_simulate_refuses_bad_arguments(tmp_path, capsys):
    base = ["simulate", "--data-dir", str(tmp_path)]
    code, _, err = run_cli(capsys, *base, "--participants", "0", "--effect", "0.2")
    assert code == 2 and "--participants" in err
    code, _, err = run_cli(capsys, *base, "--participants", "5", "--effect", "nan")
    assert code == 2 and "--effect" in err
    code, _, err = run_cli(capsys, *base, "--participants", "5", "--effect", "0.2", "--cohort", "hello!")
    assert code == 2 and "not a classroom code" in err
    code, _, err = run_cli(capsys, *base, "--participants", "5", "--effect", "0.2", "--narrative", "no-such-story")
    assert code == 1 and "Traceback" not in err and "no-such-story" in err


def test_report_recovers_the_planted_effect_through_the_whole_pipeline(tmp_path, capsys):
    # a few classes through runner + recorder + SQLite + report; the interval must cover the planted change
    effect, covered, runs = 0.5, 0, 8
    truth = expected_change(MODELS, latent_shift_for_dz(MODELS, effect))
    for seed in range(runs):
        folder = tmp_path / f"s{seed}"
        make_class(folder, 40, effect=effect, seed=100 + seed)
        total = report_json(capsys, folder)["attitudes"][0]["scales"][0]
        covered += total["ci_low"] <= truth <= total["ci_high"]
        assert total["dz"] < 0  # towards less stigma, every time at this size
    assert covered >= runs - 2  # P(fewer) < 1 % if the interval has its stated 95 % coverage


def test_interval_coverage_of_the_planted_change_across_many_seeds():
    # the same latent model simulate uses, straight into the report's statistics: coverage must be about 95 %
    truth = expected_change(MODELS, 0.4)
    runs, covered = 400, 0
    for seed in range(runs):
        pre, post = latent_answers(np.random.default_rng(seed), MODELS, 30, 0.4)
        res = stats.paired_change(_mean_scores(pre), _mean_scores(post), permutation=False, power=False)
        covered += res.ci_low <= truth <= res.ci_high
    se = math.sqrt(0.95 * 0.05 / runs)
    assert abs(covered / runs - 0.95) < 3.5 * se


def test_with_no_true_effect_flags_stay_within_their_stated_error_rates():
    runs, n = 300, 25
    backfire_runs, total_false_alarms = 0, 0
    for seed in range(runs):
        pre, post = latent_answers(np.random.default_rng(10_000 + seed), MODELS, n, 0.0)
        raw = np.stack([pre, post], axis=2).astype(float)
        scored = np.where(REV[None, :, None], 6 - raw, raw)
        items = analysis._items(SPEC, scored, [m.item_id for m in MODELS], Disclosure(5, n), (n, n), n)
        backfire_runs += any(it["backfire"] for it in items)
        res = stats.paired_change(scored[:, :, 0].mean(axis=1), scored[:, :, 1].mean(axis=1), permutation=False, power=False)
        total_false_alarms += res.ci_low > 0 or res.ci_high < 0
    se = math.sqrt(0.05 * 0.95 / runs)
    assert backfire_runs / runs <= stats.BACKFIRE_ALPHA + 3 * se  # stated: at most 5 % per instrument
    assert total_false_alarms / runs <= 0.05 + 3 * se  # the 95 % interval excludes 0 about 5 % of the time


def test_backfire_is_flagged_when_an_item_really_moves_the_wrong_way():
    rng = np.random.default_rng(3)
    pre, post = latent_answers(rng, MODELS, 60, 0.3)
    raw = np.stack([pre, post], axis=2).astype(float)
    scored = np.where(REV[None, :, None], 6 - raw, raw)
    # item 1 ("rather not be close friends"): make every student agree one point more after the story
    scored[:, 1, 1] = np.clip(scored[:, 1, 0] + 1 + rng.integers(-1, 1, 60), 1, 5)
    items = analysis._items(SPEC, scored, [m.item_id for m in MODELS], Disclosure(5, 60), (60, 60), 60)
    assert [it["item_id"] for it in items if it["backfire"]] == [MODELS[1].item_id]


def test_simulated_questionnaire_is_realistically_reliable():
    pre, _ = latent_answers(np.random.default_rng(1), MODELS, 2000, 0.0)
    alpha = stats.cronbach_alpha(pre.astype(float), REV.tolist(), scale_min=1, scale_max=5)
    assert 0.7 <= alpha <= 0.95


def test_simulate_keeps_a_classroom_to_its_own_story(tmp_path, capsys):
    import re
    import shutil
    from pathlib import Path
    code, out, err = run_cli(capsys, "cohort", "new", "--narrative", "morning-bus", "--name", "Period 3",
                             "--data-dir", str(tmp_path))
    assert code == 0, err
    cohort = re.search(r"\b[A-Z0-9]{6}\b", out).group(0)
    # without --narrative, the classroom's own story is played
    code, out, err = run_cli(capsys, "simulate", "--participants", "5", "--effect", "0", "--cohort", cohort,
                             "--data-dir", str(tmp_path))
    assert code == 0, err
    assert sql(tmp_path, "SELECT DISTINCT narrative_id FROM play_sessions") == [("morning-bus",)]
    # another story under this classroom's code is refused, and nothing is added
    other = tmp_path / "other"
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "narratives", other / "narratives")
    shutil.copytree(root / "scenes", other / "scenes")
    manifest = other / "narratives" / "morning-bus.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("id: morning-bus", "id: other-bus", 1),
                        encoding="utf-8")
    code, out, err = run_cli(capsys, "simulate", "--participants", "5", "--effect", "0", "--cohort", cohort,
                             "--narrative", str(manifest), "--data-dir", str(tmp_path))
    assert code == 2 and "is for the story `morning-bus`" in err
    assert sql(tmp_path, "SELECT count(*) FROM play_sessions") == [(5,)]


def test_play_with_only_a_classroom_code_plays_that_classrooms_story(tmp_path, capsys, monkeypatch):
    import io
    import re
    code, out, err = run_cli(capsys, "cohort", "new", "--narrative", "morning-bus", "--name", "Period 4",
                             "--data-dir", str(tmp_path))
    cohort = re.search(r"\b[A-Z0-9]{6}\b", out).group(0)
    monkeypatch.setattr("sys.stdin", io.StringIO("2\n"))  # play without recording, then input ends
    code, out, err = run_cli(capsys, "play", "--text", "--cohort", cohort, "--data-dir", str(tmp_path))
    assert "needs a NARRATIVE" not in err
    assert "The Morning Bus" in out


def test_a_data_folder_that_cannot_be_used_is_told_once(tmp_path, capsys):
    """simulate says why itself; it used to leave the same problem as a 'recording stopped' note for the next command
    too, naming the database three times."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run_cli(capsys, "simulate", "--participants", "3", "--effect", "0.3", "--data-dir", str(blocker))
    assert code == 1 and f"{blocker} is a file, not a folder" in err
    assert err.count(str(blocker / "telemetry.sqlite3")) == 1
    code, _, err = run_cli(capsys, "cohort", "list", "--data-dir", str(tmp_path / "elsewhere"))
    assert code == 0 and "recording stopped" not in err
