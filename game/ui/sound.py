"""Sound: a soft generated ambience per scene mood (the "music" volume) and a heartbeat thump (the "effects"
volume), both quieter when hearing is muffled; and the story's own OGG files: sound cues (effects volume), music
and a scene's ambient loop (music volume, the ambience at half so it stays under the music).

Without a sound card (or with mixer errors) everything here is silently off: sound never stops the game.
"""
from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

log = logging.getLogger(__name__)
RATE = 22050
AMBIENT_SHARE = 0.5  # a scene's ambient file plays at half the music volume, so the story's music stays on top
# mood -> (base frequency Hz, second voice ratio): consonant for calm moods, a little rougher for tense ones
AMBIENCE: dict[str, tuple[float, float]] = {
    "calm": (110.0, 1.5), "warm": (98.0, 1.25), "hopeful": (131.0, 1.5), "bright": (147.0, 1.5),
    "cold": (87.0, 1.5), "tense": (92.5, 1.414), "dark": (73.0, 1.189),
}


def _ambience(mood: str, seconds: float = 6.0) -> np.ndarray:
    import numpy as np  # here, not at the top: the first frame does not need it
    base, ratio = AMBIENCE.get(mood, AMBIENCE["calm"])
    t = np.arange(int(RATE * seconds), dtype=np.float32) / RATE

    def whole(f: float) -> float:  # a whole number of cycles per loop: no click where it repeats
        return round(f * seconds) / seconds

    base, second = whole(base), whole(base * ratio)
    # whole cycles of the slow swell so the loop has no click
    swell = 0.6 + 0.4 * np.sin(2 * math.pi * t / seconds) ** 2
    wave = (np.sin(2 * math.pi * base * t) + 0.5 * np.sin(2 * math.pi * second * t)
            + 0.25 * np.sin(2 * math.pi * base * 2 * t)) * swell
    return (wave / np.abs(wave).max() * 0.25 * 32767).astype(np.int16)


