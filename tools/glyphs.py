"""Which characters the game's fonts cannot draw: read from each shipped font's character map with fontTools.

A character a font lacks is drawn as an empty box (and the dyslexia-friendly font covers far less than DejaVu), so
`vantage check` looks at every string of every language against every font in assets/fonts.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from game import paths

# characters nobody draws: line ends, spaces that wrap, the zero-width joiners
_IGNORED = {"\n", "\r", "\t", "\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}


@lru_cache(maxsize=1)
def font_maps(folder: Path | None = None) -> dict[str, frozenset[int]]:
    """Font file name -> the code points it has a glyph for."""
    from fontTools.ttLib import TTFont, TTLibError  # fontTools comes with matplotlib; only `check` needs it
    folder = folder or paths.ASSETS_DIR / "fonts"
    out: dict[str, frozenset[int]] = {}
    for f in sorted(folder.glob("*")):
        if f.suffix.lower() not in (".ttf", ".otf"):
            continue
        try:
            with TTFont(f, lazy=True) as font:
                out[f.name] = frozenset(font.getBestCmap() or ())
        except (TTLibError, OSError, AssertionError):  # a damaged font is the font's problem, not the story's
            continue
    return out


def missing_glyphs(text: str) -> dict[str, list[str]]:
    """Each character of `text` that some shipped font lacks -> the fonts that lack it."""
    out: dict[str, list[str]] = {}
    maps = font_maps()
    for c in set(text) - _IGNORED:
        lacking = [name for name, cmap in maps.items() if ord(c) not in cmap]
        if lacking:
            out[c] = lacking
    return out
