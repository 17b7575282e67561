"""Noticing that a story's files changed on disk (live reload): each file's size and modification time, compared
with what they were. Cheap enough to ask several times a second."""
from __future__ import annotations

import os
from pathlib import Path

from .model import Narrative


def story_files(n: Narrative) -> list[Path]:
    """The narrative file and every scene file of a loaded story."""
    return [Path(n.path)] + [Path(sc.path) for sc in n.scenes.values()]


class FileWatch:
    def __init__(self, files: list[Path]) -> None:
        self.files = list(files)
        self._seen = self._signature()

    def _signature(self) -> tuple:
        out = []
        for f in self.files:
            try:
                st = os.stat(f)
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)  # deleted (or being replaced by an editor): a change too
        return tuple(out)

    def changed(self) -> bool:
        """True once for each change since the last call."""
        now = self._signature()
        if now == self._seen:
            return False
        self._seen = now
        return True

    def watch(self, files: list[Path]) -> None:
        """Watch these files from now on (a reloaded story may list other scenes)."""
        self.files = list(files)
        self._seen = self._signature()
