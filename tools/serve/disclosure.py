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


def safe_update(history: dict[str, set[int]], after: dict[str, int | str], threshold: int = MIN_GROUP) -> bool:
    """May the page show the figures `after` ({name: value as it would be shown}) of a table whose figures were
    shown before with the exact values in `history` ({name: every exact value it has been shown with})?

    Only if each figure shown exactly now differs from every exact value it was shown with before by 0 or by at least
    `threshold` students: otherwise the difference between two versions a viewer saw is a figure about fewer students
    than that (the class's choice at a moment goes from 5-5 to 6-5: the 11th student chose the first option). Every
    earlier version counts, not just the last: a figure shown as 5, then "<5", then 6 gives away a change of 1. A
    figure shown as "<5" or "suppressed" gives no exact value. Until an update is safe the page keeps the previous
    version and says it is waiting for more students.
    """
    for name, value in after.items():
        if isinstance(value, int) and not isinstance(value, bool):
            if any(0 < abs(value - old) < threshold for old in history.get(name, ())):
                return False
    return True
