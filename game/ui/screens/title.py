"""Before the story: the title screen, the story picker, the content notes and a plain message screen."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.i18n import N_, _
from game.ui import autosave
from game.content.story_cards import story_card
from game.content.review import review_status
from game.ui.screens.base import PageScreen
from game.ui.widgets import MenuItem

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext


SAVE_SET_ASIDE = N_("Your saved place in a story could not be read, so it was put aside (nothing was deleted). "
                  "Choose the story to start it again.")


INTERRUPTED = N_("The game stopped before your story began. The answers you gave are kept under the play code {code}: "
               "write it down; with it, your teacher can delete them at any time. Choose the story to start again "
               "(you are asked again whether it may be recorded).")


class TitleScreen(PageScreen):
    name = "title"
    heading = N_("Vantage")
    heading_role = "title"
    center = True

    def __init__(self, ctx: "ScreenContext") -> None:
        self.resume = ctx.nav.find_resumable()  # (narrative, autosave) or None
        self.saves_set_aside = bool(autosave.take_set_aside())  # damaged saves found while looking
        self.interrupted = [] if ctx.kiosk else autosave.interrupted_consents()  # plays cut off before the story
        super().__init__(ctx)

    def build_items(self) -> list[MenuItem]:
        items = []
        if self.resume is not None:
            n = self.resume[0]
            items.append(MenuItem(_("Continue where you left off"), lambda: self.ctx.nav.continue_story(*self.resume),
                                  detail=n.title, key="continue"))
        items += [
            MenuItem(_("Choose a story"), self.ctx.nav.open_picker, key="choose"),
            MenuItem(_("Settings"), self.ctx.nav.open_settings, detail=_("Text size, contrast, font, motion, voice"),
                     key="settings"),
        ]
        if not self.ctx.kiosk:  # a kiosk quits only with the facilitator key
            items.append(MenuItem(_("Quit"), lambda: self.ctx.nav.quit(0), key="quit"))
        return items

    def paragraphs(self) -> list[tuple[str, str]]:
        lost = [("body", _(SAVE_SET_ASIDE))] if self.saves_set_aside else []
        lost += [("body", _(INTERRUPTED).format(code=code)) for code in self.interrupted]
        return lost + [("body", _("Short stories about an ordinary day, lived from someone else's point of view.")),
                       ("small", _("Use the arrow keys and Enter, the number keys, the mouse or touch. "
                                   "Esc pauses at any moment."))]

    def auto_step(self, rng: Any) -> bool:
        self.ctx.nav.open_picker()
        return True


def _translation_note(n: Any) -> list[tuple[str, str]]:
    """Tell the class when the story is a translation no native reader has reviewed yet, or is not translated into
    the language the game speaks (it is then shown as written)."""
    from game import i18n
    extra = getattr(n, "extra", None) or {}
    if extra.get("locale") and not extra.get("reviewed"):
        return [("small", _("Translation not yet reviewed by a native reader."))]
    if i18n.language() != extra.get("locale", i18n.SOURCE_LANGUAGE):
        return [("small", _("This story is not translated into this language yet: it is shown as written."))]
    return []


class PickerScreen(PageScreen):
    """The stories, by title and length; the focused one's summary and content notes are shown above the list."""

    name = "picker"
    heading = N_("Choose a story")

    def __init__(self, ctx: "ScreenContext", narratives: list[Any]) -> None:
        self.narratives = narratives
        super().__init__(ctx)

    def focused(self) -> Any | None:
        i = self.menu.focus if hasattr(self, "menu") else 0
        return self.narratives[i] if i < len(self.narratives) else None

    def paragraphs(self) -> list[tuple[str, str]]:
        n = self.focused()
        if n is None:
            return [("body", _("Back to the title screen."))]
        notes = "; ".join(n.content_notes) if n.content_notes else "none"
        review = review_status(n)
        about = story_card(n).about if getattr(n, "perspective", None) else None
        out = ([("body", n.summary)] + ([("small", _("About {who}.").format(who=about))] if about else [])
               + [("small", _("About {minutes} minutes.").format(minutes=n.minutes)),
                  ("small", _("Content notes: {notes}").format(notes=notes))] + _translation_note(n))
        if not review.reviewed:  # facilitators choose what a class plays: an unreviewed story says so
            out.append(("small", review.label[0].upper() + review.label[1:] + "."))
        return out

    def build_items(self) -> list[MenuItem]:
        items = [MenuItem(n.title, (lambda n=n: self.ctx.nav.open_notes(n)),
                          detail=_("About {minutes} minutes").format(minutes=n.minutes)
                          + ("" if review_status(n).reviewed else f" · {review_status(n).label}"),
                          key=n.id) for n in self.narratives]
        items.append(MenuItem(_("Back"), self.ctx.nav.open_title, key="back"))
        return items

    def handle_key(self, key: int, unicode: str = "") -> None:
        before = self.menu.focus
        super().handle_key(key, unicode)
        if self.menu.focus != before:
            self.page = 0

    def back(self) -> None:
        self.ctx.nav.open_title()

    def auto_step(self, rng: Any) -> bool:
        self.menu.activate(self.ctx, 0)
        return True


class NotesScreen(PageScreen):
    name = "notes"
    buttons_in_a_row = True
    gated_keys = ("continue",)  # the story starts only once every content note has been shown

    def essentials(self) -> list[str]:
        return [f"• {note}" for note in self.narrative.content_notes]

    def __init__(self, ctx: "ScreenContext", narrative: Any) -> None:
        self.narrative = narrative
        self.heading = _("Before you start: {title}").format(title=narrative.title)
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        n = self.narrative
        out: list[tuple[str, str]] = []
        # the content notes are what this screen is for: they come first
        if n.content_notes:
            out.append(("label", _("This story includes:")))
            out += [("body", f"• {note}") for note in n.content_notes]
        out.append(("small", _("You can pause (Esc) or leave the story at any moment. Leaving is always fine "
                             "and nothing bad happens.")))
        out += [("body", n.summary), ("small", _("About {minutes} minutes.").format(minutes=n.minutes))]
        out += _translation_note(n)
        return out

    def build_items(self) -> list[MenuItem]:
        return [
            MenuItem(_("Continue"), lambda: self.ctx.nav.start_story(self.narrative), key="continue"),
            MenuItem(_("Another story"), self.ctx.nav.open_picker, key="another"),
            MenuItem(_("Leave"), self.ctx.nav.open_title, key="leave"),
        ]

    def back(self) -> None:
        self.ctx.nav.open_picker()


class MessageScreen(PageScreen):
    """A plain message (a story that cannot be opened, no stories installed) with a way back."""

    name = "message"

    def __init__(self, ctx: "ScreenContext", heading: str, text: str) -> None:
        self.heading, self.text = heading, text
        super().__init__(ctx)

    def paragraphs(self) -> list[tuple[str, str]]:
        return [("body", self.text)]

    def build_items(self) -> list[MenuItem]:
        return [MenuItem(_("Back to the title screen"), self.ctx.nav.open_title, key="back")]

    def back(self) -> None:
        self.ctx.nav.open_title()

    def auto_step(self, rng: Any) -> bool:
        self.ctx.nav.quit(1)
        return True
