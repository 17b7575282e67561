"""A tiny stand-in for the story core (same API as game.story.Story) used until/alongside the real runner."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from game.story.events import (BeatEntered, ChoiceOption, ChoicesOffered, EndingReached, Line, Perception,
                               SceneEntered, StatChanged, Thought)


@dataclass(frozen=True)
class StatDef:
    id: str
    label: str
    min: float
    max: float
    start: float
    show: str


@dataclass(frozen=True)
class Perspective:
    character: str = "Sam"
    condition: str = "social anxiety"


@dataclass(frozen=True)
class HelpResource:
    name: str
    contact: str
    note: str | None = None


@dataclass(frozen=True)
class Debrief:
    prompts: tuple[str, ...] = ("What made the bus hard for Sam?", "What could a friend do?")
    help: tuple[HelpResource, ...] = (HelpResource("Childline", "0800 1111", "free, any time"),)


@dataclass(frozen=True)
class FakeNarrative:
    id: str = "fake-bus"
    title: str = "The Fake Bus"
    summary: str = "A short test story about a morning bus ride."
    minutes: int = 5
    content_notes: tuple[str, ...] = ("anxiety", "crowds")
    content_hash: str = "abc123"
    version: str = "1"
    perspective: Perspective = Perspective()
    stats: dict = field(default_factory=lambda: {
        "energy": StatDef("energy", "Energy", 0, 10, 6, "meter"),
        "anxiety": StatDef("anxiety", "Anxiety", 0, 10, 3, "pips"),
    })
    debrief: Debrief = Debrief()


class FakeStory:
    """Two menus then an ending; option 'hide' is locked; deterministic."""

    def __init__(self, narrative, seed: int = 0) -> None:
        self.narrative = narrative
        self.step = 0
        self.values = {"energy": 6.0, "anxiety": 3.0}
        self.ending = None
        self.menu = None

    def _menu(self):
        if self.step == 0:
            return ChoicesOffered("bus.stop", (
                ChoiceOption("wait", "s1", "Wait for the next bus", 1, True, None),
                ChoiceOption("get_on", "s2", "Squeeze onto the crowded bus", 2, True, None),
                ChoiceOption("hide", "s3", "Ask the driver for help", 3, False, "Too anxious to speak right now"),
                ChoiceOption("walk", "s4", "Walk to school instead", 4, True, None),
            ))
        return ChoicesOffered("bus.seat", (
            ChoiceOption("sit", "s5", "Sit by the window", 1, True, None),
            ChoiceOption("stand", "s6", "Stand near the door", 2, True, None),
        ))

    def start(self):
        self.menu = self._menu()
        return [SceneEntered("bus", "The bus stop", None, "tense"), BeatEntered("bus", "stop"),
                Line("l1", "The bus is late again.", None, None),
                Perception("vignette", 0.6, None, "The edges of everything seem to close in.", "p1"),
                Thought("t1", "Everyone will stare at me.", ),
                Line("l2", "Are you getting on or not?", "driver", "Driver"),
                self.menu]

    def choose(self, choice_id):
        if self.menu is None or choice_id not in {o.choice_id for o in self.menu.options if o.available}:
            raise ValueError(choice_id)
        self.step += 1
        if self.step == 1:
            old = self.values["anxiety"]
            self.values["anxiety"] = 5.0
            self.menu = self._menu()
            return [BeatEntered("bus", "seat"), StatChanged("anxiety", "Anxiety", old, 5.0),
                    Perception("shake", 0.5, None, "Your hands are shaking.", "p2"),
                    Line("l3", "You find a spot on the bus.", None, None), self.menu]
        self.menu = None
        self.ending = EndingReached("arrived", "You made it", "You reach school, tired but there.", "e1")
        return [Line("l4", "The doors hiss open at school.", None, None), self.ending]

    @property
    def finished(self):
        return self.ending is not None

    def stat(self, name):
        return self.values[name]

    def leave(self):
        self.ending = EndingReached("left", "You left the story", "", "e2", kind="left")
        self.menu = None
        return self.ending

    def save(self):
        return json.dumps({"format": 1, "step": self.step, "values": self.values})

    @classmethod
    def load(cls, narrative, text):
        data = json.loads(text)
        s = cls(narrative)
        s.step = data["step"]
        s.values = data["values"]
        s.menu = s._menu()
        return s

    def resume_events(self):
        return [SceneEntered("bus", "The bus stop", None, "tense"), self.menu]
