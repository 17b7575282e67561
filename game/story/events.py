"""The events the story runner emits; players (window, terminal, tools) present them and nothing else.

Every event is a frozen, slotted dataclass. Player-visible text always comes with a stable `string_id` so a
translation table can replace it later.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union


@dataclass(frozen=True, slots=True)
class SceneEntered:
    scene_id: str
    title: str
    background: str | None  # path relative to assets/, or None for a generated backdrop
    mood: str | None  # a colour hint for generated backdrops ("calm", "tense", ...)
    ambient: str | None = None  # an OGG under assets/ looped quietly under the scene, or None
    ambient_caption: str | None = None


@dataclass(frozen=True, slots=True)
class BeatEntered:
    scene_id: str
    beat_id: str  # local id; the full id is f"{scene_id}.{beat_id}"


@dataclass(frozen=True, slots=True)
class Line:
    """Narration (speaker None) or dialogue."""
    string_id: str
    text: str
    speaker_id: str | None
    speaker: str | None  # display name
    runs: tuple[tuple[str, str], ...] | None = None  # emphasis: (text, "" | "i" | "b" | "bi"); None = all plain
    slow: bool = False  # the writer asked for this line to be shown slowly


@dataclass(frozen=True, slots=True)
class Thought:
    """The inner voice: shown differently from speech (the condition's voice)."""
    string_id: str
    text: str
    runs: tuple[tuple[str, str], ...] | None = None
    slow: bool = False


@dataclass(frozen=True, slots=True)
class StatChanged:
    stat: str
    label: str
    old: float
    new: float


@dataclass(frozen=True, slots=True)
class FlagChanged:
    flag: str
    value: bool


@dataclass(frozen=True, slots=True)
class Perception:
    """A perception effect the player renders in its own way. The story knows nothing of how."""
    effect: str  # one of PERCEPTION_EFFECTS
    intensity: float  # 0..1
    duration: float | None  # seconds; None = until the scene changes
    caption: str  # plain-language description, shown when effects are reduced
    string_id: str


@dataclass(frozen=True, slots=True)
class Pause:
    """A beat of silence before the next line. Players wait (unless text is instant); never a time limit."""
    seconds: float
    string_id: str


@dataclass(frozen=True, slots=True)
class CharacterShown:
    """A character steps on stage or changes expression."""
    character_id: str
    name: str
    expression: str
    image: str  # path under assets/
    description: str  # words for read-aloud and the terminal: what the picture shows
    side: str  # left | right
    colour: str | None


@dataclass(frozen=True, slots=True)
class CharacterHidden:
    character_id: str
    name: str


@dataclass(frozen=True, slots=True)
class SoundCue:
    """A sound effect, played once. The caption is shown when Captions are on."""
    cue_id: str
    file: str  # path under assets/
    caption: str
    string_id: str


@dataclass(frozen=True, slots=True)
class MusicCue:
    """Music starts (track set) or stops (track None), fading over `fade` seconds."""
    track_id: str | None
    file: str | None
    caption: str | None
    fade: float
    string_id: str


PERCEPTION_EFFECTS = ("vignette", "blur", "desaturate", "shake", "crowd", "heartbeat", "muffle", "intrusive")


@dataclass(frozen=True, slots=True)
class ChoiceOption:
    choice_id: str  # local id within the menu's beat
    string_id: str
    text: str
    position: int  # 1-based position as shown
    available: bool
    locked_reason: str | None  # shown (and spoken) when not available
    runs: tuple[tuple[str, str], ...] | None = None  # emphasis in the text, as in Line


@dataclass(frozen=True, slots=True)
class ChoicesOffered:
    menu_id: str  # f"{scene_id}.{beat_id}"
    options: tuple[ChoiceOption, ...]
    prompt: str | None = None  # the beat's question, with its values filled in

    @property
    def available(self) -> tuple[ChoiceOption, ...]:
        return tuple(o for o in self.options if o.available)


@dataclass(frozen=True, slots=True)
class PlacesOffered(ChoicesOffered):
    """On a map: the student walks (the window) or picks from the Places list (every player). The options are the
    zones, people and exits, by name; `Story.choose(name)` goes there, `Story.enter` / `Story.use` are walking."""
    scene_id: str = ""
    map_path: str = ""  # the .tmx, under assets/


@dataclass(frozen=True, slots=True)
class ZoneEntered:
    """The figure walked into a zone or onto an exit (`how` = "entered"), or used a zone or a person ("used")."""
    scene_id: str
    place: str
    how: Literal["entered", "used"] = "entered"


@dataclass(frozen=True, slots=True)
class PlaceLocked:
    """The figure reached an exit that is locked: the player shows (and speaks) the reason."""
    scene_id: str
    place: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class EndingReached:
    ending_id: str
    title: str
    text: str
    string_id: str
    kind: Literal["finished", "left"] = "finished"
    runs: tuple[tuple[str, str], ...] | None = None  # emphasis in the text, as in Line


StoryEvent = Union[SceneEntered, BeatEntered, Line, Thought, StatChanged, FlagChanged, Perception, ChoicesOffered,
                   EndingReached, Pause, CharacterShown, CharacterHidden, SoundCue, MusicCue,
                   ZoneEntered, PlaceLocked]
