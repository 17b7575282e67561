"""The report's word on languages: plays in several languages are pooled, and translated questionnaires have not
been shown to measure what the original measures (game.telemetry.instrument_translation.EQUIVALENCE_NOTE).

Languages are named only when at least `threshold` plays used them: in a small class, "one play in Spanish" could
point at one student.
"""
from __future__ import annotations

import sqlite3

from game.telemetry.instrument_translation import EQUIVALENCE_NOTE

from . import data as rdata


def language_warning(conn: sqlite3.Connection, filters: rdata.Filters, threshold: int) -> str | None:
    """A warning when the plays were not all in the questionnaires' own language (English), else None."""
    where, params = filters.where("s")
    counts = dict(conn.execute(f"SELECT locale, count(*) FROM play_sessions s WHERE {where} GROUP BY locale",
                               params).fetchall())
    translated = [loc for loc in counts if loc.split("_")[0].split("-")[0] != "en"]
    if not translated:
        return None
    named = sorted(loc for loc, n in counts.items() if n >= threshold)
    hidden = len(counts) - len(named)
    which = ", ".join(named) + (f" and {hidden} other language(s) used by fewer than {threshold} plays"
                                if hidden and named else
                                f"languages each used by fewer than {threshold} plays" if hidden else "")
    pooled = f"plays in more than one language are pooled in these figures ({which}). " if len(counts) > 1 else \
        f"every play here was in a translation ({which}). "
    return pooled + EQUIVALENCE_NOTE
