"""Safe file helpers for telemetry files: atomic writes and size-limited, strict JSON reads with plain errors."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


class BadFile(Exception):
    """A file a facilitator gave us cannot be used; the message says which file and why, in plain words."""


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder, fsync, then rename: a crash leaves the old file or the new."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable where the OS allows it
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


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
