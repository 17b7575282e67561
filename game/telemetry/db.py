"""The telemetry database: where it lives, its tables (schema version + migrations) and how a connection is opened.

One SQLite file, `telemetry.sqlite3`, in the user data folder (VANTAGE_DATA / `--data-dir` change it). WAL journal,
synchronous=FULL: a commit is on disk before it returns, so a killed process or a power cut loses nothing committed.
docs/telemetry.md describes every table and column for people; keep the two in step.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any
from pathlib import Path
from typing import Callable

from game import paths
from game.files import file_in_the_way

DB_NAME = "telemetry.sqlite3"
SCHEMA_VERSION = 2  # PRAGMA user_version; bump it and add a step to MIGRATIONS when the tables change

# Version 1. Every table is STRICT so a wrong type is refused, not silently stored.
_V1 = """
CREATE TABLE cohorts (
    code          TEXT PRIMARY KEY,             -- classroom code, e.g. 'KX7M4P'
    name          TEXT NOT NULL,                -- the facilitator's label, e.g. 'Period 3'
    narrative_id  TEXT NOT NULL,
    created_date  TEXT NOT NULL,                -- 'YYYY-MM-DD', never a time
    hmac_key      BLOB                          -- 32 random bytes; NULL for a cohort known only from an import
) STRICT;

CREATE TABLE play_sessions (
    session_id         TEXT PRIMARY KEY,        -- 32 random hex digits
    withdrawal_code    TEXT NOT NULL UNIQUE,    -- short code shown at the debrief for `vantage data delete`
    event_schema       INTEGER NOT NULL,        -- version of the event payloads (game.telemetry.records)
    narrative_id       TEXT NOT NULL,
    narrative_version  TEXT NOT NULL,
    content_hash       TEXT NOT NULL,
    engine_version     TEXT NOT NULL,
    player             TEXT NOT NULL,           -- 'window', 'text' or 'simulated'
    cohort_code        TEXT,                    -- NULL when played outside a classroom session
    locale             TEXT NOT NULL,           -- e.g. 'en'
    settings_json      TEXT NOT NULL,           -- experience settings, JSON object of flags/numbers/short words
    consented          INTEGER NOT NULL CHECK (consented = 1),  -- rows exist only after consent
    started_date       TEXT NOT NULL,           -- 'YYYY-MM-DD', never a time
    ended_kind         TEXT CHECK (ended_kind IN ('finished', 'left', 'abandoned')),  -- NULL while playing
    ending_id          TEXT,                    -- the ending reached, if any
    participant_hash   TEXT,                    -- HMAC-SHA256 hex of the participant code, NULL if not given
    duration_ms        INTEGER                  -- monotonic ms from start to end (or to the last event)
) STRICT;
CREATE INDEX play_sessions_cohort ON play_sessions (cohort_code);

CREATE TABLE questionnaire_answers (
    session_id          TEXT NOT NULL REFERENCES play_sessions (session_id) ON DELETE CASCADE,
    phase               TEXT NOT NULL CHECK (phase IN ('pre', 'post')),
    instrument_id       TEXT NOT NULL,
    instrument_version  TEXT NOT NULL,
    item_id             TEXT NOT NULL,
    value               INTEGER,                -- the raw scale point chosen; NULL = 'prefer not to say'
    t_ms                INTEGER NOT NULL,       -- monotonic ms since the session started
    PRIMARY KEY (session_id, phase, item_id)
) STRICT;

