"""Size-limited, strict JSON reads of telemetry files with plain errors (writes go through game.files.write_atomic)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class BadFile(Exception):
    """A file a facilitator gave us cannot be used; the message says which file and why, in plain words."""


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def read_json_file(path: Path, max_bytes: int) -> Any:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BadFile(f"{path}: too large ({size} bytes) for a Vantage file")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise BadFile(f"{path}: is a folder, not a file") from None
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    except OSError as exc:
        raise BadFile(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadFile(f"{path}: not a Vantage file (not valid JSON: {str(exc)[:80]})") from None
