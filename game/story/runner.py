"""The story runner: pure, deterministic and serialisable, in the spirit of ink's Story/StoryState.

`Story(narrative, seed)`; `start()` and `choose(choice_id)` return the events up to the next menu or ending.
No pygame, no files, no clock: the same content, seed and choices always give the same events.
"""
from __future__ import annotations

import json
from typing import Any

from ..i18n import _
from ..content.map_schema import HUB_BEAT
from ..content.model import BeatDef, ChoiceDef, LineDef, Narrative
from . import places
from .events import (BeatEntered, ChoiceOption, ChoicesOffered, EndingReached, FlagChanged, Line, Perception,
                     SceneEntered, StatChanged, StoryEvent, Thought)
from .stage import Stage
from .textrun import TextResolver

SAVE_FORMAT = "vantage-save"
SAVE_VERSION = 1
MAX_STEPS_WITHOUT_CHOICE = 10_000
MAX_CALL_DEPTH = 100  # subroutines inside subroutines: far beyond a real story, and a recursion stops with a message
_MASK = (1 << 64) - 1


class StoryError(Exception):
    """A request the story cannot honour (a locked or absent choice, a broken save). The message is for people."""


def _mix(seed: int, counter: int) -> int:
    """splitmix64 of (seed, counter): a repeatable random number that needs no state beyond a counter."""
    z = (seed * 0x9E3779B97F4A7C15 + counter * 0xBF58476D1CE4E5B9 + 0x94D049BB133111EB) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def playtest_problem(narrative: Narrative, at: str | None, overrides: dict[str, Any]) -> tuple[str, str, str] | None:
    """Why a playtest start (`scene.beat` or a scene, and stat/flag values) does not fit this story, as
    (what: "start" or "set", the name, the reason), or None when it fits."""
    for name, value in overrides.items():
        if name not in narrative.stats and name not in narrative.flags:
            known = ", ".join(list(narrative.stats) + list(narrative.flags))
            return "set", name, f"not a stat or flag of this story (known: {known})"
        if (name in narrative.flags) != isinstance(value, bool) or not isinstance(value, (bool, int, float)):
            want = "true or false (it is a flag)" if name in narrative.flags else "a number (it is a stat)"
            return "set", name, f"give {want}, not `{str(value).lower()}`"
    if at is not None and at not in narrative.beats and not (at in narrative.scenes and narrative.scenes[at].beats):
        return "start", at, "there is no beat there (write scene.beat)"
    return None


