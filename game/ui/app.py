"""The player's application: window, settings, screen stack, navigation between screens, and the event loop.

The loop is event-driven: while nothing moves it only checks for input (50 times a second) and draws nothing; it
redraws only when something changed or an effect animates (30 frames a second then). `run_window` is the entry point for `python main.py`
and `vantage play NARRATIVE`.
"""
from __future__ import annotations

import logging
import os
import threading
import signal
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame

from game import paths
from game.ui import autosave
from game.ui.backdrops import Backdrops
from game.ui.display import Display, NoDisplayError
from game.ui.flow import Hooks, PlaySession, notify, run_hooks
from game.ui.fonts import FontBank
from game.ui.screens.base import Screen
from game.ui.settings import Settings, load_settings, save_settings
from game.ui.sound import Sound
from game.ui.textcache import TextCache
from game.ui.theme import theme_for
from game.ui.tts import Speaker

log = logging.getLogger(__name__)
FPS = 30
MAX_IDLE_WAIT_MS = 1000
IDLE_POLL = 0.02  # seconds between input checks while idle (50 a second: no felt delay)
MAX_AUTOPLAY_STEPS = 20000
NO_DISPLAY_HINT = ("Vantage cannot open a window here: no display is available ({reason}).\n"
                   "To play in the terminal instead, run: vantage play --text {narrative}")


def _default_catalogue() -> list[Any]:
    from game.content import bundled_narratives
    return list(bundled_narratives())


def _default_new_story(narrative: Any, seed: int) -> Any:
    from game.story import Story
    return Story(narrative, seed=seed)


def _default_load_story(narrative: Any, text: str) -> Any:
    from game.story import Story
    return Story.load(narrative, text)


