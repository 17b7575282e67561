"""The live figures of one classroom for the dashboard: participation, the class's choices at each key moment and
the attitude shift, read from the hub's telemetry database and released through disclosure control.

Each refresh is one view of the class's plays with its own game.telemetry.disclosure.Disclosure (population: the plays
that took part), which shows and hides each figure exactly as the report does. And a figure on a projected page is
seen changing: so each table is released in steps (tools.serve.disclosure.safe_update): a new version replaces the one
on screen only when no figure shown exactly moved by fewer than five students from any value it was shown with
before; until then the old version stays, marked as waiting.
"""
from __future__ import annotations

import sqlite3
import threading
from typing import Any

from tools.report import analysis
from tools.report import data as rdata
from tools.serve import disclosure

ATTITUDE_MIN_PAIRS = 2 * disclosure.MIN_GROUP  # "once enough have finished": a mean of fewer means little


class Releaser:
    """Remembers what was last released of each table (exact counts) and decides what the page may show now."""

    def __init__(self, threshold: int = disclosure.MIN_GROUP) -> None:
        self.threshold = threshold
        self._released: dict[str, tuple[tuple[str, ...], list[int]]] = {}
        self._shown: dict[str, dict[str, Any]] = {}
        self._history: dict[str, dict[str, set[int]]] = {}  # every exact value each figure has been shown with
        self._lock = threading.Lock()

    def release(self, key: str, labels: list[str], counts: list[int], cells: list[Any], total: Any
                ) -> dict[str, Any]:
        """{"labels", "cells", "total", "waiting"}: the table as the page may show it now. `cells` and `total` are
        `counts` as the Disclosure of this refresh would show them. The first version is compared with an empty
        table (every figure shown as 0), so it follows the same rule."""
        with self._lock:
            history = self._history.setdefault(key, {})
            shown = self._shown.get(key) or {"labels": list(labels), "cells": [0] * len(labels), "total": 0}
            if key not in self._shown:
                for name in [*labels, "\0total"]:
                    history.setdefault(name, set()).add(0)
            after = {**dict(zip(labels, cells)), "\0total": total}
            for name in after:  # an option seen for the first time was shown as 0 until now
                history.setdefault(name, {0})
            if disclosure.safe_update(history, after, self.threshold):
                shown = {"labels": list(labels), "cells": list(cells), "total": total}
                self._released[key] = (tuple(labels), list(counts))
                for name, value in after.items():
                    if disclosure.is_shown(value):
                        history[name].add(value)
            self._shown[key] = shown
            rel_labels, rel_counts = self._released.get(key, ((), []))
            waiting = [dict(zip(rel_labels, rel_counts)).get(label, 0) for label in labels] != list(counts)
            return {**shown, "waiting": waiting}

    def release_group_figure(self, key: str, n: int, figure: dict[str, Any]) -> dict[str, Any]:
        """A figure about a group of n students (a mean): replaced only when n moved by at least the threshold since
        the version on screen, so the change never reflects fewer students than that."""
        with self._lock:
            last = self._shown.get(key)
            if last is None or abs(n - last["n"]) >= self.threshold:
                self._shown[key] = dict(figure)
            return {**self._shown[key], "waiting": self._shown[key]["n"] != n}


def _status_counts(conn: sqlite3.Connection, cohort: str) -> tuple[list[int], bool]:
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE ended_kind IS NULL), count(*) FILTER (WHERE ended_kind = 'finished'), "
        "count(*) FILTER (WHERE ended_kind IN ('left', 'abandoned')), count(*) FILTER (WHERE player = 'simulated') "
        "FROM play_sessions WHERE cohort_code = ?", (cohort,)).fetchone()
    return [int(row[0]), int(row[1]), int(row[2])], bool(row[3])


def figures(conn: sqlite3.Connection, cohort: str, releaser: Releaser, labels: analysis.MenuLabels) -> dict[str, Any]:
    """Everything the dashboard shows, already through disclosure control (JSON-ready)."""
    status, simulated = _status_counts(conn, cohort)
    out: dict[str, Any] = {"cohort": cohort, "simulated": simulated, "min_group": releaser.threshold}
    dc = disclosure.Disclosure(releaser.threshold, population=sum(status))  # this refresh's view of the class
    st = releaser.release("status", ["playing", "finished", "left"], status, *dc.table(status))
    out["status"] = {"playing": st["cells"][0], "finished": st["cells"][1], "left": st["cells"][2],
                     "consented": st["total"], "waiting": st["waiting"]}
    filters = rdata.Filters(cohorts=(cohort,), include_simulated=True)
    sessions = rdata.read_sessions(conn, filters)
    moments = []
    if sessions.ids:
        menu_data = rdata.read_menus(conn, filters, sessions)
        for mid in sorted(menu_data, key=lambda k: (menu_data[k].order, k)):
            m = menu_data[mid]
            # (prompt, option words, scene title); ids alone when the story is not on this machine
            label = labels.get(mid)
            prompt, texts, scene_title = label if label else (None, {}, None)
            order = {cid: i for i, cid in enumerate(texts)}
            option_ids = sorted(set(texts) | set(m.chose), key=lambda c: (order.get(c, len(order)), c))
            counts = [m.chose.get(c, 0) for c in option_ids]
            made = sum(counts)
            # as the report: who reached the moment, who chose there (out of them), each option (out of those)
            chose = dc.part(made, m.reached, dc.count(m.reached))
            t = releaser.release(f"menu:{mid}", option_ids, counts, dc.parts_table(counts, made, chose), chose)
            total = t["total"]
            options = []
            for cid in t["labels"]:
                cell = t["cells"][t["labels"].index(cid)]
                share = (cell / total) if disclosure.is_shown(cell) and disclosure.is_shown(total) and total else None
                options.append({"choice_id": cid, "text": texts.get(cid, cid), "count": cell, "share": share})
            moments.append({"menu_id": mid, "prompt": prompt or scene_title or f"Key moment {len(moments) + 1}", "chose": total,
                            "options": options,
                            "waiting": t["waiting"]})
    out["moments"] = moments
    out["attitude"] = _attitude(conn, cohort, releaser)
    return out


def _attitude(conn: sqlite3.Connection, cohort: str, releaser: Releaser) -> dict[str, Any] | None:
    """The overall scale's mean before and after with its 95 % interval, once ATTITUDE_MIN_PAIRS students answered
    both; recomputed only when at least five more have (so no one student's change shows in the difference)."""
    filters = rdata.Filters(cohorts=(cohort,), include_simulated=True)
    try:
        report = analysis.build(conn, filters, threshold=releaser.threshold, permutation_resamples=200).report
    except analysis.NoData:
        return None
    for instrument in report["attitudes"]:
        for scale in instrument["scales"]:
            n = scale.get("n_pairs") or 0
            if scale.get("suppressed") or n < ATTITUDE_MIN_PAIRS:
                continue
            key = f"attitude:{instrument['instrument_id']}:{scale['scale']}"
            figure = {"n": n, "title": instrument["title"], "higher_means": instrument["higher_score_means"],
                      "scale_min": instrument["scale_min"], "scale_max": instrument["scale_max"],
                      **{k: scale[k] for k in ("mean_before", "mean_after", "mean_change", "ci_low", "ci_high")}}
            return releaser.release_group_figure(key, n, figure)
    return None
