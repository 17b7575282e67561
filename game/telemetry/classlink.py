"""The student machine's link to the class hub (`vantage play --cohort CODE --server URL`): what the telemetry writer
has just committed is turned into play pieces, queued in an outbox and sent by a background thread.

A piece is one play in the form of a data bundle's play (game.telemetry.bundle: the same fields, checked by the hub
with the same code as `vantage data import`), holding only the answers and events written since the previous piece.
The hub keeps an event once per (session id, seq) - the event's id - and an answer once per (session id, phase,
item), so a piece sent twice changes nothing. A withdrawn play's unsent pieces are dropped and a withdrawal is sent
instead, so the hub deletes what it already had.
"""
from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from game.telemetry import health
from game.telemetry.bundle import SESSION_FIELDS
from game.telemetry.outbox import Answer, Backoff, Item, Outbox, Sender, Transport, Verdict

OUTBOX_NAME = "hub-outbox.sqlite3"
PLAYS_PATH = "/api/plays"
_SEND_TIMEOUT = 10.0  # seconds for one batch; the sender thread waits, never the game
# after a failed try: 0.5 s, 1 s, 2 s ... at most 30 s between tries (tests shorten it)
SENDER_OPTIONS: dict[str, Any] = {"backoff": Backoff(base=0.5, cap=30.0), "batch": 100}


def _header(conn: sqlite3.Connection, session_id: str) -> dict[str, Any] | None:
    cols = ", ".join(c if c != "settings" else "settings_json" for c in SESSION_FIELDS)
    row = conn.execute(f"SELECT {cols} FROM play_sessions WHERE session_id = ?", (session_id,)).fetchone()
    if row is None:
        return None
    out = dict(zip(SESSION_FIELDS, row))
    out["settings"] = json.loads(out["settings"])
    return out


def pieces(conn: sqlite3.Connection, ops: list[tuple[str, tuple]], codes_seen: dict[str, str]
           ) -> tuple[list[tuple[str, str | None, str]], list[str]]:
    """(outbox items, withdrawn session ids) for the writer ops just committed on `conn`.

    `codes_seen` maps session ids to their play codes (kept by the caller: a withdrawal's row is already gone)."""
    touched: dict[str, dict[str, Any]] = {}
    withdrawn: list[str] = []

    def entry(sid: str) -> dict[str, Any]:
        return touched.setdefault(sid, {"answers": {}, "events": []})

    for kind, params in ops:
        if kind == "session":
            entry(params[0])
        elif kind == "event":
            sid, seq, t_ms, etype, payload = params
            entry(sid)["events"].append({"seq": seq, "t_ms": t_ms, "type": etype,
                                         "payload": json.loads(payload) if isinstance(payload, str) else payload})
        elif kind == "answer":
            sid, phase, instrument_id, version, item_id, value, t_ms = params
            entry(sid)["answers"][(phase, item_id)] = {"phase": phase, "instrument_id": instrument_id,
                                                       "instrument_version": version, "item_id": item_id,
                                                       "value": value, "t_ms": t_ms}
        elif kind == "participant":
            entry(params[1])
        elif kind == "end":
            entry(params[3])
        elif kind == "delete":
            withdrawn.append(params[0])
    items: list[tuple[str, str | None, str]] = []
    for sid, new in touched.items():
        if sid in withdrawn:
            continue
        play = _header(conn, sid)
        if play is None:
            continue
        codes_seen[sid] = play["withdrawal_code"]
        play["answers"] = list(new["answers"].values())
        play["events"] = new["events"]
        items.append((uuid.uuid4().hex, sid, json.dumps({"play": play}, sort_keys=True, separators=(",", ":"))))
    for sid in withdrawn:
        code = codes_seen.get(sid)
        if code is not None:
            items.append((uuid.uuid4().hex, None, json.dumps(
                {"withdraw": {"session_id": sid, "withdrawal_code": code}}, separators=(",", ":"))))
    return items, withdrawn


