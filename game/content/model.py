"""The story model: immutable, validated, and free of YAML. Built by game.content.build; played by game.story.

Ids: scenes and endings are narrative-wide; beats are `scene.beat`; choices are local to their beat. Every
player-visible text has a `string_id` so that a translation table can replace it later.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .expr import Effect, Expr


@dataclass(frozen=True, slots=True)
class StatDef:
    id: str
    label: str
    min: float
    max: float
    start: float
    show: str  # meter | pips | number | hidden


@dataclass(frozen=True, slots=True)
class FlagDef:
    id: str
    start: bool


@dataclass(frozen=True, slots=True)
class Portrait:
    """One expression of a character: an image under assets/ and the words read-aloud and the terminal use."""
    expression: str
    image: str
    description: str


@dataclass(frozen=True, slots=True)
class Character:
    id: str
    name: str
    colour: str | None = None  # "#rrggbb" for the name; always paired with a non-colour cue on screen
    side: str = "left"  # where the portrait stands: left | right
    portraits: tuple[Portrait, ...] = ()  # the first is the default expression

    def portrait(self, expression: str | None) -> Portrait | None:
        for p in self.portraits:
            if p.expression == expression:
                return p
        return self.portraits[0] if self.portraits and expression is None else None


@dataclass(frozen=True, slots=True)
class WordDef:
    """A stat whose value is one of a declared set of words (`mood: {one_of: [calm, tense], start: calm}`)."""
    id: str
    words: tuple[str, ...]
    start: str


@dataclass(frozen=True, slots=True)
class SoundDef:
    """A sound or music cue: an OGG file under assets/ and its caption (shown when Captions are on)."""
    id: str
    file: str
    caption: str


@dataclass(frozen=True, slots=True)
class Perspective:
    character: str
    condition: str
    about: str = ""  # how to say it after the name, e.g. "who hears voices" (default: "who lives with <condition>")


@dataclass(frozen=True, slots=True)
class HelpResource:
    name: str
    contact: str
    note: str | None


@dataclass(frozen=True, slots=True)
class FactCard:
    """A myth/fact card of the debrief: the fact comes from `source` (who, and the page), checked on `checked`."""
    myth: str
    fact: str
    source: str
    checked: str


@dataclass(frozen=True, slots=True)
class DebriefPrompt:
    """A discussion prompt after the story: always shown (`when` is None), or only when `when` holds on the state at
    the end of the play, where `ending` is the id of the ending reached ("" when the student left before one)."""
    text: str
    when: Expr | None = None


@dataclass(frozen=True, slots=True)
class Debrief:
    prompts: tuple[DebriefPrompt, ...]
    help: tuple[HelpResource, ...]
    facts: tuple[FactCard, ...] = ()

    def prompts_for(self, values: dict[str, Any], visits: dict[str, int], ending: str) -> tuple[str, ...]:
        """The prompts that fit a play: its final stats, flags and words (`values`), the beats and lines it went
        through (`visits`) and the ending reached ("" for none)."""
        state = {**values, "ending": ending}
        return tuple(p.text for p in self.prompts if p.when is None or p.when.compiled()(state, visits))


@dataclass(frozen=True, slots=True)
class EndingDef:
    id: str
    title: str
    text: str
    rich: object | None = None


@dataclass(frozen=True, slots=True)
class PerceiveDef:
    effect: str
    intensity: float
    duration: float | None  # seconds; None = until the scene changes
    caption: str


@dataclass(frozen=True, slots=True)
class LineDef:
    string_id: str
    kind: str  # narrate | say | thought | perceive | pause | show | hide | sound | music | stop_music
    texts: tuple[str, ...]  # one, or variants picked by the seeded random source
    speaker: str | None
    cond: Expr | None
    perceive: PerceiveDef | None = None
    rich: tuple | None = None  # per variant: a game.content.text.Rich, or None when that variant is plain
    slow: bool = False  # shown at a slower pace
    track: bool = False  # the line has its own id: seen("beat.line") counts it
    expression: str | None = None  # say/show: the character's expression from now on
    target: str | None = None  # show/hide: a character; sound/music: a cue id
    seconds: float | None = None  # pause: its length; music/stop_music: the fade


@dataclass(frozen=True, slots=True)
class ChoiceDef:
    id: str
    string_id: str
    text: str
    cond: Expr | None  # hidden unless it holds
    requires: Expr | None  # shown but locked unless it holds
    locked_reason: str | None
    once: bool
    effects: tuple[Effect, ...]
    lines: tuple[LineDef, ...]
    goto: str | None  # full beat id
    ending: str | None
    rich: object | None = None  # the text's game.content.text.Rich when it has markup
    call: str | None = None  # a subroutine (full beat id) run before `goto`


@dataclass(frozen=True, slots=True)
class BranchDef:
    cond: Expr | None
    goto: str | None
    ending: str | None


@dataclass(frozen=True, slots=True)
class BeatDef:
    id: str
    full_id: str
    scene: str
    effects: tuple[Effect, ...]
    lines: tuple[LineDef, ...]
    prompt: str | None
    choices: tuple[ChoiceDef, ...]
    goto: str | None
    branch: tuple[BranchDef, ...]
    ending: str | None
    call: str | None = None  # run this subroutine (full beat id), then go on to `goto`
    returns: bool = False  # the end of a subroutine: go back to where it was called from
    rich_prompt: object | None = None


@dataclass(frozen=True, slots=True)
class SceneDef:
    id: str
    title: str
    background: str | None
    mood: str | None
    beats: tuple[str, ...]  # full beat ids in file order
    path: str
    ambient: str | None = None  # a sound cue id looped quietly under the scene
    shared: bool = False  # a scene of subroutines: calling into it keeps the caller's scene, picture and stage
    map: Any = None  # a game.content.places.MapScene when the scene is a walkable Tiled map


@dataclass(frozen=True)
class Narrative:
    id: str
    title: str
    version: str
    summary: str
    perspective: Perspective
    min_age: int
    minutes: int
    content_notes: tuple[str, ...]
    characters: dict[str, Character]
    stats: dict[str, StatDef]
    flags: dict[str, FlagDef]
    start: str
    scenes: dict[str, SceneDef]
    beats: dict[str, BeatDef]
    endings: dict[str, EndingDef]
    questionnaires: dict[str, str | None]
    debrief: Debrief
    content_hash: str
    path: str
    assets_root: str
    extra: dict = field(default_factory=dict, compare=False)
    words: dict[str, WordDef] = field(default_factory=dict)
    sounds: dict[str, SoundDef] = field(default_factory=dict)

    @property
    def audience(self) -> str:
        return f"{self.min_age}+"

    @property
    def folder(self) -> Path:
        return Path(self.path).parent
