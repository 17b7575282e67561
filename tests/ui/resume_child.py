"""Child process for the crash-and-continue test: the real window (headless) with recording, driven by key presses.

    python -m tests.ui.resume_child first    consent, answer the pre questionnaire, make four choices, then wait to
                                             be killed (prints `SESSION <id> <play code>` and `CHOICE <n>` lines)
    python -m tests.ui.resume_child second   pick "Continue where you left off", play to the end, answer the post
                                             questionnaire, read the debrief (prints `DEBRIEF <paragraph text>`)
    python -m tests.ui.resume_child pre      consent and three answers before the story, then wait to be killed
    python -m tests.ui.resume_child title    start again: the title screen's words, then the screen a new start shows

VANTAGE_DATA (and SDL_VIDEODRIVER=dummy) come from the parent.
"""
from __future__ import annotations

import sys
import time

import pygame

from game import paths
from game.telemetry.flow import Telemetry, TelemetryOptions
from game.ui.flow import Hooks
from game.ui.telemetry_screens import FLOW_KEY, install_telemetry
from tests.ui.ui_helpers import advance_lines, focus_and_enter, make_app, play_to_end, press


def _app():
    telemetry = Telemetry.open(TelemetryOptions(data_dir=paths.data_dir()))
    hooks = Hooks()
    install_telemetry(hooks, telemetry)
    return make_app(hooks=hooks), telemetry


def _answer_questions(app, key: int) -> int:
    n = 0
    while app.top.name == "questionnaire":
        press(app, key)
        n += 1
    return n


def _consented():
    """A new window at the title screen, then the morning-bus story's consent screen, answered yes."""
    app, telemetry = _app()
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "continue")
    focus_and_enter(app, "consent-yes")
    return app, telemetry


def first() -> None:
    app, _ = _consented()
    print("PRE", _answer_questions(app, pygame.K_2), flush=True)
    flow = app.top.session.data[FLOW_KEY]
    print("SESSION", flow.recorder.session_id, flow.withdrawal_code, flush=True)
    for n in range(1, 5):
        advance_lines(app)
        story = app.top
        avail = [i for i, o in enumerate(story.choices.options) if o.available]
        press(app, pygame.K_1 + avail[0])
        flow.telemetry.writer().flush()  # as in play: a person takes far longer than a commit before the next key
        print("CHOICE", n, flush=True)
    print("WAITING", flush=True)
    time.sleep(600)  # the parent kills this process now (SIGKILL: nothing is closed or written)


def pre() -> None:
    """Consent, three answers of the questions before the story, then wait to be killed."""
    app, telemetry = _consented()
    for _ in range(3):
        press(app, pygame.K_2)
    flow = app.top.flow
    telemetry.writer().flush()
    print("SESSION", flow.recorder.session_id, flow.withdrawal_code, flush=True)
    print("WAITING", flush=True)
    time.sleep(600)


def title() -> None:
    """Start again after a crash before the story: what the title screen says, and what starting the story asks."""
    app, telemetry = _app()
    print("TITLE", " | ".join(t for _, t in app.top.paragraphs()), flush=True)
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "continue")
    print("NEXT", app.top.name, flush=True)
    telemetry.close()


def second() -> None:
    app, telemetry = _app()
    assert app.top.name == "title", app.top.name
    print("TITLE", " ".join(i.key for i in app.top.menu.items), flush=True)
    focus_and_enter(app, "continue")
    print("AFTER-CONTINUE", app.top.name, flush=True)
    play_to_end(app)
    press(app, pygame.K_RETURN)  # the ending -> the questions after the story
    print("POST", _answer_questions(app, pygame.K_4), flush=True)
    print("DEBRIEF", " | ".join(t for _, t in app.top.paragraphs()), flush=True)
    app.ctx.now.t += 6
    app.tick()
    press(app, pygame.K_RETURN)
    telemetry.close()


if __name__ == "__main__":
    {"first": first, "second": second, "pre": pre, "title": title}[sys.argv[1]]()
