"""Helpers for driving the windowed player headless: post real pygame events and run the app's loop by hand."""
from __future__ import annotations

from typing import Any

import pygame

from game.ui.app import App
from game.ui.display import Display
from game.ui.settings import Settings


class FakeClock:
    def __init__(self, t: float = 100.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


class RecordingSpeaker:
    """Stands in for espeak-ng: remembers what would have been said."""

    available = True

    def __init__(self) -> None:
        self.said: list[str] = []
        self.marked: list[str | None] = []  # the SSML with emphasis, when a line had some
        self.enabled = False
        self.volume = 1.0

    def say(self, text: str, ssml: str | None = None) -> bool:
        self.said.append(text)
        self.marked.append(ssml)
        return True

    def stop(self) -> None:
        pass


def make_app(settings: Settings | None = None, size: tuple[int, int] | None = None, **kw: Any) -> App:
    kw.setdefault("clock", FakeClock())
    kw.setdefault("debrief_min_seconds", 5.0)
    app = App(display=Display(size=size or (1280, 720)), settings=settings or Settings(), **kw)
    app.running = True
    app.nav.open_title()
    app.tick()
    return app


def press(app: App, key: int, times: int = 1) -> None:
    for _ in range(times):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        app.pump()


def click(app: App, logical: tuple[int, int]) -> None:
    """Click at a canvas position, converted to window coordinates the way a real mouse would be."""
    d = app.display.dest
    x = d.x + (logical[0] + 0.5) * d.w / 1280
    y = d.y + (logical[1] + 0.5) * d.h / 720
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(int(x), int(y)), button=1, touch=False))
    app.pump()


def focus_and_enter(app: App, key: str) -> None:
    """Move the keyboard focus to the menu item `key` with the arrow keys, then press Enter."""
    menu = app.top.menu
    target = menu.find(key)
    if key in getattr(app.top, "gated_keys", ()) and not app.top.read_to_end:
        read_to_the_end(app)  # as a student must: the button wakes on the last page
        menu = app.top.menu
    for _ in range(4 * (len(menu.items) + 1)):  # Down at the last item may first scroll a long body
        if app.top.menu.focus == target:
            break
        press(app, pygame.K_DOWN)
    assert app.top.menu.focus == target, f"could not reach {key} with the arrow keys"
    press(app, pygame.K_RETURN)


def advance_lines(app: App, limit: int = 400) -> None:
    """Press Enter until the story shows choices (or leaves the story screen). A choice still held for the recorder
    is waited for first: the story has not moved on yet, and a key pressed now would replace it."""
    wait_for_held_choice(app)
    for _ in range(limit):
        top = app.top
        if top.name != "story" or top.mode != "line":
            return
        press(app, pygame.K_RETURN)
    raise AssertionError("the story never reached a menu")


def play_to_end(app: App, pick: int = 0, limit: int = 200) -> None:
    """From the story screen: advance lines, choose the `pick`-th available option by number key, until it ends."""
    for _ in range(limit):
        advance_lines(app)
        top = app.top
        if top.name == "map":  # a map scene: pick from its Places list; the last is the way out when it is open
            avail = [i for i, o in enumerate(top.menu.options) if o.available]
            press(app, pygame.K_1 + avail[-1])
            continue
        if top.name != "story":
            return
        avail = [i for i, o in enumerate(top.choices.options) if o.available]
        press(app, pygame.K_1 + avail[min(pick, len(avail) - 1)])  # a held choice: the next advance_lines waits
    raise AssertionError("the story never ended")


def wait_for_held_choice(app: App, seconds: float = 20.0) -> None:
    """When recording, a choice made before the previous one is on disk is held (drawn as chosen) and taken once the
    writer catches up: wait for that, as a student would, instead of pressing again. On a loaded machine the writer
    thread can lag for a while, and the story must still get to its end."""
    import time
    deadline = time.monotonic() + seconds
    while getattr(app.top, "held", None) is not None and time.monotonic() < deadline:
        time.sleep(0.005)
        app.tick()
    assert getattr(app.top, "held", None) is None, "a held choice was never taken"


def go_to_story(app: App, story_key: str = "morning-bus") -> None:
    focus_and_enter(app, "choose")
    assert app.top.name == "picker"
    focus_and_enter(app, story_key)
    assert app.top.name == "notes"
    focus_and_enter(app, "continue")
    assert app.top.name == "story"


def read_to_the_end(app: App) -> None:
    """Page Down until the last page of a paged screen has been shown."""
    for _ in range(20):
        if app.top.read_to_end:
            return
        press(app, pygame.K_PAGEDOWN)
    raise AssertionError(f"{app.top.name}: the last page was never reached")


def finish_debrief(app: App) -> None:
    """Wait for the debrief's button to wake, read every page, then press Enter."""
    assert app.top.name == "debrief"
    app.ctx.now.t += 6
    app.tick()
    read_to_the_end(app)
    press(app, pygame.K_RETURN)
