"""Rendered text and word-wrapping, cached: text is rendered once and blitted many times.

`render` and `wrap` are keyed by (font, text, colour/width); a bounded LRU keeps memory small. A counter of real
renders lets tests and benchmarks check that steady frames render nothing.
"""
from __future__ import annotations

from collections import OrderedDict

import pygame

from game.ui.fonts import ink_band

RGB = tuple[int, int, int]


class TextCache:
    def __init__(self, max_items: int = 400, max_bytes: int = 24 * 1024 * 1024) -> None:
        # bounded by count and by pixels: 400 lines of 200% text were ~100 MB, and a kiosk runs all day
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._wraps: OrderedDict[tuple, tuple[str, ...]] = OrderedDict()
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.bytes = 0  # pixel bytes of the cached surfaces
        self.renders = 0  # number of actual font.render calls

    def clear(self) -> None:
        self._surfaces.clear()
        self._wraps.clear()
        self.bytes = 0

    def render(self, font: pygame.font.Font, text: str, color: RGB, strike: bool = False,
               bg: RGB | None = None) -> pygame.Surface:
        """`bg`: the solid colour the text sits on, when known — an opaque surface blits several times faster
        than an anti-aliased one with per-pixel alpha."""
        key = (id(font), text, tuple(color), strike, bg)
        surf = self._surfaces.get(key)
        if surf is not None:
            self._surfaces.move_to_end(key)
            return surf
        self.renders += 1
        if strike:
            font.strikethrough = True
        try:
            surf = font.render(text, True, color, bg) if bg is not None else font.render(text, True, color)
        finally:
            if strike:
                font.strikethrough = False
        top, rows = ink_band(font)
        if top or rows < surf.get_height():  # only the rows that can hold ink (see fonts.ink_band)
            surf = surf.subsurface((0, top, surf.get_width(), min(rows, surf.get_height() - top))).copy()
        if pygame.display.get_surface() is not None:  # the display's pixel format blits fastest
            surf = surf.convert() if bg is not None else surf.convert_alpha()
        self._surfaces[key] = surf
        self.bytes += _size(surf)
        while len(self._surfaces) > 1 and (len(self._surfaces) > self.max_items or self.bytes > self.max_bytes):
            _, old = self._surfaces.popitem(last=False)
            self.bytes -= _size(old)
        return surf

    def wrap(self, font: pygame.font.Font, text: str, width: int) -> tuple[str, ...]:
        key = (id(font), text, width)
        lines = self._wraps.get(key)
        if lines is not None:
            self._wraps.move_to_end(key)  # least recently used goes first, as for rendered text
            return lines
        lines = tuple(wrap_text(font, text, width))
        self._wraps[key] = lines
        if len(self._wraps) > self.max_items:
            self._wraps.popitem(last=False)
        return lines


def _size(surf: pygame.Surface) -> int:
    return surf.get_width() * surf.get_height() * surf.get_bytesize()


def wrap_text(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; keeps explicit newlines; breaks a word longer than a line."""
    out: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            out.append("")
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if font.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            # a single word wider than the box: cut it into pieces that fit
            while font.size(word)[0] > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and font.size(word[:cut])[0] > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    return out
