"""Which other programs have a file open (for "the database is in use by ..." messages). Linux: from /proc; elsewhere
an empty list, and the message falls back to general words."""
from __future__ import annotations

import os
from pathlib import Path

from game.files import read_capped


def _command_line(pid: str) -> str:
    try:
        raw = read_capped(f"/proc/{pid}/cmdline", 64 * 1024)[:400]
    except OSError:
        return "?"
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    # `python -m tools.cli data import x` or `.venv/bin/vantage play` -> keep it short but recognisable
    shown = [Path(words[0]).name, *words[1:6]] if words else ["?"]
    return " ".join(shown)


def holders(path: Path | str) -> list[str]:
    """"process 1234 (vantage play morning-bus)" for every other process with `path` (or its -wal/-shm) open."""
    targets = set()
    for suffix in ("", "-wal", "-shm"):
        try:
            targets.add(os.path.realpath(str(path) + suffix))
        except OSError:
            pass
    found: list[str] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    me = str(os.getpid())
    try:
        pids = [p.name for p in proc.iterdir() if p.name.isdigit() and p.name != me]
    except OSError:
        return found
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue  # gone, or another user's process
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") in targets:
                    found.append(f"process {pid} ({_command_line(pid)})")
                    break
            except OSError:
                continue
    return found
