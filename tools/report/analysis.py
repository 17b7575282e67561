"""The facilitator's report as one JSON-ready dictionary: participation, attitude shift per instrument and subscale,
per-item change with the backfire flag, and how the class chose at each menu. Every count goes through one
game.telemetry.disclosure.Disclosure per report, here, once, so every output (terminal, JSON, CSV, HTML, chart labels
and alt text) shows the same protected figures, safe against arithmetic across the whole report.

Scores: item values are reverse-scored first, so that on every item and scale a higher score means the same thing;
a scale score is the mean of its items (a student may skip up to a fifth of a scale's items).
"""
from __future__ import annotations

import re

import datetime as _dt
import math
import sqlite3
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from game import paths
from game.telemetry.disclosure import HIDDEN, Disclosure, is_shown
from tools.report import data as rdata
from tools.report import stats
from tools.report.followup import follow_up
from tools.report.instruments import InstrumentError, InstrumentSpec, find_instrument, from_answers

REPORT_FORMAT = 1
MIN_ANSWERED = 0.8  # share of a scale's items a student must answer for a scale score


@dataclass
class ScoreTable:
    """Pseudonymous scale scores for researchers (CSV only; never shown in the terminal or HTML report).

    Kept as arrays per (instrument, scale); rows are made only when a CSV is written.
    """
    blocks: list[tuple[str, str, np.ndarray, np.ndarray]] = field(default_factory=list)  # inst, scale, who, (n, 2)

    @property
    def rows(self) -> Iterator[tuple[str, str, str, str, float]]:
        """(pseudonym, instrument, scale, phase, score), matched pairs only."""
        for inst, scale, who, scores in self.blocks:
            for i, (pre, post) in zip(who.tolist(), scores.tolist()):
                p = _pseudonym(i)
                yield p, inst, scale, "pre", pre
                yield p, inst, scale, "post", post


@dataclass
class Result:
    report: dict[str, Any]
    scores: ScoreTable


def _r(x: float | None, digits: int = 3) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(float(x), digits)


def _p(p: float) -> float | None:
    """p-values keep 4 significant digits (a tiny p stays visible as 3.2e-12, not 0)."""
    return None if p is None or not math.isfinite(p) else float(f"{p:.4g}")


def _where(source: str) -> str:
    """A questionnaire's file relative to the project, so a report never shows a teacher's folder names."""
    try:
        return Path(source).resolve().relative_to(paths.ROOT).as_posix()
    except ValueError:
        return Path(source).name


def _pseudonym(i: int) -> str:
    return f"P{i + 1:05d}"


# -- participation ------------------------------------------------------------------------------------------------

def participation(sessions: rdata.Sessions, dc: Disclosure) -> dict[str, Any]:
    threshold = dc.threshold
    ended = sessions.ended
    counts = [int(np.count_nonzero(ended == k)) for k in ("finished", "left", "abandoned")]
    counts.append(int(sum(1 for k in ended if k is None)))
    cells, total = dc.table(counts)
    done = np.isin(ended, ["finished", "left"]) & np.isfinite(sessions.duration_ms)
    minutes = sessions.duration_ms[done] / 60_000.0
    out: dict[str, Any] = {
        "started": total, "consented": total,
        "finished": cells[0], "left_early": cells[1], "abandoned": cells[2], "in_progress": cells[3],
        "median_minutes": None, "minutes_q1": None, "minutes_q3": None,
    }
    if minutes.size >= threshold:
        q1, med, q3 = np.percentile(minutes, [25, 50, 75])
        out.update(median_minutes=_r(med, 1), minutes_q1=_r(q1, 1), minutes_q3=_r(q3, 1))
    return out


# -- attitudes ----------------------------------------------------------------------------------------------------

def _scale_scores(scored: np.ndarray, cols: list[int], paired: bool = True) -> np.ndarray:
    """(rows, 2) mean item score before and after.

    paired: a student's before and after scores rest on the same questions, those answered both times ("prefer not
    to say" either time leaves the question out of both), and need at least MIN_ANSWERED of the scale's questions
    answered both times; otherwise both are NaN. Not paired (describing who answered only once): each phase on its
    own, NaN where fewer than MIN_ANSWERED of the questions were answered.
    """
    part = scored[:, cols, :]
    if paired:
        both = np.isfinite(part).all(axis=2, keepdims=True)
        part = np.where(both, part, np.nan)
    answered = np.isfinite(part).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(part, axis=1) / answered
    need = math.ceil(MIN_ANSWERED * len(cols))
    return np.where(answered >= need, mean, np.nan)


