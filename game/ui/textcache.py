"""Rendered text and word-wrapping, cached: text is rendered once and blitted many times.

`render` and `wrap` are keyed by (font, text, colour/width); a bounded LRU keeps memory small. A counter of real
renders lets tests and benchmarks check that steady frames render nothing.
"""
from __future__ import annotations

from collections import OrderedDict

import pygame

from game.content.yamlwalk import UNDRAWABLE
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
        text = drawable(text)
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


def drawable(text: str) -> str:
    """The text with every character no font draws (NUL, other controls, lone surrogates: the same set `vantage check`
    refuses as V009) shown as U+FFFD, so text from anywhere can never stop the window."""
    return UNDRAWABLE.sub("\ufffd", text) if UNDRAWABLE.search(text) else text
def _size(surf: pygame.Surface) -> int:
    return surf.get_width() * surf.get_height() * surf.get_bytesize()


def wrap_text(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` pixels; keeps explicit newlines; breaks a word longer than a line.

    Linear in the text's length: a line is measured as it grows, and a word wider than the box is cut by summing its
    characters' advances over a window that grows only as far as a piece reaches (a 1 MB word takes well under a
    second, where cutting one character at a time took minutes)."""
    text = drawable(text)
    width = max(1, width)
    out: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            out.append("")
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            # a candidate longer than `width` characters cannot fit (every glyph is at least a pixel wide, or it
            # is measured below): no need to measure a megabyte to learn that
            if len(candidate) <= width and font.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            if len(word) <= width and font.size(word)[0] <= width:
                line = word
                continue
            pieces = _cut_word(font, word, width)
            out.extend(pieces[:-1])
            line = pieces[-1]
        out.append(line)
    return out


def _cut_word(font: pygame.font.Font, word: str, width: int) -> list[str]:
    """A word too wide for the box, cut into pieces that each fit (the last one may be short)."""
    pieces: list[str] = []
    pos, n = 0, len(word)
    block = 64
    while pos < n:
        while True:  # advances of the next `block` characters; grow the block until a piece ends inside it
            chunk = word[pos:pos + block]
            acc = cut = 0
            for ch, m in zip(chunk, font.metrics(chunk)):
                advance = m[4] if m else font.size(ch)[0]  # no glyph: the font draws a box
                if acc + advance > width:
                    break
                acc += advance
                cut += 1
            if cut < len(chunk) or pos + len(chunk) >= n:
                break
            block *= 2
        cut = max(1, cut)
        # kerning can make the real width differ a little from the sum of advances: trust the real measure
        while cut > 1 and font.size(word[pos:pos + cut])[0] > width:
            cut -= 1
        while pos + cut < n and font.size(word[pos:pos + cut + 1])[0] <= width and cut < len(chunk):
            cut += 1
        pieces.append(word[pos:pos + cut])
        pos += cut
        block = max(64, 2 * cut)
    return pieces or [""]
