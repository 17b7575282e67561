"""Classroom sessions (cohorts): create, list, look up, and carry one to another lab machine.

A cohort has a short code students' plays are tagged with and a random key for participant-code hashes. The key stays
in the facilitator's databases: a cohort file (`vantage cohort export`) carries it to the class's other lab machines so
the same student gets the same participant hash on any of them; data bundles (`vantage data export`) never carry it.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from game.files import write_atomic
from game.telemetry import codes, records
from game.telemetry.files import BadFile, read_json_file

COHORT_FILE_FORMAT = "vantage-cohort"
COHORT_FILE_VERSION = 1


@dataclass(frozen=True, slots=True)
class CohortInfo:
    code: str
    name: str
    narrative_id: str
    created_date: str
    has_key: bool


def create(conn: sqlite3.Connection, narrative_id: str, name: str, today: _dt.date | None = None) -> CohortInfo:
    if not records.is_id(narrative_id):
        raise ValueError(f"{narrative_id!r} is not a story id")
    name = " ".join(name.split())
    if not name or len(name) > 80:
        raise ValueError("a classroom name needs 1 to 80 characters")
    if not name.isprintable():  # terminal control codes would garble (or forge) what `cohort list` shows
        raise ValueError("a classroom name can only hold letters, digits, spaces and punctuation")
    date = (today or _dt.date.today()).isoformat()
    for _ in range(20):  # a clash among 64 million codes is rare; retry rather than fail
        code = codes.new_cohort_code()
        try:
            conn.execute("INSERT INTO cohorts (code, name, narrative_id, created_date, hmac_key) VALUES (?, ?, ?, ?, ?)",
                         (code, name, narrative_id, date, codes.new_hmac_key()))
            return CohortInfo(code, name, narrative_id, date, True)
        except sqlite3.IntegrityError:
            continue
    raise RuntimeError("could not find a free classroom code")


def list_all(conn: sqlite3.Connection) -> list[CohortInfo]:
    rows = conn.execute("SELECT code, name, narrative_id, created_date, hmac_key IS NOT NULL FROM cohorts "
                        "ORDER BY created_date, code")
    return [CohortInfo(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]


def get(conn: sqlite3.Connection, code: str) -> CohortInfo | None:
    r = conn.execute("SELECT code, name, narrative_id, created_date, hmac_key IS NOT NULL FROM cohorts WHERE code = ?",
                     (codes.normalise_code(code),)).fetchone()
    return CohortInfo(r[0], r[1], r[2], r[3], bool(r[4])) if r else None


def key(conn: sqlite3.Connection, code: str) -> bytes | None:
    r = conn.execute("SELECT hmac_key FROM cohorts WHERE code = ?", (codes.normalise_code(code),)).fetchone()
    return bytes(r[0]) if r and r[0] is not None else None


def play_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT cohort_code, count(*) FROM play_sessions WHERE cohort_code IS NOT NULL "
                             "GROUP BY cohort_code").fetchall())


# -- cohort files: set up the other lab machines of a class ------------------------------------------------------------
def _checksum(content: dict) -> str:
    canon = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canon.encode("ascii")).hexdigest()


def export_file(conn: sqlite3.Connection, code: str, path: Path) -> CohortInfo:
    info = get(conn, code)
    if info is None:
        raise BadFile(f"no classroom with code {codes.normalise_code(code)} here")
    k = key(conn, code)
    content = {"code": info.code, "name": info.name, "narrative_id": info.narrative_id,
               "created_date": info.created_date, "hmac_key": k.hex() if k else None}
    place = country(conn, code)
    if place:  # only when given, so files from before countries keep their checksum and shape
        content["country"] = place
    doc = {"format": COHORT_FILE_FORMAT, "version": COHORT_FILE_VERSION, "checksum": _checksum(content),
           "content": content}
    write_atomic(path, json.dumps(doc, indent=1, sort_keys=True) + "\n")
    return info


def import_file(conn: sqlite3.Connection, path: Path) -> tuple[CohortInfo, bool]:
    """Add the cohort in a cohort file. Returns (cohort, added). Refuses a foreign, damaged or clashing file."""
    doc = read_json_file(Path(path), max_bytes=64 * 1024)
    if not isinstance(doc, dict) or doc.get("format") != COHORT_FILE_FORMAT:
        raise BadFile(f"{path}: not a Vantage classroom file")
    if doc.get("version") != COHORT_FILE_VERSION:
        raise BadFile(f"{path}: classroom file version {doc.get('version')!r} is not supported")
    c = doc.get("content")
    if not isinstance(c, dict) or doc.get("checksum") != _checksum(c):
        raise BadFile(f"{path}: the checksum does not match: the file was damaged or edited")
    try:
        code, name, narrative_id, created, hexkey = (c["code"], c["name"], c["narrative_id"], c["created_date"],
                                                     c["hmac_key"])
        ok = (codes.is_cohort_code(code) and isinstance(name, str) and 0 < len(name) <= 80 and name.isprintable()
              and records.is_id(narrative_id) and isinstance(created, str)
              and _dt.date.fromisoformat(created) is not None
              and (hexkey is None or (isinstance(hexkey, str) and len(bytes.fromhex(hexkey)) == 32)))
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise BadFile(f"{path}: the classroom file's fields are malformed")
    place = c.get("country")
    if place is not None and not (isinstance(place, str) and (place == "INT" or (len(place) == 2 and place.isascii()
                                                                               and place.isupper()))):
        raise BadFile(f"{path}: the classroom file's country is malformed")
    k = bytes.fromhex(hexkey) if hexkey else None
    if place is not None:
        set_country(conn, code, place)
    existing = get(conn, code)
    if existing is not None:
        old_key = key(conn, code)
        if old_key is not None and k is not None and old_key != k:
            raise BadFile(f"{path}: a different classroom with code {code} already exists here")
        if old_key is None and k is not None:
            conn.execute("UPDATE cohorts SET hmac_key = ? WHERE code = ?", (k, code))
        return existing, False
    conn.execute("INSERT INTO cohorts (code, name, narrative_id, created_date, hmac_key) VALUES (?, ?, ?, ?, ?)",
                 (code, name, narrative_id, created, k))
    return CohortInfo(code, name, narrative_id, created, k is not None), True


# -- the classroom's country: whose help lines its debriefs show (assets/help/) -------------------------------------
# A side table, made when a facilitator first gives a classroom a country, so databases from before it need no
# migration; a classroom without a row uses the machine's locale.
_PLACES = ("CREATE TABLE IF NOT EXISTS cohort_places (code TEXT PRIMARY KEY, country TEXT NOT NULL) STRICT")


def set_country(conn: sqlite3.Connection, code: str, country: str) -> None:
    if not (country == "INT" or (len(country) == 2 and country.isascii() and country.isupper())):
        raise ValueError(f"{country!r} is not a two-letter country code")
    conn.execute(_PLACES)
    conn.execute("INSERT OR REPLACE INTO cohort_places (code, country) VALUES (?, ?)",
                 (codes.normalise_code(code), country))


def country(conn: sqlite3.Connection, code: str) -> str | None:
    """The country given to this classroom, or None (no country given, or a database from before countries)."""
    try:
        r = conn.execute("SELECT country FROM cohort_places WHERE code = ?", (codes.normalise_code(code),)).fetchone()
    except sqlite3.OperationalError:  # no such table: no classroom here was ever given a country
        return None
    return r[0] if r else None


def forget_country(conn: sqlite3.Connection, code: str) -> None:
    try:
        conn.execute("DELETE FROM cohort_places WHERE code = ?", (codes.normalise_code(code),))
    except sqlite3.OperationalError:
        pass