def http_transport(server: str, token: str) -> Transport:
    """Send a batch of pieces to the hub as one POST; the hub's answer decides what happens to the batch."""
    url = server.rstrip("/") + PLAYS_PATH

    def send(items: list[Item]) -> Answer:
        body = ('{"pieces":[' + ",".join(i.body for i in items) + "]}").encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        try:
            with urllib.request.urlopen(request, timeout=_SEND_TIMEOUT) as response:
                response.read(4096)
                return Answer(Verdict.SENT)
        except urllib.error.HTTPError as exc:
            reason = f"the class hub answered {exc.code}: {exc.read(300).decode('utf-8', 'replace')}"
            # 408 timeout, 429 too many, 5xx restarting or broken: worth another try; any other 4xx never will be
            if exc.code in (408, 425, 429) or exc.code >= 500:
                return Answer(Verdict.RETRY, reason)
            return Answer(Verdict.REFUSED, reason)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return Answer(Verdict.RETRY, f"the class hub cannot be reached: {getattr(exc, 'reason', exc)}")

    return send


def check_server_url(text: str) -> str:
    """The hub's address as typed by a facilitator, checked (http or https, a host); raises ValueError."""
    parts = urllib.parse.urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--server {text!r} is not an address like http://192.168.1.20:8765")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class ClassLink:
    """Owns the outbox and the sender of one playing machine. `mirror` is given to the telemetry Writer."""

    def __init__(self, data_dir: Path, server: str, token: str, *, transport: Any = None,
                 sender_options: dict | None = None) -> None:
        self.outbox = Outbox(Path(data_dir) / OUTBOX_NAME)
        self._codes: dict[str, str] = {}
        self._resumed = False
        options = dict(sender_options if sender_options is not None else SENDER_OPTIONS)

        def refused(count: int, reason: str) -> None:  # told to the facilitator (never the student), kept aside
            health.report_problem(Path(data_dir), f"the class hub refused {count} piece(s) of plays ({reason}); "
                                                  f"they are kept in {self.outbox.path}")

        options.setdefault("on_refused", refused)
        self.sender = Sender(self.outbox, transport or http_transport(server, token), **options)
        self.sender.start()  # also sends what an earlier run left in the outbox

    def mirror(self, conn: sqlite3.Connection, ops: list[tuple[str, tuple]]) -> None:
        if not self._resumed:
            self._resumed = True
            self._close_stale_plays(conn)
        items, withdrawn = pieces(conn, ops, self._codes)
        for sid in withdrawn:
            self.outbox.drop_group(sid)
        self.outbox.mark(withdrawn, on=False)
        if items:
            self.outbox.put(items)
            self.sender.poke()
        # plays the hub knows as still playing; one that never ends here (the game was killed) is closed next time
        ended = {sid for sid, kind in self._ended_kinds(conn, {i[1] for i in items if i[1]}).items() if kind}
        self.outbox.mark([i[1] for i in items if i[1] and i[1] not in ended], on=True)
        self.outbox.mark(ended, on=False)

    @staticmethod
    def _ended_kinds(conn: sqlite3.Connection, sids: set[str]) -> dict[str, str | None]:
        if not sids:
            return {}
        marks = ",".join("?" * len(sids))
        return dict(conn.execute(f"SELECT session_id, ended_kind FROM play_sessions WHERE session_id IN ({marks})",
                                 list(sids)).fetchall())

    def _close_stale_plays(self, conn: sqlite3.Connection) -> None:
        """Plays left open by an earlier run were marked abandoned when the database was opened again (writer.py
        RECOVER_SQL): tell the hub too, or its dashboard would count them as playing for ever."""
        stale = self.outbox.marked()
        kinds = self._ended_kinds(conn, set(stale))
        items = []
        for sid in stale:
            play = _header(conn, sid) if kinds.get(sid) else None
            if play is not None:
                play["answers"], play["events"] = [], []
                items.append((uuid.uuid4().hex, sid, json.dumps({"play": play}, sort_keys=True,
                                                                separators=(",", ":"))))
        if items:
            self.outbox.put(items)
            self.sender.poke()
        self.outbox.mark([sid for sid in stale if sid not in kinds or kinds[sid]], on=False)

    def close(self, timeout: float = 2.0) -> None:
        self.sender.stop(timeout)
        self.outbox.close()
