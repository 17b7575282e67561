"""Size-limited, strict JSON reads of telemetry files with plain errors (writes go through game.files.write_atomic)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.files import NotRegularFile, TooLarge, read_capped


class BadFile(Exception):
    """A file a facilitator gave us cannot be used; the message says which file and why, in plain words."""


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def read_json_file(path: Path, max_bytes: int) -> Any:
    """Parsed JSON of a regular file of at most `max_bytes` (read in chunks: its stated size is not trusted; a pipe or
    device is never opened). BadFile with the file's name and the reason in plain words."""
    path = Path(path)
    try:
        raw = read_capped(path, max_bytes)
    except TooLarge:
        raise BadFile(f"{path}: too large for a Vantage file (more than {max_bytes // 1048576} MB)") from None
    except NotRegularFile as exc:
        raise BadFile(f"{path}: is {exc.kind}, not a file") from None
    except FileNotFoundError:
        raise BadFile(f"{path}: no such file") from None
    except OSError as exc:
        raise BadFile(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BadFile(f"{path}: not a Vantage file (not valid JSON: {str(exc)[:80]})") from None
