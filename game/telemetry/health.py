"""Problems with recording, told to the facilitator and never to the student.

When the database cannot be written, the writer calls `report_problem`: one dated line goes to `telemetry.log` in the
data folder (or, if that folder cannot be written, in the cache folder), and a marker file remembers that the
facilitator has not seen it yet. The next `vantage` command calls `surface_problems`, which prints the unseen problems
once and clears the marker.
"""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import TextIO

from game import paths
from game.files import read_capped

MAX_NOTES_BYTES = 1024 * 1024  # a few notes; a bigger file is not ours

LOG_NAME = "telemetry.log"
UNSEEN_NAME = "telemetry-problems-unseen.txt"


def _folders(data_dir: Path | None) -> list[Path]:
    return [Path(data_dir) if data_dir is not None else paths.data_dir(), paths.cache_dir()]


def _append(path: Path, line: str) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return True
    except OSError:
        return False


def report_problem(data_dir: Path | None, message: str) -> Path | None:
    """Log a recording problem (date only, no clock time). Returns the log written, or None if none could be."""
    line = f"{_dt.date.today().isoformat()} recording stopped: {message}"
    for folder in _folders(data_dir):
        if _append(folder / LOG_NAME, line):
            _append(folder / UNSEEN_NAME, line)
            return folder / LOG_NAME
    return None


def unseen_problems(data_dir: Path | None) -> list[str]:
    lines: list[str] = []
    for folder in _folders(data_dir):
        try:
            text = read_capped(folder / UNSEEN_NAME, MAX_NOTES_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        lines += [ln for ln in text.splitlines() if ln.strip()]
    return lines


def surface_problems(data_dir: Path | None, stream: TextIO) -> int:
    """Print unseen recording problems for the facilitator, then forget them. Returns how many were printed."""
    count = 0
    for folder in _folders(data_dir):
        marker = folder / UNSEEN_NAME
        try:
            text = read_capped(marker, MAX_NOTES_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        lines = [ln for ln in text.splitlines() if ln.strip()]
        for ln in lines[-5:]:
            print(f"vantage: note: {ln}", file=stream)
        if len(lines) > 5:
            print(f"vantage: note: ... and {len(lines) - 5} earlier problems", file=stream)
        if lines:
            print(f"vantage: note: details in {folder / LOG_NAME}", file=stream)
        count += len(lines)
        try:
            marker.unlink()
        except OSError:
            pass
    return count
