"""The consent screen's words, shared by the window and the terminal player so both say exactly the same thing.

Each is marked with N_() for translation; show it through game.i18n._() (translated when it is shown).

Written for a 13-year-old: what is recorded, what never is, that it is voluntary, that they can stop at any time.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.i18n import N_


@dataclass(frozen=True, slots=True)
class ConsentText:
    title: str
    paragraphs: tuple[str, ...]
    yes: str
    no: str


CONSENT = ConsentText(
    title=N_("Before you start: can we record how you play?"),
    paragraphs=(
        N_("We would like to record your choices in this story and your answers to a few short questions before and "
        "after it. This helps your teacher and the people who made this game understand what people think and how "
        "stories like this one can help."),
        N_("What we record: which choices you make, how long you take to choose, and your answers to the questions."),
        N_("What we never record: your name, anything you type, who you are, or which computer this is."),
        N_("It is up to you. If you say no, you play the same story in the same way, and nobody will mind."),
        N_("You can stop recording at any time, and what was recorded is deleted. You can also leave the story at any "
        "time. At the end you get a short play code: with it your teacher can delete your answers later too."),
    ),
    yes=N_("Yes, record my answers"),
    no=N_("Play without recording"),
)

HOW_TO_STOP = {
    "text": N_("At any question, type s to stop recording, or q to leave the story."),
    "window": N_("Press Esc at any time to stop recording or to leave the story."),
}
WITHDRAW_LABEL = N_("Stop recording (delete what was recorded)")
WITHDRAWN_NOTE = N_("Recording stopped. Everything recorded in this play was deleted. You can keep playing.")
PARTICIPANT_INTRO = N_(
    "Optional: make your own secret code, so your answers today can be matched with your answers next time. "
    "Answer a few questions the same way each time. We never keep your answers, only a scrambled code made from them."
)
FOLLOW_UP_INTRO = N_(
    "These are the same questions as after the story a few weeks ago. If you made a secret code then, make it again "
    "with the same answers, so today's answers can be matched with your earlier ones. There is no story today."
)
DEBRIEF_CODE_NOTE = N_("Your play code is {code}. If you change your mind, give this code to your teacher and "
                     "your answers will be deleted.")
