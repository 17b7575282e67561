"""What `vantage test` measures: exhaustive and random playthroughs through the real runner (game.story), in the
spirit of ChoiceScript's quicktest and randomtest, and the narrative's own teaching assertions (`tests:`).

Everything here plays the story only through `Story.start()` and `Story.choose(choice_id)`, so anything the
runner learns to do is tested without changing this module.
"""
from __future__ import annotations

import copy
import hashlib
import json
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from game.content import expr as ex
from game.content.model import Narrative
from game.story import Story
from game.story.events import BeatEntered, ChoicesOffered, EndingReached, Line, Thought
from game.story.runner import StoryError

WORDS_PER_MINUTE = 200  # a typical silent reading speed for on-screen text at 13+; `--wpm` changes it
MAX_CHOICES_PER_RUN = 500  # a random run still going after this many choices is reported as never ending
MAX_QUICK_STATES = 50_000  # distinct states the quick test explores before it says it stopped early (memory)


# -- the parts of a story a test can cover ------------------------------------------------------------------------

STAGE_DIRECTIONS = ("show", "hide")  # a character steps on or off: not a line, and its event carries no line id


def all_lines(n: Narrative) -> dict[str, str]:
    """string_id -> the beat it belongs to, for every line (beat lines and lines after a choice)."""
    out: dict[str, str] = {}
    for full, beat in n.beats.items():
        for ln in list(beat.lines) + [ln for c in beat.choices for ln in c.lines]:
            if ln.kind not in STAGE_DIRECTIONS:
                out[ln.string_id] = full
    return out


def all_choices(n: Narrative) -> list[str]:
    """Every choice as `scene.beat.choice`, in file order."""
    return [f"{full}.{c.id}" for full, beat in n.beats.items() for c in beat.choices]


@dataclass
class Coverage:
    beats: set[str] = field(default_factory=set)
    lines: set[str] = field(default_factory=set)
    taken: dict[str, int] = field(default_factory=dict)  # scene.beat.choice -> times taken
    offered: dict[str, int] = field(default_factory=dict)  # times shown (locked or not)
    unlocked: dict[str, int] = field(default_factory=dict)  # times shown and available

    def see(self, events: list) -> int:
        """Record what these events show; return how many words they put on screen."""
        words = 0
        for e in events:
            t = type(e)
            if t is Line or t is Thought:
                self.lines.add(e.string_id)
                words += _words(e.text)
            elif t is BeatEntered:
                self.beats.add(f"{e.scene_id}.{e.beat_id}")
            elif isinstance(e, ChoicesOffered):  # menus, and a map's Places list
                menu = e.menu_id
                for o in e.options:
                    key = f"{menu}.{o.choice_id}"
                    self.offered[key] = self.offered.get(key, 0) + 1
                    words += _words(o.text)
                    if o.available:
                        self.unlocked[key] = self.unlocked.get(key, 0) + 1
            elif t is EndingReached:
                words += _words(e.text)
            else:  # perceptions, pauses, sound and music cues, and any step the runner learns to emit: a line too
                sid = getattr(e, "string_id", None)
                if sid is not None:
                    self.lines.add(sid)
        return words

    def take(self, menu: str, choice_id: str) -> None:
        key = f"{menu}.{choice_id}"
        self.taken[key] = self.taken.get(key, 0) + 1

    def uncovered(self, n: Narrative) -> dict[str, list[str]]:
        return {"beats": [b for b in n.beats if b not in self.beats],
                "lines": [ln for ln in all_lines(n) if ln not in self.lines],
                "choices": [c for c in all_choices(n) if c not in self.taken]}

    def never_unlockable(self, n: Narrative) -> list[str]:
        """Choices shown at least once but locked every time they were shown."""
        return [c for c in all_choices(n) if self.offered.get(c) and not self.unlocked.get(c)]


_WORDS: dict[str, int] = {}


def _words(text: str) -> int:
    n = _WORDS.get(text)
    if n is None:
        n = _WORDS[text] = len(text.split())
    return n


# -- quick: every choice in every distinct state ------------------------------------------------------------------

