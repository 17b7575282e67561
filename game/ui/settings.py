"""Player settings: a frozen dataclass saved as JSON (atomically) in the user's config folder.

A missing file gives the defaults; a corrupt or foreign file gives the defaults and a logged warning, never a crash.
Unknown keys are ignored and out-of-range values are clamped, so an old or hand-edited file still loads.
"""
from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, fields
from pathlib import Path

from game import paths
from game.content.catalogue import is_locale
from game.files import read_capped, write_atomic

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
FORMAT = 1
TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
LINE_SPACINGS = (1.0, 1.2, 1.4, 1.6)
# characters per second; 0 = instant
TEXT_SPEEDS = {"slow": 20.0, "normal": 45.0, "fast": 90.0, "instant": 0.0}


@dataclass(frozen=True, slots=True)
class Settings:
    text_scale: float = 1.0  # 1.0 .. 2.0
    text_speed: str = "normal"  # a key of TEXT_SPEEDS
    high_contrast: bool = False
    dyslexic_font: bool = False
    reduce_motion: bool = False  # scales perception effects down, replaces moving ones by a caption
    music_volume: float = 0.6  # 0..1
    effects_volume: float = 0.8
    voice_volume: float = 0.8
    fullscreen: bool = False
    tts: bool = False  # speak lines, choices and locked reasons (espeak-ng)
    captions: bool = True  # every effect and sound described in words (a muted classroom PC hears nothing)
    line_spacing: float = 1.0  # 1.0 .. 1.6, the distance between lines of text
    clipboard_voicing: bool = False  # each new line copied to the clipboard, for the student's own screen reader
    language: str = "en"  # the game's words and, when translated, the stories (game.i18n; `vantage play --locale`)

    @property
    def chars_per_second(self) -> float:
        return TEXT_SPEEDS.get(self.text_speed, TEXT_SPEEDS["normal"])

    def replace(self, **changes: object) -> "Settings":
        return _clean(dataclasses.replace(self, **changes))


def _clean(s: Settings) -> Settings:
    def clamp(v: float, lo: float, hi: float) -> float:
        return max(lo, min(hi, float(v)))

    return Settings(
        text_scale=clamp(s.text_scale, 1.0, 2.0),
        text_speed=s.text_speed if s.text_speed in TEXT_SPEEDS else "normal",
        high_contrast=bool(s.high_contrast),
        dyslexic_font=bool(s.dyslexic_font),
        reduce_motion=bool(s.reduce_motion),
        music_volume=clamp(s.music_volume, 0.0, 1.0),
        effects_volume=clamp(s.effects_volume, 0.0, 1.0),
        voice_volume=clamp(s.voice_volume, 0.0, 1.0),
        fullscreen=bool(s.fullscreen),
        tts=bool(s.tts),
        captions=bool(s.captions),
        line_spacing=clamp(s.line_spacing, 1.0, max(LINE_SPACINGS)),
        clipboard_voicing=bool(s.clipboard_voicing),
        language=s.language if is_locale(s.language) else "en",
    )


def settings_path() -> Path:
    return paths.config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    path = settings_path() if path is None else path
    try:
        raw = read_capped(path, 64 * 1024).decode("utf-8", errors="replace")  # a settings file is a few hundred bytes
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("could not read settings %s (%s); using defaults", path, exc)
        return Settings()
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or not isinstance(data.get("settings"), dict):
            raise ValueError("not a Vantage settings file")
        known = {f.name: f for f in fields(Settings)}
        values: dict[str, object] = {}
        for key, value in data["settings"].items():
            if key not in known:
                continue
            default = getattr(Settings(), key)
            # keep the default's type: a string where a number belongs is ignored, not a crash
            if isinstance(default, bool):
                if isinstance(value, bool):
                    values[key] = value
            elif isinstance(default, float):
                if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
                    values[key] = float(value)
            elif isinstance(value, type(default)):
                values[key] = value
        return _clean(Settings(**values))  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        log.warning("settings file %s is damaged (%s); using defaults", path, exc)
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    path = settings_path() if path is None else path
    payload = {"format": FORMAT, "settings": dataclasses.asdict(settings)}
    write_atomic(path, json.dumps(payload, indent=2, sort_keys=True) + "\n")
    return path
