"""The window: a fixed 1280x720 logical canvas scaled into the window with letterboxing (any size, resizable).

Screens draw on `canvas` in logical pixels; `present` scales it into the window; `to_logical` maps mouse and touch
positions back. pygame.SCALED is not used: it does not letterbox on a free resize.
"""
from __future__ import annotations

import os
import sys

import pygame

LOGICAL_SIZE = (1280, 720)
MIN_WINDOW = (640, 360)
CRISP_UP_TO = 1.2  # windows up to 20% larger than the canvas show it unscaled


class NoDisplayError(RuntimeError):
    """No screen to open a window on (a server, SSH session, or a broken video driver)."""


def check_display_available() -> None:
    """On Linux/BSD, no X11 or Wayland display and no driver asked for means no screen: say so before SDL tries
    (and prints its own noise)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return
    if os.environ.get("SDL_VIDEODRIVER") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    raise NoDisplayError("neither DISPLAY nor WAYLAND_DISPLAY is set")


def letterbox(window: tuple[int, int], logical: tuple[int, int] = LOGICAL_SIZE) -> pygame.Rect:
    """Where the canvas goes inside a window of size `window`: as large as fits, centred, aspect kept."""
    ww, wh = max(1, window[0]), max(1, window[1])
    lw, lh = logical
    scale = min(ww / lw, wh / lh)
    if 1.0 <= scale < CRISP_UP_TO:
        # a little larger than the canvas (a 1366x768 laptop in full screen): show it pixel for pixel, with thin
        # bars, rather than blur all the text by a few percent of scaling
        scale = 1.0
    w, h = max(1, round(lw * scale)), max(1, round(lh * scale))
    return pygame.Rect((ww - w) // 2, (wh - h) // 2, w, h)


class Display:
    def __init__(self, size: tuple[int, int] | None = None, fullscreen: bool = False, title: str = "Vantage") -> None:
        check_display_available()
        try:
            pygame.display.init()
        except pygame.error as exc:
            raise NoDisplayError(str(exc)) from exc
        driver = (pygame.display.get_driver() or "").lower()
        requested = os.environ.get("SDL_VIDEODRIVER", "").lower()
        # SDL falls back to an invisible "offscreen" window when nothing else works: that is no display for a
        # player (unless asked for on purpose, as the tests do with "dummy")
        if driver in ("offscreen", "dummy") and driver not in requested:
            pygame.display.quit()
            raise NoDisplayError(f"only SDL's invisible '{driver}' video driver could start")
        pygame.display.set_caption(title)
        self.canvas = pygame.Surface(LOGICAL_SIZE)
        self.fullscreen = fullscreen
        self._windowed_size = size or self._default_window_size()
        self.window: pygame.Surface
        self._scaled: pygame.Surface | None = None
        self.dest = pygame.Rect(0, 0, *LOGICAL_SIZE)
        self._open()

    @staticmethod
    def _default_window_size() -> tuple[int, int]:
        # a window that fits a 1366x768 laptop with its task bar, aspect 16:9
        try:
            sizes = pygame.display.get_desktop_sizes()
        except pygame.error:
            sizes = []
        if sizes:
            dw, dh = sizes[0]
            if dw < 1280 + 40 or dh < 720 + 80:
                scale = min((dw - 40) / 1280, (dh - 80) / 720)
                return max(MIN_WINDOW[0], int(1280 * scale)), max(MIN_WINDOW[1], int(720 * scale))
        return LOGICAL_SIZE

    def _open(self) -> None:
        try:
            if self.fullscreen:
                self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            else:
                self.window = pygame.display.set_mode(self._windowed_size, pygame.RESIZABLE)
        except pygame.error as exc:
            raise NoDisplayError(str(exc)) from exc
        self.resized()

    def set_fullscreen(self, on: bool) -> None:
        if on == self.fullscreen:
            return
        if not self.fullscreen:
            self._windowed_size = self.window.get_size()
        self.fullscreen = on
        self._open()

    def resized(self) -> None:
        """Call after the window changed size: recompute the letterbox."""
        self.window = pygame.display.get_surface()
        self.dest = letterbox(self.window.get_size())
        self._scaled = None

    def to_logical(self, pos: tuple[float, float]) -> tuple[int, int] | None:
        """A window position as canvas coordinates, or None when it falls in the black bars."""
        x, y = pos
        if not self.dest.collidepoint(x, y):
            return None
        return (int((x - self.dest.x) * LOGICAL_SIZE[0] / self.dest.w),
                int((y - self.dest.y) * LOGICAL_SIZE[1] / self.dest.h))

    def finger_to_logical(self, fx: float, fy: float) -> tuple[int, int] | None:
        w, h = self.window.get_size()
        return self.to_logical((fx * w, fy * h))

    def present(self) -> None:
        win = self.window
        if self.dest.size == LOGICAL_SIZE:
            if self.dest.topleft != (0, 0):
                win.fill((0, 0, 0))
            win.blit(self.canvas, self.dest.topleft)
        else:
            if self._scaled is None or self._scaled.get_size() != self.dest.size:
                self._scaled = pygame.Surface(self.dest.size)
                win.fill((0, 0, 0))  # the bars are drawn once per size; the canvas covers the rest
            pygame.transform.smoothscale(self.canvas, self.dest.size, self._scaled)
            win.blit(self._scaled, self.dest.topleft)
        pygame.display.flip()
