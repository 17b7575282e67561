"""The shipped fonts (assets/fonts) and a cache of pygame Font objects by role and size.

Fonts are created once per (family, style, pixel size) and reused: no Font() in the frame loop.
Sizes are given for 100% text on the 1280x720 canvas and scaled by the player's text-size setting.
"""
from __future__ import annotations

from pathlib import Path

import pygame

from game import paths

FONT_DIR = paths.ASSETS_DIR / "fonts"
FAMILIES: dict[str, dict[str, str]] = {
    # DejaVu Sans: wide coverage and clear shapes; OpenDyslexic: the dyslexia-friendly option
    "sans": {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf", "italic": "DejaVuSans-Oblique.ttf"},
    "dyslexic": {"regular": "OpenDyslexic-Regular.otf", "bold": "OpenDyslexic-Bold.otf",
                 "italic": "OpenDyslexic-Italic.otf"},
}
# OpenDyslexic's glyphs and line height (1.75 x its size, against 1.17 for DejaVu) run much larger at the same
# pixel size: scaled so both fonts take about the same room and 200% text still fits
FAMILY_SCALE: dict[str, float] = {"sans": 1.0, "dyslexic": 0.8}
# role -> (base pixel size at 100%, style)
ROLES: dict[str, tuple[int, str]] = {
    "body": (26, "regular"),
    "speaker": (24, "bold"),
    "thought": (26, "italic"),
    "choice": (25, "regular"),
    "reason": (20, "italic"),
    "small": (20, "regular"),
    "label": (20, "bold"),
    "heading": (38, "bold"),
    "title": (60, "bold"),
    "button": (22, "bold"),
}
# big type grows less than body text: a 200% title would not fit the canvas and is already large
ROLE_MAX: dict[str, int] = {"title": 84, "heading": 56}


def font_path(family: str, style: str) -> Path:
    return FONT_DIR / FAMILIES[family][style]


# Letters with the tallest accents and the deepest descenders: the rows they use are the rows any text uses
INK_PROBE = "ÅÁÉÎÖÜÇŞ Hbdfhklgjpqy|()[]{}"
# font id -> (first row with ink, rows of ink, line pitch): see ink_band and line_pitch
_BANDS: dict[int, tuple[int, int, int]] = {}


def _measure_band(font: pygame.font.Font) -> tuple[int, int]:
    """The rows of a rendered line that can hold ink. OpenDyslexic declares a line far taller than its letters
    (its 42 px body line is 74 px high, 14 of them always empty): trimmed, 200% text fits where it did not."""
    probe = font.render(INK_PROBE, True, (255, 255, 255))
    ink = probe.get_bounding_rect()
    h = font.get_height()
    if ink.h == 0:
        return 0, h
    top, bottom = max(0, ink.top - 1), min(h, ink.bottom + 1)
    return top, bottom - top


def ink_band(font: pygame.font.Font) -> tuple[int, int]:
    """(first row, number of rows) of a line of this font that hold ink; the whole line for a font we did not make."""
    band = _BANDS.get(id(font))
    return (band[0], band[1]) if band else (0, font.get_height())


def line_pitch(font: pygame.font.Font) -> int:
    """How far one line of this font is below the previous one (the ink rows times the line-spacing setting)."""
    band = _BANDS.get(id(font))
    return band[2] if band else font.get_linesize()


class FontBank:
    def __init__(self, scale: float = 1.0, dyslexic: bool = False, spacing: float = 1.0) -> None:
        if not pygame.font.get_init():
            pygame.font.init()
        self._fonts: dict[tuple[str, str, int], pygame.font.Font] = {}
        self.spacing = spacing
        self.configure(scale, dyslexic, spacing)

    def configure(self, scale: float, dyslexic: bool, spacing: float = 1.0) -> None:
        self.scale = scale
        self.family = "dyslexic" if dyslexic else "sans"
        if spacing != self.spacing:
            self.spacing = spacing
            for f in self._fonts.values():
                self._register(f)

    def size_for(self, role: str) -> int:
        base, _ = ROLES[role]
        px = round(base * self.scale * FAMILY_SCALE[self.family])
        return min(px, ROLE_MAX.get(role, px))

    def get(self, role: str) -> pygame.font.Font:
        style = ROLES[role][1]
        return self.font(self.family, style, self.size_for(role))

    def font(self, family: str, style: str, size: int) -> pygame.font.Font:
        key = (family, style, size)
        f = self._fonts.get(key)
        if f is None:
            f = pygame.font.Font(str(font_path(family, style)), size)
            self._fonts[key] = f
            self._register(f, _measure_band(f))  # measured afresh: an id may be a dead font's
        return f

    def _register(self, f: pygame.font.Font, band: tuple[int, int] | None = None) -> None:
        top, rows = band if band is not None else _BANDS[id(f)][:2]
        _BANDS[id(f)] = (top, rows, max(rows, round(rows * self.spacing)))

    @property
    def created(self) -> int:
        """How many Font objects exist (tests check the frame loop does not create more)."""
        return len(self._fonts)
