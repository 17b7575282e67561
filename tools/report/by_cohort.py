"""`vantage report --by cohort`: the classes side by side, each with its own report, interval and protection.

Each class is a report of its own (its own Disclosure over its own plays), and no pooled figure is printed next to
them: a pooled count minus the others would give a class's hidden figures back.
"""
from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Any

from tools.report import analysis
from tools.report import data as rdata
from tools.report.wording import fmt


def build(conn: sqlite3.Connection, filters: rdata.Filters, threshold: int) -> list[dict[str, Any]]:
    where, params = filters.where()
    classes = [c for (c,) in conn.execute(f"SELECT DISTINCT cohort_code FROM play_sessions s WHERE {where} AND "
                                          "s.cohort_code IS NOT NULL ORDER BY 1", params)]
    names = dict(conn.execute("SELECT code, name FROM cohorts"))
    out = []
    for code in classes:
        try:
            report = analysis.build(conn, replace(filters, cohorts=(code,)), threshold=threshold).report
        except analysis.NoData:
            continue
        row: dict[str, Any] = {"cohort": code, "name": names.get(code), "started": report["participation"]["started"],
                               "instruments": []}
        for inst in report["attitudes"]:
            total = inst["scales"][0]
            keep = ("n_pairs", "suppressed", "mean_change", "ci_low", "ci_high", "dz", "dz_ci_low", "dz_ci_high")
            row["instruments"].append({"instrument_id": inst["instrument_id"], **{k: total.get(k) for k in keep}})
        out.append(row)
    return out


def render(rows: list[dict[str, Any]]) -> str:
    lines = ["CLASSES SIDE BY SIDE (each its own report; total score, after - before)",
             f"  {'class':8} {'name':20} {'plays':>6} {'pairs':>6}  {'change [95% interval]':>24}  "
             f"{'dz [95% interval]':>22}"]
    for r in rows:
        for inst in r["instruments"] or [{"n_pairs": None, "suppressed": True}]:
            if inst.get("suppressed"):
                figures = "(too few pairs to show)"
            else:
                figures = (f"{fmt(inst['mean_change'], signed=True):>6} [{fmt(inst['ci_low'], signed=True)}, "
                           f"{fmt(inst['ci_high'], signed=True)}]".rjust(24)
                           + f"  {fmt(inst['dz'], signed=True)} [{fmt(inst['dz_ci_low'], signed=True)}, "
                           f"{fmt(inst['dz_ci_high'], signed=True)}]".rjust(24))
            lines.append(f"  {r['cohort']:8} {(r['name'] or '')[:20]:20} {fmt(r['started']):>6} "
                         f"{fmt(inst.get('n_pairs')):>6}  {figures}")
    if not rows:
        lines.append("  (no plays with a classroom code in these filters)")
    return "\n".join(lines) + "\n"
