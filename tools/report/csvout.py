"""Tidy CSV tables of the report, for spreadsheets, R and SPSS: one row per observation, one column per variable.

The tables hold the same protected figures as the report. Per-student rows never leave through the report: they are
written only by the explicit research export (`vantage report --research-scores FILE`, `write_research_scores`), which
warns that its rows are personal research data: scale scores by pseudonymous participant (P00001 ...: a number local
to this export, never the play id or code), matched pairs only.
Every file is written atomically (temporary file, fsync, rename), so a crash never leaves half a table.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any, Iterable, Sequence

from game.files import write_atomic
from tools.report.analysis import Result


def _atomic_write(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, what spreadsheets expect
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return write_atomic(path, buffer.getvalue(), newline="")


def tables(result: Result) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every table as (header, rows); also used by tests and the HTML report's data tables."""
    r = result.report
    p = r["participation"]
    participation = [[k, p[k]] for k in ("started", "consented", "finished", "left_early", "abandoned",
                                          "in_progress", "median_minutes", "minutes_q1", "minutes_q3")]
    scale_cols = ["n_pairs", "mean_before", "sd_before", "mean_after", "sd_after", "mean_change", "sd_change",
                  "ci_low", "ci_high", "t", "df", "p_t", "dz", "d_av", "p_permutation", "permutation_method",
                  "permutation_resamples", "min_detectable_dz", "alpha_pre", "alpha_post"]
    scales = [[inst["instrument_id"], sc["scale"], *[sc.get(c) for c in scale_cols]]
              for inst in r["attitudes"] for sc in inst["scales"]]
    item_cols = ["subscale", "reverse", "n_pairs", "mean_before", "mean_after", "mean_change", "ci_low", "ci_high",
                 "dz", "p_unwanted", "backfire"]
    items = [[inst["instrument_id"], it["item_id"], *[it.get(c) for c in item_cols]]
             for inst in r["attitudes"] for it in inst["items"]]
    choices = [[m["menu_id"], o["choice_id"], o["count"], o["share"], o["locked_for"], o.get("tried_while_locked", 0), m["reached"], m["chose"],
                m["decision_seconds_median"]] for m in r["menus"] for o in m["options"]]
    return {
        "participation.csv": (["measure", "value"], participation),
        "scales.csv": (["instrument", "scale", *scale_cols], scales),
        "items.csv": (["instrument", "item", *item_cols], items),
        "choices.csv": (["menu", "choice", "count", "share", "locked_for", "tried_while_locked", "menu_reached", "menu_chose",
                         "menu_median_decision_seconds"], choices),
    }


RESEARCH_WARNING = ("one row per student (pseudonymous): research data about individuals. Keep it on school systems, "
                    "share it only under your data-protection agreement, and delete it when the analysis is done.")


def write_research_scores(result: Result, path: Path) -> Path:
    """The explicit research export: each matched student's scale scores before and after, one row per score."""
    return _atomic_write(Path(path), ["participant", "instrument", "scale", "phase", "score"],
                         ([a, b, c, d, round(e, 4)] for a, b, c, d, e in result.scores.rows))


def write_all(result: Result, folder: Path) -> list[Path]:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(20, "not a folder", str(folder))
    return [_atomic_write(folder / name, header, rows) for name, (header, rows) in tables(result).items()]
