"""The class hub's store: checking pieces of plays that students' machines sent, and adding them to the telemetry
database (the same file `vantage report` reads), idempotently.

Every play in a piece is checked by game.telemetry.bundle.check_play, the very check `vantage data import` runs on
each play of a bundle, and must belong to the hub's classroom. A batch is all-or-nothing: one bad piece and nothing of
the batch is stored. An event is stored once per (session id, seq), an answer once per (session id, phase, item): a
batch sent again (its answer got lost on the Wi-Fi) changes nothing.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from game.telemetry import bundle, codes
from game.telemetry.files import BadFile

MAX_PIECES = 500  # per request; a student's machine sends far fewer at once


class Refused(Exception):
    """The request is not acceptable; the message (safe to send back) says why. Nothing was stored."""


@dataclass(frozen=True, slots=True)
class Stored:
    events_added: int
    events_known: int  # already here: a resent batch
    plays_withdrawn: int


def check_pieces(doc: Any, cohort: str) -> list[dict[str, Any]]:
    """The pieces of a request body, each fully checked; raises Refused."""
    if not isinstance(doc, dict) or set(doc) != {"pieces"} or not isinstance(doc["pieces"], list):
        raise Refused('the body must be {"pieces": [...]}')
    pieces = doc["pieces"]
    if not 0 < len(pieces) <= MAX_PIECES:
        raise Refused(f"a request holds 1 to {MAX_PIECES} pieces")
    for i, piece in enumerate(pieces):
        where = f"piece {i + 1}"
        if isinstance(piece, dict) and set(piece) == {"play"}:
            try:
                bundle.check_play(piece["play"])
            except BadFile as exc:
                raise Refused(f"{where}: {exc}") from None
            if piece["play"]["cohort_code"] != cohort:
                raise Refused(f"{where}: the play belongs to another classroom")
        elif isinstance(piece, dict) and set(piece) == {"withdraw"}:
            w = piece["withdraw"]
            ok = (isinstance(w, dict) and set(w) == {"session_id", "withdrawal_code"}
                  and isinstance(w["session_id"], str) and len(w["session_id"]) == 32
                  and all(c in "0123456789abcdef" for c in w["session_id"])
                  and isinstance(w["withdrawal_code"], str)
                  and codes.normalise_withdrawal_code(w["withdrawal_code"]) == w["withdrawal_code"])
            if not ok:
                raise Refused(f"{where}: a malformed withdrawal")
        else:
            raise Refused(f"{where}: neither a play nor a withdrawal")
    return pieces


_UPSERT = (
    "INSERT INTO play_sessions (session_id, withdrawal_code, event_schema, narrative_id, narrative_version, "
    "content_hash, engine_version, player, cohort_code, locale, settings_json, consented, started_date, ended_kind, "
    "ending_id, participant_hash, duration_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?) "
    # a later piece only fills in how the play ended; nothing that identifies the play can be changed by one
    "ON CONFLICT (session_id) DO UPDATE SET ended_kind = coalesce(play_sessions.ended_kind, excluded.ended_kind), "
    "ending_id = coalesce(play_sessions.ending_id, excluded.ending_id), "
    "participant_hash = coalesce(play_sessions.participant_hash, excluded.participant_hash), "
    "duration_ms = coalesce(excluded.duration_ms, play_sessions.duration_ms) "
    "WHERE play_sessions.withdrawal_code = excluded.withdrawal_code")


def store(conn: sqlite3.Connection, pieces: list[dict[str, Any]], withdrawn_ids: set[str] | None = None) -> Stored:
    """Add checked pieces in one transaction (raises Refused and stores nothing on a conflict).

    `withdrawn_ids`: plays withdrawn since the hub started; a late copy of one of their pieces is not stored again."""
    tombstones = withdrawn_ids if withdrawn_ids is not None else set()
    gone: list[str] = []
    added = known = withdrawn = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for i, piece in enumerate(pieces):
            if "withdraw" in piece:
                w = piece["withdraw"]
                withdrawn += conn.execute("DELETE FROM play_sessions WHERE session_id = ? AND withdrawal_code = ?",
                                          (w["session_id"], w["withdrawal_code"])).rowcount
                gone.append(w["session_id"])
                continue
            s = piece["play"]
            if s["session_id"] in tombstones or s["session_id"] in gone:
                continue
            other = conn.execute("SELECT session_id, withdrawal_code FROM play_sessions WHERE session_id = ? "
                                 "OR withdrawal_code = ?", (s["session_id"], s["withdrawal_code"])).fetchall()
            if any(tuple(r) != (s["session_id"], s["withdrawal_code"]) for r in other):
                raise Refused(f"piece {i + 1}: its play id or play code belongs to another play")
            conn.execute(_UPSERT, (
                s["session_id"], s["withdrawal_code"], s["event_schema"], s["narrative_id"], s["narrative_version"],
                s["content_hash"], s["engine_version"], s["player"], s["cohort_code"], s["locale"],
                json.dumps(s["settings"], sort_keys=True, separators=(",", ":")), s["started_date"], s["ended_kind"],
                s["ending_id"], s["participant_hash"], s["duration_ms"]))
            conn.executemany(
                "INSERT OR REPLACE INTO questionnaire_answers (session_id, phase, instrument_id, instrument_version, "
                "item_id, value, t_ms) VALUES (?,?,?,?,?,?,?)",
                [(s["session_id"], a["phase"], a["instrument_id"], a["instrument_version"], a["item_id"], a["value"],
                  a["t_ms"]) for a in s["answers"]])
            before = conn.total_changes
            conn.executemany(
                "INSERT OR IGNORE INTO events (session_id, seq, t_ms, type, payload) VALUES (?,?,?,?,?)",
                [(s["session_id"], e["seq"], e["t_ms"], e["type"],
                  json.dumps(e["payload"], sort_keys=True, separators=(",", ":"))) for e in s["events"]])
            new = conn.total_changes - before
            added += new
            known += len(s["events"]) - new
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    tombstones.update(gone)
    if gone:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a withdrawn play must not linger in the journal either
    return Stored(added, known, withdrawn)