@dataclass
class QuickResult:
    states: int
    complete: bool  # False when MAX_QUICK_STATES stopped the search
    endings: list[str]
    coverage: Coverage
    problems: list[str]  # a menu with nothing to choose, a flow that runs out (what `check` could not prove)


def _visit_caps(n: Narrative) -> dict[str, int]:
    """beat -> the visit count above which no condition can tell counts apart (visited() compared with k: k+1)."""
    caps: dict[str, int] = {}
    sources: list[tuple[str, str]] = []
    for beat in n.beats.values():
        for ln in beat.lines:
            if ln.cond is not None:
                sources.append((ln.cond.source, beat.scene))
        for c in beat.choices:
            for e in (c.cond, c.requires):
                if e is not None:
                    sources.append((e.source, beat.scene))
            sources.extend((ln.cond.source, beat.scene) for ln in c.lines if ln.cond is not None)
            sources.extend((f.source.split("=", 1)[-1], beat.scene) for f in c.effects)
        for br in beat.branch:
            if br.cond is not None:
                sources.append((br.cond.source, beat.scene))
        sources.extend((f.source.split("=", 1)[-1], beat.scene) for f in beat.effects)
    for src, scene in sources:
        try:
            tree = ex.parse(src)
        except ex.ExprError:
            continue
        consts = ex.constants_in(tree)
        for name in ex.names_in(tree):
            if name.startswith("visited:"):
                ref = name[8:]
                full = ref if "." in ref else f"{scene}.{ref}"
                top = max([int(c) for c in consts.get(name, ())] + [1])
                caps[full] = max(caps.get(full, 0), top + 1)
    return caps


def _state_key(story: Story, caps: dict[str, int]) -> bytes:
    """What makes two states play differently from here on: the save, without the random counter (it only picks
    wording variants) and with visit counts kept only where a condition can tell them apart."""
    data = json.loads(story.save())
    data.pop("counter", None)
    data["visits"] = {b: min(v, caps[b]) for b, v in data.get("visits", {}).items() if b in caps}
    return hashlib.blake2b(json.dumps(data, sort_keys=True).encode(), digest_size=16).digest()  # 16 bytes a state


def _fork(story: Story) -> Story:
    """An independent copy of a story in play (containers copied; the narrative shared)."""
    new = copy.copy(story)
    for k, v in vars(new).items():
        if isinstance(v, (dict, set, list)):
            setattr(new, k, type(v)(v))
    return new


def quick(n: Narrative, seed: int = 0, max_states: int = MAX_QUICK_STATES) -> QuickResult:
    cov = Coverage()
    caps = _visit_caps(n)
    problems: list[str] = []
    endings: set[str] = set()
    first = Story(n, seed)
    try:
        cov.see(first.start())
    except StoryError as exc:
        return QuickResult(1, True, [], cov, [f"at the start: {exc}"])
    seen = {_state_key(first, caps)}
    stack = [first]
    complete = True
    while stack:
        story = stack.pop()
        if story.ending is not None:
            endings.add(story.ending.ending_id)
            continue
        menu = story.menu
        for option in menu.options:
            if not option.available:
                continue
            nxt = _fork(story)
            cov.take(menu.menu_id, option.choice_id)
            try:
                cov.see(nxt.choose(option.choice_id))
            except StoryError as exc:
                problems.append(f"after `{menu.menu_id}.{option.choice_id}`: {exc}")
                continue
            key = _state_key(nxt, caps)
            if key in seen:
                continue
            if len(seen) >= max_states:
                complete = False
                continue
            seen.add(key)
            stack.append(nxt)
    return QuickResult(len(seen), complete, sorted(endings), cov, sorted(set(problems)))


# -- random: N seeded playthroughs --------------------------------------------------------------------------------

@dataclass
class RandomResult:
    runs: int
    seed: int
    endings: dict[str, int]  # ending id -> runs ("(no ending)" for runs stopped after MAX_CHOICES_PER_RUN)
    words: list[int]  # per run
    beat_runs: dict[str, int]  # beat -> runs that visited it at least once
    final_stats: dict[str, list[float]]  # stat -> value at the end of each run
    coverage: Coverage
    problems: list[str]
    seconds: float


