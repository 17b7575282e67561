"""A tiny story runner with the real runner's API, so telemetry is tested without the story core's content."""
from __future__ import annotations

from dataclasses import dataclass, field

from game.story.events import (BeatEntered, ChoiceOption, ChoicesOffered, EndingReached, Line, SceneEntered,
                               Thought)


class FakeStoryError(Exception):
    pass


@dataclass(frozen=True)
class FakeNarrative:
    id: str = "fake-bus"
    version: str = "1"
    content_hash: str = "0123abcd"
    questionnaires: dict = field(default_factory=lambda: {"pre": "attitudes-short", "post": "attitudes-short"})


# beat -> (scene, lines, options[(choice_id, text, available, next_beat)] or ending_id)
BEATS = {
    "wake": ("home", ["You wake up. My name is Sam."], [("get-up", "Get up", True, "door"),
                                                         ("stay", "Stay in bed", True, "bed"),
                                                         ("call", "Call a friend", False, None)]),
    "bed": ("home", ["Five more minutes."], [("get-up", "Get up now", True, "door")]),
    "door": ("bus", ["The bus is full."], [("board", "Get on", True, "seat"),
                                           ("wait", "Wait for the next one", True, "end-late"),
                                           ("run", "Run away", False, None)]),
    "seat": ("bus", ["You find a seat."], "made-it"),
    "end-late": ("bus", ["You are late."], "late"),
}


class FakeStory:
    def __init__(self, narrative, seed: int = 0):
        self.narrative = narrative
        self.menu = None
        self.ending = None
        self.scene = None

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def _enter(self, beat: str) -> list:
        scene, lines, rest = BEATS[beat]
        out = []
        if scene != self.scene:
            self.scene = scene
            out.append(SceneEntered(scene, scene.title(), None, "calm"))
        out.append(BeatEntered(scene, beat))
        out += [Line(f"{scene}.{beat}.l{i}", t, None, None) for i, t in enumerate(lines)]
        out.append(Thought(f"{scene}.{beat}.t", "Everyone is looking at me."))
        if isinstance(rest, str):
            self.menu = None
            self.ending = EndingReached(rest, rest.title(), "The end.", f"ending.{rest}")
            out.append(self.ending)
        else:
            self.menu = ChoicesOffered(f"{scene}.{beat}", tuple(
                ChoiceOption(cid, f"{scene}.{beat}.{cid}", text, i + 1, ok, None if ok else "Too much right now")
                for i, (cid, text, ok, _nxt) in enumerate(rest)))
            self._targets = {cid: nxt for cid, _t, ok, nxt in rest if ok}
            out.append(self.menu)
        return out

    def start(self) -> list:
        return self._enter("wake")

    def choose(self, choice_id: str) -> list:
        if self.menu is None or choice_id not in self._targets:
            raise FakeStoryError(f"no available choice {choice_id!r}")
        return self._enter(self._targets[choice_id])

    def leave(self) -> EndingReached:
        self.menu = None
        self.ending = EndingReached("left", "You left", "You left early.", "ending.left", "left")
        return self.ending
