"""Disclosure control for the live dashboard: a thin wrapper over the report's suppression (tools.report.stats), so
that every figure the dashboard publishes passes the same rules as the printed report, plus the one rule a live page
needs on top: figures that change in front of the class must not give a single student away by subtraction.

Kept thin on purpose: when the project's single disclosure-control module lands, these functions call it instead.
"""
from __future__ import annotations

from typing import Sequence

from tools.report import stats

MIN_GROUP = stats.MIN_CELL  # no published figure is about fewer students than this


def table(counts: Sequence[int], threshold: int = MIN_GROUP) -> tuple[list[int | str], int | str]:
    """(cells, total) of a table shown with its total: small cells '<5', and cells hidden against subtraction."""
    return stats.suppress_table(list(counts), threshold)


def group_size(n: int, threshold: int = MIN_GROUP) -> int | str:
    return stats.suppress_total(n, threshold)


def safe_update(before: tuple[Sequence[int | str], int | str], after: tuple[Sequence[int | str], int | str],
                threshold: int = MIN_GROUP) -> bool:
    """May the page replace table `before` (cells, total, as shown) by `after` (as it would be shown)?

    Only if every figure shown exactly in both moved by 0 or by at least `threshold` students: otherwise the
    difference between the two versions on screen is a figure about fewer students than that (the class's choice at
    a moment goes from 5-5 to 6-5: the 11th student chose the first option). A figure shown as "<5" or "suppressed"
    on either side gives no exact difference. Until a safe update is possible the page keeps the previous version
    and says it is waiting for more students.
    """
    (b_cells, b_total), (a_cells, a_total) = before, after
    pairs = list(zip(b_cells, a_cells)) + [(b_total, a_total)]
    for b, a in pairs:
        if isinstance(b, int) and isinstance(a, int) and 0 < abs(a - b) < threshold:
            return False
    return True
