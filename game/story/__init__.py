"""The story runner: events in, choice ids back. No pygame, no files, no clock."""
from .events import (BeatEntered, ChoiceOption, ChoicesOffered, EndingReached, FlagChanged, Line, Perception,
                     PERCEPTION_EFFECTS, SceneEntered, StatChanged, StoryEvent, Thought)
from .runner import Story, StoryError

__all__ = ["BeatEntered", "ChoiceOption", "ChoicesOffered", "EndingReached", "FlagChanged", "Line", "Perception",
           "PERCEPTION_EFFECTS", "SceneEntered", "StatChanged", "StoryEvent", "Story", "StoryError", "Thought"]
