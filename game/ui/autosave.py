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
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game import paths
from game.files import damaged_name, read_capped, write_atomic

log = logging.getLogger(__name__)

FORMAT = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
@functools.cache
def _event_types() -> dict[str, type]:
    # imported when a save is read, not when the window starts (the story package costs the first frame ~50 ms)
    from game.story import events as ev
    return {cls.__name__: cls for cls in (ev.SceneEntered, ev.BeatEntered, ev.Line, ev.Thought, ev.StatChanged,
                                          ev.FlagChanged, ev.Perception, ev.ChoicesOffered, ev.EndingReached, ev.Pause,
                                          ev.CharacterShown, ev.CharacterHidden, ev.SoundCue, ev.MusicCue,
                                          ev.PlacesOffered, ev.ZoneEntered, ev.PlaceLocked)}


@dataclass(frozen=True, slots=True)
class Autosave:
    narrative_id: str
    content_hash: str | None
    story_state: str  # Story.save() text
    pending: tuple[Any, ...]  # events not yet presented when the save was written
    history: tuple[tuple[str | None, str, str], ...]  # (speaker, text, kind) for the backlog
    seed: int | None = None
    # a recorded play's session id and play code, so that after a crash the same recorded play continues (its
    # consent stands); None when the play was not recorded
    recording: dict[str, str] | None = None


_HEX32 = re.compile(r"[0-9a-f]{32}\Z")


def _recording_from(value: Any) -> dict[str, str] | None:
    if (isinstance(value, dict) and set(value) == {"session_id", "withdrawal_code"}
            and isinstance(value["session_id"], str) and _HEX32.match(value["session_id"])
            and isinstance(value["withdrawal_code"], str) and len(value["withdrawal_code"]) <= 16):
        return {"session_id": value["session_id"], "withdrawal_code": value["withdrawal_code"]}
    return None


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
    if cls is ev.ChoicesOffered or cls is ev.PlacesOffered:
        values["options"] = tuple(ev.ChoiceOption(**_runs(o)) for o in values["options"])
    values = _runs(values)
    return cls(**values)


def _runs(values: dict[str, Any]) -> dict[str, Any]:
    """Emphasis runs come back from JSON as lists: the events hold tuples."""
    if values.get("runs") is not None:
        values = dict(values, runs=tuple(tuple(r) for r in values["runs"]))
    return values


def write_autosave(save: Autosave) -> Path:
    payload = {
        "format": FORMAT,
        "narrative": save.narrative_id,
        "content_hash": save.content_hash,
        "seed": save.seed,
        "story": save.story_state,
        "pending": [event_to_json(e) for e in save.pending],
        "history": [list(h) for h in save.history[-500:]],
        "recording": save.recording,
    }
    path = save_path(save.narrative_id)
    write_atomic(path, json.dumps(payload, ensure_ascii=False))
    return path


MAX_SAVE_BYTES = 4 * 1024 * 1024  # a save holds the story state and at most 500 backlog lines: far less than this
_set_aside: list[Path] = []  # damaged saves moved aside since the title screen last told the student


class _Damaged(Exception):
    pass


def _load(path: Path) -> dict[str, Any]:
    """The JSON object of a save file; _Damaged for anything unreadable (too big, a pipe, not JSON, nested 200,000
    deep, not an object). FileNotFoundError passes through."""
    try:
        data = json.loads(read_capped(path, MAX_SAVE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise _Damaged(f"{type(exc).__name__}: {str(exc)[:120]}") from None
    if not isinstance(data, dict):
        raise _Damaged("not a JSON object")
    return data


def set_aside(path: Path, reason: str) -> Path | None:
    """Move a save that cannot be used to `NAME.damaged-DATE` beside it (never deleted: a facilitator may want to
    look), and remember it for the title screen. Returns the new path, or None when even the rename failed."""
    target = damaged_name(path)
    try:
        os.replace(path, target)
    except OSError as exc:
        log.warning("could not set aside the damaged autosave %s (%s): %s", path, reason, exc)
        return None
    log.warning("set aside the damaged autosave %s as %s: %s", path, target.name, reason)
    _set_aside.append(target)
    return target


def take_set_aside() -> list[Path]:
    """Saves set aside since the last call (the title screen tells the student once)."""
    out = list(_set_aside)
    _set_aside.clear()
    return out


def read_autosave(narrative_id: str) -> Autosave | None:
    """The autosave of a narrative, or None (missing; or damaged: then it is set aside, see set_aside)."""
    path = save_path(narrative_id)
    try:
        data = _load(path)
        if data.get("format") != FORMAT or data.get("narrative") != narrative_id:
            raise ValueError("not an autosave of this story")
        pending = tuple(event_from_json(e) for e in data.get("pending", []))
        history = tuple((h[0], str(h[1]), str(h[2])) for h in data.get("history", []))
        story = data["story"]
        if not isinstance(story, str):
            raise ValueError("story state missing")
        seed = data.get("seed")
        return Autosave(narrative_id, data.get("content_hash"), story, pending, history,
                        seed if isinstance(seed, int) else None, _recording_from(data.get("recording")))
    except FileNotFoundError:
        return None
    except (_Damaged, OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        set_aside(path, str(exc))
        return None


# -- consent given, story not yet begun ----------------------------------------------------------------------------
# Between "yes" on the consent screen and the story's first autosave (participant code, questions before the story) a
# crash would leave answers recorded that the student was never shown the code for. A small marker beside the saves
# holds that play's code until the story begins (the autosave then carries it) or the debrief shows it.

def _consent_marker(narrative_id: str) -> Path:
    return saves_dir() / f"{_SAFE.sub('_', narrative_id)}.recording"


def mark_consent(narrative_id: str, recording: dict[str, str]) -> None:
    try:
        write_atomic(_consent_marker(narrative_id), json.dumps({"narrative": narrative_id, **recording}))
    except OSError as exc:  # a full disk must not stop the questions; the student just is not reminded later
        log.warning("could not note the consent of this play: %s", exc)


def clear_consent(narrative_id: str) -> None:
    try:
        _consent_marker(narrative_id).unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not clear the consent note: %s", exc)


def interrupted_consents() -> list[str]:
    """Play codes of plays whose game stopped after consent but before their story began; each is told once (the
    note is removed). A note whose story has an autosave is only removed: the autosave continues that play."""
    codes: list[str] = []
    folder = saves_dir()
    if not folder.is_dir():
        return codes
    for p in sorted(folder.glob("*.recording")):
        try:
            data = json.loads(read_capped(p, 64 * 1024).decode("utf-8"))
            nid, code = data["narrative"], data["withdrawal_code"]
            if isinstance(code, str) and len(code) <= 16 and not save_path(str(nid)).exists():
                codes.append(code)
        except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            log.warning("ignoring a damaged consent note %s: %s", p, exc)
        try:
            p.unlink()
        except OSError:
            pass
    return codes


def list_autosaves() -> list[tuple[float, str]]:
    """(modification time, narrative id) of every autosave, newest first. A damaged one is set aside."""
    out: list[tuple[float, str]] = []
    folder = saves_dir()
    if not folder.is_dir():
        return out
    for p in folder.glob("*.json"):
        try:
            data = _load(p)
            if not isinstance(data.get("narrative"), str):
                raise _Damaged("not an autosave")
            out.append((p.stat().st_mtime, data["narrative"]))
        except FileNotFoundError:
            continue
        except (_Damaged, OSError) as exc:
            set_aside(p, str(exc))
    return sorted(out, reverse=True)


def delete_autosave(narrative_id: str) -> None:
    try:
        save_path(narrative_id).unlink()
    except FileNotFoundError:
        pass
