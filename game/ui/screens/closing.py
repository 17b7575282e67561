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
    gated_keys = ("done",)  # the way out wakes on the last page (and after a few seconds)

    def __init__(self, ctx: "ScreenContext", session: "PlaySession") -> None:
        self.session = session
        self.opened = ctx.now()
        self.min_seconds = ctx.debrief_min_seconds
        self._shown_state: int | None = None
        super().__init__(ctx)

    def remaining(self) -> int:
        return max(0, int(self.min_seconds - (self.ctx.now() - self.opened) + 0.999))

    def _left(self) -> bool:
        return self.session.ending is not None and getattr(self.session.ending, "kind", "") == "left"

    def _started(self) -> bool:
        """Whether the student met the story at all (leaving during the first questions: not)."""
        return self.session.story is not None

    def _story_help(self) -> list[tuple[str, str, str | None]]:
        debrief = getattr(self.session.narrative, "debrief", None)
        return [(h.name, h.contact, getattr(h, "note", None)) for h in tuple(getattr(debrief, "help", ()) or ())]

    def _place_help(self) -> list[tuple[str, str, str | None]]:
        """The help lines of the place where the class is (assets/help/), shown right after the story's own help."""
        from game.content.helplines import place_help
        place = place_help(getattr(self.ctx, "help_country", None))
        return [(r.organisation, r.contact, r.for_whom) for r in place.resources] if place is not None else []

    def _help(self) -> list[tuple[str, str, str | None]]:
        return self._story_help() + self._place_help()

    def _code_note(self) -> tuple[str, ...] | None:
        """What the play code is for (the code itself is always in view, see corner_note), or None."""
        code = self.session.data.get("play_code")
        if not code:  # the play was not recorded
            return None
        from game.telemetry.consent import DEBRIEF_CODE_NOTE
        return (DEBRIEF_CODE_NOTE.format(code=code),)

    def corner_note(self) -> str | None:
        code = self.session.data.get("play_code")
        return f"Play code: {code}" if code else None

    def essentials(self) -> list[str]:
        """The story's own help and the play code: never on a later page. The country's help lines follow at once
        (on the first page too, up to 150% text; at 200% they may start the next page, and the way out only wakes
        on the last page, so they are always shown before a student can leave)."""
        out = [f"• {name}: {contact}" for name, contact, _ in self._story_help()]
        note = self.corner_note()
        return out + ([note] if note else [])

    def paragraphs(self) -> list[tuple[str, str]]:
        n = self.session.narrative
        out: list[tuple[str, str]] = [("label", _("If this story brought something up for you:"))]
        help_lines = self._help()
        out += [("body", f"• {name}: {contact}") for name, contact, _why in help_lines]
        note = self._code_note()
        if self._left():
            out.append(("body", _("You left the story. That is completely fine.")))
        if note:  # the play was recorded: the code (always in view, see corner_note) lets the student withdraw it
            out.append(("small", " ".join(note)))
        out.append(("body", _("You can always talk to a teacher, a school counsellor or someone you trust.")))
        out += [("small", f"{name}: {why}") for name, _contact, why in help_lines if why]
        cond = getattr(getattr(n, "perspective", None), "condition", None)
        char = getattr(getattr(n, "perspective", None), "character", None)
        if not self._started():
            # the student left before the story began: prompts about its moments would make no sense
            out += [("label", _("To think about or talk over:")),
                    ("body", "• " + _("Is there anything on your mind that you would like to talk over with someone?"))]
            return out
        about = getattr(getattr(n, "perspective", None), "about", "")
        if char and about:  # the story's own words, e.g. "who hears voices"
            out.append(("body", _("You saw part of a day through the eyes of {character}, {about}. Everyone's "
                                  "experience is different; this was one of many.").format(character=char, about=about)))
        elif cond and char:
            out.append(("body", _("You saw part of a day through the eyes of {character}, who lives with "
                                  "{condition}. Everyone's experience is different; this was one of many.")
                         .format(character=char, condition=cond)))
        debrief = getattr(n, "debrief", None)
        prompts = self._prompts(debrief)
        if prompts:
            out.append(("label", _("To think about or talk over:")))
            out += [("body", f"• {p}") for p in prompts]
        facts = tuple(getattr(debrief, "facts", ()) or ())
        if facts:  # myth/fact cards, each with where the fact comes from
            out.append(("label", "Myth and fact:"))
            for f in facts:
                out += [("body", f"Myth: {f.myth}"), ("body", f"Fact: {f.fact}"),
                        ("small", f"Source: {f.source} (checked {f.checked})")]
        return out

    def _prompts(self, debrief: Any) -> tuple[str, ...]:
        """The prompts that fit this play: chosen by the story's state at its end (the ending reached, or none when
        the student left early; a play resumed from an autosave carries its state with it)."""
        chooser = getattr(self.session.story, "debrief_prompts", None)
        if chooser is not None:
            return tuple(chooser())
        # a story object that cannot choose: only the prompts that are always shown
        return tuple(getattr(p, "text", p) for p in tuple(getattr(debrief, "prompts", ()) or ())
                     if getattr(p, "when", None) is None)

    def build_items(self) -> list[MenuItem]:
        left = self.remaining()
        ready = left <= 0
        detail = (_("Press Enter or click here") if ready and self.read_to_end else
                  _("Read on first: Page Down, or click the text") if ready else
                  _("Take a moment to read — ready in {seconds} s").format(seconds=left))
        # a kiosk with its story starts afresh for the next student: the button says where it goes
        label = (_("Finish: ready for the next student") if self.ctx.kiosk and self.ctx.nav.kiosk_narrative is not None
                 else _("Back to the title screen"))
        return [MenuItem(label, self.done, enabled=ready, detail=detail, key="done")]

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
        if not self.read_to_end:
            self.turn_page(1)
        elif self.remaining() <= 0:
            self.menu.activate(self.ctx, 0)
        return True
