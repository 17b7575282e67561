"""Recorded plays as xAPI statements following the Serious Games profile (xAPI-SG, e-UCM), and back again.

One play becomes: `initialized` the serious game (what was played, how, on which date); one statement per
questionnaire answer (`responded` to a `question`); one per recorded event (scene and beat entered: `accessed`; a menu
offered: `accessed` a `menu`; a choice made: `selected` in that menu, the choice id as the response; a locked option
tried: `interacted`; an ending reached: `progressed` to 100 %); and, once the play is over, `completed` (finished) or
`exited` (left early or abandoned). docs/telemetry.md has the table.

Privacy: the actor is an anonymous account (the classroom's namespace as homePage, the random play id as name); no
name, no free text, nothing PRODUCT.md does not list. Statement ids are UUID v5 of the event's own id (play id + what
+ sequence number), so sending a statement twice is harmless: a learning record store keeps one.
Every statement also carries the exact recorded row (extension RECORD), so `vantage report --from-xapi` rebuilds the
very tables the report reads and gives the same report as from SQLite.
"""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import uuid
from typing import Any, Iterable, Iterator

from game.telemetry import bundle, db

XAPI_VERSION = "1.0.3"
NAMESPACE = uuid.UUID("6f9d3c1e-5b7a-5d0e-9c41-7a5e2b8d4f10")  # fixed for ever: ids must not change between sends
SG = "https://w3id.org/xapi/seriousgames"
ADL = "http://adlnet.gov/expapi"
VANTAGE = "https://vantage.invalid/xapi"  # our own ids; .invalid can never be somebody else's address
RECORD = f"{VANTAGE}/extensions/record"
DEFAULT_HOMEPAGE = "https://vantage.invalid/classroom"

VERBS = {
    "initialized": f"{ADL}/verbs/initialized",
    "progressed": f"{ADL}/verbs/progressed",
    "completed": f"{ADL}/verbs/completed",
    "accessed": f"{SG}/verbs/accessed",
    "selected": "https://w3id.org/xapi/adb/verbs/selected",
    "interacted": f"{ADL}/verbs/interacted",
    "responded": f"{ADL}/verbs/responded",
    "exited": "http://adlnet.gov/expapi/verbs/exited",
}
TYPES = {
    "serious-game": f"{SG}/activity-types/serious-game",
    "level": f"{SG}/activity-types/level",
    "area": f"{SG}/activity-types/area",
    "menu": f"{SG}/activity-types/menu",
    "question": f"{ADL}/activities/question",
    "cutscene": f"{SG}/activity-types/cutscene",
    "zone": f"{SG}/activity-types/zone",
}
# event type -> (verb, activity type, the payload field naming the object)
EVENT_MAP: dict[str, tuple[str, str, str]] = {
    "scene_entered": ("accessed", "level", "scene_id"),
    "beat_entered": ("accessed", "area", "beat_id"),
    "menu_offered": ("accessed", "menu", "menu_id"),
    "choice_made": ("selected", "menu", "menu_id"),
    "locked_choice_tried": ("interacted", "menu", "menu_id"),
    "ending_reached": ("progressed", "serious-game", "ending_id"),
    # on a map: a zone walked into or used, or a place picked from the Places list (named within its scene)
    "zone_entered": ("accessed", "zone", "place"),
    "place_chosen": ("selected", "zone", "place"),
}


class XapiError(ValueError):
    """A statements file cannot be turned back into plays; the message says which line and why."""


