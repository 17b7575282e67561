"""What a screen may use: the canvas, fonts, theme, text cache, settings, speech, sound, the clock, the screen stack
and the navigation between screens.

Screens, widgets and hook factories receive a `ScreenContext` (never the app that assembles the player), so a new
screen is written against this page alone and no screen imports the loop. The app builds one context per window.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

import pygame

from game.ui.backdrops import Backdrops
from game.ui.display import Display, NoDisplayError
from game.ui.fonts import FontBank
from game.ui.settings import Settings, save_settings
from game.ui.sound import Sound
from game.ui.stack import ScreenStack
from game.ui.textcache import TextCache
from game.ui.theme import Theme, theme_for
from game.ui.tts import Speaker

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.autosave import Autosave
    from game.ui.flow import Hooks, PlaySession
    from game.ui.screens.base import Screen

log = logging.getLogger(__name__)


class Navigation(Protocol):
    """Where the play session goes next (game/ui/navigation.py implements it; see game/ui/flow.py for the path)."""

    kiosk_narrative: Any

    def open_title(self) -> None: ...
    def open_picker(self) -> None: ...
    def open_notes(self, narrative: Any) -> None: ...
    def open_settings(self) -> None: ...
    def start_story(self, narrative: Any) -> None: ...
    def continue_story(self, narrative: Any, save: "Autosave") -> None: ...
    def find_resumable(self) -> "tuple[Any, Autosave] | None": ...
    def write_autosave(self, session: "PlaySession", state: str, pending: list[Any],
                       history: list[tuple[str | None, str, str]]) -> None: ...
    def story_ended(self, session: "PlaySession", ending: Any) -> None: ...
    def after_story(self, session: "PlaySession") -> None: ...
    def debrief_done(self, session: "PlaySession") -> None: ...
    def quit(self, code: int = 0) -> None: ...


def _speak_language(code: str) -> None:
    """The game's words in this language from now on (stories follow when they are next opened)."""
    from game import i18n
    from game.content.catalogue import CatalogueError
    try:
        i18n.set_language(code)
    except CatalogueError as exc:  # a damaged catalogue: English, and a line in the log for the facilitator
        log.warning("%s", exc)
        i18n.set_language(None)


