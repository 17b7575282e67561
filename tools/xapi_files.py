"""xAPI statement files (JSON Lines, one statement per line): writing them from the telemetry database, and reading
them back into an in-memory telemetry database for `vantage report --from-xapi`."""
from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from game.files import write_atomic
from game.telemetry import xapi
from game.telemetry.files import BadFile

MAX_XAPI_BYTES = 2 * 1024 * 1024 * 1024  # a district's year fits; a runaway file does not fill memory first


def export_statements(conn: sqlite3.Connection, path: Path, cohort: str | None = None,
                      homepage: str = xapi.DEFAULT_HOMEPAGE, include_simulated: bool = False) -> int:
    out = io.StringIO()
    n = 0
    for s in xapi.statements(conn, cohort, homepage, include_simulated):
        out.write(json.dumps(s, sort_keys=True, separators=(",", ":")) + "\n")
        n += 1
    write_atomic(path, out.getvalue())
    return n


def read_statements(path: Path) -> sqlite3.Connection:
    """An in-memory telemetry database rebuilt from a statements file; raises BadFile naming the file and line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_XAPI_BYTES:
            raise BadFile(f"{path}: too large ({size} bytes) for a statements file")
        fh = open(path, encoding="utf-8")
    except IsADirectoryError:
        raise BadFile(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    except OSError as exc:
        raise BadFile(f"{path}: cannot read it ({exc.strerror or exc})") from None
    conn = xapi.memory_database()
    try:
        with fh:
            xapi.to_database(enumerate(fh, 1), conn, str(path))
    except UnicodeDecodeError:
        conn.close()
        raise BadFile(f"{path}: not a statements file (not UTF-8 text)") from None
    except xapi.XapiError as exc:
        conn.close()
        raise BadFile(str(exc)) from None
    return conn
