"""The path of one play session through the screens, with hook points for consent and questionnaires.

    title → picker → content notes → [BEFORE_STORY hooks] → story → ending → [AFTER_STORY hooks] → debrief → title

A hook is a factory `(ctx, session, done) -> Screen | None`: it returns a screen to show (which calls `done()` when
the player has finished with it) or None to skip itself (e.g. no consent asked when resuming). Hooks run in the
order registered. Observers hear what happened in the session (telemetry): every method is optional.
Leaving the story early goes straight to the AFTER_STORY hooks (session.ending.kind == "left") and the debrief.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from game.ui.context import ScreenContext
    from game.ui.screens.base import Screen

BEFORE_STORY = "before_story"  # after the content notes: consent, the "before" questionnaire
AFTER_STORY = "after_story"  # after the ending (or leaving): the "after" questionnaire
# PlaySession.data key: a hook set it when this session has no story (a follow-up questionnaire weeks later): after
# the BEFORE_STORY hooks the student goes straight to the debrief, with its help lines
SKIP_STORY = "skip_story"
HOOK_POINTS = (BEFORE_STORY, AFTER_STORY)
# PlaySession.data keys shared by the autosave and the telemetry glue (game/ui/telemetry_screens.py):
RECORDING_KEY = "recording"  # {"session_id", "withdrawal_code"} of the play being recorded: kept in the autosave
SAVED_RECORDING_KEY = "saved_recording"  # the same, read back from the autosave when a crashed play is continued


@dataclass
class PlaySession:
    narrative: Any
    story: Any = None
    seed: int | None = None
    resumed: bool = False
    ending: Any = None  # EndingReached once the story ended (kind "finished" or "left")
    started: float = field(default_factory=time.monotonic)
    data: dict[str, Any] = field(default_factory=dict)  # room for hooks (consent given, telemetry session id, ...)


HookFactory = Callable[["ScreenContext", PlaySession, Callable[[], None]], "Screen | None"]


class SessionObserver(Protocol):  # every method optional
    def session_started(self, session: PlaySession) -> None: ...
    def story_events(self, session: PlaySession, events: list[Any]) -> None: ...
    def choice_made(self, session: PlaySession, menu: Any, option: Any, seconds: float) -> None: ...
    def locked_tried(self, session: PlaySession, menu: Any, option: Any) -> None: ...  # a locked choice picked
    def session_ended(self, session: PlaySession, how: str) -> None: ...  # finished | left | abandoned


@dataclass
class Hooks:
    before_story: list[HookFactory] = field(default_factory=list)
    after_story: list[HookFactory] = field(default_factory=list)
    observers: list[Any] = field(default_factory=list)

    def add(self, point: str, factory: HookFactory) -> None:
        if point not in HOOK_POINTS:
            raise ValueError(f"unknown hook point {point!r}; use one of {HOOK_POINTS}")
        getattr(self, point).append(factory)


def notify(hooks: Hooks, method: str, *args: Any) -> None:
    for obs in hooks.observers:
        fn = getattr(obs, method, None)
        if fn is not None:
            fn(*args)


def run_hooks(ctx: "ScreenContext", factories: list[HookFactory], session: PlaySession, then: Callable[[], None]) -> None:
    """Show each hook's screen in turn, then call `then`."""
    pending = list(factories)

    def step() -> None:
        while pending:
            factory = pending.pop(0)
            screen = factory(ctx, session, step)
            if screen is not None:
                ctx.set_screen(screen)
                return
        then()

    step()
