"""The story runner: events in, choice ids back. No pygame, no files, no clock."""
from .events import (BeatEntered, CharacterHidden, CharacterShown, ChoiceOption, ChoicesOffered, EndingReached,
                     FlagChanged, Line, MusicCue, Pause, Perception, PERCEPTION_EFFECTS, SceneEntered, SoundCue,
                     StatChanged, StoryEvent, Thought)
from .runner import Story, StoryError

__all__ = ["BeatEntered", "CharacterHidden", "CharacterShown", "ChoiceOption", "ChoicesOffered", "EndingReached",
           "FlagChanged", "Line", "MusicCue", "Pause", "Perception", "PERCEPTION_EFFECTS", "SceneEntered",
           "SoundCue", "StatChanged", "StoryEvent", "Story", "StoryError", "Thought"]
