"""The screen stack: which screen is on top, pushing and popping overlays, and whether the window needs a redraw."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.screens.base import Screen


class ScreenStack:
    """Screens from the bottom (the one behind, e.g. the story) to the top (the one that gets input)."""

    def __init__(self) -> None:
        self.screens: list["Screen"] = []
        self.dirty = True
        # what popping the last screen leads to (the navigation sets it: the title screen)
        self.when_emptied: Callable[[], None] = lambda: None

    def __bool__(self) -> bool:
        return bool(self.screens)

    def __len__(self) -> int:
        return len(self.screens)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(list(self.screens))

    @property
    def top(self) -> "Screen":
        return self.screens[-1]

    def set_screen(self, screen: "Screen") -> None:
        self.screens = [screen]
        screen.enter()
        self.mark_dirty()

    def push(self, screen: "Screen") -> None:
        self.screens.append(screen)
        screen.enter()
        self.mark_dirty()

    def pop(self) -> None:
        if len(self.screens) > 1:
            self.screens.pop()
            self.mark_dirty()
        else:
            self.when_emptied()

    def mark_dirty(self) -> None:
        self.dirty = True