def _change_dict(res: stats.PairedChange, n_shown: Any) -> dict[str, Any]:
    d = {k: (_r(v, 4) if isinstance(v, float) else v) for k, v in asdict(res).items()}
    if not is_shown(n_shown):
        d["n"] = d["df"] = None  # n - 1 would give the hidden number of pairs away
    if res.permutation_method == "exact":
        d["permutation_resamples"] = None  # 2**(pairs that changed) would tell how many students did not change
    d["p_t"] = _p(res.p_t)
    d["p_permutation"] = _p(res.p_permutation)
    d["headline_effect_size"] = "dz"
    return d


def _alpha(scored: np.ndarray, cols: list[int], phase: int, threshold: int) -> tuple[float | None, int]:
    part = scored[:, cols, phase]
    complete = part[np.isfinite(part).all(axis=1)]
    if complete.shape[0] < threshold:
        return None, int(complete.shape[0])
    return _r(stats.cronbach_alpha(complete), 3), int(complete.shape[0])


def _scale_result(name: str, scores: np.ndarray, scored: np.ndarray, cols: list[int], dc: Disclosure,
                  answered: tuple[int, Any], permutation_resamples: int, scale_min: int, scale_max: int
                  ) -> dict[str, Any]:
    threshold = dc.threshold
    pre, post = scores[:, 0], scores[:, 1]
    matched = np.isfinite(pre) & np.isfinite(post)
    n = int(matched.sum())
    alpha_pre, n_alpha_pre = _alpha(scored, cols, 0, threshold)
    alpha_post, n_alpha_post = _alpha(scored, cols, 1, threshold)
    # the number of pairs is shown with the figures computed from it (t, its interval and dz imply it anyway)
    n_shown = stats.suppress_total(n, threshold)
    out: dict[str, Any] = {"scale": name, "items": len(cols), "n_pairs": n_shown,
                           "alpha_pre": alpha_pre if len(cols) > 1 else None,
                           "alpha_post": alpha_post if len(cols) > 1 else None,
                           "alpha_n_pre": dc.part(n_alpha_pre, *answered)}
    if n < threshold or n < 2:
        out["suppressed"] = True
        out["min_detectable_dz"] = None
        return out
    res = stats.paired_change(pre[matched], post[matched], resamples=permutation_resamples)
    out["suppressed"] = False
    out.update(_change_dict(res, n_shown))
    out["n_pairs"] = n_shown
    out["distribution"] = _distribution(pre[matched], post[matched], scale_min, scale_max, dc, n, n_shown)
    return out


def _distribution(pre: np.ndarray, post: np.ndarray, lo: int, hi: int, dc: Disclosure, n: int, n_shown: Any
                  ) -> dict[str, Any]:
    """How many students scored in each half-point band before and after, each band protected like any table."""
    # half-point bands for a big group; whole points for a class, so fewer bands fall under the threshold
    width = 0.5 if pre.size >= 60 else 1.0
    edges = np.arange(lo, hi + width / 2, width)
    out: dict[str, Any] = {"edges": [float(e) for e in edges]}
    for name, values in (("pre", pre), ("post", post)):
        counts, _ = np.histogram(values, bins=edges)
        out[name] = dc.parts_table([int(c) for c in counts], n, n_shown)
    return out


def _items(spec: InstrumentSpec, scored: np.ndarray, item_ids: list[str], dc: Disclosure, answered: tuple[int, Any],
           total_pairs: int) -> list[dict[str, Any]]:
    threshold = dc.threshold
    results: list[dict[str, Any]] = []
    p_values: list[float] = []
    testable: list[int] = []
    for j, item_id in enumerate(item_ids):
        item = spec.item(item_id)
        pre, post = scored[:, j, 0], scored[:, j, 1]
        ok = np.isfinite(pre) & np.isfinite(post)
        n = int(ok.sum())
        row: dict[str, Any] = {"item_id": item_id, "text": item.text if item else None,
                               "reverse": bool(item.reverse) if item else False,
                               "subscale": item.subscale if item else None,
                               "n_pairs": stats.suppress_total(n, threshold),  # implied by its interval anyway
                               "suppressed": n < threshold or n < 2,
                               "backfire": False, "p_unwanted": None}
        if not row["suppressed"]:
            res = stats.paired_change(pre[ok], post[ok], permutation=False, power=False, dz_ci=False)
            row.update(mean_before=_r(res.mean_before), mean_after=_r(res.mean_after),
                       mean_change=_r(res.mean_change), ci_low=_r(res.ci_low), ci_high=_r(res.ci_high),
                       sd_change=_r(res.sd_change), dz=_r(res.dz))
            row.update(_agreement(pre[ok], post[ok], bool(item.reverse) if item else False, spec, dc, n))
            if spec.unwanted_sign:
                change = post[ok] - pre[ok]  # whole numbers: scale points, reverse-scored
                p = stats.exact_one_sided_sign_flip_p(np.round(change).astype(np.int64), spec.unwanted_sign)
                row["p_unwanted"] = _p(p)
                p_values.append(p)
                testable.append(len(results))
        results.append(row)
    for i, flag in zip(testable, stats.backfire_flags(p_values)):
        results[i]["backfire"] = bool(flag)
    return results