class Story:
    def __init__(self, narrative: Narrative, seed: int = 0):
        self.narrative = narrative
        self.seed = int(seed) & _MASK
        self.counter = 0
        self.values: dict[str, Any] = {k: s.start for k, s in narrative.stats.items()}
        self.values.update({k: f.start for k, f in narrative.flags.items()})
        if narrative.words:
            self.values.update({k: w.start for k, w in narrative.words.items()})
        self.visits: dict[str, int] = {}
        self.once_taken: set[str] = set()
        self.beat: str | None = None
        self.scene: str | None = None
        self.menu: ChoicesOffered | None = None
        self.ending: EndingReached | None = None
        self._choices: dict[str, ChoiceDef] = {}
        self.calls: list[str] = []  # where each running subroutine returns to (full beat ids)
        self.alts: dict[str, int] = {}  # per-visit alternatives in texts: how often each was shown
        # immutable events that never change for this narrative (a plain line, a beat entered), made once: the
        # cache lives with the narrative, so an edited and reloaded story never sees another version's events
        self._cache: dict = narrative.extra.setdefault("event_cache", {})
        self.stage = Stage(narrative, self._cache)  # who is on stage with which face, and the music
        self.text = TextResolver(self)
        # where the figure stands on the current map, in map pixels: set by the window, kept in saves so a resumed
        # game puts the student back where they were. The story never reads it.
        self.map_position: tuple[float, float] | None = None

    # -- queries -----------------------------------------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.ending is not None

    def stat(self, name: str) -> Any:
        return self.values[name]

    def flag(self, name: str) -> bool:
        return self.values[name]

    def debrief_prompts(self) -> tuple[str, ...]:
        """The debrief's discussion prompts that fit this play, chosen by the state now (at the end of the play):
        `ending` in a prompt's `when` is the ending reached, or "" when the student left before one."""
        ending = self.ending.ending_id if self.ending is not None and self.ending.kind != "left" else ""
        return self.narrative.debrief.prompts_for(self.values, self.visits, ending)

    # -- playing -----------------------------------------------------------------------------------------------
    def start(self, at: str | None = None, overrides: dict[str, Any] | None = None) -> list[StoryEvent]:
        """Begin at the narrative's start (or `scene.beat` for playtesting, with stat/flag overrides)."""
        if self.beat is not None:
            raise StoryError("this story has already started")
        n = self.narrative
        problem = playtest_problem(n, at, overrides or {})
        if problem is not None:
            raise StoryError(f"`{problem[1]}`: {problem[2]}")
        target = n.start
        if at is not None:
            target = at if at in n.beats else n.scenes[at].beats[0]
        for name, value in (overrides or {}).items():
            st = n.stats.get(name)
            self.values[name] = value if st is None else min(st.max, max(st.min, value))
        events: list[StoryEvent] = []
        self._run(target, events)
        return events

    def choose(self, choice_id: str) -> list[StoryEvent]:
        if self.ending is not None:
            raise StoryError("the story has ended: there is nothing to choose")
        if self.menu is None:
            raise StoryError("the story has not started")
        option = next((o for o in self.menu.options if o.choice_id == choice_id), None)
        if option is None:
            offered = ", ".join(o.choice_id for o in self.menu.options)
            raise StoryError(f"there is no choice `{choice_id}` here (choices: {offered})")
        if not option.available:
            raise StoryError(f"choice `{choice_id}` is locked: {option.locked_reason}")
        choice = self._choices[choice_id]
        events: list[StoryEvent] = []
        self.menu = None
        if choice.once:
            self.once_taken.add(f"{self.beat}.{choice_id}")
        self._apply(choice.effects, events)
        self._lines(choice.lines, events)
        if choice.ending:
            self._end(choice.ending, events)
        elif choice.call:
            self._push(choice.goto)
            self._run(choice.call, events)
        else:
            self._run(choice.goto, events)
        return events

    def enter(self, place: str) -> list[StoryEvent]:
        """On a map: the figure walked into zone or exit `place` (see game.story.places)."""
        return places.enter(self, place)

    def use(self, place: str) -> list[StoryEvent]:
        """On a map: Enter/Space in zone `place` or beside person `place`."""
        return places.use(self, place)

    @property
    def walk_slowed(self) -> bool:
        return places.walk_slowed(self)

    def leave(self) -> EndingReached:
        """The player left early: the story ends here (the player goes to the debrief)."""
        if self.ending is None:
            self.menu = None
            self.ending = EndingReached("left", _("You left the story"), _("You can come back to it any time."),
                                        "ending.left", "left")
        return self.ending

    # -- internals ---------------------------------------------------------------------------------------------
    def _rand(self, n: int) -> int:
        self.counter += 1
        return _mix(self.seed, self.counter) % n

    def _run(self, beat_id: str, events: list[StoryEvent]) -> None:
        n = self.narrative
        values, visits = self.values, self.visits
        cache = self._cache
        for _step in range(MAX_STEPS_WITHOUT_CHOICE):
            beat: BeatDef = n.beats[beat_id]
            self.beat = beat_id
            if beat.scene != self.scene and not n.scenes[beat.scene].shared:
                self.scene = beat.scene
                events.append(self.stage.enter_scene(n.scenes[beat.scene]))
            visits[beat_id] = visits.get(beat_id, 0) + 1
            entered = cache.get(beat_id)
            if entered is None:
                entered = cache[beat_id] = BeatEntered(beat.scene, beat.id)
            events.append(entered)
            if beat.effects:
                self._apply(beat.effects, events)
            self._lines(beat.lines, events)
            if beat.choices:
                self._offer(beat, events)
                return
            if beat.call:
                self._push(beat.goto)
                beat_id = beat.call
                continue
            if beat.goto:
                beat_id = beat.goto
                continue
            if beat.returns:
                if not self.calls:
                    raise StoryError(f"beat `{beat_id}` returns, but no `call` led here (`vantage check` looks "
                                     "for this)")
                beat_id = self.calls.pop()
                continue
            if beat.ending:
                self._end(beat.ending, events)
                return
            for br in beat.branch:
                if br.cond is None or br.cond.compiled()(values, visits):
                    if br.ending:
                        self._end(br.ending, events)
                        return
                    beat_id = br.goto
                    break
            else:
                raise StoryError(f"the story ran out of road at beat `{beat_id}`")
        raise StoryError(f"the story went through {MAX_STEPS_WITHOUT_CHOICE} beats without a choice or an ending "
                         f"(last at `{beat_id}`)")

    def _push(self, back_to: str) -> None:
        if len(self.calls) >= MAX_CALL_DEPTH:
            raise StoryError(f"subroutines called each other {MAX_CALL_DEPTH} deep without returning (does one "
                             "call itself?)")
        self.calls.append(back_to)

    def _offer(self, beat: BeatDef, events: list[StoryEvent]) -> None:
        values, visits = self.values, self.visits
        options = []
        self._choices = {}
        for c in beat.choices:
            if c.once and f"{beat.full_id}.{c.id}" in self.once_taken:
                continue
            if c.cond is not None and not c.cond.compiled()(values, visits):
                continue
            available = c.requires is None or bool(c.requires.compiled()(values, visits))
            self._choices[c.id] = c
            if c.rich is None:
                key = (c.string_id, len(options), available)
                option = self._cache.get(key)
                if option is None:
                    option = self._cache[key] = ChoiceOption(c.id, c.string_id, c.text, len(options) + 1, available,
                                                             None if available else c.locked_reason)
                options.append(option)
                continue
            text, runs = self.text.resolve(c.rich, c.string_id)
            options.append(ChoiceOption(c.id, c.string_id, text, len(options) + 1, available,
                                        None if available else c.locked_reason, runs))
        if not any(o.available for o in options):
            raise StoryError(f"every choice at `{beat.full_id}` is locked or hidden: the story is stuck "
                             "(`vantage check` looks for this)")
        prompt = beat.prompt
        if beat.rich_prompt is not None:
            prompt = self.text.resolve(beat.rich_prompt, f"{beat.full_id}.prompt")[0]
        if beat.id == HUB_BEAT and places.hub_scene(self, beat.full_id) is not None:
            self.menu = places.places_menu(self, beat.full_id, tuple(options))  # walking on a map
        else:
            self.menu = ChoicesOffered(beat.full_id, tuple(options), prompt)
        events.append(self.menu)

    def _lines(self, lines: tuple[LineDef, ...], events: list[StoryEvent]) -> None:
        values, visits = self.values, self.visits
        chars = self.narrative.characters
        cache = self._cache
        for ln in lines:
            if ln.cond is not None and not ln.cond.compiled()(values, visits):
                continue
            if ln.track:  # seen("beat.line") counts lines that have their own id
                visits[ln.string_id] = visits.get(ln.string_id, 0) + 1
            kind = ln.kind
            texts = ln.texts
            if not texts:  # pause, show, hide, sound, music, stop_music
                self.stage.line(ln, events)
                continue
            pick = 0 if len(texts) == 1 else self._rand(len(texts))
            rich = ln.rich[pick] if ln.rich is not None else None
            if rich is None or rich.static:
                # the same line always reads the same: its (immutable) event is made once per narrative
                key = (ln.string_id, pick)
                event = cache.get(key)
                if event is None:
                    text, runs = (texts[pick], None) if rich is None else self.text.resolve(rich, ln.string_id)
                    event = cache[key] = self._line_event(ln, text, runs)
            else:
                text, runs = self.text.resolve(rich, ln.string_id)
                if not text:  # a `{once ...}` used up, or an `{if}` with nothing to say: no empty line
                    continue
                event = self._line_event(ln, text, runs)
            if kind == "say":
                speaker = chars[ln.speaker]
                if speaker.portraits:
                    self.stage.speaks(speaker, ln.expression, events)
            events.append(event)

    def _line_event(self, ln: LineDef, text: str, runs: Any) -> StoryEvent:
        kind = ln.kind
        if kind == "narrate":
            return Line(ln.string_id, text, None, None, runs, ln.slow)
        if kind == "say":
            return Line(ln.string_id, text, ln.speaker, self.narrative.characters[ln.speaker].name, runs, ln.slow)
        if kind == "thought":
            return Thought(ln.string_id, text, runs, ln.slow)
        p = ln.perceive
        return Perception(p.effect, p.intensity, p.duration, p.caption, ln.string_id)

    def _apply(self, effects, events: list[StoryEvent]) -> None:
        n = self.narrative
        values, visits = self.values, self.visits
        for eff in effects:
            target, op, fn = eff.compiled()
            value = fn(values, visits)
            old = values[target]
            st = n.stats.get(target)
            if target in n.words:  # a word: set, never shown as a change (there is no meter for it)
                values[target] = value
            elif st is not None:
                new = old + value if op == "+=" else old - value if op == "-=" else value
                new = st.min if new < st.min else st.max if new > st.max else new
                if new != old:
                    values[target] = new
                    events.append(StatChanged(target, st.label, old, new))
            else:
                new = bool(value)
                if new != old:
                    values[target] = new
                    events.append(FlagChanged(target, new))

    def _end(self, ending_id: str, events: list[StoryEvent]) -> None:
        e = self.narrative.endings[ending_id]
        self.menu = None
        text, runs = (e.text, None) if e.rich is None else self.text.resolve(e.rich, f"ending.{e.id}")
        self.ending = EndingReached(e.id, e.title, text, f"ending.{e.id}", "finished", runs)
        events.append(self.ending)

    # -- saving ------------------------------------------------------------------------------------------------
    def save(self) -> str:
        if self.beat is None:
            raise StoryError("nothing to save: the story has not started")
        return json.dumps({
            "format": SAVE_FORMAT, "version": SAVE_VERSION, "narrative": self.narrative.id,
            "narrative_version": self.narrative.version, "content_hash": self.narrative.content_hash,
            "seed": self.seed, "counter": self.counter, "beat": self.beat, "scene": self.scene,
            "values": self.values, "visits": self.visits, "once": sorted(self.once_taken),
            "ending": None if self.ending is None else [self.ending.ending_id, self.ending.kind],
            "calls": self.calls, "alts": self.alts, "stage": self.stage.to_json(),
            **({"map_position": list(self.map_position)} if self.map_position is not None else {}),
        }, sort_keys=True)

    @classmethod
    def load(cls, narrative: Narrative, text: str | bytes) -> "Story":
        """A story resumed from `save()`. Saves refer to ids, so they survive edits that keep the beat."""
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise StoryError(f"the save is damaged (not JSON: {exc})") from None
        if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
            raise StoryError("this is not a Vantage save")
        version = data.get("version")
        if not isinstance(version, int) or version > SAVE_VERSION or version < 1:
            raise StoryError(f"this save has format version {version!r}; this Vantage reads version "
                             f"{SAVE_VERSION} and older")
        data = migrate_save(data)
        if data.get("narrative") != narrative.id:
            raise StoryError(f"this save belongs to `{data.get('narrative')}`, not `{narrative.id}`")
        try:
            story = cls(narrative, int(data["seed"]))
            story.counter = int(data["counter"])
            beat = data["beat"]
            if not isinstance(beat, str) or beat not in narrative.beats:
                raise StoryError(f"the story has changed since this save: beat `{beat}` no longer exists")
            story.beat = beat
            story.scene = narrative.beats[beat].scene
            if narrative.scenes[story.scene].shared and data.get("scene") in narrative.scenes:
                story.scene = data["scene"]  # inside a subroutine of a shared scene: the caller's scene stays
            for name, value in dict(data["values"]).items():
                if name in narrative.stats and isinstance(value, (int, float)) and not isinstance(value, bool):
                    st = narrative.stats[name]
                    story.values[name] = min(st.max, max(st.min, value))
                elif name in narrative.flags and isinstance(value, bool):
                    story.values[name] = value
                elif name in narrative.words and value in narrative.words[name].words:
                    story.values[name] = value
            story.visits = {str(k): int(v) for k, v in dict(data["visits"]).items()}
            story.once_taken = {str(x) for x in data["once"]}
            # storytelling state (absent from saves made before it existed: an empty stack, fresh counters)
            calls = data.get("calls", [])
            if not isinstance(calls, list) or not all(isinstance(c, str) and c in narrative.beats for c in calls):
                raise StoryError("the story has changed since this save: a subroutine's return point is gone")
            story.calls = calls[:MAX_CALL_DEPTH]
            story.alts.update({str(k): int(v) for k, v in dict(data.get("alts", {})).items()})
            story.stage.from_json(data.get("stage"))
            pos = data.get("map_position")  # optional: only saves made on a map have it
            if pos is not None:
                x, y = (float(v) for v in pos)
                if not (abs(x) < 1e7 and abs(y) < 1e7):  # also refuses nan and inf
                    raise ValueError(f"map_position {pos!r} is not a place on a map")
                story.map_position = (x, y)
            ending = data.get("ending")
            if ending is not None and not (isinstance(ending, list) and len(ending) == 2
                                           and all(isinstance(x, str) for x in ending)):
                raise ValueError(f"ending should be [id, kind], not {ending!r}")
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise StoryError(f"the save is damaged ({type(exc).__name__}: {exc})") from None
        if ending:
            eid, kind = ending
            if kind == "left":
                story.leave()
            elif eid in narrative.endings:
                story._end(eid, [])
            else:
                raise StoryError(f"the story has changed since this save: ending `{eid}` no longer exists")
        else:
            beat_def = narrative.beats[story.beat]
            if not beat_def.choices:
                raise StoryError(f"the story has changed since this save: `{story.beat}` no longer has choices")
            counter, alts = story.counter, dict(story.alts)
            story._offer(beat_def, [])
            story.counter = counter  # re-offering the menu must not move alternatives on: the save is as it was
            story.alts.clear()
            story.alts.update(alts)
        return story

    def resume_events(self) -> list[StoryEvent]:
        """What a player needs to redraw the screen after `load`: the scene and the current menu or ending."""
        if self.scene is None:
            raise StoryError("the story has not started: call start() first")
        sc = self.narrative.scenes[self.scene]
        events: list[StoryEvent] = [self.stage.scene_event(sc)]
        events.extend(self.stage.resume_events())
        events.append(self.ending if self.ending is not None else self.menu)
        return events


def migrate_save(data: dict) -> dict:
    """Brings an older save up to SAVE_VERSION, one version at a time (only version 1 exists so far)."""
    return data
