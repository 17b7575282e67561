"""The break: a calm screen with a slowly breathing circle, reachable from every pause menu (story, questions)."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import _

from game.ui.screens.base import H, MARGIN, W, Screen
from game.ui.widgets import line_height

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext


class BreakScreen(Screen):
    """A calm screen: a slowly breathing circle (still when motion is reduced) and a way back."""

    name = "break"

    def __init__(self, ctx: "ScreenContext") -> None:
        super().__init__(ctx)
        self.t0 = ctx.now()
        self.t = 0.0

    def enter(self) -> None:
        self.ctx.speak(_("Take a break. Breathe in as the circle grows and out as it shrinks. "
                         "Press Enter when you are ready to come back."))

    def animating(self) -> bool:
        return not self.ctx.settings.reduce_motion

    def update(self, now: float, dt: float) -> bool:
        self.t = now - self.t0
        return self.animating()

    def handle_key(self, key: int, unicode: str = "") -> None:
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE):
            self.ctx.pop()

    def handle_pointer(self, kind: str, pos: tuple[int, int]) -> None:
        if kind == "click":
            self.ctx.pop()

    def draw(self, canvas: pygame.Surface) -> None:
        ctx, th = self.ctx, self.ctx.theme
        canvas.blit(ctx.backdrops.plain(th), (0, 0))
        title = ctx.fonts.get("heading")
        body = ctx.fonts.get("body")
        s = ctx.text.render(title, _("Take a break"), th.text)
        canvas.blit(s, ((W - s.get_width()) // 2, MARGIN // 2))
        top = MARGIN // 2 + line_height(title) + 10
        lines: list[str] = []
        for ln in (_("Breathe in as the circle grows, out as it shrinks."), _("The story waits for you."),
                   _("Press Enter or click when you are ready.")):
            lines += ctx.text.wrap(body, ln, W - 2 * MARGIN)
        y = H - MARGIN // 2 - len(lines) * line_height(body)
        # the circle lives in the space between the heading and the text, whatever the text size
        room = max(40, y - top - 20)
        cy = top + room // 2
        biggest = max(20, room // 2 - 6)
        # 8-second breath: 4 in, 4 out (0.125 Hz — far from any flashing)
        phase = 0.5 if ctx.settings.reduce_motion else 0.5 - 0.5 * math.cos(2 * math.pi * self.t / 8.0)
        r = int(biggest * (0.55 + 0.45 * phase))
        pygame.draw.circle(canvas, th.meter_fill, (W // 2, cy), r, 6)
        self.text_rects = []
        for ln in lines:
            ts = ctx.text.render(body, ln, th.text)
            canvas.blit(ts, ((W - ts.get_width()) // 2, y))
            self.text_rects.append((pygame.Rect((W - ts.get_width()) // 2, y, ts.get_width(), ts.get_height()),
                                    pygame.Rect(0, 0, W, H)))
            y += line_height(body)

    def screenshot_tag(self) -> str | None:
        return "break"

    def auto_step(self, rng: Any) -> bool:
        self.ctx.pop()
        return True
