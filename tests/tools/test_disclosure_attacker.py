"""An automatic attacker against the report (issue 9): over many simulated classes of 5 to 12 students with small
groups planted (a few who left early, stopped, skipped the after-questionnaire or a question), it collects every
count the report publishes and tries the arithmetic a reader could: a total minus its shown parts, a group minus a
group it contains, share x total and count / share, the degrees of freedom, the number of sign-flip patterns.
No group of 1 to 4 students may come out. All outputs (terminal, CSV, HTML, charts) render this same dictionary.
Against the report code before issue 9, every one of these classes leaked."""
from __future__ import annotations

import random
import sqlite3

import pytest

from game.telemetry.disclosure import Disclosure, is_shown
from tests.tools.report_helpers import db_path, make_class, small_counts
from tools.report import analysis
from tools.report import data as rdata


def _plant_small_groups(folder, rng: random.Random) -> None:
    conn = sqlite3.connect(db_path(folder))
    ids = [r[0] for r in conn.execute("SELECT session_id FROM play_sessions ORDER BY session_id")]
    rng.shuffle(ids)
    k = rng.randint(1, 3)
    for sid in ids[:k]:  # left early (no after-questionnaire)
        conn.execute("UPDATE play_sessions SET ended_kind = 'left' WHERE session_id = ?", (sid,))
        conn.execute("DELETE FROM questionnaire_answers WHERE session_id = ? AND phase = 'post'", (sid,))
    j = rng.randint(0, 2)
    for sid in ids[k:k + j]:  # stopped without an ending
        conn.execute("UPDATE play_sessions SET ended_kind = NULL WHERE session_id = ?", (sid,))
    for sid in ids[k + j:k + j + rng.randint(0, 2)]:  # skipped one question after ('prefer not to say')
        conn.execute("UPDATE questionnaire_answers SET value = NULL WHERE session_id = ? AND phase = 'post' AND "
                     "item_id = (SELECT min(item_id) FROM questionnaire_answers WHERE session_id = ?)", (sid, sid))
    conn.commit()
    conn.close()


def _attack(r: dict) -> list[tuple[str, int]]:
    """Every figure a reader can derive; the caller checks none is a group of 1..4."""
    found: list[tuple[str, int]] = []

    def diff(label: str, whole, *parts) -> None:
        if is_shown(whole) and all(is_shown(p) for p in parts):
            found.append((label, whole - sum(parts)))

    p = r["participation"]
    n = p["started"]
    cells = [p[k] for k in ("finished", "left_early", "abandoned", "in_progress")]
    hidden = [c for c in cells if not is_shown(c)]
    if len(hidden) == 1:
        diff("participation: total minus the shown cells", n, *[c for c in cells if is_shown(c)])
    counts: list[tuple[str, object]] = [("cohort", v) for v in r["cohorts"].values()]
    counts += [("story", s["sessions"]) for s in r["narratives"]]
    for inst in r["attitudes"]:
        counts.append(("answered_by", inst["answered_by"]))
        um = inst["unmatched"]
        total_pairs = inst["scales"][0]["n_pairs"]
        diff("answered - pairs - pre only - post only", inst["answered_by"], total_pairs, um["pre_only"],
             um["post_only"])
        kinds = [um[k] for k in ("pre_only_finished", "pre_only_left_early", "pre_only_abandoned",
                                 "pre_only_in_progress")]
        if sum(not is_shown(c) for c in kinds) == 1:
            diff("pre only minus its shown kinds", um["pre_only"], *[c for c in kinds if is_shown(c)])
        for key in ("pre_only", "post_only"):
            counts.append((key, um[key]))
            diff(f"answered - {key}", inst["answered_by"], um[key])
        # Not tried, on purpose (docs/report.md, "What the numbers of pairs tell"): the number of matched pairs of a
        # scale or an item against the population or against each other. Every figure computed from pairs (t, its
        # interval, dz) implies their number, so it is published with them; what it tells by subtraction is that a
        # few students have no matched pair, never who they are or what they answered.
        for sc in inst["scales"]:
            diff("answered - pairs", inst["answered_by"], sc["n_pairs"])
            diff("pairs - complete for alpha", sc["n_pairs"], sc.get("alpha_n_pre"))
            diff("answered - complete for alpha", inst["answered_by"], sc.get("alpha_n_pre"))
            if sc.get("df") is not None:
                diff("answered - (df + 1)", inst["answered_by"], sc["df"] + 1)
            res = sc.get("permutation_resamples")
            if sc.get("permutation_method") == "exact" and isinstance(res, int):
                found.append(("pairs that did not change (2**k patterns)", (sc["n_pairs"] if is_shown(
                    sc["n_pairs"]) else 99) - (res.bit_length() - 1)))
            dist = sc.get("distribution")
            if dist:
                for phase in ("pre", "post"):
                    bands = dist[phase]
                    if sum(not is_shown(b) for b in bands) == 1:
                        diff(f"pairs minus shown {phase} bands", sc["n_pairs"], *[b for b in bands if is_shown(b)])
    for inst in r["attitudes"]:
        for it in inst["items"]:
            for key in ("agree_before", "agree_after"):
                if it.get(key) is not None and is_shown(it["n_pairs"]):
                    agreeing = round(it[key] * it["n_pairs"])
                    found += [(f"{key} x pairs", agreeing), (f"pairs - {key} x pairs", it["n_pairs"] - agreeing)]
    for m in r["menus"]:
        counts += [("reached", m["reached"]), ("chose", m["chose"])]
        diff("reached - chose", m["reached"], m["chose"])
        opts = [o["count"] for o in m["options"]]
        if sum(not is_shown(c) for c in opts) == 1:
            diff("chose minus the shown options", m["chose"], *[c for c in opts if is_shown(c)])
        if all(is_shown(c) for c in opts):
            diff("reached minus all options", m["reached"], *opts)
        base = m["chose"] if m.get("share_of", "chose") == "chose" else m["reached"]
        for o in m["options"]:
            counts += [("locked_for", o["locked_for"]), ("tried", o["tried_while_locked"])]
            diff("reached - locked for", m["reached"], o["locked_for"])
            diff("locked for - tried", o["locked_for"], o["tried_while_locked"])
            if o["share"] is not None:
                if is_shown(base):
                    found.append(("share x total", round(o["share"] * base)))
                    diff("base - share x total", base, round(o["share"] * base))
                if o["share"] > 0 and is_shown(o["count"]):
                    found.append(("count / share", round(o["count"] / o["share"])))
                    diff("population - count / share", n, round(o["count"] / o["share"]))
        if m["first_position_share"] is not None and is_shown(base):
            found.append(("first-position share x total", round(m["first_position_share"] * base)))
            diff("the rest of first positions", base, round(m["first_position_share"] * base))
    for label, c in counts:
        diff(f"population - {label}", n, c)
    return found


