"""The story runner: events in, choice ids back. No pygame, no files, no clock.

The names below are imported on first use (PEP 562): `game.story.events` alone does not load the runner and the
content loader behind it (the window's first frame and the telemetry recorder need only the events).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from game.lazy import lazy_exports

_EVENTS = ("BeatEntered", "CharacterHidden", "CharacterShown", "ChoiceOption", "ChoicesOffered", "EndingReached",
           "FlagChanged", "Line", "MusicCue", "Pause", "Perception", "PERCEPTION_EFFECTS", "SceneEntered", "SoundCue",
           "StatChanged", "StoryEvent", "Thought")
_EXPORTS = {**{name: "events" for name in _EVENTS}, "Story": "runner", "StoryError": "runner"}

if TYPE_CHECKING:  # pragma: no cover
    from .events import (PERCEPTION_EFFECTS, BeatEntered, CharacterHidden, CharacterShown, ChoiceOption,
                         ChoicesOffered, EndingReached, FlagChanged, Line, MusicCue, Pause, Perception, SceneEntered,
                         SoundCue, StatChanged, StoryEvent, Thought)
    from .runner import Story, StoryError

__all__ = ["BeatEntered", "CharacterHidden", "CharacterShown", "ChoiceOption", "ChoicesOffered", "EndingReached",
           "FlagChanged", "Line", "MusicCue", "Pause", "Perception", "PERCEPTION_EFFECTS", "SceneEntered",
           "SoundCue", "StatChanged", "StoryEvent", "Story", "StoryError", "Thought"]


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())
