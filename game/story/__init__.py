"""The story runner: events in, choice ids back. No pygame, no files, no clock.

The names below are imported on first use (PEP 562): `game.story.events` alone does not load the runner and the
content loader behind it (the window's first frame and the telemetry recorder need only the events).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EVENTS = ("BeatEntered", "ChoiceOption", "ChoicesOffered", "EndingReached", "FlagChanged", "Line", "Perception",
           "PERCEPTION_EFFECTS", "SceneEntered", "StatChanged", "StoryEvent", "Thought")
_EXPORTS = {**{name: "events" for name in _EVENTS}, "Story": "runner", "StoryError": "runner"}

if TYPE_CHECKING:  # pragma: no cover
    from .events import (PERCEPTION_EFFECTS, BeatEntered, ChoiceOption, ChoicesOffered, EndingReached, FlagChanged,
                         Line, Perception, SceneEntered, StatChanged, StoryEvent, Thought)
    from .runner import Story, StoryError

__all__ = ["BeatEntered", "ChoiceOption", "ChoicesOffered", "EndingReached", "FlagChanged", "Line", "Perception",
           "PERCEPTION_EFFECTS", "SceneEntered", "StatChanged", "StoryEvent", "Story", "StoryError", "Thought"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
