"""Linking a student's plays across sessions by participant code (a main play and a later follow-up), and the rule
that keeps a shared code from merging two students.

A participant code is a bucket shared by 25 or 26 answer sets (game/telemetry/codes.py), so two students of a class
can, rarely, get the same code. A code links two plays only when, in that classroom, exactly one main play and exactly
one follow-up carry it: a code seen twice in either phase is ambiguous and links nothing (a missed link is better than
one student's follow-up counted as another's). docs/telemetry.md states the error rates this gives.
"""
from __future__ import annotations

from collections import Counter
from typing import Hashable, Iterable


def link_plays(main: Iterable[tuple[Hashable, str | None]], followup: Iterable[tuple[Hashable, str | None]]
               ) -> dict[Hashable, Hashable]:
    """{follow-up play: main play} for codes held by exactly one play of each phase (one classroom's plays)."""
    main = [(sid, code) for sid, code in main if code]
    followup = [(sid, code) for sid, code in followup if code]
    in_main = Counter(code for _, code in main)
    in_followup = Counter(code for _, code in followup)
    by_code = {code: sid for sid, code in main if in_main[code] == 1}
    return {sid: by_code[code] for sid, code in followup if in_followup[code] == 1 and code in by_code}
