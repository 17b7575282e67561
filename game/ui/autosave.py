"""Autosave: the runner's own save (Story.save()) wrapped with what the screen needs to resume exactly.

One file per narrative under data_dir()/saves/, written atomically at every choice, so closing the window, a crash
or a power cut resumes where the player was. The envelope adds the lines still to be shown after the last choice,
the current scene and the backlog; the story state itself is the runner's JSON, untouched.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import paths
from game.files import write_atomic

log = logging.getLogger(__name__)

FORMAT = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
@functools.cache
def _event_types() -> dict[str, type]:
    # imported when a save is read, not when the window starts (the story package costs the first frame ~50 ms)
    from game.story import events as ev
    return {cls.__name__: cls for cls in (ev.SceneEntered, ev.BeatEntered, ev.Line, ev.Thought, ev.StatChanged,
                                          ev.FlagChanged, ev.Perception, ev.ChoicesOffered, ev.EndingReached)}


@dataclass(frozen=True, slots=True)
class Autosave:
    narrative_id: str
    content_hash: str | None
    story_state: str  # Story.save() text
    pending: tuple[Any, ...]  # events not yet presented when the save was written
    history: tuple[tuple[str | None, str, str], ...]  # (speaker, text, kind) for the backlog
    seed: int | None = None


def saves_dir() -> Path:
    return paths.data_dir() / "saves"


def save_path(narrative_id: str) -> Path:
    return saves_dir() / f"{_SAFE.sub('_', narrative_id)}.json"


def event_to_json(event: Any) -> dict[str, Any]:
    data = dataclasses.asdict(event)
    data["type"] = type(event).__name__
    return data


def event_from_json(data: dict[str, Any]) -> Any:
    from game.story import events as ev
    cls = _event_types()[data["type"]]
    values = {k: v for k, v in data.items() if k != "type"}
    if cls is ev.ChoicesOffered:
        values["options"] = tuple(ev.ChoiceOption(**o) for o in values["options"])
    return cls(**values)


def write_autosave(save: Autosave) -> Path:
    payload = {
        "format": FORMAT,
        "narrative": save.narrative_id,
        "content_hash": save.content_hash,
        "seed": save.seed,
        "story": save.story_state,
        "pending": [event_to_json(e) for e in save.pending],
        "history": [list(h) for h in save.history[-500:]],
    }
    path = save_path(save.narrative_id)
    write_atomic(path, json.dumps(payload, ensure_ascii=False))
    return path


def read_autosave(narrative_id: str) -> Autosave | None:
    """The autosave of a narrative, or None (missing, or damaged: then a warning is logged and it is ignored)."""
    path = save_path(narrative_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("narrative") != narrative_id:
            raise ValueError("not an autosave of this story")
        pending = tuple(event_from_json(e) for e in data.get("pending", []))
        history = tuple((h[0], str(h[1]), str(h[2])) for h in data.get("history", []))
        story = data["story"]
        if not isinstance(story, str):
            raise ValueError("story state missing")
        seed = data.get("seed")
        return Autosave(narrative_id, data.get("content_hash"), story, pending, history,
                        seed if isinstance(seed, int) else None)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        log.warning("ignoring damaged autosave %s: %s", path, exc)
        return None


def list_autosaves() -> list[tuple[float, str]]:
    """(modification time, narrative id) of every autosave, newest first."""
    out: list[tuple[float, str]] = []
    folder = saves_dir()
    if not folder.is_dir():
        return out
    for p in folder.glob("*.json"):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("narrative"), str):
                out.append((p.stat().st_mtime, data["narrative"]))
            else:
                raise ValueError("not an autosave")
        except (OSError, ValueError) as exc:
            log.warning("ignoring damaged autosave %s: %s", p, exc)
            continue
    return sorted(out, reverse=True)


def delete_autosave(narrative_id: str) -> None:
    try:
        save_path(narrative_id).unlink()
    except FileNotFoundError:
        pass
