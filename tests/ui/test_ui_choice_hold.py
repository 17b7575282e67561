"""A choice made while the previous one is not yet on disk is held, not waited for: the game thread draws on, and
the choice is taken (in order) once the recorder says it is ready."""
from __future__ import annotations

import pygame

from game.ui.flow import Hooks
from tests.ui.ui_helpers import advance_lines, go_to_story, make_app, press


class SlowDisk:
    """An observer whose previous choice is still on its way to disk until `ready` is set."""

    def __init__(self) -> None:
        self.ready = True
        self.choices: list[str] = []

    def ready_for_choice(self, session) -> bool:
        return self.ready

    def choice_made(self, session, menu, option, seconds) -> None:
        self.choices.append(option.choice_id)


def test_a_choice_waits_for_the_previous_one_without_blocking():
    disk = SlowDisk()
    app = make_app(hooks=Hooks(observers=[disk]))
    go_to_story(app)
    advance_lines(app)
    story = app.top
    menu = story.menu_event
    disk.ready = False
    press(app, pygame.K_1)
    assert story.menu_event is menu and story.held is not None, "held, not taken"
    assert disk.choices == []
    assert story.wake_at() is not None, "the loop comes back soon to look again"
    draws = app.draws
    app.ctx.now.t += 0.1
    app.tick()  # frames go on while it is held
    assert story.menu_event is menu
    disk.ready = True
    app.ctx.now.t += 0.01
    app.tick()
    assert story.held is None and disk.choices == [menu.options[0].choice_id], "taken once the disk has it"
    assert app.draws > draws


def test_a_held_choice_goes_ahead_after_the_limit():
    disk = SlowDisk()
    app = make_app(hooks=Hooks(observers=[disk]))
    go_to_story(app)
    advance_lines(app)
    disk.ready = False
    press(app, pygame.K_1)
    app.ctx.now.t += 2.5
    app.tick()
    assert disk.choices, "a disk that never answers does not freeze the story"
