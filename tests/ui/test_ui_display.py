"""Letterboxing: the 1280x720 canvas fills any window with its aspect kept; clicks map back correctly."""
import pygame
import pytest

from game.ui.display import letterbox
from tests.ui.ui_helpers import click, go_to_story, make_app


@pytest.mark.parametrize("window,expected", [
    ((1280, 720), (0, 0, 1280, 720)),
    ((1920, 1080), (0, 0, 1920, 1080)),
    ((1366, 768), (43, 24, 1280, 720)),  # slightly larger: shown pixel for pixel (sharp text), thin bars
    ((1600, 900), (0, 0, 1600, 900)),
    ((1000, 1000), (0, 219, 1000, 562)),  # bars top and bottom
    ((2000, 720), (360, 0, 1280, 720)),  # bars left and right
])
def test_letterbox(window, expected):
    r = letterbox(window)
    assert tuple(r) == pytest.approx(expected, abs=1)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (900, 900)])
def test_resized_window_maps_clicks_to_the_right_choice(size):
    app = make_app()
    pygame.display.set_mode(size, pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
    app.pump()
    assert app.display.window.get_size() == size
    d = app.display.dest
    assert d.w / d.h == pytest.approx(16 / 9, rel=0.01)
    assert d.w <= size[0] and d.h <= size[1]
    go_to_story(app)
    story = app.top
    # the on-screen pause button, clicked through the scaled window
    click(app, story.pause_button.rect.center)
    assert app.top.name == "pause"
    # a click in the black bar does nothing
    if d.y > 0:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(d.centerx, d.y // 2), button=1, touch=False))
        app.pump()
        assert app.top.name == "pause"
    # the window shows the scaled canvas
    win = pygame.display.get_surface()
    assert win.get_at((d.x + d.w // 2, d.y + d.h // 2)) != pygame.Color(0, 0, 0)


def test_touch_tap_works_like_a_click():
    app = make_app()
    go_to_story(app)
    r = app.top.pause_button.rect
    w, h = app.display.window.get_size()
    pygame.event.post(pygame.event.Event(pygame.FINGERUP, x=r.centerx / w, y=r.centery / h, touch_id=1,
                                         finger_id=1, dx=0, dy=0, pressure=1))
    app.pump()
    assert app.top.name == "pause"