def _agreement(pre: np.ndarray, post: np.ndarray, reverse: bool, spec: InstrumentSpec, dc: Disclosure, n: int
               ) -> dict[str, Any]:
    """A single question is ordinal: the share of the students who agreed with its sentence (a point above the middle
    of the scale, as they ticked it) before and after, and an exact sign test (McNemar) on those who switched."""
    mid = (spec.scale_min + spec.scale_max) / 2.0
    agree_pre, agree_post = (pre < mid, post < mid) if reverse else (pre > mid, post > mid)  # scores are turned
    n_shown = stats.suppress_total(n, dc.threshold)
    out: dict[str, Any] = {}
    for key, agree in (("agree_before", agree_pre), ("agree_after", agree_post)):
        count = int(agree.sum())
        out[key] = dc.share(dc.part(count, n, n_shown), n, n_shown)
    out["agree_p"] = _p(stats.sign_test_p(int((agree_pre & ~agree_post).sum()), int((~agree_pre & agree_post).sum())))
    return out


def _unmatched(sessions: rdata.Sessions, rows: np.ndarray, paired: np.ndarray, each: np.ndarray, dc: Disclosure,
               answered: tuple[int, Any]) -> dict[str, Any]:
    """Students without a matched pair: answered only before (and how their play ended), or only after."""
    threshold = dc.threshold
    matched = np.isfinite(paired).all(axis=1)
    pre_ok, post_ok = np.isfinite(each[:, 0]) & ~matched, np.isfinite(each[:, 1]) & ~matched
    total = each
    pre_only = pre_ok & ~post_ok
    post_only = post_ok & ~pre_ok
    kinds = sessions.ended[rows[pre_only]]
    by_kind = [int(np.count_nonzero(kinds == k)) for k in ("finished", "left", "abandoned")]
    by_kind.append(int(sum(1 for k in kinds if k is None)))
    pre_only_shown = dc.part(int(pre_only.sum()), *answered)
    cells = dc.parts_table(by_kind, int(pre_only.sum()), pre_only_shown)
    out: dict[str, Any] = {
        "pre_only": pre_only_shown, "post_only": dc.part(int(post_only.sum()), *answered),
        "pre_only_finished": cells[0], "pre_only_left_early": cells[1], "pre_only_abandoned": cells[2],
        "pre_only_in_progress": cells[3],
        "pre_mean_unmatched": None, "pre_mean_matched": None,
    }
    if pre_only.sum() >= threshold and matched.sum() >= threshold:
        # do those who dropped out start from a different place? (attrition can bias a pre/post comparison)
        out["pre_mean_unmatched"] = _r(float(total[pre_only, 0].mean()))
        out["pre_mean_matched"] = _r(float(total[matched, 0].mean()))
    return out