def random_runs(n: Narrative, runs: int = 10_000, seed: int = 1,
                progress: Callable[[int, int], None] | None = None) -> RandomResult:
    """`runs` playthroughs choosing uniformly among the unlocked choices. Run i uses story seed `seed + i`, so
    any one run can be replayed."""
    rng = random.Random(seed)
    cov = Coverage()
    endings: dict[str, int] = {}
    words: list[int] = []
    beat_runs: dict[str, int] = {}
    finals: dict[str, list[float]] = {s: [] for s in n.stats}
    problems: set[str] = set()
    t0 = time.perf_counter()
    see, take, choice = cov.see, cov.take, rng.choice
    for i in range(runs):
        story = Story(n, seed + i)
        try:
            w = see(story.start())
            steps = 0
            while story.ending is None and steps < MAX_CHOICES_PER_RUN:
                menu = story.menu
                picked = choice([o for o in menu.options if o.available]).choice_id
                take(menu.menu_id, picked)
                w += see(story.choose(picked))
                steps += 1
            ending = story.ending.ending_id if story.ending is not None else "(no ending)"
        except StoryError as exc:
            problems.add(f"run {i} (seed {seed + i}): {exc}")
            ending = "(stuck)"
            w = 0
        endings[ending] = endings.get(ending, 0) + 1
        words.append(w)
        for b in story.visits:
            beat_runs[b] = beat_runs.get(b, 0) + 1
        for s in finals:
            finals[s].append(story.values[s])
        if progress is not None and (i + 1) % 500 == 0:
            progress(i + 1, runs)
    return RandomResult(runs, seed, endings, words, beat_runs, finals, cov, sorted(problems)[:20],
                        time.perf_counter() - t0)


def minutes(words: list[int], wpm: float) -> dict[str, float]:
    if not words:
        return {"min": 0.0, "median": 0.0, "max": 0.0}
    return {"min": round(min(words) / wpm, 1), "median": round(statistics.median(words) / wpm, 1),
            "max": round(max(words) / wpm, 1)}


# -- teaching assertions (`tests:` in the narrative) --------------------------------------------------------------

@dataclass(frozen=True)
class AssertionResult:
    text: str  # the assertion in words
    passed: bool
    figure: str  # what was measured


def check_assertions(n: Narrative, r: RandomResult, wpm: float) -> list[AssertionResult]:
    out: list[AssertionResult] = []
    total = max(1, r.runs)
    for t in n.extra.get("tests", ()):
        pct = float(t.get("min_percent", 0))
        if "max_minutes" in t:
            longest = max(r.words, default=0) / wpm
            out.append(AssertionResult(f"no path longer than {t['max_minutes']} minutes",
                                       longest <= float(t["max_minutes"]),
                                       f"the longest of {r.runs} random games takes {longest:.1f} minutes at "
                                       f"{wpm:g} words a minute"))
        elif "ending" in t:
            share = 100 * r.endings.get(t["ending"], 0) / total
            out.append(AssertionResult(f"ending `{t['ending']}` in at least {pct:g}% of runs", share >= pct,
                                       f"reached in {share:.1f}% of {r.runs} runs"))
        elif "beat" in t:
            share = 100 * r.beat_runs.get(t["beat"], 0) / total
            out.append(AssertionResult(f"beat `{t['beat']}` seen in at least {pct:g}% of runs", share >= pct,
                                       f"seen in {share:.1f}% of {r.runs} runs"))
        elif "stat" in t and "range" in t:
            lo, hi = t["range"]
            values = r.final_stats.get(t["stat"], [])
            share = 100 * sum(1 for v in values if lo <= v <= hi) / total
            out.append(AssertionResult(f"`{t['stat']}` ends between {lo:g} and {hi:g} in at least {pct:g}% of runs",
                                       share >= pct, f"it did in {share:.1f}% of {r.runs} runs"))
    return out
