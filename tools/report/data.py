"""Reading what the report needs from the telemetry database, filtered by classroom, story and date.

Rows are streamed from SQLite into compact arrays (numpy / array.array) and counts are aggregated in SQL, so memory
grows with the number of participants by a few bytes per answer, never by a Python object per row.
"""
from __future__ import annotations

import datetime as _dt
import sqlite3
from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np

PHASES = ("pre", "post")


@dataclass(frozen=True)
class Filters:
    cohorts: tuple[str, ...] = ()
    narrative: str | None = None
    since: str | None = None  # 'YYYY-MM-DD'
    include_simulated: bool = False

    def where(self, alias: str = "s") -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.cohorts:
            clauses.append(f"{alias}.cohort_code IN ({','.join('?' * len(self.cohorts))})")
            params += list(self.cohorts)
        if self.narrative is not None:
            clauses.append(f"{alias}.narrative_id = ?")
            params.append(self.narrative)
        if self.since is not None:
            clauses.append(f"{alias}.started_date >= ?")
            params.append(self.since)
        if not self.include_simulated:
            clauses.append(f"{alias}.player != 'simulated'")
        return (" AND ".join(clauses) or "1"), params


def parse_date(text: str) -> str:
    """'2026-11-21' -> the same string; anything else raises ValueError with a plain message."""
    try:
        return _dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2026-11-21") from None


@dataclass
class Sessions:
    """Every play session in the filter: ids (sorted), how each ended, durations, what was played."""
    ids: list[str]
    index: dict[str, int]
    ended: np.ndarray  # object array of 'finished' | 'left' | 'abandoned' | None
    duration_ms: np.ndarray  # float, NaN when unknown
    players: dict[str, int]
    narratives: list[dict[str, Any]]  # [{narrative_id, version, content_hash, sessions}]
    cohorts: dict[str, int]