def attitudes(answers: rdata.InstrumentAnswers, sessions: rdata.Sessions, dc: Disclosure,
              instruments_dirs: list[Path] | None, warnings: list[str], scores: ScoreTable,
              permutation_resamples: int) -> dict[str, Any]:
    spec: InstrumentSpec | None = None
    try:
        spec = find_instrument(answers.instrument_id, instruments_dirs)
    except InstrumentError as exc:
        warnings.append(str(exc))
    if spec is None:
        lo = 1 if answers.observed_min is None else min(1, answers.observed_min)
        hi = 5 if answers.observed_max is None else max(5, answers.observed_max)
        spec = from_answers(answers.instrument_id, answers.item_ids, lo, hi)
        warnings.append(f"questionnaire '{answers.instrument_id}': no questionnaire file found, so items are not "
                        "reverse-scored and the unwanted direction is unknown (no backfire check)")
    elif spec.unwanted_sign == 0:
        warnings.append(f"questionnaire '{answers.instrument_id}' does not say whether a higher score means more "
                        "stigma, so the backfire check is off")
    threshold = dc.threshold
    known = [i for i in spec.items if i.id in answers.item_ids]
    unknown = [i for i in answers.item_ids if spec.item(i) is None]
    if unknown:
        warnings.append(f"questionnaire '{answers.instrument_id}': answers to items not in its file were left out: "
                        + ", ".join(sorted(unknown)))
    if len(answers.versions) > 1:
        warnings.append(f"questionnaire '{answers.instrument_id}' was answered in more than one version "
                        f"({', '.join(sorted(answers.versions))}); check that the items mean the same")
    item_ids = [i.id for i in known]
    cols_in_data = [answers.item_ids.index(i) for i in item_ids]
    raw = answers.values[:, cols_in_data, :]
    outside = np.isfinite(raw) & ((raw < spec.scale_min) | (raw > spec.scale_max) | (raw != np.round(raw)))
    if outside.any():
        # e.g. an edited or foreign import: such answers cannot be scored, so they count as unanswered
        warnings.append(f"questionnaire '{answers.instrument_id}': {int(outside.sum())} answers outside the scale "
                        f"{spec.scale_min} to {spec.scale_max} were ignored")
        raw = np.where(outside, np.nan, raw)
    rev = np.array([i.reverse for i in known], dtype=bool)
    scored = np.where(rev[None, :, None], stats.reverse_score(raw, spec.scale_min, spec.scale_max), raw)

    # who answered at all is published beside the matched pairs: a difference of 1 to 4 would be a small group
    n_answered = int(answers.session_rows.size)
    n_pairs = int(np.isfinite(_scale_scores(scored, list(range(len(item_ids))))).all(axis=1).sum())
    answered_shown = dc.count(n_answered)
    if is_shown(answered_shown) and 0 < n_answered - n_pairs < threshold:
        answered_shown = HIDDEN
    answered = (n_answered, answered_shown)
    scales: list[tuple[str, list[int]]] = [("total", list(range(len(item_ids))))]
    subs = spec.subscales
    if len(subs) > 1 or (len(subs) == 1 and any(i.subscale != subs[0] for i in known)):
        for sub in subs:
            cols = [j for j, i in enumerate(known) if i.subscale == sub]
            if cols:
                scales.append((sub, cols))
    scale_results = []
    total_scores = None
    for name, cols in scales:
        sc = _scale_scores(scored, cols)
        if name == "total":
            total_scores = sc
        scale_results.append(_scale_result(name, sc, scored, cols, dc, answered, permutation_resamples,
                                           spec.scale_min, spec.scale_max))
        matched = np.isfinite(sc).all(axis=1)
        if matched.any():
            # per-student rows: only for the explicit research export (`--research-scores`), never the report
            scores.blocks.append((spec.id, name, answers.session_rows[matched], sc[matched]))
    assert total_scores is not None
    higher = {1: "more stigma", -1: "less stigma", 0: "unknown"}[spec.unwanted_sign]
    return {
        "instrument_id": spec.id, "title": spec.title, "source": _where(spec.source),
        "versions": answers.versions, "scale_min": spec.scale_min, "scale_max": spec.scale_max,
        "higher_score_means": higher, "unwanted_sign": spec.unwanted_sign,
        "answered_by": answered[1],
        "scales": scale_results,
        "unmatched": _unmatched(sessions, answers.session_rows, total_scores,
                                _scale_scores(scored, list(range(len(item_ids))), paired=False), dc, answered),
        "items": _items(spec, scored, item_ids, dc, answered, int(np.isfinite(total_scores).all(axis=1).sum())),
        "backfire_rule": ("exact one-sided sign-flip test per item in the unwanted direction, Holm-corrected across "
                          f"the instrument's items: at most a {stats.BACKFIRE_ALPHA:.0%} chance per instrument of "
                          "flagging any item when nothing truly changed, for any class size"),
    }


# -- choices ------------------------------------------------------------------------------------------------------

# menu id -> (prompt, {choice id: text} in story order, the scene's title)
MenuLabels = dict[str, tuple[str | None, dict[str, str], str | None]]


_FILLED = re.compile(r"\{\{|\}\}|\{\*\}|\{\|\}|\{[^{}]*\}|\*\*|\*")


