"""Graph checks a writer cannot see by reading one file: unreachable beats, flows with no way to an ending, menus
whose choices can all be locked at once, and once-only menus that can run dry.
"""
from __future__ import annotations

import functools
import itertools
import math
import random
from typing import Iterable

from . import expr as ex
from .diagnostics import Diagnostic
from .model import BeatDef, Narrative

MAX_CALL_DEPTH = 100  # as the runner (game.story.runner.MAX_CALL_DEPTH), which content cannot import
MAX_STATES = 60_000  # steps the all-locked-menu search may take per menu before it gives up (no report)
SAMPLE_ABOVE = 20_000  # a choice whose values have more combinations than this is tried on a seeded sample

BeatMarks = dict[str, tuple[str, tuple[int, int], tuple[int, int]]]  # beat -> (path, id mark, menu mark)


def successors(beat: BeatDef) -> Iterable[str]:
    """Where a beat can lead. A `call` leads into its subroutine and (once it returns) on to the `goto`."""
    if beat.call:
        yield beat.call
    if beat.goto:
        yield beat.goto
    for c in beat.choices:
        if c.call:
            yield c.call
        if c.goto:
            yield c.goto
    for br in beat.branch:
        if br.goto:
            yield br.goto


def ends_here(beat: BeatDef) -> bool:
    return bool(beat.ending or any(c.ending for c in beat.choices) or any(b.ending for b in beat.branch))


def reachable(n: Narrative) -> set[str]:
    seen = {n.start}
    stack = [n.start]
    while stack:
        beat = n.beats.get(stack.pop())
        if beat is None:
            continue
        for nxt in successors(beat):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def analyse(n: Narrative, marks: BeatMarks) -> list[Diagnostic]:
    diags: list[Diagnostic] = []

    def add(beat_id: str, which: int, severity: str, code: str, message: str, hint: str | None = None) -> None:
        path, id_mark, menu_mark = marks.get(beat_id, (n.path, (0, 0), (0, 0)))
        mark = id_mark if which == 0 else menu_mark
        diags.append(Diagnostic(path, mark[0], mark[1], severity, code, message, hint))

    live = reachable(n)
    for full in n.beats:
        if full not in live:
            add(full, 0, "warning", "V040", f"beat `{full}` can never be reached",
                "add a `goto` or a choice that leads here, or remove it")

    # which beats can still reach an ending (walking the graph backwards from every ending); a `return` leads
    # back to the `goto` of every call into its subroutine
    preds: dict[str, list[str]] = {b: [] for b in n.beats}
    for full, beat in n.beats.items():
        for nxt in successors(beat):
            preds.setdefault(nxt, []).append(full)
    for ret, backs in subroutine_checks(n, live, add).items():
        for back in backs:
            preds.setdefault(back, []).append(ret)
    can_end = {full for full, beat in n.beats.items() if ends_here(beat)}
    stack = list(can_end)
    while stack:
        for p in preds.get(stack.pop(), ()):
            if p not in can_end:
                can_end.add(p)
                stack.append(p)
    for full in n.beats:
        beat = n.beats[full]
        if full in live and full not in can_end and (beat.choices or beat.goto or beat.branch or beat.returns):
            add(full, 0, "error", "V042", f"from beat `{full}` there is no way to any ending: the story would "
                "go round for ever", "add a choice or goto that leads on towards an ending")

    for full, beat in n.beats.items():
        if not beat.choices:
            continue
        example = all_locked_example(n, beat)
        if example is not None:
            words = ", ".join(f"{k} = {_show(v)}" for k, v in example.items()) or "always"
            add(full, 1, "error", "V043",
                f"every choice in beat `{full}` can be locked or hidden at once (e.g. when {words}): "
                "the player would be stuck", "add a choice with no condition, or loosen a condition")
        if all(c.once for c in beat.choices) and full in _on_cycle(n, full):
            add(full, 1, "warning", "V046", f"every choice in beat `{full}` is `once`, and the story can come back "
                "here: the menu can run out", "add one choice without `once`")
    return diags


