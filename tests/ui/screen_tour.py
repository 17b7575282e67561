"""Drives the real player (bundled story, default questionnaire, recording on) through every screen a student can
meet, yielding at each one: the layout tests check what is on screen at every stop of the tour."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame

from game.telemetry.flow import Telemetry, TelemetryOptions
from game.ui.flow import Hooks
from game.ui.settings import Settings
from game.ui.telemetry_screens import install_telemetry
from tests.ui.ui_helpers import focus_and_enter, make_app, press


def recording_app(tmp_path: Path, settings: Settings, size: tuple[int, int] = (1280, 720),
                  participant: bool = True, **kw: Any) -> Any:
    """The window with recording on (a classroom key, so the participant-code screen is met too)."""
    telemetry = Telemetry(TelemetryOptions(data_dir=tmp_path), cohort_key=b"k" * 32 if participant else None)
    hooks = Hooks()
    install_telemetry(hooks, telemetry)
    app = make_app(settings=settings, size=size, hooks=hooks, **kw)
    app.telemetry = telemetry  # closed by the caller
    return app


def settle(app: Any, seconds: float = 2.0) -> None:
    """Let the clock run past the guards that ignore a too-early Enter (answers, menus, the debrief)."""
    app.ctx.now.t += seconds
    app.tick()


def _to_story(app: Any) -> Iterator[str]:
    yield "title"
    focus_and_enter(app, "settings")
    yield "settings"
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "choose")
    yield "picker"
    focus_and_enter(app, "morning-bus")
    yield "notes"
    focus_and_enter(app, "continue")
    yield "consent"
    focus_and_enter(app, "consent-yes")
    yield "participant"
    focus_and_enter(app, "participant-skip")
    yield "questionnaire"
    press(app, pygame.K_ESCAPE)
    yield "questions-pause"
    press(app, pygame.K_ESCAPE)
    while app.top.name == "questionnaire":
        settle(app)
        press(app, pygame.K_3)
        if app.top.name == "questionnaire":
            yield "questionnaire"


# tired and tense by the bus: "Try the breathing" is out of reach there, with its reason
LOCKING_PATH = ("get-up", "say-fine", "ignore", "stand-by-door")


def story_tour(app: Any) -> Iterator[str]:
    """Title to debrief: every screen on the way (each questionnaire item, every line and menu of one path), the
    pause menu and its screens, then leaving from a menu with a locked choice."""
    yield from _to_story(app)
    assert app.top.name == "story", app.top.name
    paused = False
    for _ in range(300):
        story = app.top
        assert story.name == "story", story.name
        if story.mode == "line":
            story.textbox.finish()
            yield "story"
            press(app, pygame.K_RETURN)
            continue
        settle(app)
        yield "story"
        if not paused:  # the pause menu and what it opens, over the first menu
            paused = True
            for item in ("pause", "history", "break", "settings"):
                press(app, pygame.K_ESCAPE)
                if item != "pause":
                    focus_and_enter(app, item)
                yield item
                press(app, pygame.K_ESCAPE)
                if item != "pause":
                    press(app, pygame.K_ESCAPE)
            assert app.top.name == "story"
        if any(not o.available for o in story.choices.options):
            break  # a locked choice with its reason has been seen: leave from here
        ids = [o.choice_id for o in story.choices.options]
        pick = next((ids.index(c) for c in LOCKING_PATH if c in ids), len(ids) - 1)
        press(app, pygame.K_1 + pick)
    else:
        raise AssertionError("no menu with a locked choice on this path")
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    while app.top.name == "questionnaire":
        settle(app)
        press(app, pygame.K_3)
    assert app.top.name == "debrief", app.top.name
    yield "debrief"
    settle(app, 10)
    yield "debrief"


def ending_tour(app: Any) -> Iterator[str]:
    """To the ending screen by the first available option each time, without recording."""
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    focus_and_enter(app, "continue")
    for _ in range(300):
        top = app.top
        if top.name != "story":
            break
        if top.mode == "line":
            press(app, pygame.K_RETURN)
            continue
        settle(app)
        avail = [i for i, o in enumerate(top.choices.options) if o.available]
        press(app, pygame.K_1 + avail[0])
    assert app.top.name == "ending", app.top.name
    yield "ending"
