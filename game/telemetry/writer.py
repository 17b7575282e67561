"""The writer thread: the only code that writes play data to SQLite during play.

The game thread calls `submit(op)`, which is a `SimpleQueue.put` and nothing else. The writer takes everything queued,
writes it in one transaction and commits (group commit: under load one fsync covers many events; in play a batch is
the handful of events between two choices). `wait_durable(ticket)` lets the recorder make sure the previous choice is
on disk before it accepts the next one (in play it never waits: a person takes far longer to choose than a commit).

If the database cannot be opened or written (read-only folder, disk full, damaged file, newer schema), the writer
stops recording, reports why through `health.report_problem`, and keeps draining the queue so the game never notices.
"""
from __future__ import annotations

import itertools
import json
import os
import queue
import sqlite3
import threading
from pathlib import Path
from typing import Any, Callable

from game.files import damaged_name
from game.telemetry import db, health

_STOP = object()
_MAX_BATCH = 20_000

# op kinds -> SQL. Parameters are supplied by the recorder, already checked against the schema.
_SQL: dict[str, str] = {
    "session": "INSERT INTO play_sessions (session_id, withdrawal_code, event_schema, narrative_id, narrative_version,"
               " content_hash, engine_version, player, cohort_code, locale, settings_json, consented, started_date)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)",
    "event": "INSERT INTO events (session_id, seq, t_ms, type, payload) VALUES (?, ?, ?, ?, ?)",
    "answer": "INSERT OR REPLACE INTO questionnaire_answers (session_id, phase, instrument_id, instrument_version,"
              " item_id, value, t_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "participant": "UPDATE play_sessions SET participant_hash = ? WHERE session_id = ?",
    "end": "UPDATE play_sessions SET ended_kind = ?, ending_id = ?, duration_ms = ? WHERE session_id = ?",
    "delete": "DELETE FROM play_sessions WHERE session_id = ?",
    # a play continued after a crash: the start-up recovery marked it abandoned; it is open again (same consent)
    "reopen": "UPDATE play_sessions SET ended_kind = NULL, ending_id = NULL, duration_ms = NULL"
              " WHERE session_id = ? AND ended_kind = 'abandoned'",
    "barrier": "",
}

RECOVER_SQL = ("UPDATE play_sessions SET ended_kind = 'abandoned',"
               " duration_ms = (SELECT max(t_ms) FROM events e WHERE e.session_id = play_sessions.session_id)"
               " WHERE ended_kind IS NULL")


def open_for_play(path: Path, data_dir: Path | None = None) -> sqlite3.Connection:
    """Open the database for recording: migrate, check, recover plays left without an ending.

    A damaged file is moved aside (never deleted) and a fresh one started; the move is reported to the facilitator.
    """
    try:
        conn = db.connect(path)
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            conn.close()
            raise sqlite3.DatabaseError(f"quick_check: {check}")
    except db.DatabaseError as exc:
        if not exc.damaged:  # a full disk, a lock or a permission: the file is fine, nothing is set aside
            raise
        conn = _start_afresh(path, data_dir, str(exc))
    except sqlite3.DatabaseError as exc:
        problem = db.sqlite_problem(path, exc)
        if not problem.damaged:
            raise problem from None
        conn = _start_afresh(path, data_dir, str(exc))
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(RECOVER_SQL)
    conn.execute("COMMIT")
    return conn


def _start_afresh(path: Path, data_dir: Path | None, reason: str) -> sqlite3.Connection:
    target = damaged_name(path)
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            os.replace(src, Path(str(target) + suffix))
    health.report_problem(data_dir, f"{path} was damaged ({reason}); it was moved to {target} and a new database "
                                    "was started. Nothing was deleted.")
    return db.connect(path)