def subroutine_checks(n: Narrative, live: set[str], add) -> dict[str, set[str]]:
    """Return beat -> the beats it can go back to; reports a `return` the story can reach with no `call` (V079)
    and a subroutine that never returns (V080)."""
    calls: dict[str, set[str]] = {}  # subroutine entry -> where its callers go on
    callers: dict[str, str] = {}  # subroutine entry -> one calling beat, to place V080
    for full, beat in n.beats.items():
        pairs = [(beat.call, beat.goto)] + [(c.call, c.goto) for c in beat.choices]
        for entry, back in pairs:
            if entry and back:
                calls.setdefault(entry, set()).add(back)
                callers.setdefault(entry, full)
    back_to: dict[str, set[str]] = {}
    for entry, backs in calls.items():
        region = _walk(n, entry, into_calls=False)
        returns = [b for b in region if n.beats[b].returns]
        if not returns and callers[entry] in live:
            add(callers[entry], 0, "warning", "V080", f"the subroutine `{entry}` never reaches `return: true`, so "
                f"the story never comes back from the call in `{callers[entry]}`",
                "end the subroutine with a beat that has `return: true`, or use `goto` instead of `call`")
        for r in returns:
            back_to.setdefault(r, set()).update(backs)
        for inner in sorted(region):  # a call back into itself goes one level deeper every time round
            b = n.beats[inner]
            if entry in [b.call] + [c.call for c in b.choices]:
                add(inner, 0, "warning", "V083", f"the subroutine `{entry}` calls itself from `{inner}`: every time "
                    f"round it goes one call deeper, and the story stops after {MAX_CALL_DEPTH}",
                    "go back to its start with `goto` instead of `call`")
                break
    for full in _walk(n, n.start, into_calls=False):
        if n.beats[full].returns:
            add(full, 0, "error", "V079", f"beat `{full}` returns, but the story can reach it without a `call`: "
                "there would be nowhere to return to", "reach it only through `call:`, or replace `return` with "
                "a `goto`")
    return back_to


