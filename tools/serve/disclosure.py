"""Disclosure control for the live dashboard: every figure goes through the project's one disclosure-control module
(game.telemetry.disclosure, the same rules as the printed report), plus the one rule a live page needs on top:
figures that change in front of the class must not give a single student away by subtraction (`safe_update`).
"""
from __future__ import annotations

from game.telemetry.disclosure import MIN_CELL, Disclosure, is_shown

MIN_GROUP = MIN_CELL  # no published figure is about fewer students than this
__all__ = ["MIN_GROUP", "Disclosure", "is_shown", "safe_update"]


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
        if is_shown(value):
            if any(0 < abs(value - old) < threshold for old in history.get(name, ())):
                return False
    return True
