"""The path of a play session through the screens: title, picker, content notes, the story, ending, debrief.

The hook points between them (consent, questionnaires) are in game/ui/flow.py. Screens are imported where they are
opened, so starting the player costs only the screens it shows.
"""
from __future__ import annotations

import logging
import random
from collections.abc import Callable
from typing import Any

from game.i18n import _
from game.ui import autosave
from game.ui.context import ScreenContext
from game.ui.flow import SAVED_RECORDING_KEY, SKIP_STORY, PlaySession, notify, run_hooks
from game.ui.memory import release_after_play
from game.ui.resume import SavedPlaces

log = logging.getLogger(__name__)
PLAYTEST = "playtest"  # PlaySession.data key: started with --start/--set (never autosaved)


def _default_catalogue() -> list[Any]:
    from game.content import bundled_narratives
    return list(bundled_narratives())


def _default_new_story(narrative: Any, seed: int) -> Any:
    from game.story import Story
    return Story(narrative, seed=seed)


def _default_load_story(narrative: Any, text: str) -> Any:
    from game.story import Story
    return Story.load(narrative, text)


class Navigator:
    """Opens screens on the context's stack in the order of a play session (implements context.Navigation)."""

    def __init__(self, ctx: ScreenContext, *, quit: Callable[[int], None],
                 catalogue: Callable[[], list[Any]] | None = None,
                 new_story: Callable[[Any, int], Any] | None = None,
                 load_story: Callable[[Any, str], Any] | None = None, seed: int | None = None,
                 start_at: str | None = None, overrides: dict[str, Any] | None = None) -> None:
        self.ctx = ctx
        self._quit = quit
        self._catalogue_fn = catalogue or _default_catalogue
        self._catalogue: list[Any] | None = None
        self.new_story = new_story or _default_new_story
        self.load_story = load_story or _default_load_story
        self.seed = seed
        self.start_at, self.overrides = start_at, overrides  # playtesting: the first story starts here
        self.saves = SavedPlaces(kiosk=ctx.kiosk)
        # kiosk: after the debrief the next student starts afresh at this story's notes (or the title screen)
        self.kiosk_narrative: Any = None
        self._localised: dict[tuple[str, str, str], Any] = {}

    def localise(self, narrative: Any) -> Any:
        """The story in the game's current language when it has that translation (else as written)."""
        from game import i18n
        from game.content.translation import in_language
        source = getattr(narrative, "extra", {}).get("source", narrative)
        key = (getattr(source, "id", ""), getattr(source, "content_hash", ""), i18n.language())
        if key not in self._localised:
            try:
                translated, note = in_language(source, i18n.language(), engine=i18n._)
            except AttributeError:  # a stand-in story (tests) that is not a Narrative: as it is
                translated, note = source, None
            if note:
                log.info("%s", note)
            self._localised[key] = translated
        return self._localised[key]

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
        return self.saves.find(lambda: self.catalogue)

    def write_autosave(self, session: PlaySession, state: str, pending: list[Any],
                       history: list[tuple[str | None, str, str]]) -> None:
        if session.data.get(PLAYTEST):
            return  # a story started mid-way (--start/--set) is a writer's test: no student is offered it later
        self.saves.write(session, state, pending, history)

    def quit(self, code: int = 0) -> None:
        self._quit(code)

    # -- screens before the story --------------------------------------------------------------------------------
    def open_title(self) -> None:
        from game.ui.screens.title import TitleScreen
        self.ctx.set_screen(TitleScreen(self.ctx))

    def open_picker(self) -> None:
        from game.ui.screens.title import MessageScreen, PickerScreen
        if not self.catalogue:
            self.ctx.set_screen(MessageScreen(self.ctx, _("No stories found"),
                                              _("No story could be opened. Ask your facilitator to check the "
                                              "installation (vantage check narratives/).")))
            return
        self.ctx.set_screen(PickerScreen(self.ctx, [self.localise(n) for n in self.catalogue]))

    def open_notes(self, narrative: Any) -> None:
        from game.ui.screens.title import NotesScreen
        self.ctx.set_screen(NotesScreen(self.ctx, self.localise(narrative)))

    def open_settings(self) -> None:
        from game.ui.screens.overlays import SettingsScreen
        self.ctx.push(SettingsScreen(self.ctx))

    # -- the story -----------------------------------------------------------------------------------------------
    def start_story(self, narrative: Any) -> None:
        seed = self.seed if self.seed is not None else random.randrange(2 ** 31)
        session = PlaySession(self.localise(narrative), seed=seed)
        run_hooks(self.ctx, self.ctx.hooks.before_story, session,
                  lambda: self._debrief_only(session) if session.data.get(SKIP_STORY) else self._begin(session, None))

    def _debrief_only(self, session: PlaySession) -> None:
        """A session without a story (a follow-up questionnaire): on from the questions to the debrief and help."""
        from game.ui.screens.closing import DebriefScreen
        self.ctx.session = session
        self.ctx.set_screen(DebriefScreen(self.ctx, session))

    def continue_story(self, narrative: Any, save: autosave.Autosave) -> None:
        session = PlaySession(self.localise(narrative), seed=save.seed, resumed=True)
        if save.recording is not None:  # the telemetry glue continues the same recorded play (or says why not)
            session.data[SAVED_RECORDING_KEY] = save.recording
        run_hooks(self.ctx, self.ctx.hooks.before_story, session, lambda: self._begin(session, save))

    def _begin(self, session: PlaySession, save: autosave.Autosave | None) -> None:
        from game.ui.screens.story import StoryScreen
        from game.ui.screens.title import MessageScreen
        ctx = self.ctx
        n = session.narrative
        ctx.session = session
        if save is not None:
            try:
                session.story = self.load_story(n, save.story_state)
                events = list(save.pending) or list(session.story.resume_events())
            except Exception as exc:  # noqa: BLE001 — StoryError (changed story, damaged save): say so, start over
                log.warning("could not resume %s: %s", n.id, exc)
                self.saves.set_aside(n.id, str(exc))
                ctx.set_screen(MessageScreen(ctx, _("Could not continue"),
                                             _("Your saved place could not be restored (the story may have changed). "
                                               "You can start it again from the beginning.")))
                return
            history = list(save.history)
        else:
            session.story = self.new_story(n, session.seed or 0)
            if self.start_at or self.overrides:
                session.data[PLAYTEST] = True
                events = list(session.story.start(at=self.start_at, overrides=self.overrides))
                self.start_at = self.overrides = None
            else:
                events = list(session.story.start())
            history = []
            self.write_autosave(session, session.story.save(), events, history)
        notify(ctx.hooks, "session_started", session)
        notify(ctx.hooks, "story_events", session, events)
        ctx.set_screen(StoryScreen(ctx, session, events, history))

    # -- after the story -----------------------------------------------------------------------------------------
    def story_ended(self, session: PlaySession, ending: Any) -> None:
        from game.ui.screens.closing import EndingScreen
        session.ending = ending
        self.ctx.sound.stop()
        self.saves.forget(session.narrative.id)
        notify(self.ctx.hooks, "session_ended", session, getattr(ending, "kind", "finished"))
        if getattr(ending, "kind", "finished") == "left":
            self.after_story(session)  # leaving goes straight on to the debrief and help
        else:
            self.ctx.set_screen(EndingScreen(self.ctx, session))

    def after_story(self, session: PlaySession) -> None:
        from game.ui.screens.closing import DebriefScreen
        run_hooks(self.ctx, self.ctx.hooks.after_story, session,
                  lambda: self.ctx.set_screen(DebriefScreen(self.ctx, session)))

    def debrief_done(self, session: PlaySession) -> None:
        self.ctx.session = None
        release_after_play()  # the play's screens and surfaces, now, not whenever the collector gets round to it
        if self.ctx.autoplay:
            self.quit(0)
        elif self.ctx.kiosk and self.kiosk_narrative is not None:
            self.open_notes(self.kiosk_narrative)  # the next student
        else:
            self.open_title()