def readable(text: str | None) -> str | None:
    """A writer's text as a class-wide label: values and alternatives (which differ from student to student) become
    "…", emphasis marks go, and escaped signs (`{{`, `}}`, `{*}`, `{|}`) are written as themselves."""
    if not text or ("{" not in text and "*" not in text):
        return text
    signs = {"{{": "{", "}}": "}", "{*}": "*", "{|}": "|", "**": "", "*": ""}
    return _FILLED.sub(lambda m: signs.get(m.group(0), "…"), text)


def story_labels(narrative_ids: list[str], warnings: list[str]) -> MenuLabels:
    """The words of each menu's prompt and options, from the story file, so the debrief can read them.

    Only when the report covers one story; the ids alone are shown if the story cannot be loaded here.
    """
    if len(narrative_ids) != 1:
        return {}
    try:
        from game.content import load_narrative
        res = load_narrative(narrative_ids[0])
    except Exception:  # a missing or broken story only costs the labels; the report itself does not need it
        res = None
    if res is None or not res.ok:
        warnings.append(f"the story '{narrative_ids[0]}' is not available here, so choices are shown by their ids")
        return {}
    scenes = res.narrative.scenes if isinstance(getattr(res.narrative, "scenes", None), dict) else {}
    return {beat.full_id: (readable(beat.prompt), {c.id: readable(c.text) for c in beat.choices},
                           getattr(scenes.get(beat.scene), "title", None))
            for beat in res.narrative.beats.values() if beat.choices}


def menus(menu_data: dict[str, rdata.MenuData], dc: Disclosure, labels: MenuLabels | None = None
          ) -> list[dict[str, Any]]:
    threshold = dc.threshold
    out = []
    labels = labels or {}
    # in story order: menus met earlier in a play (smaller average event number) first
    for mid in sorted(menu_data, key=lambda k: (menu_data[k].order, k)):
        m = menu_data[mid]
        prompt, texts, scene_title = labels.get(mid, (None, {}, None))
        story_order = {cid: i for i, cid in enumerate(texts)}
        option_ids = sorted(set(m.chose) | set(m.shown_available) | set(m.shown_locked) | set(m.tried_locked),
                            key=lambda c: (story_order.get(c, len(story_order)), -m.chose.get(c, 0), c))
        made = sum(m.chose.values())
        reached = dc.count(m.reached)
        chose = dc.part(made, m.reached, reached)
        # what students saw, for the debrief sheet: the question on screen, else where they were; never an id
        title = prompt or (f"A choice in “{scene_title}”" if scene_title else None)
        entry: dict[str, Any] = {"menu_id": mid, "prompt": prompt, "title": title, "reached": reached,
                                 "chose": chose, "suppressed": made < threshold,
                                 "options": [], "decision_seconds_median": None, "decision_seconds_q1": None,
                                 "decision_seconds_q3": None, "first_position_share": None}
        cells = dc.parts_table([m.chose.get(c, 0) for c in option_ids], made, chose)
        # shares of those who chose here; when that number must stay hidden (a few left at this moment), shares of
        # those who reached it, so that count / share never gives a hidden figure back
        base, base_shown = (made, chose) if is_shown(chose) else (m.reached, reached)
        entry["share_of"] = "chose" if is_shown(chose) else "reached"
        for cid, cell in zip(option_ids, cells):
            locked = m.shown_locked.get(cid, 0)
            locked_for = dc.part(locked, m.reached, reached)
            entry["options"].append({
                "choice_id": cid, "text": texts.get(cid),
                "count": cell if made >= threshold else stats.small_label(threshold) if m.chose.get(cid) else 0,
                "share": dc.share(cell, base, base_shown) if made >= threshold else None,
                "locked_for": locked_for,
                # students who tried to pick it while it was locked (each once), out of those it was locked for
                "tried_while_locked": dc.part(m.tried_locked.get(cid, 0), locked, locked_for),
            })
        if made >= threshold:
            q1, med, q3 = np.percentile(np.asarray(m.decision_ms) / 1000.0, [25, 50, 75])
            entry.update(decision_seconds_median=_r(med, 1), decision_seconds_q1=_r(q1, 1),
                         decision_seconds_q3=_r(q3, 1),
                         # a share of a hidden count would give it back (share x chose): shown counts only
                         first_position_share=dc.share(dc.part(m.first_position, made, chose), base, base_shown))
        out.append(entry)
    return out


# -- the whole report ---------------------------------------------------------------------------------------------

class NoData(Exception):
    """Nothing matched the filters; the message says what was looked for."""


