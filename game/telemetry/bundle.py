"""Data bundles: gather the plays of several lab machines onto one (export there, import here).

A bundle is one JSON file: {"format": "vantage-data", "version": 1, "checksum": "sha256:<hex>", "content": {...}}.
The checksum is SHA-256 over the canonical JSON of `content` (sorted keys, no spaces, ASCII). It catches damage: a
file cut short, a changed byte, a bad copy, an edit by someone who did not recompute it. It does NOT prove who made the
file: anyone can edit a bundle and recompute the checksum. We chose not to sign bundles because lab machines and the
facilitator's machine share no secret for every bundle (plays without a classroom have no key), and a key kept on a
lab machine could be read by whoever can edit the file there; what protects the database instead is that import checks
every field's shape (ids, codes, dates, versions, settings, events) and refuses free text where none belongs. Import checks every field against the recorded schema before writing anything, then adds the plays in
one transaction: a play already present (same session id) is skipped, so importing a bundle twice adds nothing, and a
rejected file changes nothing. The classroom's key is never in a bundle.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.files import write_atomic
from game.telemetry import codes, db, records
from game.telemetry.files import BadFile, read_json_file

BUNDLE_FORMAT = "vantage-data"
BUNDLE_VERSION = 1
# A play takes about 5 KB in a bundle: 32 MB holds some 6,000 plays, and reading one at most costs a few hundred MB.
# A larger file is refused after reading 32 MB, whatever its stated size, before any JSON is decoded.
MAX_BUNDLE_BYTES = 32 * 1024 * 1024
# engine_version: "0.1.0", "1.2.3rc1", "2.0.0.dev4+g1a2b3c", or "unknown" (a source tree without pyproject.toml)
_ENGINE_VERSION = re.compile(r"[0-9]+(\.[0-9]+){0,3}([.+-]?[A-Za-z0-9]+){0,4}\Z|unknown\Z")

_SESSION_FIELDS = ("session_id", "withdrawal_code", "event_schema", "narrative_id", "narrative_version",
                   "content_hash", "engine_version", "player", "cohort_code", "locale", "settings", "started_date",
                   "ended_kind", "ending_id", "participant_hash", "duration_ms")


@dataclass(frozen=True, slots=True)
class ImportResult:
    path: Path
    sessions_added: int
    sessions_skipped: int  # already present
    cohort_added: bool


def checksum(content: Any) -> str:
    canon = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canon.encode("ascii")).hexdigest()


def build(conn: sqlite3.Connection, cohort: str | None = None, include_simulated: bool = False) -> dict:
    """The bundle document for one cohort (or every play when cohort is None); made-up plays only when asked."""
    cohort_doc = None
    if cohort is not None:
        r = conn.execute("SELECT code, name, narrative_id, created_date FROM cohorts WHERE code = ?",
                         (cohort,)).fetchone()
        if r is None:
            raise BadFile(f"no classroom with code {cohort} in this database")
        cohort_doc = dict(zip(("code", "name", "narrative_id", "created_date"), r))
    where, params = ("WHERE cohort_code = ?", [cohort]) if cohort is not None else ("WHERE 1", [])
    if not include_simulated:
        where += " AND player != 'simulated'"
    cols = ", ".join(c if c != "settings" else "settings_json" for c in _SESSION_FIELDS)
    sessions = []
    for r in conn.execute(f"SELECT {cols} FROM play_sessions {where} ORDER BY session_id", params).fetchall():
        s = dict(zip(_SESSION_FIELDS, r))
        s["settings"] = json.loads(s["settings"])
        s["answers"] = [dict(zip(("phase", "instrument_id", "instrument_version", "item_id", "value", "t_ms"), a))
                        for a in conn.execute(
                "SELECT phase, instrument_id, instrument_version, item_id, value, t_ms FROM questionnaire_answers "
                "WHERE session_id = ? ORDER BY phase, item_id", (s["session_id"],))]
        s["events"] = [{"seq": e[0], "t_ms": e[1], "type": e[2], "payload": json.loads(e[3])}
                       for e in conn.execute("SELECT seq, t_ms, type, payload FROM events WHERE session_id = ? "
                                             "ORDER BY seq", (s["session_id"],))]
        sessions.append(s)
    content = {"schema": db.SCHEMA_VERSION, "event_schema": records.EVENT_SCHEMA_VERSION, "cohort": cohort_doc,
               "sessions": sessions}
    return {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "checksum": checksum(content), "content": content}


def export(conn: sqlite3.Connection, path: Path, cohort: str | None = None, include_simulated: bool = False) -> int:
    doc = build(conn, cohort, include_simulated)
    write_atomic(path, json.dumps(doc, sort_keys=True, separators=(",", ":")) + "\n")
    return len(doc["content"]["sessions"])


# -- checking a bundle --------------------------------------------------------------------------------------------------
class _Bad(Exception):
    pass


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise _Bad(what)


def _is_int(v: Any, lo: int = 0, hi: int = 2 ** 53) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _is_date(v: Any) -> bool:
    try:
        return isinstance(v, str) and len(v) == 10 and _dt.date.fromisoformat(v) is not None
    except ValueError:
        return False


def _check_session(s: Any, i: int) -> None:
    where = f"play {i + 1}"
    _need(isinstance(s, dict) and set(s) == set(_SESSION_FIELDS) | {"answers", "events"}, f"{where}: wrong fields")
    _need(isinstance(s["session_id"], str) and len(s["session_id"]) == 32
          and all(c in "0123456789abcdef" for c in s["session_id"]), f"{where}: bad session id")
    _need(isinstance(s["withdrawal_code"], str)
          and codes.normalise_withdrawal_code(s["withdrawal_code"]) == s["withdrawal_code"],
          f"{where}: bad play code")
    _need(s["event_schema"] == records.EVENT_SCHEMA_VERSION and not isinstance(s["event_schema"], bool), f"{where}: event schema {s['event_schema']!r} unknown")
    for f in ("narrative_id", "narrative_version", "content_hash"):
        _need(records.is_id(s[f]), f"{where}: bad {f}")
    _need(isinstance(s["engine_version"], str) and len(s["engine_version"]) <= 40
          and _ENGINE_VERSION.match(s["engine_version"]) is not None,
          f"{where}: engine_version is not a version number like 0.1.0")
    _need(s["player"] in records.PLAYERS, f"{where}: bad player")
    _need(s["cohort_code"] is None or codes.is_cohort_code(s["cohort_code"]) and
          codes.normalise_code(s["cohort_code"]) == s["cohort_code"], f"{where}: bad classroom code")
    try:
        records.check_locale(s["locale"])
        _need(isinstance(s["settings"], dict) and records.check_settings(s["settings"]) == s["settings"],
              f"{where}: bad settings")
    except records.RecordError as exc:
        raise _Bad(f"{where}: {exc}") from None
    _need(_is_date(s["started_date"]), f"{where}: started_date is not a date")
    _need(s["ended_kind"] is None or s["ended_kind"] in records.ENDED_KINDS, f"{where}: bad ended_kind")
    _need(s["ending_id"] is None or records.is_id(s["ending_id"]), f"{where}: bad ending_id")
    ph = s["participant_hash"]
    _need(ph is None or codes.is_participant_hash(ph) or codes.is_legacy_participant_hash(ph),
          f"{where}: bad participant_hash")
    _need(s["duration_ms"] is None or _is_int(s["duration_ms"]), f"{where}: bad duration_ms")
    _need(isinstance(s["answers"], list) and isinstance(s["events"], list), f"{where}: answers/events not lists")
    seen = set()
    for a in s["answers"]:
        _need(isinstance(a, dict) and set(a) == {"phase", "instrument_id", "instrument_version", "item_id", "value",
                                                 "t_ms"}, f"{where}: an answer has wrong fields")
        _need(a["phase"] in records.PHASES and records.is_id(a["instrument_id"])
              and records.is_id(a["instrument_version"]) and records.is_id(a["item_id"])
              and (a["value"] is None or _is_int(a["value"], -1000, 1000)) and _is_int(a["t_ms"]),
              f"{where}: a malformed answer")
        _need((a["phase"], a["item_id"]) not in seen, f"{where}: an item answered twice")
        seen.add((a["phase"], a["item_id"]))
    seqs = set()
    for e in s["events"]:
        _need(isinstance(e, dict) and set(e) == {"seq", "t_ms", "type", "payload"}, f"{where}: an event has wrong fields")
        _need(_is_int(e["seq"], 1) and _is_int(e["t_ms"]) and e["seq"] not in seqs, f"{where}: bad event seq/t_ms")
        seqs.add(e["seq"])
        try:
            _need(isinstance(e["payload"], dict) and records.check_payload(e["type"], e["payload"]) == e["payload"],
                  f"{where}: event {e['seq']} payload changed by checking")
        except records.RecordError as exc:
            raise _Bad(f"{where}: event {e['seq']}: {exc}") from None


def read(path: Path) -> dict:
    """Load and fully check a bundle; raises BadFile with a plain message naming the file."""
    doc = read_json_file(Path(path), MAX_BUNDLE_BYTES)
    if not isinstance(doc, dict) or doc.get("format") != BUNDLE_FORMAT:
        raise BadFile(f"{path}: not a Vantage data bundle (made with `vantage data export`)")
    if doc.get("version") != BUNDLE_VERSION:
        raise BadFile(f"{path}: bundle version {doc.get('version')!r} is not supported by this Vantage "
                      f"(it reads version {BUNDLE_VERSION})")
    content = doc.get("content")
    if set(doc) != {"format", "version", "checksum", "content"} or doc.get("checksum") != checksum(content):
        raise BadFile(f"{path}: the checksum does not match: the file was damaged or changed after export")
    try:
        _need(isinstance(content, dict) and set(content) == {"schema", "event_schema", "cohort", "sessions"},
              "content has wrong fields")
        # schema 1 bundles (before issue 9) import too: their settings are coarsened and their participant hashes
        # upgraded or dropped on the way in (_insert)
        _need(content["schema"] in (1, db.SCHEMA_VERSION) and content["event_schema"] == records.EVENT_SCHEMA_VERSION,
              f"schema {content['schema']!r}/{content['event_schema']!r} is not the one this Vantage reads")
        c = content["cohort"]
        if c is not None:
            _need(isinstance(c, dict) and set(c) == {"code", "name", "narrative_id", "created_date"}
                  and codes.is_cohort_code(c["code"]) and codes.normalise_code(c["code"]) == c["code"]
                  and isinstance(c["name"], str) and 0 < len(c["name"]) <= 80
                  and c["name"].isprintable() and records.is_id(c["narrative_id"])
                  and _is_date(c["created_date"]), "malformed classroom")
        _need(isinstance(content["sessions"], list), "sessions is not a list")
        ids, wcodes = set(), set()
        for i, s in enumerate(content["sessions"]):
            _check_session(s, i)
            _need(s["session_id"] not in ids and s["withdrawal_code"] not in wcodes, f"play {i + 1}: listed twice")
            _need(c is None or s["cohort_code"] == c["code"], f"play {i + 1}: belongs to another classroom")
            ids.add(s["session_id"])
            wcodes.add(s["withdrawal_code"])
    except _Bad as exc:
        raise BadFile(f"{path}: malformed bundle: {exc}") from None
    return doc


def import_files(conn: sqlite3.Connection, paths: list[Path]) -> list[ImportResult]:
    """Check every file first, then add them all in one transaction; any problem leaves the database unchanged."""
    return import_docs(conn, [(Path(p), read(Path(p))) for p in paths])


def import_docs(conn: sqlite3.Connection, docs: list[tuple[Path, dict]]) -> list[ImportResult]:
    """Add bundles already checked by `read` in one transaction; any problem leaves the database unchanged."""
    results = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for path, doc in docs:
            results.append(_insert(conn, path, doc["content"]))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return results


def _upgraded_codes(conn: sqlite3.Connection, sessions: list[dict]) -> dict[tuple[Any, str], str]:
    """A bundle from an older Vantage carries exact participant hashes: upgrade them with the classroom's key if this
    machine has it (one pass over the answer sets per classroom), else they are dropped on import (the play keeps its
    answers, but cannot be linked to another play)."""
    legacy: dict[Any, set[str]] = {}
    for s in sessions:
        if codes.is_legacy_participant_hash(s["participant_hash"]):
            legacy.setdefault(s["cohort_code"], set()).add(s["participant_hash"])
    out: dict[tuple[Any, str], str] = {}
    for cohort, hashes in legacy.items():
        row = conn.execute("SELECT hmac_key FROM cohorts WHERE code = ?", (cohort,)).fetchone()
        if row is not None and row[0] is not None:
            out.update({(cohort, old): new for old, new in codes.upgrade_legacy_hashes(hashes, bytes(row[0])).items()})
    return out


def _insert(conn: sqlite3.Connection, path: Path, content: dict) -> ImportResult:
    cohort_added = False
    c = content["cohort"]
    if c is not None and conn.execute("SELECT 1 FROM cohorts WHERE code = ?", (c["code"],)).fetchone() is None:
        conn.execute("INSERT INTO cohorts (code, name, narrative_id, created_date, hmac_key) VALUES (?, ?, ?, ?, NULL)",
                     (c["code"], c["name"], c["narrative_id"], c["created_date"]))
        cohort_added = True
    added = skipped = 0
    upgraded = _upgraded_codes(conn, content["sessions"])
    for s in content["sessions"]:
        if conn.execute("SELECT 1 FROM play_sessions WHERE session_id = ?", (s["session_id"],)).fetchone():
            skipped += 1
            continue
        other = conn.execute("SELECT session_id FROM play_sessions WHERE withdrawal_code = ?",
                             (s["withdrawal_code"],)).fetchone()
        if other is not None:
            raise BadFile(f"{path}: play code {s['withdrawal_code']} already belongs to another play here; "
                          "nothing was imported")
        insert_play(conn, s, upgraded)
        added += 1
    return ImportResult(path, added, skipped, cohort_added)


def insert_play(conn: sqlite3.Connection, s: dict, upgraded: dict[tuple[Any, str], str] | None = None) -> None:
    """Insert one checked play (bundle form) with its answers and events, inside the caller's transaction.
    `upgraded` maps an old exact participant hash to its bucketed code (see _upgraded_codes); a hash that is neither
    current nor upgradable is dropped."""
    hashed = s["participant_hash"]
    if not codes.is_participant_hash(hashed):
        hashed = (upgraded or {}).get((s["cohort_code"], hashed))
    conn.execute(
        "INSERT INTO play_sessions (session_id, withdrawal_code, event_schema, narrative_id, narrative_version, "
        "content_hash, engine_version, player, cohort_code, locale, settings_json, consented, started_date, "
        "ended_kind, ending_id, participant_hash, duration_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?)",
        (s["session_id"], s["withdrawal_code"], s["event_schema"], s["narrative_id"], s["narrative_version"],
         s["content_hash"], s["engine_version"], s["player"], s["cohort_code"], s["locale"],
         records.settings_json(s["settings"]), s["started_date"], s["ended_kind"],
         s["ending_id"], hashed, s["duration_ms"]))
    conn.executemany(
        "INSERT INTO questionnaire_answers (session_id, phase, instrument_id, instrument_version, item_id, value, "
        "t_ms) VALUES (?,?,?,?,?,?,?)",
        [(s["session_id"], a["phase"], a["instrument_id"], a["instrument_version"], a["item_id"], a["value"],
          a["t_ms"]) for a in s["answers"]])
    conn.executemany(
        "INSERT INTO events (session_id, seq, t_ms, type, payload) VALUES (?,?,?,?,?)",
        [(s["session_id"], e["seq"], e["t_ms"], e["type"],
          json.dumps(e["payload"], sort_keys=True, separators=(",", ":"))) for e in s["events"]])


# -- one play at a time (the class hub receives plays piece by piece: game.telemetry.classlink, tools.serve) ---------
SESSION_FIELDS = _SESSION_FIELDS


def check_play(play: Any) -> None:
    """Check one play (a bundle's `sessions` entry) exactly as `import_files` checks each play of a bundle.
    Raises BadFile with the reason (no file name: the caller says where the play came from)."""
    try:
        _check_session(play, 0)
    except _Bad as exc:
        raise BadFile(str(exc)) from None
