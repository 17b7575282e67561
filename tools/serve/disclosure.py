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


def safe_update(before: Sequence[int], after: Sequence[int], threshold: int = MIN_GROUP) -> bool:
    """May a table published with exact counts `before` now be replaced by `after`?

    Only if every cell, and the total, moved by 0 or by at least `threshold` students: otherwise the difference
    between the two versions on screen would be a figure about fewer than `threshold` students (say the class's
    choice at a moment goes from 5-5 to 6-5: the 11th student chose the first option). Until then the dashboard keeps
    showing the previous version and says it is waiting for more students.
    """
    width = max(len(before), len(after))
    b = list(before) + [0] * (width - len(before))
    a = list(after) + [0] * (width - len(after))
    moves = [abs(x - y) for x, y in zip(a, b)] + [abs(sum(a) - sum(b))]
    return all(m == 0 or m >= threshold for m in moves)
