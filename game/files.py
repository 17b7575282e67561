"""Crash-safe file writes and bounded file reads, shared by every part of the engine and its tools.

Writes: a temporary file in the same folder, fsync, then os.replace, then fsync of the folder: a crash, a killed process
or a power cut leaves either the old file or the new one, never half of one. Only a regular file is ever replaced
(never a device such as /dev/full, a pipe or a folder).

Reads: `read_capped` opens only regular files (a FIFO would block for ever, /dev/zero never ends) and reads at most
cap + 1 bytes whatever the file's size claims to be, so no file can take more memory than its cap.
"""
from __future__ import annotations

import datetime as _dt
import errno
import os
import stat
import tempfile
from pathlib import Path

_CHUNK = 1 << 16


class NotRegularFile(OSError):
    """The path is a folder, a named pipe, a device or a socket: never opened for reading, never replaced."""

    def __init__(self, path: Path | str, kind: str):
        super().__init__(errno.EINVAL, f"{path} is {kind}, not a regular file")
        self.path, self.kind = Path(path), kind


class TooLarge(OSError):
    """The file holds more than the cap allows (found by reading, not by trusting its stated size)."""

    def __init__(self, path: Path | str, cap: int):
        super().__init__(errno.EFBIG, f"{path} is larger than {cap:,} bytes")
        self.path, self.cap = Path(path), cap


def file_kind(mode: int) -> str:
    """"a folder", "a named pipe (FIFO)", ... in words, from an st_mode."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def read_capped(path: Path | str, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes. Raises FileNotFoundError, NotRegularFile, TooLarge or
    another OSError. A FIFO or device is refused from os.stat, before any open; the open itself is non-blocking in
    case the path is swapped for a FIFO in between, and the open file is checked again."""
    path = Path(path)
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, file_kind(mode))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, file_kind(mode))
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            chunk = os.read(fd, min(_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > cap:
            raise TooLarge(path, cap)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_atomic(path: Path | str, text: str, *, newline: str | None = "\n") -> Path:
    """Replace `path` with `text` (UTF-8). `newline` as for open(): "" keeps the text's own line ends (CSV)."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError:
        mode = None  # e.g. a parent that is a file: mkdir below says so
    if mode is not None and not stat.S_ISREG(mode):  # os.replace would swap a device node for a plain file
        raise NotRegularFile(path, file_kind(mode))
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


def damaged_name(path: Path | str) -> Path:
    """Where to set aside a file that cannot be used: `NAME.damaged-DATE` beside it, or `...-2`, `-3` when taken."""
    path = Path(path)
    stamp = _dt.date.today().isoformat()
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return target


def file_in_the_way(folder: Path | str) -> Path | None:
    """The file standing where `folder` or one of its parents must be a folder (e.g. --data-dir given a file), or
    None. For messages that say "X is a file, not a folder" instead of "[Errno 20] Not a directory"."""
    folder = Path(folder).expanduser()
    nearest = next((p for p in (folder, *folder.parents) if p.exists()), None)
    return nearest if nearest is not None and not nearest.is_dir() else None
