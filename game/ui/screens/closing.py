"""After the story: the ending and the debrief (discussion prompts and where to find help)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pygame

from game.i18n import N_, _
from game.ui.screens.base import PageScreen
from game.ui.widgets import MenuItem

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext
    from game.ui.flow import PlaySession


class EndingScreen(PageScreen):
    name = "ending"

    def __init__(self, ctx: "ScreenContext", session: "PlaySession") -> None:
        self.session = session
        self.heading = session.ending.title or _("The end")
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        return [("body", self.session.ending.text)] if self.session.ending.text else []

    def build_items(self) -> list[MenuItem]:
        return [MenuItem(_("Continue"), lambda: self.ctx.nav.after_story(self.session), key="continue")]


class DebriefScreen(PageScreen):
    """Cannot be skipped by an accidental key press: the button wakes after a few seconds and only Enter or a
    click on it (not Space, not Esc, not a number key) goes back to the title."""

    name = "debrief"
    heading = N_("Let's talk about it")

    def __init__(self, ctx: "ScreenContext", session: "PlaySession") -> None:
        self.session = session
        self.opened = ctx.now()
        self.min_seconds = ctx.debrief_min_seconds
        self._shown_state: int | None = None
        super().__init__(ctx)

    def remaining(self) -> int:
        return max(0, int(self.min_seconds - (self.ctx.now() - self.opened) + 0.999))

    def paragraphs(self) -> list[tuple[str, str]]:
        n = self.session.narrative
        out: list[tuple[str, str]] = []
        left = self.session.ending is not None and getattr(self.session.ending, "kind", "") == "left"
        if left:
            out.append(("body", _("You left the story. That is completely fine.")))
        debrief = getattr(n, "debrief", None)
        # where to find help comes first: it must never be below the fold
        out.append(("label", _("If this story brought something up for you:")))
        for h in tuple(getattr(debrief, "help", ()) or ()):
            note = f" — {h.note}" if getattr(h, "note", None) else ""
            out.append(("body", f"• {h.name}: {h.contact}{note}"))
        out.append(("body", _("You can always talk to a teacher, a school counsellor or someone you trust.")))
        cond = getattr(getattr(n, "perspective", None), "condition", None)
        char = getattr(getattr(n, "perspective", None), "character", None)
        if cond and char:
            out.append(("body", _("You saw part of a day through the eyes of {character}, who lives with "
                                  "{condition}. Everyone's experience is different; this was one of many.")
                         .format(character=char, condition=cond)))
        prompts = tuple(getattr(debrief, "prompts", ()) or ())
        if prompts:
            out.append(("label", _("To think about or talk over:")))
            out += [("body", f"• {p}") for p in prompts]
        code = self.session.data.get("play_code")
        if code:  # the play was recorded: the code lets the student withdraw it later
            from game.telemetry.consent import DEBRIEF_CODE_NOTE
            out.append(("label", _(DEBRIEF_CODE_NOTE).format(code=code)))
        return out

    def build_items(self) -> list[MenuItem]:
        left = self.remaining()
        ready = left <= 0
        detail = (_("Press Enter or click here") if ready else
                  _("Take a moment to read — ready in {seconds} s").format(seconds=left))
        return [MenuItem(_("Back to the title screen"), self.done, enabled=ready, detail=detail, key="done")]

    def done(self) -> None:
        self.ctx.nav.debrief_done(self.session)

    def update(self, now: float, dt: float) -> bool:
        state = self.remaining()
        if state != self._shown_state:
            self._shown_state = state
            self.rebuild()
            return True
        return False

    def wake_at(self) -> float | None:
        if self.remaining() <= 0:
            return None
        elapsed = self.ctx.now() - self.opened
        return self.opened + (int(elapsed) + 1)  # once a second for the countdown

    def handle_key(self, key: int, unicode: str = "") -> None:
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.menu.activate(self.ctx, 0)
        elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_UP, pygame.K_DOWN):
            super().handle_key(key, unicode)
        self.ctx.mark_dirty()

    def auto_step(self, rng: Any) -> bool:
        if self.remaining() <= 0:
            self.menu.activate(self.ctx, 0)
        return True