class ScreenContext:
    """The shared services of one window. Attributes a screen reads: `canvas`, `size`, `fonts`, `text` (the text
    cache), `theme`, `settings`, `backdrops`, `sound`, `speaker`, `hooks`, `session` (the play session in progress, or
    None), `now` (the monotonic clock, injectable in tests), `nav` (navigation), and the run options `autoplay`,
    `autoplay_delay`, `debrief_min_seconds`, `kiosk`."""

    def __init__(self, *, display: Display, settings: Settings, speaker: Speaker, hooks: "Hooks",
                 now: Callable[[], float], stack: ScreenStack | None = None, autoplay: bool = False,
                 autoplay_delay: float = 0.6, debrief_min_seconds: float = 5.0, kiosk: bool = False) -> None:
        self.display = display
        self.settings = settings
        self.fonts = FontBank(settings.text_scale, settings.dyslexic_font, settings.line_spacing)
        self.text = TextCache()
        self.theme: Theme = theme_for(settings.high_contrast)
        self.backdrops = Backdrops()
        self.speaker = speaker
        self.speaker.enabled, self.speaker.volume = settings.tts, settings.voice_volume
        self.sound = Sound()
        self.sound.set_volumes(settings.music_volume, settings.effects_volume)
        self.hooks = hooks
        _speak_language(settings.language)
        self.now = now
        self.stack = stack if stack is not None else ScreenStack()
        self.nav: Navigation = _NotWired()  # the app wires its Navigator in
        self.session: "PlaySession | None" = None
        self.autoplay = autoplay
        self.autoplay_delay = autoplay_delay
        self.debrief_min_seconds = debrief_min_seconds
        # kiosk (shared machines): no autosave or "continue", no quitting but the facilitator key
        self.kiosk = kiosk
        self.this_run_only: dict[str, Any] = {}  # settings given for this run (name -> the saved value to keep)
        # the country whose help lines the debrief shows after the story's own (None: the machine's locale)
        self.help_country: str | None = None
        self.tick_hooks: list[Callable[[float], None]] = []  # called with the clock each tick (live reload)
        self._faded: dict[tuple, pygame.Surface] = {}
        self._dimmer: pygame.Surface | None = None

    # -- the canvas ----------------------------------------------------------------------------------------------
    @property
    def canvas(self) -> pygame.Surface:
        return self.display.canvas

    @property
    def size(self) -> tuple[int, int]:
        return self.display.canvas.get_size()

    # -- the screen stack ----------------------------------------------------------------------------------------
    @property
    def top(self) -> "Screen":
        return self.stack.top

    def set_screen(self, screen: "Screen") -> None:
        self.stack.set_screen(screen)

    def push(self, screen: "Screen") -> None:
        self.stack.push(screen)

    def pop(self) -> None:
        self.stack.pop()

    def mark_dirty(self) -> None:
        self.stack.mark_dirty()

    # -- speech, settings, shared surfaces -----------------------------------------------------------------------
    def speak(self, text: str, ssml: str | None = None) -> None:
        """Say `text` (Read aloud; `ssml` marks emphasis and pauses for the voice), and put it on the clipboard for
        the student's own screen reader (Copy to the clipboard, as Ren'Py's clipboard voicing does)."""
        if self.settings.tts:
            if ssml is None:
                self.speaker.say(text)
            else:
                self.speaker.say(text, ssml=ssml)
        if self.settings.clipboard_voicing and text.strip():
            copy_to_clipboard(text.strip())

    def apply_settings(self, new: Settings) -> None:
        old, self.settings = self.settings, new
        # --fullscreen/--windowed, a kiosk's full screen and --locale hold for this run only: saving another setting
        # keeps what settings.json said for them, unless the student changed one of them just now
        keep = {k: v for k, v in self.this_run_only.items() if getattr(new, k) == getattr(old, k)}
        self.this_run_only = keep
        try:
            save_settings(new.replace(**keep) if keep else new)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        self.fonts.configure(new.text_scale, new.dyslexic_font, new.line_spacing)
        self.theme = theme_for(new.high_contrast)
        self.speaker.enabled, self.speaker.volume = new.tts, new.voice_volume
        self.sound.set_volumes(new.music_volume, new.effects_volume, self.sound.factor)
        if not new.tts:
            self.speaker.stop()
        if new.language != old.language:
            _speak_language(new.language)
        if new.fullscreen != old.fullscreen:
            try:
                self.display.set_fullscreen(new.fullscreen)
            except NoDisplayError as exc:
                log.warning("could not switch full screen: %s", exc)
        for s in self.stack:
            s.relayout()
            if new.language != old.language and hasattr(s, "rebuild"):
                s.rebuild()  # menus under this one were labelled in the old language
        self.mark_dirty()

    def faded(self, font: pygame.font.Font, text: str, color: tuple[int, int, int], alpha: int) -> pygame.Surface:
        """Rendered text at a given transparency, cached (crowd words, intrusive thoughts)."""
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
        """A dark veil the size of the canvas, for menus drawn over a screen."""
        if self._dimmer is None:
            self._dimmer = pygame.Surface(self.canvas.get_size())
            self._dimmer.fill((0, 0, 0))
            self._dimmer.set_alpha(215)  # the story stays faintly visible; the menu is what reads
        return self._dimmer


def copy_to_clipboard(text: str) -> bool:
    """Put `text` on the system clipboard; False where there is none (no window, or SDL cannot reach it)."""
    try:
        pygame.scrap.put_text(text)
        return True
    except (pygame.error, AttributeError) as exc:
        log.debug("clipboard unavailable: %s", exc)
        return False


class _NotWired:
    """Stands for the navigation until the app wires it: a call says what is missing instead of AttributeError."""

    kiosk_narrative = None

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"ScreenContext.nav.{name}: no navigation wired into this context (the app does that)")