def _walk(n: Narrative, start: str, into_calls: bool) -> set[str]:
    """Beats reachable from start; calls are stepped over (to their goto) unless into_calls."""
    seen = {start}
    stack = [start]
    while stack:
        beat = n.beats.get(stack.pop())
        if beat is None:
            continue
        nexts = [x for x in successors(beat) if into_calls or (x != beat.call and
                                                                 x not in {c.call for c in beat.choices})]
        for nxt in nexts:
            if nxt not in seen and nxt in n.beats:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _show(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _on_cycle(n: Narrative, start: str) -> set[str]:
    """{start} if start can be reached again from its own successors, else empty."""
    beat = n.beats[start]
    stack = list(successors(beat))
    seen: set[str] = set()
    while stack:
        cur = stack.pop()
        if cur == start:
            return {start}
        if cur in seen or cur not in n.beats:
            continue
        seen.add(cur)
        stack.extend(successors(n.beats[cur]))
    return set()


_parse = functools.lru_cache(maxsize=8192)(ex.parse)  # trees are immutable tuples; menus repeat conditions


def all_locked_example(n: Narrative, beat: BeatDef) -> dict | None:
    """A state in which every choice of the menu is hidden or locked, or None if there is none.

    Each name a condition reads takes the values that can change an outcome: a stat compared only with constants
    takes each constant, its neighbours and its bounds; a stat used in arithmetic takes its whole integer range
    when small (otherwise the bounds and the constants, each +-1 and +-0.5); a flag is true or false; a visit count
    0, 1, 2 and the constants +-1. Then, instead of trying every combination of every name (which cost up to 100x
    a bare parse on menus reading five names), each choice's own names are tried alone to find the states that lock
    it (a seeded sample of them when a choice reads very many values), and those are joined on the names the choices
    share, stopping at the first state that locks them all. Gives up (None: nothing reported) after MAX_STATES steps.
    """
    trees = []
    tests = []
    for c in beat.choices:
        parts = [e for e in (c.cond, c.requires) if e is not None]
        if not parts:
            return None  # an unconditional choice is always there
        trees.append([_parse(e.source) for e in parts])
        if len(parts) == 1:
            tests.append(parts[0].compiled())
        else:
            first, second = parts[0].compiled(), parts[1].compiled()
            tests.append(lambda v, c, a=first, b=second: a(v, c) and b(v, c))
    domains = _domains(n, beat, trees)
    scene = beat.scene
    budget = MAX_STATES
    # per choice: its names, and the assignments of them (as tuples) under which it is hidden or locked
    locking: list[tuple[list[str], list[tuple]]] = []
    for parts, test in zip(trees, tests):
        names = sorted({_canon(k, scene) for t in parts for k in ex.names_in(t)},
                       key=lambda k: (k.startswith("visited:"), k))
        plain = [k for k in names if not k.startswith("visited:")]
        counted = [k[8:] for k in names[len(plain):]]
        cut = len(plain)
        found = []
        values: dict = {}
        visits: dict = {}
        size = math.prod(len(domains[k]) for k in names)
        if size <= SAMPLE_ABOVE:
            combos: Iterable[tuple] = itertools.product(*(domains[k] for k in names))
        else:  # a condition over very many values: a seeded sample of them, as the search always did
            rng = random.Random(f"{beat.full_id}:{len(locking)}")
            size = SAMPLE_ABOVE
            combos = (tuple(rng.choice(domains[k]) for k in names) for _ in range(SAMPLE_ABOVE))
        budget -= size
        if budget < 0:
            return None
        for combo in combos:
            values.update(zip(plain, combo))
            if counted:
                visits.update(zip(counted, combo[cut:]))
            if not test(values, visits):
                found.append(combo)
        if not found:
            return None  # this choice can never be locked: the menu is never empty
        locking.append((names, found))
    # join choice by choice, keeping for each assignment of the names later choices still read one witness state
    later: list[set[str]] = []
    acc: set[str] = set()
    for names, _ in reversed(locking):
        later.append(set(acc))
        acc |= set(names)
    later.reverse()
    frontier: list[str] = []
    partial: dict[tuple, dict] = {(): {}}
    for (names, found), after in zip(locking, later):
        shared = [k for k in names if k in frontier]
        by_shared: dict[tuple, list[tuple]] = {}
        for combo in found:
            row = dict(zip(names, combo))
            by_shared.setdefault(tuple(row[k] for k in shared), []).append(combo)
        new_frontier = sorted((set(frontier) | set(names)) & after)
        joined: dict[tuple, dict] = {}
        for key, witness in partial.items():
            at = dict(zip(frontier, key))
            for combo in by_shared.get(tuple(at[k] for k in shared), ()):
                budget -= 1
                if budget < 0:
                    return None
                merged = dict(witness)
                merged.update(zip(names, combo))
                joined.setdefault(tuple(merged[k] for k in new_frontier), merged)
        if not joined:
            return None
        partial, frontier = joined, new_frontier
    witness = next(iter(partial.values()))
    return {k: witness[k] for k in sorted(witness)}


def _canon(name: str, scene: str) -> str:
    """`visited:beat` and `visited:scene.beat` for the same beat are one name."""
    if name.startswith("visited:") and "." not in name:
        return f"visited:{scene}.{name[8:]}"
    return name


def _domains(n: Narrative, beat: BeatDef, trees: list[list[tuple]]) -> dict[str, list]:
    """The values worth trying for each name the menu's conditions read (see all_locked_example)."""
    names: set[str] = set()
    consts: dict[str, set] = {}
    arith: set[str] = set()
    for parts in trees:
        for t in parts:
            names |= {_canon(k, beat.scene) for k in ex.names_in(t)}
            arith |= _not_only_compared(t)
            for k, v in ex.constants_in(t).items():
                consts.setdefault(_canon(k, beat.scene), set()).update(v)
    domains: dict[str, list] = {}
    for name in sorted(names):
        if name.startswith("visited:"):
            # the menu's own beat has just been entered, so its count is at least 1 there
            low = 1 if name[8:] == beat.full_id else 0
            vals = {0, 1, 2} | {int(c) + d for c in consts.get(name, ()) for d in (-1, 0, 1)}
            domains[name] = sorted(v for v in vals if v >= low)
        elif name in n.flags:
            domains[name] = [False, True]
        elif name in n.words:
            domains[name] = list(n.words[name].words)
        elif name in n.stats:
            st = n.stats[name]
            whole = float(st.min).is_integer() and float(st.max).is_integer()
            if name in arith and whole and st.max - st.min <= 40:
                domains[name] = list(range(int(st.min), int(st.max) + 1))
                continue
            vals = {st.min, st.max}
            for c in consts.get(name, ()):
                vals.update({c - 1, c, c + 1} if whole and float(c).is_integer() else {c - 1, c, c + 1, c - 0.5,
                                                                                          c + 0.5})
            domains[name] = sorted(v for v in vals if st.min <= v <= st.max)
        else:
            domains[name] = [0]
    return domains


def _not_only_compared(tree: tuple) -> set[str]:
    """Names used other than directly compared with a number (in arithmetic, or compared with another name):
    for these, the values between constants matter too."""
    out: set[str] = set()

    def visit(t: tuple, compared: bool) -> None:
        tag = t[0]
        if tag == "name":
            if not compared:
                out.add(t[1])
            return
        if tag == "cmp":
            a, b = t[2], t[3]
            simple = (a[0] in ("name", "visited") and b[0] == "num") or (b[0] in ("name", "visited") and a[0] == "num")
            visit(a, simple)
            visit(b, simple)
            return
        for part in t[1:]:
            if isinstance(part, tuple):
                visit(part, tag in ("and", "or", "not") and compared)
    visit(tree, True)
    return out
