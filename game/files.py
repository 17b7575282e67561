"""Crash-safe file writes, shared by every part of the engine and its tools (and what stands in their way).

A temporary file in the same folder, fsync, then os.replace, then fsync of the folder: a crash, a killed process or a
power cut leaves either the old file or the new one, never half of one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, text: str, *, newline: str | None = "\n") -> Path:
    """Replace `path` with `text` (UTF-8). `newline` as for open(): "" keeps the text's own line ends (CSV)."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
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
    try:  # make the rename itself durable where the OS allows opening a folder
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass
    return path


def file_in_the_way(folder: Path | str) -> Path | None:
    """The file standing where `folder` or one of its parents must be a folder (e.g. --data-dir given a file), or
    None. For messages that say "X is a file, not a folder" instead of "[Errno 20] Not a directory"."""
    folder = Path(folder).expanduser()
    nearest = next((p for p in (folder, *folder.parents) if p.exists()), None)
    return nearest if nearest is not None and not nearest.is_dir() else None
