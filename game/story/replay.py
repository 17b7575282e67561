"""Replaying a play by its choice ids on a (possibly edited) story: what live reload does after a writer saves.

Choices are replayed by id, never by position, so a reordered menu replays the same choices; a choice that is no
longer offered (removed, renamed, hidden or locked now) stops the replay there, saying which and why.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..content.model import Narrative
from .events import ChoicesOffered, SceneEntered, StoryEvent
from .runner import Story, StoryError


@dataclass
class Replay:
    story: Story | None  # None when the story cannot even start (the message says why)
    events: list[StoryEvent]  # what a player shows now: the scene, then the last step's lines and menu or ending
    replayed: list[str] = field(default_factory=list)  # the choice ids that were replayed
    stopped: str | None = None  # why the replay stopped early, in words for the writer


def replay(n: Narrative, seed: int, choice_ids: list[str], at: str | None = None,
           overrides: dict[str, Any] | None = None) -> Replay:
    story = Story(n, seed)
    try:
        last = story.start(at=at, overrides=overrides)
    except StoryError as exc:
        return Replay(None, [], [], f"the story cannot start: {exc}")
    done: list[str] = []
    stopped = None
    for cid in choice_ids:
        if story.ending is not None:
            stopped = f"the story now ends before choice `{cid}` (at ending `{story.ending.ending_id}`)"
            break
        menu = story.menu
        option = next((o for o in menu.options if o.choice_id == cid), None)
        if option is None or not option.available:
            offered = ", ".join(o.choice_id for o in menu.options if o.available) or "none"
            why = "is no longer offered" if option is None else f"is locked now ({option.locked_reason})"
            stopped = (f"choice `{cid}` at `{menu.menu_id}` {why}; replayed {len(done)} of {len(choice_ids)} "
                       f"choices (offered here: {offered})")
            break
        try:
            last = story.choose(cid)
        except StoryError as exc:
            stopped = f"after choice `{cid}`: {exc}"
            break
        done.append(cid)
    events = list(last)
    if not any(isinstance(e, SceneEntered) for e in events) and story.scene is not None:
        sc = n.scenes[story.scene]
        events.insert(0, SceneEntered(sc.id, sc.title, sc.background, sc.mood))
    if story.ending is None and not any(isinstance(e, ChoicesOffered) for e in events) and story.menu is not None:
        events.append(story.menu)
    return Replay(story, events, done, stopped)
