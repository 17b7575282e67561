"""The mouse only moves the highlight when it moves. A window that opens under a resting pointer (a lab machine whose
mouse sits mid-screen, over "Quit") must not pick that item for the next Enter: the first position SDL reports is
only remembered."""
from __future__ import annotations

import pygame

from tests.ui.ui_helpers import make_app


def _move(app, logical):
    d = app.display.dest
    pos = (int(d.x + (logical[0] + 0.5) * d.w / 1280), int(d.y + (logical[1] + 0.5) * d.h / 720))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False))
    app.pump()


def test_a_resting_pointer_over_quit_does_not_focus_it_but_moving_does():
    app = make_app()
    title = app.top
    title.draw(app.ctx.canvas)
    menu = title.menu
    quit_row = menu.rows[menu.find("quit")]
    story_row = menu.rows[menu.find(menu.items[0].key)]
    _move(app, quit_row.center)  # the first report: the window opened under the pointer
    assert app.top.menu.focus != menu.find("quit")
    _move(app, quit_row.center)  # the same place again: still not a movement
    assert app.top.menu.focus != menu.find("quit")
    _move(app, story_row.center)  # a real movement: hover follows it
    assert app.top.menu.focus == menu.find(menu.items[0].key)
    _move(app, quit_row.center)
    assert app.top.menu.focus == menu.find("quit")
