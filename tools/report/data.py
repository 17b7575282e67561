"""Reading what the report needs from the telemetry database, filtered by classroom, story and date.

Rows are streamed from SQLite into compact arrays (numpy / array.array) and counts are aggregated in SQL, so memory
grows with the number of participants by a few bytes per answer, never by a Python object per row.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import sqlite3
from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np

PHASES = ("pre", "post")

# A choice_made payload exactly as the recorder writes it (sorted keys, no spaces; ids never hold quotes or
# backslashes). Matching it is several times faster than json.loads; anything else is parsed as JSON.
_CHOICE = re.compile(r'\{"choice_id":"([A-Za-z0-9_.\-]+)","decision_ms":(\d+),"menu_id":"([A-Za-z0-9_.\-]+)",'
                     r'"position":(\d+)\}')


@dataclass(frozen=True)
class Filters:
    cohorts: tuple[str, ...] = ()
    narrative: str | None = None
    since: str | None = None  # 'YYYY-MM-DD'
    include_simulated: bool = False
    follow_up: bool = False  # False: the plays of the story; True: the follow-up questionnaires (no story)

    def where(self, alias: str = "s") -> tuple[str, list[Any]]:
        # a follow-up is a session whose answers are in phase 'followup' (it has no story events)
        # (one list made once through the index on phase, not a lookup per row)
        clauses: list[str] = [f"{alias}.session_id {'' if self.follow_up else 'NOT '}IN (SELECT fu.session_id FROM "
                              "questionnaire_answers fu WHERE fu.phase = 'followup')"]
        params: list[Any] = []
        if self.cohorts:
            clauses.append(f"{alias}.cohort_code IN ({','.join('?' * len(self.cohorts))})")
            params += list(self.cohorts)
        if self.narrative is not None:
            clauses.append(f"{alias}.narrative_id = ?")
            params.append(self.narrative)
        if self.since is not None and not self.follow_up:  # a follow-up comes weeks after: --since is the first play
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


def _scan_all(conn: sqlite3.Connection, f: Filters, sessions: Sessions) -> bool:
    """True when the filter keeps most plays: then reading every row and skipping the few others in Python is
    cheaper than joining each row to its play in SQL (a lookup per row)."""
    everyone = conn.execute("SELECT count(*) FROM play_sessions").fetchone()[0]
    return len(sessions.ids) * 2 >= everyone


def read_answers(conn: sqlite3.Connection, f: Filters, sessions: Sessions) -> dict[str, InstrumentAnswers]:
    """Stream every answer into per-instrument arrays, a chunk of rows at a time."""
    where, params = f.where()
    versions: dict[str, dict[str, int]] = {}
    for inst, ver, count in conn.execute(
            "SELECT a.instrument_id, a.instrument_version, count(DISTINCT a.session_id) FROM questionnaire_answers a "
            f"JOIN play_sessions s USING (session_id) WHERE {where} GROUP BY 1, 2", params):
        versions.setdefault(inst, {})[ver] = count
    cols = "a.session_id, a.instrument_id, a.item_id, a.phase != 'pre', a.value"  # post (or followup: its own plays)
    if _scan_all(conn, f, sessions):
        cur = conn.execute(f"SELECT {cols} FROM questionnaire_answers a")
    else:
        cur = conn.execute(f"SELECT {cols} FROM questionnaire_answers a JOIN play_sessions s USING (session_id) "
                           f"WHERE {where}", params)
    index = sessions.index
    keys: dict[tuple[str, str], int] = {}  # (instrument, item) -> number
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    while True:
        chunk = cur.fetchmany(10_000)
        if not chunk:
            break
        m = len(chunk)
        s_idx = np.fromiter((index.get(r[0], -1) for r in chunk), dtype=np.int32, count=m)
        k_idx = np.fromiter((keys.setdefault((r[1], r[2]), len(keys)) for r in chunk), dtype=np.int32, count=m)
        post = np.fromiter((r[3] for r in chunk), dtype=np.int8, count=m)
        vals = np.array([r[4] for r in chunk], dtype=float)  # None ('prefer not to say') becomes NaN
        keep = s_idx >= 0  # rows of plays outside the filter (when reading every row)
        parts.append((s_idx[keep], k_idx[keep], post[keep], vals[keep]))
        del chunk
    if not parts:
        return {}
    s_all, k_all, p_all, v_all = (np.concatenate(x) for x in zip(*parts))
    del parts
    by_key = list(keys)
    out: dict[str, InstrumentAnswers] = {}
    for inst in sorted({i for i, _ in by_key}):
        inst_keys = np.array([k for k, (i, _) in enumerate(by_key) if i == inst])
        sel = np.isin(k_all, inst_keys)
        if not sel.any():
            continue
        lookup = np.full(len(by_key), -1, dtype=np.int64)
        lookup[inst_keys] = np.arange(inst_keys.size)
        item_order = [by_key[k][1] for k in inst_keys]
        rows, row_of = np.unique(s_all[sel], return_inverse=True)
        item_idx = lookup[k_all[sel]]
        v = np.full((rows.size, len(item_order), 2), np.nan)
        v[row_of, item_idx, p_all[sel]] = v_all[sel]
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
    decision_ms: array = field(default_factory=lambda: array("d"))  # of those first choices (8 bytes each)
    shown_available: dict[str, int] = field(default_factory=dict)  # choice id -> sessions that saw it available
    shown_locked: dict[str, int] = field(default_factory=dict)  # choice id -> sessions that saw it locked
    tried_locked: dict[str, int] = field(default_factory=dict)  # choice id -> sessions that tried it while locked
    first_position: int = 0  # first choices made at position 1 (spotting "always the first option")
    order: float = 0.0  # average event number at which the menu was offered: sorts menus in story order
    offers: int = 0  # times offered (a menu can come back in a loop)


def read_menus(conn: sqlite3.Connection, f: Filters, sessions: Sessions) -> dict[str, MenuData]:
    """Per menu: who reached it, what they chose the first time (so each student counts once), what was locked, and
    which locked options students tried to pick (each student once per option, however often they tried).

    One pass over the menu and choice events in play order; only the current play's few ids are held at a time.
    """
    where, params = f.where()
    types = "e.type IN ('menu_offered', 'choice_made', 'locked_choice_tried')"
    if _scan_all(conn, f, sessions):
        cur = conn.execute(f"SELECT e.session_id, e.seq, e.type, e.payload FROM events e WHERE {types} "
                           "ORDER BY e.session_id, e.seq")
    else:
        cur = conn.execute(f"SELECT e.session_id, e.seq, e.type, e.payload FROM events e JOIN play_sessions s "
                           f"USING (session_id) WHERE {types} AND {where} ORDER BY e.session_id, e.seq", params)
    index = sessions.index
    menus: dict[str, MenuData] = {}
    order_sum: dict[str, float] = {}
    current = None
    keep = False
    seen: set[tuple[str, str, str]] = set()  # this play's (menu, kind, choice) already counted
    loads = json.loads
    offered_cache: dict[str, dict] = {}
    while True:
        chunk = cur.fetchmany(10_000)
        if not chunk:
            break
        for sid, seq, typ, payload in chunk:
            if sid != current:
                current, keep = sid, sid in index
                seen.clear()
            if not keep:
                continue
            if typ == "menu_offered":
                # the same menu in the same state gives the very same text: parse each distinct one once
                p = offered_cache.get(payload)
                if p is None:
                    p = offered_cache[payload] = loads(payload)
            elif typ == "locked_choice_tried":
                p = loads(payload)  # rare (a few per play): no fast path needed
            else:
                hit = _CHOICE.fullmatch(payload)
                p = ({"choice_id": hit[1], "decision_ms": int(hit[2]), "menu_id": hit[3], "position": int(hit[4])}
                     if hit else loads(payload))
            mid = p["menu_id"]
            m = menus.get(mid)
            if m is None:
                m = menus[mid] = MenuData(mid)
                order_sum[mid] = 0.0
            if typ == "menu_offered":
                order_sum[mid] += seq
                m.offers += 1
                if (mid, "", "") not in seen:
                    seen.add((mid, "", ""))
                    m.reached += 1
                for kind, target in (("available", m.shown_available), ("locked", m.shown_locked)):
                    for cid in p[kind]:
                        if (mid, kind, cid) not in seen:
                            seen.add((mid, kind, cid))
                            target[cid] = target.get(cid, 0) + 1
            elif typ == "locked_choice_tried":
                cid = p["choice_id"]
                if (mid, "tried", cid) not in seen:
                    seen.add((mid, "tried", cid))
                    m.tried_locked[cid] = m.tried_locked.get(cid, 0) + 1
            elif (mid, "chose", "") not in seen:
                seen.add((mid, "chose", ""))
                cid = p["choice_id"]
                m.chose[cid] = m.chose.get(cid, 0) + 1
                m.decision_ms.append(float(p["decision_ms"]))
                m.first_position += p["position"] == 1
    for mid, m in menus.items():
        m.order = order_sum[mid] / m.offers if m.offers else 0.0
    return menus