def read_sessions(conn: sqlite3.Connection, f: Filters) -> Sessions:
    where, params = f.where()
    ids: list[str] = []
    ended: list[str | None] = []
    dur = array("d")
    for sid, kind, ms in conn.execute(
            f"SELECT session_id, ended_kind, duration_ms FROM play_sessions s WHERE {where} ORDER BY session_id",
            params):
        ids.append(sid)
        ended.append(kind)
        dur.append(float("nan") if ms is None else float(ms))
    players = dict(conn.execute(f"SELECT player, count(*) FROM play_sessions s WHERE {where} GROUP BY player",
                                params).fetchall())
    narratives = [{"narrative_id": n, "version": v, "content_hash": h, "sessions": c} for n, v, h, c in conn.execute(
        f"SELECT narrative_id, narrative_version, content_hash, count(*) FROM play_sessions s WHERE {where} "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", params)]
    cohorts = {(c or ""): k for c, k in conn.execute(
        f"SELECT cohort_code, count(*) FROM play_sessions s WHERE {where} GROUP BY 1 ORDER BY 1", params)}
    return Sessions(ids, {sid: i for i, sid in enumerate(ids)}, np.array(ended, dtype=object),
                    np.frombuffer(dur, dtype=float) if len(dur) else np.zeros(0), players, narratives, cohorts)


@dataclass
class InstrumentAnswers:
    """One instrument's answers as a (sessions x items x phase) array of raw scale points (NaN = not answered)."""
    instrument_id: str
    versions: dict[str, int]
    item_ids: list[str]
    session_rows: np.ndarray  # row -> index into Sessions.ids
    values: np.ndarray  # float, shape (len(session_rows), len(item_ids), 2); [..., 0] pre, [..., 1] post
    observed_min: int | None = None
    observed_max: int | None = None


def read_answers(conn: sqlite3.Connection, f: Filters, sessions: Sessions) -> dict[str, InstrumentAnswers]:
    """Stream every answer into per-instrument arrays."""
    where, params = f.where()
    # per instrument: parallel compact arrays of (session index, item index, phase, value)
    cols: dict[str, tuple[array, array, array, array]] = {}
    items: dict[str, dict[str, int]] = {}
    versions: dict[str, dict[str, int]] = {}
    for inst, ver, count in conn.execute(
            "SELECT a.instrument_id, a.instrument_version, count(DISTINCT a.session_id) FROM questionnaire_answers a "
            f"JOIN play_sessions s USING (session_id) WHERE {where} GROUP BY 1, 2", params):
        versions.setdefault(inst, {})[ver] = count
    cur = conn.execute(
        "SELECT a.session_id, a.instrument_id, a.item_id, a.phase = 'post', a.value FROM questionnaire_answers a "
        f"JOIN play_sessions s USING (session_id) WHERE {where}", params)
    index = sessions.index
    nan = float("nan")
    while True:
        chunk = cur.fetchmany(20_000)
        if not chunk:
            break
        for sid, inst, item, post, value in chunk:
            c = cols.get(inst)
            if c is None:
                c = cols[inst] = (array("l"), array("l"), array("b"), array("d"))
                items[inst] = {}
            it = items[inst]
            j = it.get(item)
            if j is None:
                j = it[item] = len(it)
            c[0].append(index[sid])
            c[1].append(j)
            c[2].append(post)
            c[3].append(nan if value is None else value)
    out: dict[str, InstrumentAnswers] = {}
    for inst, (s_idx, i_idx, phase, vals) in cols.items():
        s = np.frombuffer(s_idx, dtype=np.int_) if len(s_idx) else np.zeros(0, dtype=np.int_)
        rows, row_of = np.unique(s, return_inverse=True)
        item_order = sorted(items[inst], key=items[inst].get)
        v = np.full((rows.size, len(item_order), 2), np.nan)
        v[row_of, np.frombuffer(i_idx, dtype=np.int_), np.frombuffer(phase, dtype=np.int8)] = np.frombuffer(vals)
        finite = v[np.isfinite(v)]
        out[inst] = InstrumentAnswers(inst, versions.get(inst, {}), item_order, rows, v,
                                      int(finite.min()) if finite.size else None,
                                      int(finite.max()) if finite.size else None)
    return out


@dataclass
class MenuData:
    menu_id: str
    reached: int = 0  # sessions that were offered this menu
    chose: dict[str, int] = field(default_factory=dict)  # choice id -> sessions whose first choice here it was
    decision_ms: list[float] = field(default_factory=list)  # of those first choices
    shown_available: dict[str, int] = field(default_factory=dict)  # choice id -> sessions that saw it available
    shown_locked: dict[str, int] = field(default_factory=dict)  # choice id -> sessions that saw it locked
    first_position: int = 0  # first choices made at position 1 (spotting "always the first option")
    order: float = 0.0  # average event number at which the menu was offered: sorts menus in story order


def read_menus(conn: sqlite3.Connection, f: Filters) -> dict[str, MenuData]:
    """Per menu: who reached it, what they chose the first time (so each student counts once), what was locked."""
    where, params = f.where()
    menus: dict[str, MenuData] = {}

    def menu(mid: str) -> MenuData:
        m = menus.get(mid)
        if m is None:
            m = menus[mid] = MenuData(mid)
        return m

    for mid, reached, order in conn.execute(
            "SELECT json_extract(e.payload, '$.menu_id'), count(DISTINCT e.session_id), avg(e.seq) FROM events e "
            f"JOIN play_sessions s USING (session_id) WHERE e.type = 'menu_offered' AND {where} GROUP BY 1", params):
        menu(mid).reached = reached
        menu(mid).order = float(order)
    for key, attr in (("available", "shown_available"), ("locked", "shown_locked")):
        for mid, cid, count in conn.execute(
                "SELECT json_extract(e.payload, '$.menu_id'), j.value, count(DISTINCT e.session_id) FROM events e "
                f"JOIN play_sessions s USING (session_id), json_each(e.payload, '$.{key}') j "
                f"WHERE e.type = 'menu_offered' AND {where} GROUP BY 1, 2", params):
            getattr(menu(mid), attr)[cid] = count
    cur = conn.execute(
        "SELECT menu, choice, ms, pos FROM (SELECT json_extract(e.payload, '$.menu_id') AS menu, "
        "json_extract(e.payload, '$.choice_id') AS choice, json_extract(e.payload, '$.decision_ms') AS ms, "
        "json_extract(e.payload, '$.position') AS pos, "
        "row_number() OVER (PARTITION BY e.session_id, json_extract(e.payload, '$.menu_id') ORDER BY e.seq) AS k "
        f"FROM events e JOIN play_sessions s USING (session_id) WHERE e.type = 'choice_made' AND {where}) "
        "WHERE k = 1", params)
    while True:
        chunk = cur.fetchmany(20_000)
        if not chunk:
            break
        for mid, cid, ms, pos in chunk:
            m = menu(mid)
            m.chose[cid] = m.chose.get(cid, 0) + 1
            m.decision_ms.append(float(ms))
            m.first_position += pos == 1
    return menus

