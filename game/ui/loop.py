"""The event loop: input to the top screen, timers, autoplay, drawing only when something changed.

While nothing moves it only checks for input (50 times a second) and draws nothing; it redraws only when something
changed or an effect animates (30 frames a second then).
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pygame

from game.ui.context import ScreenContext
from game.ui.flow import notify

FPS = 30
MAX_IDLE_WAIT_MS = 1000
IDLE_POLL = 0.02  # seconds between input checks while idle (50 a second: no felt delay)
MAX_AUTOPLAY_STEPS = 20000


class MainLoop:
    def __init__(self, ctx: ScreenContext, *, seed: int | None = None, bench: bool = False,
                 screenshots: Path | None = None) -> None:
        self.ctx = ctx
        # where the pointer was last seen: hover only follows a pointer that moves. The first report (the window
        # opening under a resting mouse) only records it, so it cannot focus "Quit" for the next Enter.
        self.pointer: tuple[int, int] | None = None
        self.rng = random.Random(seed)
        self.bench = bench
        self.screenshots = screenshots
        self.frame_times: list[float] = []
        self.running = False
        self.exit_code = 0
        self._last_update = ctx.now()
        self._last_draw = 0.0
        self._auto_next = 0.0
        self.auto_steps = 0
        self._shot_tag: str | None = None
        self._shot_count = 0
        self.draws = 0
        if screenshots is not None:
            Path(screenshots).mkdir(parents=True, exist_ok=True)

    @property
    def stack(self):  # type: ignore[no-untyped-def]
        return self.ctx.stack

    def quit(self, code: int = 0) -> None:
        self.exit_code = code
        self.running = False

    # -- input ---------------------------------------------------------------------------------------------------
    def end_and_quit(self) -> None:
        session = self.ctx.session
        if session is not None and session.ending is None:
            notify(self.ctx.hooks, "session_ended", session, "abandoned")
        self.quit(0)

    def handle_event(self, e: pygame.event.Event) -> None:
        ctx, stack = self.ctx, self.ctx.stack
        t = e.type
        if t == pygame.QUIT:
            if ctx.kiosk:
                return  # students cannot close a kiosk; the facilitator uses Ctrl+Alt+Q
            self.end_and_quit()
        elif t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            ctx.display.resized()
            ctx.mark_dirty()
        elif t in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            ctx.mark_dirty()
        elif t == pygame.KEYDOWN:
            mods = getattr(e, "mod", 0)
            if ctx.kiosk and e.key == pygame.K_q and mods & pygame.KMOD_CTRL and mods & pygame.KMOD_ALT:
                self.end_and_quit()  # the facilitator key
            elif e.key == pygame.K_F11 and not ctx.kiosk:  # a kiosk stays full screen
                ctx.apply_settings(ctx.settings.replace(fullscreen=not ctx.settings.fullscreen))
            elif stack:
                stack.top.handle_key(e.key, getattr(e, "unicode", ""))
                ctx.mark_dirty()
        elif t == pygame.MOUSEMOTION and not getattr(e, "touch", False):
            moved = self.pointer is not None and tuple(e.pos) != self.pointer
            self.pointer = tuple(e.pos)
            pos = ctx.display.to_logical(e.pos)
            if pos is not None and stack and moved:
                stack.top.handle_pointer("move", pos)
        elif t == pygame.MOUSEBUTTONUP and e.button == 1 and not getattr(e, "touch", False):
            pos = ctx.display.to_logical(e.pos)
            if pos is not None and stack:
                stack.top.handle_pointer("click", pos)
                ctx.mark_dirty()
        elif t == pygame.MOUSEWHEEL and stack:
            stack.top.handle_wheel(int(e.y))
            ctx.mark_dirty()
        elif t == pygame.FINGERUP and stack:
            pos = ctx.display.finger_to_logical(e.x, e.y)
            if pos is not None:
                stack.top.handle_pointer("click", pos)
                ctx.mark_dirty()

    # -- the loop ------------------------------------------------------------------------------------------------
    def _wait_ms(self) -> int:
        stack = self.ctx.stack
        if stack.dirty or not stack:
            return 0
        now = self.ctx.now()
        top = stack.top
        autoplay = self.ctx.autoplay
        if autoplay and self._auto_next <= now:
            return 0
        if top.animating():
            frame = max(0, int((self._last_draw + 1.0 / FPS - now) * 1000))
            return min(frame, int((self._auto_next - now) * 1000)) if autoplay else frame
        deadlines = [d for d in (top.wake_at(), self._auto_next if autoplay else None) if d is not None]
        if deadlines:
            return max(0, min(MAX_IDLE_WAIT_MS, int((min(deadlines) - now) * 1000) + 1))
        return MAX_IDLE_WAIT_MS

    def pump(self, block: bool = False) -> None:
        """Handle waiting events and run one tick (tests call this directly)."""
        timeout = self._wait_ms() if block else 0
        events = pygame.event.get()
        if not events and timeout > 0:
            # pygame's event.wait polls every millisecond (~3% CPU while a student reads); checking every
            # IDLE_POLL seconds costs a tenth of that and a delay nobody can feel
            deadline = time.monotonic() + timeout / 1000
            while not events:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                time.sleep(min(IDLE_POLL, left))
                events = pygame.event.get()
        for e in events:
            self.handle_event(e)
            if not self.running and block:
                return
        self.tick()

    def tick(self) -> None:
        ctx, stack = self.ctx, self.ctx.stack
        if not stack:
            ctx.nav.open_title()
        now = ctx.now()
        dt = min(0.1, max(0.0, now - self._last_update))
        self._last_update = now
        if ctx.autoplay and now >= self._auto_next:
            self._auto_next = now + ctx.autoplay_delay
            self.auto_steps += 1
            if self.auto_steps > MAX_AUTOPLAY_STEPS:
                print("vantage: autoplay did not reach an ending", file=sys.stderr)
                self.quit(1)
                return
            if stack.top.auto_step(self.rng):
                ctx.mark_dirty()
        for hook in ctx.tick_hooks:
            hook(now)
        if stack.top.update(now, dt):
            ctx.mark_dirty()
        if stack.dirty:
            self.draw()

    def draw(self) -> None:
        ctx = self.ctx
        t0 = time.perf_counter()
        top = ctx.stack.top
        top.draw(ctx.canvas)
        ctx.display.present()
        if self.bench:  # kept only when asked for: a kiosk runs all day and the list would grow without end
            self.frame_times.append(time.perf_counter() - t0)
        self.draws += 1
        self._last_draw = ctx.now()
        ctx.stack.dirty = False
        if self.screenshots is not None:
            tag = top.screenshot_tag()
            if tag is not None and tag != self._shot_tag:
                self._shot_tag = tag
                self._shot_count += 1
                pygame.image.save(ctx.canvas, str(Path(self.screenshots) / f"{self._shot_count:03d}-{tag}.png"))

    def run(self) -> int:
        self.running = True
        if not self.ctx.stack:
            self.ctx.nav.open_title()
        try:
            while self.running:
                self.pump(block=True)
        finally:
            self.ctx.speaker.stop()
        return self.exit_code
