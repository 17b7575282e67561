"""The Places list beside a map: every zone, person and exit the student can go to, numbered, with locked ones
greyed and their reason under them. At large text it shows a window of whole entries around the focus (never a
line cut in half) with "More above/below"; the map screen handles the keys and speech.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import pygame

from game.ui.widgets import PAD, draw_panel, line_height

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext


class PlacesPanel:
    def __init__(self) -> None:
        self.first = 0  # the first entry shown
        self.hits: list[tuple[int, pygame.Rect]] = []  # (option index, its rectangle) as last drawn
        self.text_rects: list[tuple[pygame.Rect, pygame.Rect]] = []  # (text, its box): tests check nothing is clipped

    def hit(self, pos: tuple[int, int]) -> int | None:
        return next((i for i, r in self.hits if r.collidepoint(pos)), None)

    def _blit(self, canvas: pygame.Surface, surf: pygame.Surface, pos: tuple[int, int], box: pygame.Rect) -> None:
        canvas.blit(surf, pos)
        self.text_rects.append((pygame.Rect(pos, surf.get_size()), box))

    def draw(self, ctx: "ScreenContext", canvas: pygame.Surface, rect: pygame.Rect, options: Sequence[Any],
             focus: int, active: bool) -> None:
        th = ctx.theme
        self.text_rects = []
        draw_panel(canvas, rect, th.panel, th.panel_alpha, border=th.muted, width=1)
        label, body, small = ctx.fonts.get("label"), ctx.fonts.get("choice"), ctx.fonts.get("small")
        x, y, w = rect.x + PAD, rect.y + PAD // 2, rect.w - 2 * PAD
        self._blit(canvas, ctx.text.render(label, "Places", th.accent, bg=th.panel), (x, y), rect)
        y += line_height(label) + 4
        items = []
        for i, o in enumerate(options):
            lines = ctx.text.wrap(body, f"{i + 1}. {o.text}" if i < 9 else o.text, w - 8)
            extra = ctx.text.wrap(small, o.locked_reason or "", w - 8) if not o.available else []
            items.append((i, o, lines, extra, len(lines) * line_height(body) + len(extra) * line_height(small) + 8))
        self.hits = []
        if not items:
            return
        more_h = line_height(small) + 4
        self.first = min(self.first, focus)
        while True:  # the smallest scroll that shows the focused entry whole
            room = rect.bottom - y - (more_h if self.first > 0 else 0)
            shown, used = [], 0
            for it in items[self.first:]:
                need = it[4] + 4 + (more_h if it is not items[-1] else 0)
                if used + need > room and shown:
                    break
                shown.append(it)
                used += it[4] + 4
            if focus <= shown[-1][0] or self.first >= focus:
                break
            self.first += 1
        if self.first > 0:
            self._blit(canvas, ctx.text.render(small, f"More above ({self.first})", th.muted, bg=th.panel), (x, y),
                       rect)
            y += more_h
        for i, o, lines, extra, h in shown:
            item = pygame.Rect(rect.x + 4, y, rect.w - 8, h)
            focused = active and i == focus
            if focused:
                draw_panel(canvas, item, th.focus_bg, 255, border=th.accent, width=2)
            fg = th.focus_text if focused else (th.text if o.available else th.locked_text)
            bg = th.focus_bg if focused else th.panel
            ty = y + 4
            for part in lines:
                self._blit(canvas, ctx.text.render(body, part, fg, bg=bg), (x, ty), rect)
                ty += line_height(body)
            for part in extra:
                self._blit(canvas, ctx.text.render(small, part, fg if focused else th.locked_text, bg=bg), (x, ty),
                           rect)
                ty += line_height(small)
            self.hits.append((i, item))
            y += h + 4
        below = len(items) - 1 - shown[-1][0]
        if below > 0:
            self._blit(canvas, ctx.text.render(small, f"More below ({below})", th.muted, bg=th.panel), (x, y), rect)