@pytest.mark.parametrize("seed", range(64))
def test_no_small_group_can_be_worked_out_from_a_report(tmp_path, seed):
    rng = random.Random(seed)
    size = 5 + seed % 8  # classes of 5 to 12
    make_class(tmp_path, size, effect=rng.choice([0.0, 0.5]), seed=seed)
    _plant_small_groups(tmp_path, rng)
    conn = sqlite3.connect(f"{db_path(tmp_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        report = analysis.build(conn, rdata.Filters(include_simulated=True)).report
    finally:
        conn.close()
    assert small_counts(report) == []
    leaks = [(label, v) for label, v in _attack(report) if 0 < v < 5]
    assert leaks == [], f"class of {size}: {leaks}"


def test_the_attacker_finds_what_the_old_report_gave_away():
    """The attacker is not toothless: on the figures the old report published it recovers the hidden counts."""
    old = {"participation": {"started": 30, "finished": 27, "left_early": "<5", "abandoned": 0, "in_progress": 0},
           "cohorts": {}, "narratives": [], "attitudes": [],
           "menus": [{"reached": 30, "chose": 29, "share_of": "chose", "first_position_share": 0.931,
                      "options": [{"count": 25, "share": 0.862, "locked_for": 0, "tried_while_locked": 0},
                                  {"count": "<5", "share": None, "locked_for": 0, "tried_while_locked": 0}]}]}
    leaks = {label for label, v in _attack(old) if 0 < v < 5}
    assert "participation: total minus the shown cells" in leaks and "reached - chose" in leaks
    assert "the rest of first positions" in leaks


def test_disclosure_rules_for_a_dashboard():
    dc = Disclosure(5, population=30)
    assert dc.population_shown == 30
    assert dc.count(27) == "suppressed" and dc.count(3) == "<5" and dc.count(25) == 25 and dc.count(30) == 30
    reached = dc.count(25)
    assert dc.part(24, 25, reached) == "suppressed" and dc.part(20, 25, reached) == 20
    assert dc.share(20, 25, reached) == 0.8 and dc.share("suppressed", 25, reached) is None
    tiny = Disclosure(5, population=4)
    assert tiny.population_shown == "<5" and tiny.count(4) == "<5" and tiny.count(0) == 0
