"""What a teacher needs to choose a story, in one place: the picker and `vantage cohort new` show the same words."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Narrative
from .review import review_status


@dataclass(frozen=True, slots=True)
class StoryCard:
    id: str
    title: str
    about: str  # "Maya, 15, who lives with depression"
    condition: str
    minutes: int
    content_notes: tuple[str, ...]
    review: str  # "draft: not yet reviewed", "reviewed (lived experience and educator)", ...
    reviewed: bool
    summary: str


def who(perspective) -> str:
    """"who lives with depression", or the story's own words for it (`perspective.about`, e.g. "who hears voices")."""
    about = (getattr(perspective, "about", "") or "").strip()
    return about or f"who lives with {perspective.condition.strip()}"


def story_card(n: Narrative) -> StoryCard:
    status = review_status(n)
    character = n.perspective.character.strip()
    condition = n.perspective.condition.strip()
    return StoryCard(n.id, n.title, f"{character}, {who(n.perspective)}", condition, int(n.minutes),
                     tuple(n.content_notes), status.label, status.reviewed, " ".join(n.summary.split()))


def card_lines(card: StoryCard) -> list[str]:
    """The card as plain lines for a terminal: title and id, who, minutes and status, summary, content notes."""
    import textwrap
    notes = "; ".join(card.content_notes) if card.content_notes else "none"
    wrap = textwrap.TextWrapper(width=100, initial_indent="  ", subsequent_indent="    ")
    return ([f"{card.title} ({card.id})"] + wrap.wrap(f"About: {card.about}. About {card.minutes} minutes. "
                                                      f"Review: {card.review}.")
            + wrap.wrap(card.summary) + wrap.wrap(f"Content notes: {notes}"))
