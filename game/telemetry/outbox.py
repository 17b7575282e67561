"""The outbox: a durable queue (its own SQLite file) of items waiting to be sent over the network, and the sender
thread that sends them in batches, retrying with backoff.

Used twice: a student machine sends its plays to the class hub (`vantage play --server`), and `vantage lrs send`
sends xAPI statements to a learning record store. Items are kept until the receiver says it has them, so a dropped
Wi-Fi, a server restart or a killed process loses nothing; receivers de-duplicate by the ids inside the items, so an
item sent twice (the answer to a batch got lost) is harmless. Items leave oldest first, one batch at a time, so a
receiver always sees them in the order they were queued.

Nothing here ever blocks the game thread: `put` is called on the telemetry writer thread, `Sender` runs on its own.
"""
from __future__ import annotations

import enum
import random
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    n         INTEGER PRIMARY KEY AUTOINCREMENT,  -- queue order
    item_id   TEXT NOT NULL UNIQUE,               -- putting the same id twice queues it once
    grp       TEXT,                               -- e.g. the play an item belongs to (dropped together)
    body      TEXT NOT NULL                       -- what is sent, already JSON
) STRICT;
CREATE TABLE IF NOT EXISTS sent (                  -- ids already delivered (only when the outbox remembers them)
    item_id   TEXT PRIMARY KEY
) STRICT;
CREATE TABLE IF NOT EXISTS marks (                 -- keys the user of the outbox wants remembered (e.g. open plays)
    key       TEXT PRIMARY KEY
) STRICT;
CREATE TABLE IF NOT EXISTS refused (               -- items the receiver refused for good (kept, never resent)
    item_id   TEXT PRIMARY KEY,
    grp       TEXT,
    body      TEXT NOT NULL,
    reason    TEXT NOT NULL
) STRICT;
"""


class Verdict(enum.Enum):
    SENT = "sent"        # the receiver has them: drop from the queue
    RETRY = "retry"      # network down, server busy or restarting: try again later
    REFUSED = "refused"  # the receiver says they can never be accepted (4xx): keep aside, do not retry


@dataclass(frozen=True, slots=True)
class Answer:
    verdict: Verdict
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    n: int
    item_id: str
    grp: str | None
    body: str


class Outbox:
    """A FIFO of JSON items in an SQLite file. Thread-safe; each call is one short transaction."""

    def __init__(self, path: Path, *, remember_sent: bool = False) -> None:
        """`remember_sent`: keep the ids of delivered items, so putting one again later queues nothing (an LRS
        upload run twice resumes where it stopped instead of starting over)."""
        self.path = Path(path)
        self.remember_sent = remember_sent
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=10)
        self._lock = threading.Lock()
        with self._lock:
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")  # a queued item survives a power cut
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._conn.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def put(self, items: Iterable[tuple[str, str | None, str]]) -> int:
        """Queue (item_id, group, body) triples in one transaction; an id already queued is skipped. Returns how many
        were added."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                before = self._conn.total_changes
                self._conn.executemany(
                    "INSERT OR IGNORE INTO items (item_id, grp, body) SELECT ?, ?, ? WHERE NOT EXISTS "
                    "(SELECT 1 FROM sent WHERE sent.item_id = ?1)", ((i, g, b) for i, g, b in items))
                added = self._conn.total_changes - before
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        return added

    def drop_group(self, grp: str) -> int:
        """Forget every item of a group not yet sent (a withdrawn play's pieces must never leave the machine)."""
        with self._lock:
            return self._conn.execute("DELETE FROM items WHERE grp = ?", (grp,)).rowcount

    def peek(self, limit: int, max_bytes: int) -> list[Item]:
        """The oldest items, at most `limit` of them and about `max_bytes` of body (always at least one)."""
        with self._lock:
            rows = self._conn.execute("SELECT n, item_id, grp, body FROM items ORDER BY n LIMIT ?",
                                      (limit,)).fetchall()
        out, size = [], 0
        for row in rows:
            size += len(row[3])
            if out and size > max_bytes:
                break
            out.append(Item(*row))
        return out

    def ack(self, items: Sequence[Item]) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                if self.remember_sent:
                    self._conn.executemany("INSERT OR IGNORE INTO sent (item_id) VALUES (?)",
                                           [(i.item_id,) for i in items])
                self._conn.executemany("DELETE FROM items WHERE n = ?", [(i.n,) for i in items])
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def refuse(self, items: Sequence[Item], reason: str) -> None:
        """Move items the receiver refused into `refused` (kept for the facilitator to look at, never resent)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                self._conn.executemany("INSERT OR REPLACE INTO refused (item_id, grp, body, reason) VALUES (?,?,?,?)",
                                       [(i.item_id, i.grp, i.body, reason[:500]) for i in items])
                self._conn.executemany("DELETE FROM items WHERE n = ?", [(i.n,) for i in items])
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def mark(self, keys: Iterable[str], on: bool = True) -> None:
        with self._lock:
            sql = "INSERT OR IGNORE INTO marks (key) VALUES (?)" if on else "DELETE FROM marks WHERE key = ?"
            self._conn.executemany(sql, [(k,) for k in keys])

    def marked(self) -> list[str]:
        with self._lock:
            return [k for (k,) in self._conn.execute("SELECT key FROM marks ORDER BY key")]

    def pending(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM items").fetchone()[0]

    def refused(self) -> list[tuple[str, str]]:
        with self._lock:
            return self._conn.execute("SELECT item_id, reason FROM refused ORDER BY item_id").fetchall()


Transport = Callable[[list[Item]], Answer]


@dataclass(frozen=True, slots=True)
class Backoff:
    """Delays between tries after failures: base * 2**(failures-1), capped, with jitter so that a class of machines
    coming back after a Wi-Fi drop does not hit the hub in one wave."""
    base: float = 0.5
    cap: float = 30.0
    jitter: float = 0.5  # the delay is scaled by a random factor in [1 - jitter, 1]

    def delay(self, failures: int, rng: random.Random) -> float:
        if failures <= 0:
            return 0.0
        raw = min(self.cap, self.base * (2 ** min(failures - 1, 30)))
        return raw * (1 - self.jitter * rng.random())


class Sender:
    """The thread that empties an outbox through a transport. `poke()` after queueing; `stop()` at exit."""

    def __init__(self, outbox: Outbox, transport: Transport, *, batch: int = 200, max_bytes: int = 256 * 1024,
                 backoff: Backoff = Backoff(), idle_poll: float = 5.0, seed: int | None = None,
                 name: str = "vantage-outbox-sender",
                 on_refused: Callable[[int, str], object] | None = None) -> None:
        """`on_refused(count, reason)`: told when the receiver refuses items for good (they are kept aside)."""
        self.outbox = outbox
        self._transport = transport
        self._batch = batch
        self._max_bytes = max_bytes
        self._backoff = backoff
        self._idle_poll = idle_poll
        self._rng = random.Random(seed)
        self._on_refused = on_refused
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._idle = threading.Condition()
        self.failures = 0  # consecutive failed tries (0 when the last try worked)
        self.sent = 0
        self.last_problem: str | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> "Sender":
        self._thread.start()
        return self

    def poke(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)

    def wait_empty(self, timeout: float) -> bool:
        """True once nothing is left to send (for tests and `vantage lrs send`; never called by the game)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self.outbox.pending():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(min(left, 0.1))
        return True

    def send_once(self) -> Answer | None:
        """Send the oldest batch now (on the caller's thread); None when the outbox is empty."""
        items = self.outbox.peek(self._batch, self._max_bytes)
        if not items:
            return None
        answer = self._try(items)
        if answer.verdict is Verdict.SENT:
            self.outbox.ack(items)
            self.sent += len(items)
            self.failures = 0
        elif answer.verdict is Verdict.REFUSED and len(items) > 1:
            # one bad item must not take good ones aside with it: try them one by one (in order)
            for item in items:
                one = self._try([item])
                if one.verdict is Verdict.RETRY:
                    self.failures += 1
                    self.last_problem = one.reason
                    return one
                if one.verdict is Verdict.SENT:
                    self.outbox.ack([item])
                    self.sent += 1
                else:
                    self._refuse([item], one.reason)
            self.failures = 0
        elif answer.verdict is Verdict.REFUSED:
            self._refuse(items, answer.reason)
            self.failures = 0
        else:
            self.failures += 1
            self.last_problem = answer.reason
        return answer

    def _try(self, items: list[Item]) -> Answer:
        try:
            return self._transport(items)
        except Exception as exc:  # a transport bug must not kill the thread: treat as a failed try
            return Answer(Verdict.RETRY, f"{exc.__class__.__name__}: {exc}")

    def _refuse(self, items: list[Item], reason: str) -> None:
        self.outbox.refuse(items, reason)
        self.last_problem = reason
        if self._on_refused is not None:
            self._on_refused(len(items), reason)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                answer = self.send_once()
            except sqlite3.Error as exc:  # the outbox file itself failed: wait and try again, never crash
                answer = Answer(Verdict.RETRY, f"outbox: {exc}")
                self.failures += 1
            with self._idle:
                self._idle.notify_all()
            if answer is None:
                self._wake.wait(self._idle_poll)
                self._wake.clear()
            elif answer.verdict is Verdict.RETRY:
                self._wake.clear()
                self._stopping.wait(self._backoff.delay(self.failures, self._rng))
