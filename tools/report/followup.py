"""The follow-up part of the report: the same students before the story, just after it, and weeks later.

A follow-up session (`vantage play --cohort CODE --follow-up`) has only answers in phase 'followup' (the after-story
questionnaire again). It is linked to the student's play of the story by their participant code, inside the same
classroom (tools/report/linking.py: a code shared by two plays links nothing). For the linked students who have a
score at all three times, the report shows the three means and the change from before to the follow-up (did it
last?) and from just after to the follow-up (did it fade?), each with its interval and dz.
"""
from __future__ import annotations

import sqlite3
from dataclasses import asdict, replace
from typing import Any

import numpy as np

from game.telemetry.disclosure import Disclosure
from tools.report import data as rdata
from tools.report import stats
from tools.report.instruments import InstrumentError, find_instrument
from tools.report.linking import link_plays


def _codes(conn: sqlite3.Connection, f: rdata.Filters) -> dict[str, tuple[str | None, str | None]]:
    where, params = f.where()
    return {sid: (cohort, code) for sid, cohort, code in conn.execute(
        f"SELECT session_id, cohort_code, participant_hash FROM play_sessions s WHERE {where}", params)}


def _total(answers: rdata.InstrumentAnswers, instruments_dirs: Any) -> np.ndarray | None:
    """(rows, 2) total scores, reverse-scored, each phase on its own (at least 80 % of the questions answered)."""
    from tools.report.analysis import MIN_ANSWERED
    try:
        spec = find_instrument(answers.instrument_id, instruments_dirs)
    except InstrumentError:
        spec = None
    if spec is None:
        return None
    known = [i for i in spec.items if i.id in answers.item_ids]
    raw = answers.values[:, [answers.item_ids.index(i.id) for i in known], :]
    raw = np.where(np.isfinite(raw) & ((raw < spec.scale_min) | (raw > spec.scale_max)), np.nan, raw)
    rev = np.array([i.reverse for i in known], dtype=bool)
    scored = np.where(rev[None, :, None], stats.reverse_score(raw, spec.scale_min, spec.scale_max), raw)
    answered = np.isfinite(scored).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(scored, axis=1) / answered
    return np.where(answered >= np.ceil(MIN_ANSWERED * len(known)), mean, np.nan)


def _change(a: np.ndarray, b: np.ndarray) -> dict[str, Any]:
    res = stats.paired_change(a, b, power=False)
    keep = ("mean_change", "ci_low", "ci_high", "dz", "dz_ci_low", "dz_ci_high", "p_permutation",
            "permutation_method", "p_permutation_mc_error")
    d = asdict(res)
    return {k: (round(d[k], 4) if isinstance(d[k], float) and np.isfinite(d[k]) else d[k]) for k in keep}


def follow_up(conn: sqlite3.Connection, filters: rdata.Filters, sessions: rdata.Sessions,
              main_answers: dict[str, rdata.InstrumentAnswers], threshold: int,
              instruments_dirs: Any = None) -> dict[str, Any] | None:
    """The follow-up section, or None when no follow-up was recorded for these plays."""
    fu_filters = replace(filters, follow_up=True)
    fu_sessions = rdata.read_sessions(conn, fu_filters)
    if not fu_sessions.ids:
        return None
    dc = Disclosure(threshold, len(fu_sessions.ids))
    main_codes, fu_codes = _codes(conn, filters), _codes(conn, fu_filters)
    links: dict[str, str] = {}
    for cohort in {c for c, _ in fu_codes.values() if c}:
        links.update(link_plays([(sid, code) for sid, (c, code) in main_codes.items() if c == cohort],
                                [(sid, code) for sid, (c, code) in fu_codes.items() if c == cohort]))
    out: dict[str, Any] = {"followup_plays": dc.population_shown, "linked": dc.count(len(links)), "instruments": []}
    fu_answers = rdata.read_answers(conn, fu_filters, fu_sessions)
    for inst_id in sorted(set(fu_answers) & set(main_answers)):
        main, fu = main_answers[inst_id], fu_answers[inst_id]
        main_total, fu_total = _total(main, instruments_dirs), _total(fu, instruments_dirs)
        entry: dict[str, Any] = {"instrument_id": inst_id, "suppressed": True}
        out["instruments"].append(entry)
        if main_total is None or fu_total is None:
            continue
        main_row = {sessions.ids[r]: k for k, r in enumerate(main.session_rows.tolist())}
        fu_row = {fu_sessions.ids[r]: k for k, r in enumerate(fu.session_rows.tolist())}
        trio = [(main_total[main_row[m], 0], main_total[main_row[m], 1], fu_total[fu_row[f], 1])
                for f, m in links.items() if f in fu_row and m in main_row]
        scores = np.array([t for t in trio if all(np.isfinite(t))], dtype=float).reshape(-1, 3)
        n = scores.shape[0]
        # like the pairs of the main report, n is shown with the figures computed from it (they imply it)
        entry["n_students"] = stats.suppress_total(n, threshold)
        if n < threshold or n < 2:
            continue
        entry.update(suppressed=False, mean_before=round(float(scores[:, 0].mean()), 3),
                     mean_after=round(float(scores[:, 1].mean()), 3),
                     mean_followup=round(float(scores[:, 2].mean()), 3),
                     before_to_followup=_change(scores[:, 0], scores[:, 2]),
                     after_to_followup=_change(scores[:, 1], scores[:, 2]))
    return out