def _thump() -> np.ndarray:
    """Lub-dub: two short low bursts."""
    import numpy as np  # here, not at the top: the first frame does not need it
    t = np.arange(int(RATE * 0.5), dtype=np.float32) / RATE
    out = np.zeros_like(t)
    for start, amp in ((0.0, 1.0), (0.18, 0.7)):
        tt = np.clip(t - start, 0, None)
        env = np.where(t >= start, np.exp(-tt * 28), 0.0)
        out += amp * env * np.sin(2 * math.pi * 55 * tt)
    return (out / np.abs(out).max() * 0.8 * 32767).astype(np.int16)


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence the C-level stderr for a moment: ALSA prints a screenful when a machine has no sound card."""
    try:
        fd = sys.stderr.fileno()
        saved = os.dup(fd)
    except (OSError, ValueError, AttributeError):  # no real stderr (tests capture it, GUI launchers)
        yield
        return
    try:
        with open(os.devnull, "w") as devnull:
            sys.stderr.flush()
            os.dup2(devnull.fileno(), fd)
            yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


class Sound:
    def __init__(self) -> None:
        self._ok: bool | None = None  # the mixer opens at the first sound (the title screen plays none)
        self._ambience: dict[str, pygame.mixer.Sound] = {}
        self._thump: pygame.mixer.Sound | None = None
        self.music = None  # the ambience channel
        self.mood: str | None = None
        self.music_volume = self.effects_volume = 1.0
        self.factor = 1.0  # muffled hearing
        self._files: dict[str, pygame.mixer.Sound] = {}  # the story's OGG files, loaded once
        self._music_channel: pygame.mixer.Channel | None = None
        self.share = 1.0  # of the music volume for the ambience channel: AMBIENT_SHARE for a scene's own file
        self._channels = 1

    @property
    def ok(self) -> bool:
        """Whether sound can play (opens the mixer the first time it is asked)."""
        if self._ok is None:
            self._ok = False
            try:
                if not pygame.mixer.get_init():
                    with _quiet_stderr():
                        pygame.mixer.init(frequency=RATE, size=-16, channels=1)
                self._channels = pygame.mixer.get_init()[2]
                self._ok = True
            except pygame.error as exc:
                log.info("no sound: %s", exc)
        return self._ok

    def _sound(self, samples: np.ndarray) -> pygame.mixer.Sound:
        import numpy as np  # here, not at the top: the first frame does not need it
        if self._channels > 1:
            samples = np.repeat(samples[:, None], self._channels, axis=1)
        return pygame.sndarray.make_sound(np.ascontiguousarray(samples))

    def set_volumes(self, music: float, effects: float, factor: float = 1.0) -> None:
        self.music_volume, self.effects_volume, self.factor = music, effects, factor
        if self.music is not None:
            self.music.set_volume(max(0.0, min(1.0, self.share * music * factor)))
        if self._music_channel is not None:
            self._music_channel.set_volume(max(0.0, min(1.0, music * factor)))

    def play_ambience(self, mood: str | None) -> None:
        if not self.ok:
            return
        mood = (mood or "calm").lower()
        if mood == self.mood and self.music is not None and self.music.get_busy():
            return
        self.mood = mood
        self.share = 1.0
        try:
            snd = self._ambience.get(mood)
            if snd is None:
                snd = self._ambience[mood] = self._sound(_ambience(mood))
            if self.music is not None:
                self.music.fadeout(600)
            self.music = snd.play(loops=-1)
            if self.music is not None:
                self.music.set_volume(max(0.0, min(1.0, self.music_volume * self.factor)))
        except pygame.error as exc:
            log.info("ambience failed: %s", exc)

    # -- the story's own sound files (OGG under assets/): cues, music and a scene's ambient loop ---------------------
    def _file(self, path: str) -> pygame.mixer.Sound | None:
        files = self._files
        snd = files.get(path)
        if snd is None:
            try:
                snd = files[path] = pygame.mixer.Sound(path)
            except (pygame.error, FileNotFoundError, OSError) as exc:  # a broken file never stops the story
                log.info("cannot play %s: %s", path, exc)
                return None
        return snd

    def play_cue(self, path: str) -> None:
        """A sound effect, once, at the effects volume."""
        if not self.ok:
            return
        snd = self._file(path)
        ch = snd.play() if snd is not None else None
        if ch is not None:
            ch.set_volume(max(0.0, min(1.0, self.effects_volume * self.factor)))

    def play_ambient_file(self, path: str) -> None:
        """A scene's ambient loop, in place of the generated ambience, mixed under the music volume."""
        if not self.ok or (self.mood == path and self.music is not None and self.music.get_busy()):
            return
        snd = self._file(path)
        if snd is None:
            return
        if self.music is not None:
            self.music.fadeout(600)
        self.mood = path
        self.share = AMBIENT_SHARE  # ambience stays under the story's music
        self.music = snd.play(loops=-1)
        if self.music is not None:
            self.music.set_volume(max(0.0, min(1.0, self.share * self.music_volume * self.factor)))

    def play_music(self, path: str | None, fade: float) -> None:
        """Music on its own channel (looped, faded in), or None to fade it out."""
        if not self.ok:
            return
        if self._music_channel is not None:
            self._music_channel.fadeout(int(fade * 1000))
        self._music_channel = None
        if path is None:
            return
        snd = self._file(path)
        ch = snd.play(loops=-1, fade_ms=int(fade * 1000)) if snd is not None else None
        if ch is not None:
            ch.set_volume(max(0.0, min(1.0, self.music_volume * self.factor)))
        self._music_channel = ch

    def thump(self, level: float) -> None:
        if not self.ok or level <= 0:
            return
        try:
            if self._thump is None:
                self._thump = self._sound(_thump())
            ch = self._thump.play()
            if ch is not None:
                ch.set_volume(max(0.0, min(1.0, self.effects_volume * level * self.factor)))
        except pygame.error as exc:
            log.info("heartbeat sound failed: %s", exc)

    def stop(self) -> None:
        if self._ok:
            pygame.mixer.stop()
            self.music = None
            self.mood = None