class Writer:
    """A background thread owning the only write connection. Thread-safe `submit`; never raises to the game."""

    def __init__(self, path: Path, *, data_dir: Path | None = None,
                 opener: Callable[[Path, Path | None], sqlite3.Connection] = open_for_play,
                 report_problem: Callable[[Path | None, str], object] = health.report_problem,
                 mirror: Callable[[sqlite3.Connection, list], object] | None = None) -> None:
        """`report_problem`: how a stop is told to the facilitator; by default the note the next `vantage` command
        shows (a command that prints `problem` itself passes a no-op, so it is not told twice).
        `mirror(conn, batch)`: called on this thread after each commit with the ops just written (the class hub's
        outbox, game.telemetry.classlink); its failure is reported once and never stops recording."""
        self.path = Path(path)
        self._data_dir = data_dir
        self._opener = opener
        self._report_problem = report_problem
        self._mirror = mirror
        self.mirror_problem: str | None = None
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._tickets = itertools.count(1)
        self._durable = 0
        self._last_choice = 0  # ticket of the last choice queued, across every play of this process
        self._cond = threading.Condition()
        self.problem: str | None = None  # set when recording stopped; for the facilitator, never shown to students
        self._thread = threading.Thread(target=self._run, name="vantage-telemetry-writer", daemon=True)
        self._thread.start()

    @property
    def ok(self) -> bool:
        return self.problem is None

    def submit(self, kind: str, *params: Any) -> int:
        """Queue one write; returns its ticket. Never blocks on the disk."""
        ticket = next(self._tickets)
        self._queue.put((ticket, kind, params))
        return ticket

    def wait_durable(self, ticket: int, timeout: float = 5.0) -> bool:
        """True once the write with this ticket is committed (or recording has stopped, so waiting is pointless)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._durable >= ticket or self.problem is not None, timeout)

    def choice_queued(self, ticket: int) -> int:
        """Remember the ticket of a choice just queued; returns the previous choice's ticket (0 if none)."""
        previous, self._last_choice = self._last_choice, ticket
        return previous

    def flush(self, timeout: float = 5.0) -> bool:
        return self.wait_durable(self.submit("barrier"), timeout)

    def close(self, timeout: float = 5.0) -> None:
        self._queue.put((0, _STOP, ()))
        self._thread.join(timeout)

    # -- the thread ---------------------------------------------------------------------------------------------------
    def _fail(self, message: str) -> None:
        with self._cond:
            if self.problem is None:
                self.problem = message
                self._report_problem(self._data_dir, message)
            self._cond.notify_all()

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            conn = self._opener(self.path, self._data_dir)
        except db.DatabaseError as exc:  # its message already starts with the file and says what is wrong
            self._fail(str(exc))
        except (sqlite3.Error, OSError) as exc:
            self._fail(f"cannot open {self.path}: {exc}")
        stopping = False
        while not stopping:
            batch = [self._queue.get()]
            while len(batch) < _MAX_BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if batch[-1][1] is _STOP or any(item[1] is _STOP for item in batch):
                stopping = True
                batch = [item for item in batch if item[1] is not _STOP]
            if conn is None or self.problem is not None:
                continue  # not recording: drop the writes, keep the game running
            try:
                self._write(conn, batch)
            except (sqlite3.Error, OSError) as exc:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                self._fail(f"cannot write to {self.path}: {exc}")
                continue
            if batch:
                with self._cond:
                    self._durable = max(self._durable, batch[-1][0])
                    self._cond.notify_all()
            if batch and self._mirror is not None:  # after: no one waiting for the disk waits for the network copy
                self._mirror_batch(conn, batch)
        if conn is not None:
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                conn.close()
            except sqlite3.Error:
                pass

    def _mirror_batch(self, conn: sqlite3.Connection, batch: list[tuple[int, Any, tuple]]) -> None:
        try:
            self._mirror(conn, [(kind, params) for _t, kind, params in batch])  # type: ignore[misc]
        except Exception as exc:  # the network copy failing must never stop the local recording
            if self.mirror_problem is None:
                self.mirror_problem = f"cannot queue plays for the class hub: {exc}"
                self._report_problem(self._data_dir, self.mirror_problem)

    def _write(self, conn: sqlite3.Connection, batch: list[tuple[int, Any, tuple]]) -> None:
        conn.execute("BEGIN IMMEDIATE")
        events: list[tuple] = []  # consecutive events go in with one executemany (order is kept)
        for _ticket, kind, params in batch:
            if kind == "event":
                sid, seq, t_ms, etype, payload = params
                events.append((sid, seq, t_ms, etype, _dumps(payload)))
                continue
            if events:
                conn.executemany(_SQL["event"], events)
                events = []
            sql = _SQL[kind]
            if sql:
                conn.execute(sql, params)
        if events:
            conn.executemany(_SQL["event"], events)
        conn.execute("COMMIT")
        if any(kind == "delete" for _t, kind, _p in batch):
            # a withdrawn play must not linger in the journal either (secure_delete already zeroed its pages)
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # a reader holds the journal; the next checkpoint clears it


def _dumps(payload: Any) -> str:
    return payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"), sort_keys=True)
