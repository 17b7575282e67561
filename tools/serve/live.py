"""The live figures of one classroom for the dashboard: participation, the class's choices at each key moment and
the attitude shift, read from the hub's telemetry database and released through disclosure control.

A figure on a projected page is seen changing. So each table is released in steps (tools.serve.disclosure
.safe_update): a new version replaces the one on screen only when no cell moved by fewer than five students; until
then the old version stays, marked as waiting. Every released table is then suppressed exactly as in the report.
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
        self._lock = threading.Lock()

    def release(self, key: str, labels: list[str], counts: list[int]) -> dict[str, Any]:
        """{"labels", "cells", "total", "waiting"}: the table as the page may show it now. The first version is
        an update of an empty table (every cell 0), so it follows the same rule."""
        with self._lock:
            shown = self._shown.get(key) or {"labels": list(labels), "cells": [0] * len(labels), "total": 0}
            old = dict(zip(shown["labels"], shown["cells"]))
            before = ([old.get(label, 0) for label in labels], shown["total"])
            after = disclosure.table(counts, self.threshold)
            if disclosure.safe_update(before, after, self.threshold):
                shown = {"labels": list(labels), "cells": after[0], "total": after[1]}
                self._released[key] = (tuple(labels), list(counts))
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
    st = releaser.release("status", ["playing", "finished", "left"], status)
    out["status"] = {"playing": st["cells"][0], "finished": st["cells"][1], "left": st["cells"][2],
                     "consented": st["total"], "waiting": st["waiting"]}
    filters = rdata.Filters(cohorts=(cohort,), include_simulated=True)
    sessions = rdata.read_sessions(conn, filters)
    moments = []
    if sessions.ids:
        menu_data = rdata.read_menus(conn, filters, sessions)
        for mid in sorted(menu_data, key=lambda k: (menu_data[k].order, k)):
            m = menu_data[mid]
            prompt, texts = labels.get(mid, (None, {}))
            order = {cid: i for i, cid in enumerate(texts)}
            option_ids = sorted(set(texts) | set(m.chose), key=lambda c: (order.get(c, len(order)), c))
            t = releaser.release(f"menu:{mid}", option_ids, [m.chose.get(c, 0) for c in option_ids])
            total = t["total"]
            options = []
            for cid in t["labels"]:
                cell = t["cells"][t["labels"].index(cid)]
                share = (cell / total) if isinstance(cell, int) and isinstance(total, int) and total else None
                options.append({"choice_id": cid, "text": texts.get(cid, cid), "count": cell, "share": share})
            moments.append({"menu_id": mid, "prompt": prompt or mid, "chose": total, "options": options,
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
