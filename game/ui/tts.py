"""Text-to-speech through espeak-ng in a subprocess: never blocks a frame; a new line stops the previous one.

When espeak-ng is not installed, `available` is False and the settings screen says so plainly.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Sequence

from game.i18n import N_

log = logging.getLogger(__name__)

NO_VOICE_MESSAGE = N_("No voice available on this computer (espeak-ng is not installed).")  # shown through _()


def emphasis_ssml(before: str, runs: Sequence[tuple[str, str]], after: str = "") -> str:
    """SSML for espeak-ng (`-m`): the emphasised words of a line wrapped in <emphasis>, everything escaped."""
    def esc(t: str) -> str:
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = "".join(f"<emphasis>{esc(t)}</emphasis>" if style else esc(t) for t, style in runs)
    return f"<speak>{esc(before)}{body}{esc(after)}</speak>"


def find_espeak() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


class Speaker:
    """Speaks one thing at a time. `command` (tests) replaces the espeak-ng command line; the text is appended."""

    def __init__(self, enabled: bool = False, volume: float = 0.8, command: Sequence[str] | None = None) -> None:
        self.enabled = enabled
        self.volume = volume
        self._program = find_espeak() if command is None else None
        self._command = list(command) if command is not None else None
        self._proc: subprocess.Popen[bytes] | None = None
        self.last_text: str | None = None  # what was last sent to the voice (tests, and "repeat")

    @property
    def available(self) -> bool:
        return self._command is not None or self._program is not None

    def _argv(self, text: str, ssml: str | None = None) -> list[str]:
        if self._command is not None:
            return [*self._command, text] if ssml is None else [*self._command, "-m", ssml]
        amplitude = str(int(max(0.0, min(1.0, self.volume)) * 180))
        # "--" so a line starting with "-" is spoken, not read as an option; -m reads the emphasis markup
        marked = ["-m"] if ssml is not None else []
        return [self._program or "espeak-ng", *marked, "-a", amplitude, "-s", "165", "--",
                text if ssml is None else ssml]

    def say(self, text: str, ssml: str | None = None) -> bool:
        """Start speaking `text` (stopping whatever was being said). Returns False when nothing was started.
        `ssml`, when given, is the same words with emphasis marked (stressed where the voice can)."""
        self.stop()
        text = " ".join(text.split())
        if not (self.enabled and self.available and text and self.volume > 0):
            return False
        self.last_text = text
        try:
            self._proc = subprocess.Popen(self._argv(text, ssml), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
        except OSError as exc:  # the program vanished or cannot run: say so once, keep playing silently
            log.warning("text-to-speech failed to start: %s", exc)
            self._program = None
            self._command = None
            return False
        return True

    @property
    def speaking(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            try:
                proc.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