CREATE TABLE events (
    session_id  TEXT NOT NULL REFERENCES play_sessions (session_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,               -- 1, 2, 3 ... within the session
    t_ms        INTEGER NOT NULL,               -- monotonic ms since the session started
    type        TEXT NOT NULL,                  -- scene_entered, beat_entered, menu_offered, choice_made, ending_reached
    payload     TEXT NOT NULL,                  -- JSON object, fields per type in docs/telemetry.md
    PRIMARY KEY (session_id, seq)
) STRICT;
CREATE INDEX events_type ON events (type);
"""

# Version 2 (issue 9): the same tables WITHOUT ROWID, so nothing in the file numbers plays in the order they were
# played (rows sit in the order of their random session ids); participant codes become buckets (game/telemetry/codes.py);
# settings keep only what changed the experience; a questionnaire can be answered in a 'followup' phase.
_V2_TABLES = """
CREATE TABLE cohorts (
    code          TEXT PRIMARY KEY,             -- classroom code, e.g. 'KX7M4P'
    name          TEXT NOT NULL,                -- the facilitator's label, e.g. 'Period 3'
    narrative_id  TEXT NOT NULL,
    created_date  TEXT NOT NULL,                -- 'YYYY-MM-DD', never a time
    hmac_key      BLOB                          -- 32 random bytes; NULL for a cohort known only from an import
) STRICT, WITHOUT ROWID;

CREATE TABLE play_sessions (
    session_id         TEXT PRIMARY KEY,        -- 32 random hex digits: the only order the rows are kept in
    withdrawal_code    TEXT NOT NULL UNIQUE,    -- short code shown at the debrief for `vantage data delete`
    event_schema       INTEGER NOT NULL,        -- version of the event payloads (game.telemetry.records)
    narrative_id       TEXT NOT NULL,
    narrative_version  TEXT NOT NULL,
    content_hash       TEXT NOT NULL,
    engine_version     TEXT NOT NULL,
    player             TEXT NOT NULL,           -- 'window', 'text' or 'simulated'
    cohort_code        TEXT,                    -- NULL when played outside a classroom session
    locale             TEXT NOT NULL,           -- e.g. 'en'
    settings_json      TEXT NOT NULL,           -- {"reduced_effects": true|false}: records.experience_settings
    consented          INTEGER NOT NULL CHECK (consented = 1),  -- rows exist only after consent
    started_date       TEXT NOT NULL,           -- 'YYYY-MM-DD', never a time
    ended_kind         TEXT CHECK (ended_kind IN ('finished', 'left', 'abandoned')),  -- NULL while playing
    ending_id          TEXT,                    -- the ending reached, if any
    participant_hash   TEXT,                    -- participant code 'p2-0123' (a bucket of >= 25 answer sets) or NULL
    duration_ms        INTEGER                  -- monotonic ms from start to end (or to the last event)
) STRICT, WITHOUT ROWID;
CREATE INDEX play_sessions_cohort ON play_sessions (cohort_code);

CREATE TABLE questionnaire_answers (
    session_id          TEXT NOT NULL REFERENCES play_sessions (session_id) ON DELETE CASCADE,
    phase               TEXT NOT NULL CHECK (phase IN ('pre', 'post', 'followup')),
    instrument_id       TEXT NOT NULL,
    instrument_version  TEXT NOT NULL,
    item_id             TEXT NOT NULL,
    value               INTEGER,                -- the raw scale point chosen; NULL = 'prefer not to say'
    t_ms                INTEGER NOT NULL,       -- monotonic ms since the session started
    PRIMARY KEY (session_id, phase, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX questionnaire_answers_phase ON questionnaire_answers (phase);  -- finds follow-ups without a scan

CREATE TABLE events (
    session_id  TEXT NOT NULL REFERENCES play_sessions (session_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,               -- 1, 2, 3 ... within the session
    t_ms        INTEGER NOT NULL,               -- monotonic ms since the session started
    type        TEXT NOT NULL,                  -- scene_entered, beat_entered, menu_offered, choice_made, ending_reached
    payload     TEXT NOT NULL,                  -- JSON object, fields per type in docs/telemetry.md
    PRIMARY KEY (session_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX events_type ON events (type);
"""
_TABLES = ("cohorts", "play_sessions", "questionnaire_answers", "events")


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Rebuild the tables without rowids, copying rows in session-id order; upgrade participant codes and settings.

    Old participant codes were exact keyed hashes: where this machine holds the classroom's key they are turned into
    bucket codes (the answers are found in memory only, then forgotten), so links survive; where it does not (a
    classroom known only from an import) they are removed: such a play keeps its own before/after answers but can no
    longer be linked to another play.
    """
    from game.telemetry import codes, records  # here: db is imported by both, and migrations are rare

    for t in _TABLES:  # renaming first also renames the foreign keys, so no cascade ever reaches the copies
        conn.execute(f"ALTER TABLE {t} RENAME TO {t}_v1")
    conn.execute("DROP INDEX IF EXISTS play_sessions_cohort")
    conn.execute("DROP INDEX IF EXISTS events_type")
    for statement in _split(_V2_TABLES):
        conn.execute(statement)
    conn.execute("INSERT INTO cohorts SELECT * FROM cohorts_v1 ORDER BY code")
    keys = {code: bytes(k) for code, k in conn.execute("SELECT code, hmac_key FROM cohorts WHERE hmac_key IS NOT NULL")}
    legacy: dict[str | None, set[str]] = {}
    for cohort, ph in conn.execute("SELECT cohort_code, participant_hash FROM play_sessions_v1 "
                                   "WHERE participant_hash IS NOT NULL"):
        legacy.setdefault(cohort, set()).add(ph)
    upgraded: dict[tuple[str | None, str], str] = {}
    for cohort, hashes in legacy.items():
        key = keys.get(cohort) if cohort is not None else None
        if key is not None:
            for old, new in codes.upgrade_legacy_hashes(hashes, key).items():
                upgraded[(cohort, old)] = new
    rows = conn.execute("SELECT * FROM play_sessions_v1 ORDER BY session_id").fetchall()
    names = [d[0] for d in conn.execute("SELECT * FROM play_sessions_v1 LIMIT 0").description]
    i_settings, i_hash, i_cohort = names.index("settings_json"), names.index("participant_hash"), \
        names.index("cohort_code")
    for row in rows:
        row = list(row)
        try:
            old_settings = json.loads(row[i_settings])
        except ValueError:
            old_settings = {}
        row[i_settings] = records.settings_json(old_settings if isinstance(old_settings, dict) else {})
        if row[i_hash] is not None:
            row[i_hash] = upgraded.get((row[i_cohort], row[i_hash]))
        conn.execute(f"INSERT INTO play_sessions ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", row)
    conn.execute("INSERT INTO questionnaire_answers SELECT * FROM questionnaire_answers_v1 "
                 "ORDER BY session_id, phase, item_id")
    conn.execute("INSERT INTO events SELECT * FROM events_v1 ORDER BY session_id, seq")
    for t in reversed(_TABLES):
        conn.execute(f"DROP TABLE {t}_v1")


# MIGRATIONS[n] takes a database at version n to version n + 1: SQL, or a function for a step that needs Python.
# An empty file (version 0) gets the newest tables at once (CURRENT), so it carries no free pages of dropped tables.
MIGRATIONS: dict[int, str | Callable[[sqlite3.Connection], None]] = {0: _V1, 1: _v1_to_v2}
CURRENT = _V2_TABLES


class DatabaseError(Exception):
    """The database cannot be opened or is not ours; the message is for a facilitator. `damaged` is True only when
    the file itself is bad (then a player may set it aside and start afresh), never for a full disk or a lock."""

    def __init__(self, message: str, *, damaged: bool = False):
        super().__init__(message)
        self.damaged = damaged


# SQLite result codes (primary, the low byte of the extended code) that say something other than "damaged"
_FULL, _BUSY, _LOCKED, _READONLY, _IOERR, _CANTOPEN, _PERM = 13, 5, 6, 8, 10, 14, 3
BUSY_SECONDS = 5  # how long a command waits for another program to finish writing before it says who holds it


def sqlite_problem(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """The plain message for an SQLite error on `path`: disk full, in use (and by whom), cannot write, or damaged."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    text = str(exc)
    if code == _FULL or "disk is full" in text:
        return DatabaseError(f"{path}: the disk is full: free some space and try again (nothing was changed)")
    if code in (_BUSY, _LOCKED) or "locked" in text or "busy" in text:
        from .holders import holders
        who = holders(path)
        by = ("; it is held by " + ", ".join(who)) if who else \
            " (a game recording a play, or another vantage command)"
        return DatabaseError(f"{path}: another program is using the database and did not finish within "
                             f"{BUSY_SECONDS} seconds{by}. Close it, or wait, and try again (nothing was changed)")
    if code in (_READONLY, _PERM, _CANTOPEN, _IOERR):
        return DatabaseError(f"{path}: cannot write to the database ({text})")
    return DatabaseError(f"{path}: the database is damaged or not a Vantage database ({text})", damaged=True)


def default_db_path(data_dir: Path | None = None) -> Path:
    return Path(data_dir if data_dir is not None else paths.data_dir()) / DB_NAME


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")  # a report reading at the same moment waits


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Open (and create or migrate) the database for writing. Raises DatabaseError with a plain message."""
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseError(f"{path}: no telemetry database here")
    existed = path.exists()
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as exc:
        blocking = file_in_the_way(path.parent)
        if blocking is not None:  # e.g. --data-dir given a file
            raise DatabaseError(f"{path}: cannot open the database: {blocking} is a file, not a folder") from None
        if isinstance(exc, OSError) and exc.strerror:
            exc = exc.strerror  # "Permission denied", without Python's "[Errno 13]"
        raise DatabaseError(f"{path}: cannot open the database ({exc})") from None
    try:
        _configure(conn)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DatabaseError(f"{path}: cannot switch the database to WAL journaling (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")  # a withdrawn play is overwritten, not just unlinked
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        _remove_if_ours_and_empty(path, existed)
        raise sqlite_problem(path, exc) from None
    except DatabaseError:
        conn.close()
        _remove_if_ours_and_empty(path, existed)
        raise
    return conn


def _remove_if_ours_and_empty(path: Path, existed: bool) -> None:
    """A database this call created and could not set up (a full disk) is removed again: nothing is left behind."""
    if existed:
        return
    for suffix in ("-wal", "-shm", ""):
        p = Path(str(path) + suffix)
        try:
            if p.is_file() and p.stat().st_size == 0:
                p.unlink()
        except OSError:
            pass


def play_state(path: Path, session_id: str) -> dict[str, Any] | None:
    """One play's row (withdrawal code, narrative, how it ended) and its last event's seq and time, read-only;
    {} when the play is not in the database, None when the database cannot be read at all."""
    if not Path(path).exists():
        return {}
    try:
        conn = connect_readonly(path)
    except DatabaseError:
        return None
    try:
        row = conn.execute("SELECT withdrawal_code, narrative_id, ended_kind FROM play_sessions WHERE session_id = ?",
                           (session_id,)).fetchone()
        if row is None:
            return {}
        last = conn.execute("SELECT coalesce(max(seq), 0), coalesce(max(t_ms), 0) FROM events WHERE session_id = ?",
                            (session_id,)).fetchone()
        answered = conn.execute("SELECT coalesce(max(t_ms), 0) FROM questionnaire_answers WHERE session_id = ?",
                                (session_id,)).fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return {"withdrawal_code": row[0], "narrative_id": row[1], "ended_kind": row[2], "last_seq": int(last[0]),
            "last_t_ms": max(int(last[1]), int(answered))}


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open for reading only (reports, export). Never creates or migrates; refuses a newer schema."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path}: no telemetry database here")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
        _configure(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise sqlite_problem(path, exc) from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(f"{path}: written by a newer Vantage (schema {version}, this one reads {SCHEMA_VERSION})")
    if not {"cohorts", "play_sessions", "questionnaire_answers", "events"} <= tables:
        conn.close()
        raise DatabaseError(f"{path}: not a Vantage telemetry database")
    return conn


def migrate(conn: sqlite3.Connection, path: Path | str = "database") -> int:
    """Bring the schema to SCHEMA_VERSION, one transaction per step. Returns the version reached."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise DatabaseError(f"{path}: written by a newer Vantage (schema {version}, this one knows {SCHEMA_VERSION})")
    if version == 0:
        # an empty file is fine; a file with someone else's tables is not ours to change
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise DatabaseError(f"{path}: not a Vantage telemetry database (it already holds other tables)")
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-read under the write lock: another process may have migrated meanwhile
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                for statement in _split(CURRENT):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version < SCHEMA_VERSION:
                step = MIGRATIONS[version]
                if callable(step):
                    step(conn)
                else:
                    for statement in _split(step):
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _split(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit the open transaction)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line.split("--", 1)[0])
        text = "\n".join(buf).strip()
        if text and sqlite3.complete_statement(text):
            out.append(text)
            buf = []
    return out
