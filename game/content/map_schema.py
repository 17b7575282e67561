"""The JSON Schema of a map scene's keys (`map`, `zones`, `people`, `exits`, `slow_walk_if`), added to the scene
schema by game.content.schema. Kept apart so map scenes grow without touching the rest of the scene format.
"""
from __future__ import annotations

from typing import Any

HUB_BEAT = "map"  # the beat id of a map scene's walking state: reserved in map scenes


def add_map_keys(scene_schema: dict[str, Any]) -> None:
    """Called by game.content.schema once its own fragments exist (the two modules need each other)."""
    from .schema import EFFECTS, EXPRESSION, GOTO, ID_PATTERN, PERCEIVE, _id, _text

    def _place_name(what: str) -> dict:
        return {"type": "string", "pattern": ID_PATTERN,
                "description": f"The name of the {what} object in Tiled (lower case, digits, - and _). Also its id in "
                               "saves and telemetry: never reuse it for another meaning."}

    LABEL = _text("What the Places list shows (and reads aloud) for this place, e.g. `The noisy lockers`.")
    ZONE = {
        "type": "object",
        "description": "A zone: an area of the map (a Tiled object of class `zone`) that starts a beat.",
        "properties": {
            "name": _place_name("zone"),
            "label": LABEL,
            "on_enter": dict(GOTO, description="The beat that starts when the student walks into the zone."),
            "on_use": dict(GOTO, description="The beat that starts when the student presses Enter or Space in the "
                                                 "zone."),
            "once": {"type": "boolean", "description": "The zone starts its beat only the first time (default false: "
                                                       "every time)."},
            "if": dict(EXPRESSION, description="The zone does nothing (and is not in the Places list) unless this holds."),
            "near": dict(PERCEIVE, description="A perception effect that grows as the student walks closer to the zone "
                                               "(at full intensity inside it)."),
        },
        "required": ["name", "label"],
        "additionalProperties": False,
    }
    PERSON = {
        "type": "object",
        "description": "A person: a Tiled object of class `person` the student can walk up to and talk to.",
        "properties": {
            "name": _place_name("person"),
            "label": LABEL,
            "talk": dict(GOTO, description="The beat that starts when the student talks to them."),
            "once": {"type": "boolean", "description": "Only the first time (default false: every time)."},
            "if": dict(EXPRESSION, description="They are not there (not in the Places list) unless this holds."),
        },
        "required": ["name", "label", "talk"],
        "additionalProperties": False,
    }
    EXIT = {
        "type": "object",
        "description": "An exit: a Tiled object of class `exit` that leads to another scene, beat or ending.",
        "properties": {
            "name": _place_name("exit"),
            "label": LABEL,
            "goto": GOTO,
            "ending": _id("End the story here with this ending id."),
            "requires": dict(EXPRESSION, description="The exit is locked unless this holds."),
            "locked_reason": _text("Shown (and spoken) when the exit is locked: `You can't face the classroom yet.`"),
            "effects": EFFECTS,
            "if": dict(EXPRESSION, description="The exit is hidden unless this holds."),
        },
        "required": ["name", "label"],
        "additionalProperties": False,
    }
    MAP_SCENE_PROPERTIES: dict[str, Any] = {
        "map": {"type": "string", "minLength": 1,
                "description": "A Tiled map under assets/, e.g. `maps/corridor.tmx`: the scene is a place to walk."},
        "zones": {"type": "array", "items": ZONE, "description": "Zones of the map and the beats they start."},
        "people": {"type": "array", "items": PERSON, "description": "People on the map the student can talk to."},
        "exits": {"type": "array", "items": EXIT, "description": "Ways out of the map."},
        "slow_walk_if": dict(EXPRESSION, description="The figure walks slowly while this holds, e.g. `energy < 3`."),
    }
    scene_schema["properties"].update(MAP_SCENE_PROPERTIES)
