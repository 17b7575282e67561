"""The player assembled, and its entry point: `run_window` opens the window for `python main.py` and
`vantage play NARRATIVE`.

The jobs live in their own modules: the window (display.py), what screens may use (context.py), the screen stack
(stack.py), the path through the screens (navigation.py), the saved place (resume.py), the event loop (loop.py) and
the `--bench` report (bench.py). Only this module puts them together; nothing in game/ui imports it.
"""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame

from game import paths
from game.ui.bench import frame_report
from game.ui.context import ScreenContext
from game.ui.display import Display, NoDisplayError
from game.ui.flow import Hooks
from game.ui.loop import MainLoop
from game.ui.memory import fix_allocator
from game.ui.navigation import Navigator
from game.ui.screens.base import Screen
from game.ui.settings import Settings, load_settings
from game.ui.tts import Speaker

log = logging.getLogger(__name__)
NO_DISPLAY_HINT = ("Vantage cannot open a window here: no display is available ({reason}).\n"
                   "To play in the terminal instead, run: vantage play --text {narrative}")


class App:
    """One window's player: a ScreenContext (what screens use), a Navigator (where they lead) and a MainLoop."""

    def __init__(self, *, display: Display | None = None, settings: Settings | None = None,
                 catalogue: Callable[[], list[Any]] | None = None,
                 new_story: Callable[[Any, int], Any] | None = None,
                 load_story: Callable[[Any, str], Any] | None = None,
                 hooks: Hooks | None = None, autoplay: bool = False, seed: int | None = None,
                 screenshots: Path | None = None, bench: bool = False, autoplay_delay: float = 0.6,
                 debrief_min_seconds: float = 5.0, speaker: Speaker | None = None,
                 clock: Callable[[], float] = time.monotonic, start_at: str | None = None,
                 overrides: dict[str, Any] | None = None, kiosk: bool = False,
                 help_country: str | None = None, this_run_only: dict[str, Any] | None = None) -> None:
        settings = settings if settings is not None else load_settings()
        display = display if display is not None else Display(fullscreen=settings.fullscreen)
        self.ctx = ScreenContext(display=display, settings=settings,
                                 speaker=speaker if speaker is not None else Speaker(),
                                 hooks=hooks if hooks is not None else Hooks(), now=clock, autoplay=autoplay,
                                 autoplay_delay=autoplay_delay,
                                 debrief_min_seconds=0.0 if autoplay else debrief_min_seconds, kiosk=kiosk)
        self.ctx.help_country = help_country  # whose help lines the debrief shows (None: this machine's locale)
        self.ctx.this_run_only = dict(this_run_only or {})  # settings given for this run only (not saved)
        self.loop = MainLoop(self.ctx, seed=seed, bench=bench, screenshots=screenshots)
        self.nav = Navigator(self.ctx, quit=self.loop.quit, catalogue=catalogue, new_story=new_story,
                             load_story=load_story, seed=seed, start_at=start_at, overrides=overrides)
        self.ctx.nav = self.nav
        self.ctx.stack.when_emptied = self.nav.open_title

    # what the entry point and tests drive
    @property
    def display(self) -> Display:
        return self.ctx.display

    @property
    def top(self) -> Screen:
        return self.ctx.stack.top

    @property
    def running(self) -> bool:
        return self.loop.running

    @running.setter
    def running(self, value: bool) -> None:
        self.loop.running = value

    @property
    def draws(self) -> int:
        return self.loop.draws

    def pump(self, block: bool = False) -> None:
        self.loop.pump(block)

    def tick(self) -> None:
        self.loop.tick()

    def run(self) -> int:
        return self.loop.run()

    def end_and_quit(self) -> None:
        self.loop.end_and_quit()

    def bench_report(self) -> str:
        return frame_report(self.loop.frame_times)


def _no_display(reason: str, narrative_id: str | None) -> int:
    print(NO_DISPLAY_HINT.format(reason=reason.strip() or "unknown reason", narrative=narrative_id or "NARRATIVE"),
          file=sys.stderr)
    return 1


def run_window(narrative_id: str | None = None, *, seed: int | None = None, autoplay: bool = False,
               screenshots: Path | None = None, bench: bool = False, fullscreen: bool | None = None,
               **extra: Any) -> int:
    """Open the windowed player. With a narrative, go straight to its content notes; else the title screen.

    extra: `autoplay_delay` (seconds between autoplay steps), `debrief_min_seconds`, `hooks` (a flow.Hooks),
    `settings` (a Settings), `window_size` (w, h), `watch` (live reload for writers), `locale` (the language to
    play in). Returns the process exit code.
    """
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    logging.basicConfig(level=logging.WARNING, format="vantage: %(message)s")
    fix_allocator()  # a kiosk runs all day: canvas-sized buffers go back to the system when freed
    narrative = None
    if narrative_id is not None:
        from game.content import load_narrative
        res = load_narrative(narrative_id)
        if not res.ok:
            for d in res.diagnostics:
                print(d.format(), file=sys.stderr)
            if not res.diagnostics:
                print(f"vantage: could not open the story {narrative_id!r}", file=sys.stderr)
            return 1
        narrative = res.narrative
    settings = extra.pop("settings", None) or load_settings()
    stored = settings  # what settings.json says: a run's own choices below are not written back into it
    if fullscreen is None and extra.get("kiosk"):
        fullscreen = True  # a kiosk fills the screen unless --windowed says otherwise
    if fullscreen is not None:
        settings = settings.replace(fullscreen=fullscreen)
    locale = extra.pop("locale", None)
    if locale:  # --locale: this run's language (like --fullscreen, it overrides the saved setting)
        settings = settings.replace(language=locale)
    if extra.get("kiosk"):
        # A kiosk ignores the window's close button, but a shutdown or `kill` (SIGTERM) must still end it cleanly:
        # SDL would turn SIGTERM into the same QUIT event as the close button, so it keeps its hands off signals
        # and the game takes SIGTERM itself.
        os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
    try:
        display = Display(size=extra.pop("window_size", None), fullscreen=settings.fullscreen)
    except NoDisplayError as exc:
        return _no_display(str(exc), narrative_id)
    watch = bool(extra.pop("watch", False))
    this_run_only = {k: getattr(stored, k) for k in ("fullscreen", "language")
                     if getattr(stored, k) != getattr(settings, k)}
    try:
        app = App(display=display, settings=settings, autoplay=autoplay, seed=seed, screenshots=screenshots,
                  bench=bench, this_run_only=this_run_only, **extra)
        if watch and narrative is not None:
            from game.ui.live_reload import install_live_reload
            install_live_reload(app.ctx, narrative, extra.get("start_at"), extra.get("overrides"))
        if app.ctx.kiosk and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda signum, frame: app.end_and_quit())
        if narrative is not None:
            app.nav.kiosk_narrative = narrative if app.ctx.kiosk else None
            app.nav.open_notes(narrative)
        code = app.run()
        if bench:
            print(app.bench_report())
        return code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 — the player's place is saved; say so plainly, keep the details in a log
        log_path = paths.data_dir() / "logs" / "crash.log"
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(log_path, "a", encoding="utf-8") as fh:
                fh.write(f"--- {time.strftime('%Y-%m-%d')}\n{traceback.format_exc()}\n")
        except OSError:
            pass
        print(f"vantage: the player stopped because of an unexpected error ({exc}). Your place in the story is "
              f"saved: start again to continue. Details: {log_path}", file=sys.stderr)
        return 1
    finally:
        pygame.quit()