def build(conn: sqlite3.Connection, filters: rdata.Filters, *, threshold: int = stats.MIN_CELL,
          instruments_dirs: list[Path] | None = None, today: _dt.date | None = None,
          permutation_resamples: int = stats.PERMUTATION_RESAMPLES) -> Result:
    stats.check_threshold(threshold)
    sessions = rdata.read_sessions(conn, filters)
    if not sessions.ids:
        raise NoData(_nothing_found(conn, filters))
    warnings: list[str] = []
    if len({(n["narrative_id"], n["content_hash"]) for n in sessions.narratives}) > 1:
        warnings.append("plays of different stories or story versions are mixed in this report: "
                        + "; ".join(f"{n['narrative_id']} {n['version']}" for n in sessions.narratives)
                        + " (use --narrative to pick one)")
    left_out = _simulated_left_out(conn, filters)
    if left_out:
        # a count of made-up plays describes no student: shown as it is
        warnings.append(f"{left_out} simulated play{'s were' if left_out != 1 else ' was'} left out (made up by "
                        "`vantage simulate`): add --simulated to include them, or delete them with "
                        "`vantage data delete --simulated`")
    if sessions.players.get("simulated"):
        warnings.append("SIMULATED DATA: this report includes plays made up by `vantage simulate`")
    from .languages import language_warning
    languages = language_warning(conn, filters, threshold)
    if languages:
        warnings.append(languages)
    scores = ScoreTable()
    dc = Disclosure(threshold, len(sessions.ids))
    answers = rdata.read_answers(conn, filters, sessions)
    instruments = [attitudes(answers[k], sessions, dc, instruments_dirs, warnings, scores,
                             permutation_resamples) for k in sorted(answers)]
    report = {
        "format": REPORT_FORMAT,
        "generated_date": (today or _dt.date.today()).isoformat(),
        "filters": {"cohorts": list(filters.cohorts), "narrative": filters.narrative, "since": filters.since,
                    "include_simulated": filters.include_simulated},
        "small_cell_threshold": threshold,
        "simulated": bool(sessions.players.get("simulated")),
        "narratives": [{**n, "sessions": dc.count(n["sessions"])} for n in sessions.narratives],
        "cohorts": {k or "(none)": dc.count(v) for k, v in sessions.cohorts.items()},
        "participation": participation(sessions, dc),
        "attitudes": instruments,
        "follow_up": follow_up(conn, filters, sessions, answers, threshold, instruments_dirs),
        "menus": menus(rdata.read_menus(conn, filters, sessions), dc,
                       story_labels(sorted({n["narrative_id"] for n in sessions.narratives}), warnings)),
        "warnings": warnings,
        "notes": [
            "Only plays with the student's consent are recorded, so plays without recording are not counted.",
            f"Groups of fewer than {threshold} students are shown as '<{threshold}'; a figure shown as 'suppressed' "
            "is hidden so that a small group cannot be worked out by subtraction.",
            "Matched pairs: students who answered the questionnaire both before and after the story in the same play.",
        ],
    }
    return Result(report, scores)


def _simulated_left_out(conn: sqlite3.Connection, f: rdata.Filters) -> int:
    """Made-up plays that match the filters but were left out because --simulated was not given."""
    if f.include_simulated:
        return 0
    where, params = replace(f, include_simulated=True).where()
    return conn.execute(f"SELECT count(*) FROM play_sessions s WHERE {where} AND s.player = 'simulated'",
                        params).fetchone()[0]


def _nothing_found(conn: sqlite3.Connection, f: rdata.Filters) -> str:
    parts = []
    if f.cohorts:
        known = {c for (c,) in conn.execute("SELECT code FROM cohorts")}
        recorded = {c for (c,) in conn.execute("SELECT DISTINCT cohort_code FROM play_sessions") if c}
        missing = [c for c in f.cohorts if c not in known and c not in recorded]
        if missing:
            return f"no classroom code {', '.join(missing)} in this database (`vantage cohort list` shows the codes)"
        parts.append("classroom " + ", ".join(f.cohorts))
    if f.narrative:
        parts.append(f"story '{f.narrative}'")
    where = (" for " + ", ".join(parts) if parts else "") + (f" since {f.since}" if f.since else "")
    hint = ""
    sim = _simulated_left_out(conn, f)
    if sim:  # only made-up plays that this very filter would have matched (not another class's)
        hint = f" ({sim} simulated play{'s' if sim != 1 else ''} match: add --simulated to include them)"
    return f"no recorded plays{where}{hint}"
