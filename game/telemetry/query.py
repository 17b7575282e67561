"""Read API of the telemetry database for reports and tools: opens the file read-only, returns frozen dataclasses.

Nothing here writes. Rows of plays still in progress (ended_kind None) are returned as they are; callers decide.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from game.telemetry import db


@dataclass(frozen=True, slots=True)
class Cohort:
    code: str
    name: str
    narrative_id: str
    created_date: str


@dataclass(frozen=True, slots=True)
class SessionRow:
    session_id: str
    withdrawal_code: str
    event_schema: int
    narrative_id: str
    narrative_version: str
    content_hash: str
    engine_version: str
    player: str
    cohort_code: str | None
    locale: str
    settings: dict
    started_date: str
    ended_kind: str | None
    ending_id: str | None
    participant_hash: str | None
    duration_ms: int | None


@dataclass(frozen=True, slots=True)
class AnswerRow:
    session_id: str
    phase: str
    instrument_id: str
    instrument_version: str
    item_id: str
    value: int | None  # raw scale point; None = prefer not to say
    t_ms: int


@dataclass(frozen=True, slots=True)
class EventRow:
    session_id: str
    seq: int
    t_ms: int
    type: str
    payload: dict


@dataclass(frozen=True, slots=True)
class ChoiceRow:
    session_id: str
    menu_id: str
    choice_id: str
    position: int
    decision_ms: int
    available: tuple[str, ...]  # ids available in the menu the choice was made from
    locked: tuple[str, ...]


_SESSION_COLS = ("session_id, withdrawal_code, event_schema, narrative_id, narrative_version, content_hash, "
                 "engine_version, player, cohort_code, locale, settings_json, started_date, ended_kind, ending_id, "
                 "participant_hash, duration_ms")


class TelemetryDB:
    """A read-only view of one telemetry database. Use as a context manager."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> "TelemetryDB":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- filters --------------------------------------------------------------------------------------------------------
    @staticmethod
    def _where(cohort: str | None, narrative_id: str | None, include_simulated: bool,
               session_ids: Iterable[str] | None, alias: str = "s") -> tuple[str, list[Any]]:
        clauses, params = [], []
        if cohort is not None:
            clauses.append(f"{alias}.cohort_code = ?")
            params.append(cohort)
        if narrative_id is not None:
            clauses.append(f"{alias}.narrative_id = ?")
            params.append(narrative_id)
        if not include_simulated:
            clauses.append(f"{alias}.player != 'simulated'")
        if session_ids is not None:
            ids = list(session_ids)
            clauses.append(f"{alias}.session_id IN ({','.join('?' * len(ids)) or 'NULL'})")
            params += ids
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    # -- queries --------------------------------------------------------------------------------------------------------
    def cohorts(self) -> list[Cohort]:
        rows = self.conn.execute("SELECT code, name, narrative_id, created_date FROM cohorts ORDER BY created_date, code")
        return [Cohort(*r) for r in rows]

    def cohort(self, code: str) -> Cohort | None:
        r = self.conn.execute("SELECT code, name, narrative_id, created_date FROM cohorts WHERE code = ?",
                              (code,)).fetchone()
        return Cohort(*r) if r else None

    def sessions(self, cohort: str | None = None, narrative_id: str | None = None, include_simulated: bool = False,
                 session_ids: Iterable[str] | None = None) -> list[SessionRow]:
        where, params = self._where(cohort, narrative_id, include_simulated, session_ids)
        rows = self.conn.execute(f"SELECT {_SESSION_COLS} FROM play_sessions s{where} ORDER BY started_date, "
                                 "session_id", params)
        out = []
        for r in rows:
            r = list(r)
            r[10] = json.loads(r[10])
            out.append(SessionRow(*r))
        return out

    def answers(self, cohort: str | None = None, narrative_id: str | None = None, include_simulated: bool = False,
                session_ids: Iterable[str] | None = None) -> list[AnswerRow]:
        where, params = self._where(cohort, narrative_id, include_simulated, session_ids)
        rows = self.conn.execute(
            "SELECT a.session_id, a.phase, a.instrument_id, a.instrument_version, a.item_id, a.value, a.t_ms "
            f"FROM questionnaire_answers a JOIN play_sessions s USING (session_id){where} "
            "ORDER BY a.session_id, a.phase, a.t_ms, a.item_id", params)
        return [AnswerRow(*r) for r in rows]

    def events(self, session_id: str | None = None, cohort: str | None = None, narrative_id: str | None = None,
               types: Iterable[str] | None = None, include_simulated: bool = False) -> list[EventRow]:
        where, params = self._where(cohort, narrative_id, include_simulated,
                                    [session_id] if session_id is not None else None)
        if types is not None:
            t = list(types)
            where += (" AND " if where else " WHERE ") + f"e.type IN ({','.join('?' * len(t)) or 'NULL'})"
            params += t
        rows = self.conn.execute(
            "SELECT e.session_id, e.seq, e.t_ms, e.type, e.payload FROM events e "
            f"JOIN play_sessions s USING (session_id){where} ORDER BY e.session_id, e.seq", params)
        return [EventRow(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def choices(self, cohort: str | None = None, narrative_id: str | None = None,
                include_simulated: bool = False) -> list[ChoiceRow]:
        """Every choice made, with the menu it was made from (available and locked ids at that moment)."""
        out: list[ChoiceRow] = []
        menu: dict | None = None
        current = None
        for ev in self.events(cohort=cohort, narrative_id=narrative_id, types=("menu_offered", "choice_made"),
                              include_simulated=include_simulated):
            if ev.session_id != current:
                current, menu = ev.session_id, None
            if ev.type == "menu_offered":
                menu = ev.payload
            else:
                p = ev.payload
                same = menu is not None and menu["menu_id"] == p["menu_id"]
                out.append(ChoiceRow(ev.session_id, p["menu_id"], p["choice_id"], p["position"], p["decision_ms"],
                                     tuple(menu["available"]) if same else (), tuple(menu["locked"]) if same else ()))
                menu = None
        return out


def open_db(data_dir: Path | None = None, path: Path | None = None) -> TelemetryDB:
    """Open the database read-only (raises db.DatabaseError with a plain message if absent, damaged or foreign)."""
    return TelemetryDB(db.connect_readonly(path if path is not None else db.default_db_path(data_dir)))


def cohort_story(code: str, data_dir: Path | None = None) -> str | None:
    """The story a classroom code was made for, or None when this machine has no such code (or no database yet)."""
    import sqlite3

    from game.telemetry import codes
    try:
        with open_db(data_dir=data_dir) as tdb:
            return {c.code: c.narrative_id for c in tdb.cohorts()}.get(codes.normalise_code(code))
    except (db.DatabaseError, sqlite3.Error, OSError):
        return None


def cohort_country(code: str, data_dir: Path | None = None) -> str | None:
    """The country a facilitator gave this classroom (`vantage cohort new --country`), or None."""
    import sqlite3

    from game.telemetry import cohorts
    try:
        with open_db(data_dir=data_dir) as tdb:
            return cohorts.country(tdb.conn, code)
    except (db.DatabaseError, sqlite3.Error, OSError):
        return None
