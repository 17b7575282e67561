"""The recorded event schema: which event types exist, which fields each payload holds, and the checks that keep
anything else (free text, names, clock times) out. docs/telemetry.md explains each field for people.

A payload is a small JSON object of ids, booleans and integers only; `check_payload` refuses anything else, so a
programming mistake cannot smuggle player-visible text (which could include what a student typed) into the database.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Mapping

EVENT_SCHEMA_VERSION = 1

# type -> {field: kind}; kinds: "id" (author-given id), "ids" (list of ids), "int" (non-negative), "kind",
# "how" (ZONE_HOW)
EVENT_TYPES: dict[str, dict[str, str]] = {
    "scene_entered": {"scene_id": "id"},
    "beat_entered": {"scene_id": "id", "beat_id": "id"},
    "menu_offered": {"menu_id": "id", "available": "ids", "locked": "ids"},
    "choice_made": {"menu_id": "id", "choice_id": "id", "position": "int", "decision_ms": "int"},
    # a student tried to pick a locked option (at most once per option per menu visit). Added without a schema bump:
    # it is a new type, not a change to an old one, so older plays simply have none and still read the same.
    "locked_choice_tried": {"menu_id": "id", "choice_id": "id"},
    "ending_reached": {"ending_id": "id", "kind": "kind"},
    # on a map: the figure walked into a zone or exit ("entered"), or used a zone or a person ("used"); and a place
    # picked from the Places list. Ids only: where the figure walks is never recorded. New types, no schema bump.
    "zone_entered": {"scene_id": "id", "place": "id", "how": "how"},
    "place_chosen": {"scene_id": "id", "place": "id", "position": "int"},
}
ZONE_HOW = ("entered", "used")
ENDED_KINDS = ("finished", "left", "abandoned")
PLAYERS = ("window", "text", "simulated")
PHASES = ("pre", "post", "followup")  # followup: the after-questionnaire again, weeks later (no story)

# Author-given ids: letters, digits and . _ - only, so no sentence can pass as an id.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,79}$")
# Setting values and locales: short lower-case words.
_WORD = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,31}$")
_LOCALE = re.compile(r"^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})?$")


class RecordError(ValueError):
    """A programming mistake: something not allowed by the schema was about to be recorded."""


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded event of a play session, as stored (payload already checked)."""
    type: str
    t_ms: int
    payload: Mapping[str, Any]


_KNOWN_IDS: set[str] = set()  # ids already checked: a play repeats the same few hundred ids, so check each once


def is_id(value: object) -> bool:
    if value.__class__ is str and value in _KNOWN_IDS:
        return True
    ok = isinstance(value, str) and bool(_ID.match(value))
    if ok and len(_KNOWN_IDS) < 50_000:
        _KNOWN_IDS.add(value)  # type: ignore[arg-type]
    return ok


def check_payload(event_type: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Return a clean copy of payload, or raise RecordError if it does not match EVENT_TYPES exactly."""
    fields = EVENT_TYPES.get(event_type) if isinstance(event_type, str) else None
    if fields is None:
        raise RecordError(f"unknown event type {event_type!r}")
    if not isinstance(payload, Mapping) or set(payload) != set(fields):
        raise RecordError(f"{event_type}: fields {sorted(payload)} != {sorted(fields)}")
    out: dict[str, Any] = {}
    for name, kind in fields.items():
        value = payload[name]
        if kind == "id" and not is_id(value):
            raise RecordError(f"{event_type}.{name}: {value!r} is not an id")
        if kind == "ids":
            if not isinstance(value, (list, tuple)) or not all(is_id(v) for v in value):
                raise RecordError(f"{event_type}.{name}: {value!r} is not a list of ids")
            value = list(value)
        if kind == "int" and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2 ** 53):
            raise RecordError(f"{event_type}.{name}: {value!r} is not a non-negative integer")
        if kind == "kind" and value not in ENDED_KINDS:
            raise RecordError(f"{event_type}.{name}: {value!r} is not one of {ENDED_KINDS}")
        if kind == "how" and value not in ZONE_HOW:
            raise RecordError(f"{event_type}.{name}: {value!r} is not one of {ZONE_HOW}")
        out[name] = value
    return out


def check_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """Experience settings: keys are words, values are booleans, numbers or short lower-case words."""
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if not (isinstance(key, str) and _WORD.match(key)):
            raise RecordError("a setting name is not a short lower-case word")  # never echo it: it may be text
        if isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, (int, float)):
            value = round(float(value), 3) if isinstance(value, float) else value
        elif isinstance(value, str) and _WORD.match(value):
            pass
        else:
            raise RecordError(f"setting {key} is not a flag, a number or a short word")  # the value is not echoed
        out[key] = value
    return out


def experience_settings(settings: Mapping[str, Any]) -> dict[str, bool]:
    """What is recorded of a student's settings: only whether the simulated symptoms were toned down.

    Reduced effects change what the student lived through (a report may one day compare the two groups, at or above
    the small-group threshold only). Text size, font, contrast, speech and text speed change how the story is read,
    not what it shows, and together they would single out a student with a disability: they are not recorded.
    """
    intensity = settings.get("effects_intensity")
    reduced = (settings.get("reduced_effects") is True or settings.get("reduce_effects") is True
               or settings.get("reduce_motion") is True
               or (isinstance(intensity, (int, float)) and not isinstance(intensity, bool) and intensity < 1))
    return {"reduced_effects": bool(reduced)}


def settings_json(settings: Mapping[str, Any]) -> str:
    """The settings_json column for a play: experience_settings as compact JSON."""
    return json.dumps(experience_settings(settings), sort_keys=True, separators=(",", ":"))


def check_locale(locale: str) -> str:
    if not (isinstance(locale, str) and _LOCALE.match(locale)):
        raise RecordError(f"locale {locale!r} is not a language tag like 'en' or 'en-GB'")
    return locale