class App:
    def __init__(self, *, display: Display | None = None, settings: Settings | None = None,
                 catalogue: Callable[[], list[Any]] | None = None,
                 new_story: Callable[[Any, int], Any] | None = None,
                 load_story: Callable[[Any, str], Any] | None = None,
                 hooks: Hooks | None = None, autoplay: bool = False, seed: int | None = None,
                 screenshots: Path | None = None, bench: bool = False, autoplay_delay: float = 0.6,
                 debrief_min_seconds: float = 5.0, speaker: Speaker | None = None,
                 clock: Callable[[], float] = time.monotonic, start_at: str | None = None,
                 overrides: dict[str, Any] | None = None, kiosk: bool = False) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.display = display if display is not None else Display(fullscreen=self.settings.fullscreen)
        self.canvas = self.display.canvas
        self.fonts = FontBank(self.settings.text_scale, self.settings.dyslexic_font)
        self.text = TextCache()
        self.theme = theme_for(self.settings.high_contrast)
        self.backdrops = Backdrops()
        self.speaker = speaker if speaker is not None else Speaker()
        self.speaker.enabled, self.speaker.volume = self.settings.tts, self.settings.voice_volume
        self.sound = Sound()
        self.sound.set_volumes(self.settings.music_volume, self.settings.effects_volume)
        self.hooks = hooks if hooks is not None else Hooks()
        self._catalogue_fn = catalogue or _default_catalogue
        self._catalogue: list[Any] | None = None
        self.new_story = new_story or _default_new_story
        self.load_story = load_story or _default_load_story
        self.autoplay, self.seed = autoplay, seed
        self.rng = random.Random(seed)
        self.autoplay_delay = autoplay_delay
        self.debrief_min_seconds = 0.0 if autoplay else debrief_min_seconds
        self.screenshots = screenshots
        self.start_at, self.overrides = start_at, overrides  # playtesting: the first story starts here
        self.bench = bench
        self.frame_times: list[float] = []
        self.now: Callable[[], float] = clock
        self.stack: list[Screen] = []
        self.dirty = True
        self.running = False
        self.exit_code = 0
        self.session: PlaySession | None = None
        # kiosk (shared machines): no autosave or "continue", no quitting but the facilitator key, and after the
        # debrief the next student starts afresh at `kiosk_narrative`'s notes (or the title screen)
        self.kiosk = kiosk
        self.kiosk_narrative: Any = None
        self._faded: dict[tuple, pygame.Surface] = {}
        self._dimmer: pygame.Surface | None = None
        self._last_update = self.now()
        self._last_draw = 0.0
        self._auto_next = 0.0
        self.auto_steps = 0
        self._shot_tag: str | None = None
        self._shot_count = 0
        self.draws = 0
        if screenshots is not None:
            Path(screenshots).mkdir(parents=True, exist_ok=True)

    # -- catalogue -----------------------------------------------------------------------------------------------
    @property
    def catalogue(self) -> list[Any]:
        if self._catalogue is None:
            try:
                self._catalogue = list(self._catalogue_fn())
            except Exception as exc:  # noqa: BLE001 — broken content must not stop the title screen
                log.warning("could not load the bundled stories: %s", exc)
                self._catalogue = []
        return self._catalogue

    def find_resumable(self) -> tuple[Any, autosave.Autosave] | None:
        if self.kiosk:
            return None  # nothing of a previous student is reachable
        by_id = {n.id: n for n in self.catalogue}
        for _, nid in autosave.list_autosaves():
            if nid in by_id:
                save = autosave.read_autosave(nid)
                if save is not None:
                    return by_id[nid], save
        return None

    # -- screen stack --------------------------------------------------------------------------------------------
    @property
    def top(self) -> Screen:
        return self.stack[-1]

    def set_screen(self, screen: Screen) -> None:
        self.stack = [screen]
        screen.enter()
        self.mark_dirty()

    def push(self, screen: Screen) -> None:
        self.stack.append(screen)
        screen.enter()
        self.mark_dirty()

    def pop(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()
            self.mark_dirty()
        else:
            self.open_title()

    def mark_dirty(self) -> None:
        self.dirty = True

    # -- navigation (the flow of a play session; see game.ui.flow for the hook points) ---------------------------
    def open_title(self) -> None:
        from game.ui.screens.title import TitleScreen
        self.set_screen(TitleScreen(self))

    def open_picker(self) -> None:
        from game.ui.screens.title import MessageScreen, PickerScreen
        if not self.catalogue:
            self.set_screen(MessageScreen(self, "No stories found",
                                          "No story could be opened. Ask your facilitator to check the installation "
                                          "(vantage check narratives/)."))
            return
        self.set_screen(PickerScreen(self, self.catalogue))

    def open_notes(self, narrative: Any) -> None:
        from game.ui.screens.title import NotesScreen
        self.set_screen(NotesScreen(self, narrative))

    def open_settings(self) -> None:
        from game.ui.screens.overlays import SettingsScreen
        self.push(SettingsScreen(self))

    def start_story(self, narrative: Any) -> None:
        seed = self.seed if self.seed is not None else random.randrange(2 ** 31)
        session = PlaySession(narrative, seed=seed)
        run_hooks(self, self.hooks.before_story, session, lambda: self._begin(session, None))

    def continue_story(self, narrative: Any, save: autosave.Autosave) -> None:
        session = PlaySession(narrative, seed=save.seed, resumed=True)
        run_hooks(self, self.hooks.before_story, session, lambda: self._begin(session, save))

    def _begin(self, session: PlaySession, save: autosave.Autosave | None) -> None:
        from game.ui.screens.story import StoryScreen
        from game.ui.screens.title import MessageScreen
        n = session.narrative
        self.session = session
        if save is not None:
            try:
                session.story = self.load_story(n, save.story_state)
                events = list(save.pending) or list(session.story.resume_events())
            except Exception as exc:  # noqa: BLE001 — StoryError (changed story, damaged save): say so, start over
                log.warning("could not resume %s: %s", n.id, exc)
                autosave.set_aside(autosave.save_path(n.id), str(exc))  # kept for a facilitator, never deleted
                autosave.take_set_aside()  # told right here, not again on the title screen
                self.set_screen(MessageScreen(self, "Could not continue",
                                              "Your saved place could not be restored (the story may have changed). "
                                              "You can start it again from the beginning."))
                return
            history = list(save.history)
        else:
            session.story = self.new_story(n, session.seed or 0)
            if self.start_at or self.overrides:
                events = list(session.story.start(at=self.start_at, overrides=self.overrides))
                self.start_at = self.overrides = None
            else:
                events = list(session.story.start())
            history = []
            self.write_autosave(session, session.story.save(), events, history)
        notify(self.hooks, "session_started", session)
        notify(self.hooks, "story_events", session, events)
        self.set_screen(StoryScreen(self, session, events, history))

    def write_autosave(self, session: PlaySession, state: str, pending: list[Any],
                       history: list[tuple[str | None, str, str]]) -> None:
        if self.kiosk:
            return
        n = session.narrative
        try:
            autosave.write_autosave(autosave.Autosave(n.id, getattr(n, "content_hash", None), state, tuple(pending),
                                                      tuple(history), session.seed))
        except OSError as exc:  # a full disk must not stop the story; the previous save stays intact
            log.warning("could not write the autosave: %s", exc)

    def story_ended(self, session: PlaySession, ending: Any) -> None:
        from game.ui.screens.closing import EndingScreen
        session.ending = ending
        self.sound.stop()
        autosave.delete_autosave(session.narrative.id)
        notify(self.hooks, "session_ended", session, getattr(ending, "kind", "finished"))
        if getattr(ending, "kind", "finished") == "left":
            self.after_story(session)  # leaving goes straight on to the debrief and help
        else:
            self.set_screen(EndingScreen(self, session))

    def after_story(self, session: PlaySession) -> None:
        from game.ui.screens.closing import DebriefScreen
        run_hooks(self, self.hooks.after_story, session, lambda: self.set_screen(DebriefScreen(self, session)))

    def debrief_done(self, session: PlaySession) -> None:
        self.session = None
        if self.autoplay:
            self.quit(0)
        elif self.kiosk and self.kiosk_narrative is not None:
            self.open_notes(self.kiosk_narrative)  # the next student
        else:
            self.open_title()

    # -- settings, speech, shared surfaces -----------------------------------------------------------------------
    def apply_settings(self, new: Settings) -> None:
        old, self.settings = self.settings, new
        try:
            save_settings(new)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        self.fonts.configure(new.text_scale, new.dyslexic_font)
        self.theme = theme_for(new.high_contrast)
        self.speaker.enabled, self.speaker.volume = new.tts, new.voice_volume
        self.sound.set_volumes(new.music_volume, new.effects_volume, self.sound.factor)
        if not new.tts:
            self.speaker.stop()
        if new.fullscreen != old.fullscreen:
            try:
                self.display.set_fullscreen(new.fullscreen)
            except NoDisplayError as exc:
                log.warning("could not switch full screen: %s", exc)
        for s in self.stack:
            s.relayout()
        self.mark_dirty()

    def speak(self, text: str) -> None:
        if self.settings.tts:
            self.speaker.say(text)

    def faded(self, font: pygame.font.Font, text: str, color: tuple[int, int, int], alpha: int) -> pygame.Surface:
        key = (id(font), text, color, alpha)
        s = self._faded.get(key)
        if s is None:
            s = self.text.render(font, text, color).copy()
            s.set_alpha(alpha)
            if len(self._faded) > 256:
                self._faded.clear()
            self._faded[key] = s
        return s

    def dimmer(self) -> pygame.Surface:
        if self._dimmer is None:
            self._dimmer = pygame.Surface(self.canvas.get_size())
            self._dimmer.fill((0, 0, 0))
            self._dimmer.set_alpha(215)  # the story stays faintly visible; the menu is what reads
        return self._dimmer

    def quit(self, code: int = 0) -> None:
        self.exit_code = code
        self.running = False

    # -- input ---------------------------------------------------------------------------------------------------
    def _end_and_quit(self) -> None:
        if self.session is not None and self.session.ending is None:
            notify(self.hooks, "session_ended", self.session, "abandoned")
        self.quit(0)

    def handle_event(self, e: pygame.event.Event) -> None:
        t = e.type
        if t == pygame.QUIT:
            if self.kiosk:
                return  # students cannot close a kiosk; the facilitator uses Ctrl+Alt+Q
            self._end_and_quit()
        elif t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            self.display.resized()
            self.mark_dirty()
        elif t in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
            self.mark_dirty()
        elif t == pygame.KEYDOWN:
            mods = getattr(e, "mod", 0)
            if self.kiosk and e.key == pygame.K_q and mods & pygame.KMOD_CTRL and mods & pygame.KMOD_ALT:
                self._end_and_quit()  # the facilitator key
            elif e.key == pygame.K_F11:
                self.apply_settings(self.settings.replace(fullscreen=not self.settings.fullscreen))
            elif self.stack:
                self.top.handle_key(e.key, getattr(e, "unicode", ""))
                self.mark_dirty()
        elif t == pygame.MOUSEMOTION and not getattr(e, "touch", False):
            pos = self.display.to_logical(e.pos)
            if pos is not None and self.stack:
                self.top.handle_pointer("move", pos)
        elif t == pygame.MOUSEBUTTONUP and e.button == 1 and not getattr(e, "touch", False):
            pos = self.display.to_logical(e.pos)
            if pos is not None and self.stack:
                self.top.handle_pointer("click", pos)
                self.mark_dirty()
        elif t == pygame.MOUSEWHEEL and self.stack:
            self.top.handle_wheel(int(e.y))
            self.mark_dirty()
        elif t == pygame.FINGERUP and self.stack:
            pos = self.display.finger_to_logical(e.x, e.y)
            if pos is not None:
                self.top.handle_pointer("click", pos)
                self.mark_dirty()

    # -- the loop ------------------------------------------------------------------------------------------------
    def _wait_ms(self) -> int:
        if self.dirty or not self.stack:
            return 0
        now = self.now()
        top = self.top
        if self.autoplay and self._auto_next <= now:
            return 0
        if top.animating():
            frame = max(0, int((self._last_draw + 1.0 / FPS - now) * 1000))
            return min(frame, int((self._auto_next - now) * 1000)) if self.autoplay else frame
        deadlines = [d for d in (top.wake_at(), self._auto_next if self.autoplay else None) if d is not None]
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
        if not self.stack:
            self.open_title()
        now = self.now()
        dt = min(0.1, max(0.0, now - self._last_update))
        self._last_update = now
        if self.autoplay and now >= self._auto_next:
            self._auto_next = now + self.autoplay_delay
            self.auto_steps += 1
            if self.auto_steps > MAX_AUTOPLAY_STEPS:
                print("vantage: autoplay did not reach an ending", file=sys.stderr)
                self.quit(1)
                return
            if self.top.auto_step(self.rng):
                self.mark_dirty()
        if self.top.update(now, dt):
            self.mark_dirty()
        if self.dirty:
            self.draw()

    def draw(self) -> None:
        t0 = time.perf_counter()
        self.top.draw(self.canvas)
        self.display.present()
        if self.bench:  # kept only when asked for: a kiosk runs all day and the list would grow without end
            self.frame_times.append(time.perf_counter() - t0)
        self.draws += 1
        self._last_draw = self.now()
        self.dirty = False
        if self.screenshots is not None:
            tag = self.top.screenshot_tag()
            if tag is not None and tag != self._shot_tag:
                self._shot_tag = tag
                self._shot_count += 1
                pygame.image.save(self.canvas, str(Path(self.screenshots) / f"{self._shot_count:03d}-{tag}.png"))

    def run(self) -> int:
        self.running = True
        if not self.stack:
            self.open_title()
        try:
            while self.running:
                self.pump(block=True)
        finally:
            self.speaker.stop()
        return self.exit_code

    def bench_report(self) -> str:
        ft = sorted(self.frame_times)
        if not ft:
            return "bench: no frames drawn"

        def pct(p: float) -> float:
            return ft[min(len(ft) - 1, int(p / 100 * len(ft)))] * 1000

        return (f"bench: {len(ft)} frames drawn; frame time p50 {pct(50):.2f} ms, p95 {pct(95):.2f} ms, "
                f"p99 {pct(99):.2f} ms, max {ft[-1] * 1000:.2f} ms")


def _no_display(reason: str, narrative_id: str | None) -> int:
    print(NO_DISPLAY_HINT.format(reason=reason.strip() or "unknown reason", narrative=narrative_id or "NARRATIVE"),
          file=sys.stderr)
    return 1


def run_window(narrative_id: str | None = None, *, seed: int | None = None, autoplay: bool = False,
               screenshots: Path | None = None, bench: bool = False, fullscreen: bool | None = None,
               **extra: Any) -> int:
    """Open the windowed player. With a narrative, go straight to its content notes; else the title screen.

    extra: `autoplay_delay` (seconds between autoplay steps), `debrief_min_seconds`, `hooks` (a flow.Hooks),
    `settings` (a Settings), `window_size` (w, h). Returns the process exit code.
    """
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    logging.basicConfig(level=logging.WARNING, format="vantage: %(message)s")
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
    if fullscreen is not None:
        settings = settings.replace(fullscreen=fullscreen)
    if extra.get("kiosk"):
        # A kiosk ignores the window's close button, but a shutdown or `kill` (SIGTERM) must still end it cleanly:
        # SDL would turn SIGTERM into the same QUIT event as the close button, so it keeps its hands off signals
        # and the game takes SIGTERM itself.
        os.environ["SDL_NO_SIGNAL_HANDLERS"] = "1"
    try:
        display = Display(size=extra.pop("window_size", None), fullscreen=settings.fullscreen)
    except NoDisplayError as exc:
        return _no_display(str(exc), narrative_id)
    try:
        app = App(display=display, settings=settings, autoplay=autoplay, seed=seed, screenshots=screenshots,
                  bench=bench, **extra)
        if app.kiosk and threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, lambda signum, frame: app._end_and_quit())
        if narrative is not None:
            app.kiosk_narrative = narrative if app.kiosk else None
            app.open_notes(narrative)
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