def statement_id(session_id: str, what: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{session_id}/{what}"))


def _timestamp(date: str, t_ms: int) -> str:
    # only the date is recorded; the time part is the offset inside the play, never a clock time
    day = _dt.datetime.fromisoformat(date).replace(tzinfo=_dt.timezone.utc)
    return (day + _dt.timedelta(milliseconds=t_ms)).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _duration(ms: int) -> str:
    return f"PT{ms / 1000:.2f}S"


def _activity(game_iri: str, kind: str, ident: str | None = None) -> dict[str, Any]:
    return {"objectType": "Activity", "id": game_iri if ident is None else f"{game_iri}/{kind}/{ident}",
            "definition": {"type": TYPES[kind]}}


def play_statements(play: dict[str, Any], homepage: str = DEFAULT_HOMEPAGE) -> Iterator[dict[str, Any]]:
    """The statements of one play, given in bundle form (game.telemetry.bundle)."""
    sid = play["session_id"]
    game = f"{VANTAGE}/games/{play['narrative_id']}"
    actor = {"objectType": "Agent",
             "account": {"homePage": f"{homepage}/{play['cohort_code'] or 'none'}", "name": sid}}
    header = {k: play[k] for k in bundle.SESSION_FIELDS
              if k not in ("withdrawal_code", "ended_kind", "ending_id", "duration_ms")}
    context_base = {"registration": str(uuid.UUID(sid)),
                    "contextActivities": {"category": [{"objectType": "Activity", "id": f"{SG}/v1.0",
                                                        "definition": {"type": "http://adlnet.gov/expapi/activities/profile"}}]}}

    def stmt(what: str, verb: str, obj: dict, t_ms: int, record: dict, result: dict | None = None) -> dict:
        s = {"id": statement_id(sid, what), "actor": actor, "verb": {"id": VERBS[verb], "display": {"en": verb}},
             "object": obj, "timestamp": _timestamp(play["started_date"], t_ms),
             "context": {**context_base, "extensions": {RECORD: record}}}
        if result:
            s["result"] = result
        return s

    yield stmt("start", "initialized", _activity(game, "serious-game"), 0, {"play": header})
    for a in play["answers"]:
        yield stmt(f"answer/{a['phase']}/{a['item_id']}", "responded",
                   _activity(game, "question", f"{a['instrument_id']}/{a['item_id']}"), a["t_ms"], {"answer": a},
                   {"response": "" if a["value"] is None else str(a["value"])})
    for e in play["events"]:
        verb, kind, field = EVENT_MAP[e["type"]]
        p = e["payload"]
        result = None
        if e["type"] == "choice_made":
            result = {"response": p["choice_id"]}
        elif e["type"] == "ending_reached":
            result = {"extensions": {f"{SG}/extensions/progress": 1.0}}
        ident = f"{p['scene_id']}/{p[field]}" if kind == "zone" else p.get(field)
        obj = _activity(game, "serious-game") if kind == "serious-game" else _activity(game, kind, ident)
        yield stmt(f"event/{e['seq']}", verb, obj, e["t_ms"], {"event": e}, result)
    if play["ended_kind"] is not None:
        end = {k: play[k] for k in ("ended_kind", "ending_id", "duration_ms")}
        finished = play["ended_kind"] == "finished"
        result: dict[str, Any] = {"completion": finished}
        if play["duration_ms"] is not None:
            result["duration"] = _duration(play["duration_ms"])
        yield stmt("end", "completed" if finished else "exited", _activity(game, "serious-game"),
                   play["duration_ms"] or 0, {"end": end}, result)


def statements(conn: sqlite3.Connection, cohort: str | None = None, homepage: str = DEFAULT_HOMEPAGE,
               include_simulated: bool = False) -> Iterator[dict[str, Any]]:
    """The statements of every play (of one classroom); made-up plays of `vantage simulate` only when asked."""
    for play in bundle.build(conn, cohort, include_simulated)["content"]["sessions"]:
        yield from play_statements(play, homepage)


# -- back again: statements -> the telemetry tables -----------------------------------------------------------------
def to_database(lines: Iterable[tuple[int, str]], conn: sqlite3.Connection, source: str = "statements") -> int:
    """Rebuild plays from statements (line number, JSON text) into an empty telemetry database; returns plays.

    Each play is checked with bundle.check_play, as `vantage data import` checks a bundle; a statement seen twice
    (same id) counts once. Raises XapiError naming the line."""
    plays: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for number, text in lines:
        where = f"{source}:{number}"
        if not text.strip():
            continue
        try:
            s = _DECODER.decode(text)
            record = s["context"]["extensions"][RECORD]
            sid = s["actor"]["account"]["name"]
            sid_ok = isinstance(sid, str) and len(sid) == 32
        except (ValueError, KeyError, TypeError, RecursionError):
            raise XapiError(f"{where}: not a Vantage xAPI statement") from None
        if not sid_ok or not isinstance(record, dict) or len(record) != 1:
            raise XapiError(f"{where}: not a Vantage xAPI statement")
        if s.get("id") in seen:
            continue
        seen.add(s.get("id"))
        play = plays.setdefault(sid, {"answers": [], "events": [], "ended_kind": None, "ending_id": None,
                                      "duration_ms": None})
        kind, value = next(iter(record.items()))
        if kind == "play" and isinstance(value, dict):
            play.update(value)
        elif kind == "answer":
            play["answers"].append(value)
        elif kind == "event":
            play["events"].append(value)
        elif kind == "end" and isinstance(value, dict):
            play.update(value)
        else:
            raise XapiError(f"{where}: unknown record {kind!r}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for n, (sid, play) in enumerate(sorted(plays.items())):
            # the play code is never sent to an LRS; a stand-in keeps the table's shape (nobody can use it)
            play["withdrawal_code"] = _stand_in_code(n)
            if play.get("session_id") != sid:
                raise XapiError(f"{source}: play {sid} has no `initialized` statement")
            play["events"].sort(key=lambda e: e.get("seq", 0) if isinstance(e, dict) else 0)
            try:
                bundle.check_play(play)
            except bundle.BadFile as exc:
                raise XapiError(f"{source}: play {sid}: {exc}") from None
            bundle.insert_play(conn, play)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(plays)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")  # NaN and Infinity are not JSON


_DECODER = json.JSONDecoder(parse_constant=_no_constants)  # one decoder for every line, not one per call


def _stand_in_code(n: int) -> str:
    from game.telemetry.codes import ALPHABET
    digits = []
    for _ in range(8):
        n, r = divmod(n, len(ALPHABET))
        digits.append(ALPHABET[r])
    code = "".join(reversed(digits))
    return f"{code[:4]}-{code[4:]}"


def memory_database() -> sqlite3.Connection:
    """An empty telemetry database in memory, with the real tables (for the report from statements)."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    db.migrate(conn, ":memory:")
    return conn
