"""The stage as the story knows it: which characters stand there with which expression, and which music plays.
Turns stage lines (show, hide, pause, sound, music, stop_music) into events. Pure data, no pygame.
"""
from __future__ import annotations

from typing import Any

from ..content.model import Character, LineDef, Narrative, SceneDef
from .events import CharacterHidden, CharacterShown, MusicCue, Pause, SceneEntered, SoundCue, StoryEvent


class Stage:
    __slots__ = ("narrative", "on", "music", "cache")

    def __init__(self, narrative: Narrative, cache: dict | None = None):
        self.narrative = narrative
        self.cache = {} if cache is None else cache  # immutable events made once per narrative
        self.on: dict[str, str] = {}  # character id -> expression, in the order they came on
        self.music: tuple[str, float] | None = None  # (track id, fade)

    # -- scenes --------------------------------------------------------------------------------------------------
    def scene_event(self, sc: SceneDef) -> SceneEntered:
        key = ("scene", sc.id)
        event = self.cache.get(key)
        if event is None:
            cue = self.narrative.sounds.get(sc.ambient) if sc.ambient else None
            event = self.cache[key] = SceneEntered(sc.id, sc.title, sc.background, sc.mood,
                                                   cue.file if cue else None, cue.caption if cue else None)
        return event

    def enter_scene(self, sc: SceneDef) -> SceneEntered:
        """A new scene starts with an empty stage (players clear theirs on SceneEntered); the music plays on."""
        self.on.clear()
        return self.scene_event(sc)

    # -- characters ----------------------------------------------------------------------------------------------
    def _show(self, char: Character, expression: str | None, events: list[StoryEvent]) -> None:
        expression = expression or self.on.get(char.id)
        portrait = char.portrait(expression)
        if portrait is None:
            return
        if self.on.get(char.id) == portrait.expression:
            return  # already there with that face: nothing changes on screen
        self.on[char.id] = portrait.expression
        key = ("show", char.id, portrait.expression)
        event = self.cache.get(key)
        if event is None:
            event = self.cache[key] = CharacterShown(char.id, char.name, portrait.expression, portrait.image,
                                                     portrait.description, char.side, char.colour)
        events.append(event)

    def speaks(self, char: Character, expression: str | None, events: list[StoryEvent]) -> None:
        """A speaker with portraits steps on stage if they are not there, and changes face if asked."""
        self._show(char, expression, events)

    def line(self, ln: LineDef, events: list[StoryEvent]) -> None:
        n = self.narrative
        kind = ln.kind
        if kind in ("pause", "sound"):  # the same event every time
            event = self.cache.get(ln.string_id)
            if event is None:
                cue = n.sounds.get(ln.target) if kind == "sound" else None
                event = self.cache[ln.string_id] = (Pause(ln.seconds, ln.string_id) if cue is None else
                                                    SoundCue(cue.id, cue.file, cue.caption, ln.string_id))
            events.append(event)
        elif kind == "pause":
            events.append(Pause(ln.seconds, ln.string_id))
        elif kind == "show":
            self._show(n.characters[ln.target], ln.expression, events)
        elif kind == "hide":
            if self.on.pop(ln.target, None) is not None:
                events.append(CharacterHidden(ln.target, n.characters[ln.target].name))
        elif kind == "sound":
            cue = n.sounds[ln.target]
            events.append(SoundCue(cue.id, cue.file, cue.caption, ln.string_id))
        elif kind == "music":
            cue = n.sounds[ln.target]
            self.music = (cue.id, ln.seconds)
            events.append(MusicCue(cue.id, cue.file, cue.caption, ln.seconds, ln.string_id))
        elif kind == "stop_music":
            if self.music is not None:
                self.music = None
                events.append(MusicCue(None, None, None, ln.seconds, ln.string_id))
        else:
            raise AssertionError(kind)

    # -- saving --------------------------------------------------------------------------------------------------
    def resume_events(self) -> list[StoryEvent]:
        """What a player needs to redraw the stage after a load: the characters and the music."""
        n = self.narrative
        out: list[StoryEvent] = []
        for cid, expression in self.on.items():
            char = n.characters[cid]
            p = char.portrait(expression)
            out.append(CharacterShown(cid, char.name, p.expression, p.image, p.description, char.side, char.colour))
        if self.music is not None:
            cue = n.sounds[self.music[0]]
            out.append(MusicCue(cue.id, cue.file, cue.caption, self.music[1], "resume"))
        return out

    def to_json(self) -> dict:
        return {"on": [[k, v] for k, v in self.on.items()], "music": list(self.music) if self.music else None}

    def from_json(self, data: Any) -> None:
        """Restores what still fits the story (a character or face removed since the save is left off)."""
        if not isinstance(data, dict):
            return
        n = self.narrative
        for item in data.get("on") or ():
            if isinstance(item, list) and len(item) == 2 and item[0] in n.characters:
                char = n.characters[item[0]]
                if isinstance(item[1], str) and char.portrait(item[1]) is not None:
                    self.on[item[0]] = item[1]
        music = data.get("music")
        if isinstance(music, list) and len(music) == 2 and music[0] in n.sounds \
                and isinstance(music[1], (int, float)) and not isinstance(music[1], bool):
            self.music = (music[0], float(music[1]))
