"""The JSON Schema of story files: the one source of truth for their shape.

The loader walks YAML against these schemas (game.content.yamlwalk), `vantage schema` prints them, and
docs/schema/*.schema.json are the committed copies editors use through a `# yaml-language-server: $schema=...` line.
Meaning beyond shape (ids that must exist, expressions, reachability) is checked in game.content.validate.
"""
from __future__ import annotations

import json
from typing import Any

DRAFT = "http://json-schema.org/draft-07/schema#"
ID_PATTERN = r"^[a-z][a-z0-9_-]*$"
BEAT_REF_PATTERN = r"^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)?$"


def _id(description: str) -> dict:
    return {"type": "string", "pattern": ID_PATTERN, "description": description}


def _text(description: str) -> dict:
    return {"type": "string", "minLength": 1, "description": description}


EXPRESSION = {"type": "string", "minLength": 1, "maxLength": 500,
              "description": "A condition such as `energy >= 3 and not called_friend` or `visited(\"bus.stop\")`."}
EFFECTS = {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 500},
           "description": "Changes to stats and flags, one per item: `energy -= 2`, `anxiety += 1`, `called_friend = true`."}
GOTO = {"type": "string", "pattern": BEAT_REF_PATTERN,
        "description": "Where the story goes next: a beat in this scene (`kitchen`) or `scene.beat` in another scene."}
TEXT_OR_VARIANTS = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ],
    "description": "The words shown. A list gives variants: one is picked at random (repeatably, from the seed).",
}
PERCEIVE = {
    "type": "object",
    "description": "A perception effect: how the world feels for the character. The player decides how to show it.",
    "properties": {
        "effect": {"type": "string",
                   "enum": ["vignette", "blur", "desaturate", "shake", "crowd", "heartbeat", "muffle", "intrusive"],
                   "description": "vignette (tunnel vision), blur, desaturate, shake (text shakes), crowd (text "
                                  "crowds in), heartbeat, muffle (sound), intrusive (intrusive-thought overlay)."},
        "intensity": {"type": "number", "minimum": 0, "maximum": 1, "description": "0 (none) to 1 (strongest)."},
        "duration": {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "string", "enum": ["scene"]}],
                     "description": "Seconds, or `scene` to last until the scene changes (the default)."},
        "caption": _text("Plain words describing the effect, shown instead of it when effects are reduced."),
    },
    "required": ["effect", "intensity"],
    "additionalProperties": False,
}
LINE = {
    "type": "object",
    "description": "One step of a beat: exactly one of `narrate`, `say` (with `speaker`), `thought` or `perceive`.",
    "properties": {
        "id": _id("A stable id for this line, so translations survive edits (optional; `vantage check` names lines "
                  "without one by position)."),
        "narrate": TEXT_OR_VARIANTS,
        "say": TEXT_OR_VARIANTS,
        "speaker": _id("Who speaks: an id from the narrative's `characters`."),
        "thought": TEXT_OR_VARIANTS,
        "perceive": PERCEIVE,
        "if": EXPRESSION,
    },
    "additionalProperties": False,
}
CHOICE = {
    "type": "object",
    "description": "A choice in the beat's menu.",
    "properties": {
        "id": _id("Stable id of the choice, used by saves and telemetry. Never reuse it for another meaning."),
        "text": _text("What the player sees."),
        "if": dict(EXPRESSION, description="Show the choice only when this holds (otherwise it is hidden)."),
        "requires": dict(EXPRESSION, description="Show the choice always, but lock it unless this holds."),
        "locked_reason": _text("Shown (and spoken) when the choice is locked: `You can't make yourself do it.`"),
        "once": {"type": "boolean", "description": "The choice disappears after it has been taken once."},
        "effects": EFFECTS,
        "lines": {"type": "array", "items": LINE, "description": "Lines shown right after the choice is made."},
        "goto": GOTO,
        "ending": _id("End the story here with this ending id."),
    },
    "required": ["id", "text"],
    "additionalProperties": False,
}
BRANCH = {
    "type": "object",
    "description": "One way on: the first branch whose `if` holds (or that has no `if`) is taken.",
    "properties": {"if": EXPRESSION, "goto": GOTO, "ending": _id("End the story here with this ending id.")},
    "additionalProperties": False,
}
BEAT = {
    "type": "object",
    "description": "A beat: lines, then a menu of choices, a goto, a branch or an ending.",
    "properties": {
        "id": _id("Stable id of the beat within its scene."),
        "effects": dict(EFFECTS, description="Changes applied when the beat starts."),
        "lines": {"type": "array", "items": LINE},
        "prompt": _text("A short question shown above the choices."),
        "choices": {"type": "array", "items": CHOICE, "minItems": 1, "maxItems": 9},
        "goto": GOTO,
        "branch": {"type": "array", "items": BRANCH, "minItems": 1},
        "ending": _id("End the story here with this ending id."),
    },
    "required": ["id"],
    "additionalProperties": False,
}
SCENE_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "https://vantage.invalid/schema/scene.schema.json",
    "title": "Vantage scene",
    "description": "A scene file: a place and time in the story, made of beats.",
    "type": "object",
    "properties": {
        "id": _id("Stable id of the scene (lower case, digits, - and _)."),
        "title": _text("Shown when the scene starts."),
        "background": {"type": "string", "minLength": 1,
                       "description": "An image under assets/, e.g. `backgrounds/bus.png` (case matters)."},
        "mood": {"type": "string", "enum": ["calm", "tense", "warm", "cold", "dark", "bright"],
                 "description": "Colours of the generated backdrop when there is no background image."},
        "beats": {"type": "array", "items": BEAT, "minItems": 1},
    },
    "required": ["id", "title", "beats"],
    "additionalProperties": False,
}
STAT = {
    "type": "object",
    "properties": {
        "label": _text("Shown next to the meter, always (never colour alone)."),
        "min": {"type": "number"},
        "max": {"type": "number"},
        "start": {"type": "number"},
        "show": {"type": "string", "enum": ["meter", "pips", "number", "hidden"],
                 "description": "How the player shows it (default meter)."},
    },
    "required": ["label", "min", "max", "start"],
    "additionalProperties": False,
}
NARRATIVE_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "https://vantage.invalid/schema/narrative.schema.json",
    "title": "Vantage narrative",
    "description": "A narrative manifest: what the story is, whose perspective, its stats, scenes and endings.",
    "type": "object",
    "properties": {
        "format": {"type": "integer", "enum": [1], "description": "Story format version (1)."},
        "id": _id("Stable id of the narrative, used by `vantage play ID` and in reports."),
        "title": _text("Shown in the story picker."),
        "version": {"type": "string", "minLength": 1, "description": "Your version of the story, e.g. `1.2`."},
        "summary": _text("One or two sentences for the story picker."),
        "perspective": {
            "type": "object",
            "properties": {"character": _text("Whose day it is."),
                           "condition": _text("The condition, in person-first words (e.g. `social anxiety`).")},
            "required": ["character", "condition"],
            "additionalProperties": False,
        },
        "audience": {
            "type": "object",
            "properties": {"min_age": {"type": "integer", "minimum": 0}, "minutes": {"type": "integer", "minimum": 1}},
            "required": ["min_age", "minutes"],
            "additionalProperties": False,
        },
        "content_notes": {"type": "array", "items": {"type": "string", "minLength": 1},
                          "description": "Shown before the story starts, so players can choose."},
        "characters": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                       "additionalProperties": {"type": "object",
                                                "properties": {"name": _text("Display name.")},
                                                "required": ["name"], "additionalProperties": False}},
        "stats": {"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": STAT},
        "flags": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                  "additionalProperties": {"type": "boolean", "description": "The flag's value at the start."}},
        "start": dict(GOTO, description="The first beat: `scene.beat`."),
        "scenes": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1,
                   "description": "Scene files, relative to this file."},
        "endings": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": "object",
                                             "properties": {"title": _text("Shown at the ending."),
                                                            "text": _text("A closing paragraph.")},
                                             "required": ["title", "text"], "additionalProperties": False}},
        "questionnaires": {"type": "object",
                           "properties": {"pre": _id("Instrument asked before the story."),
                                          "post": _id("Instrument asked after the story.")},
                           "additionalProperties": False},
        "debrief": {
            "type": "object",
            "properties": {
                "prompts": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                "help": {"type": "array", "minItems": 1, "items": {
                    "type": "object",
                    "properties": {"name": _text("Who can help."), "contact": _text("How to reach them."),
                                   "note": _text("When to use it.")},
                    "required": ["name", "contact"], "additionalProperties": False}},
            },
            "required": ["prompts", "help"],
            "additionalProperties": False,
        },
    },
    "required": ["id", "title", "version", "summary", "perspective", "audience", "content_notes", "start", "scenes",
                 "endings", "debrief"],
    "additionalProperties": False,
}

QUESTIONNAIRE_ID = r"^[a-z0-9][a-z0-9_\-]{0,63}$"
QUESTIONNAIRE_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "$id": "https://vantage.invalid/schema/questionnaire.schema.json",
    "title": "Vantage questionnaire (instrument)",
    "description": "A Likert questionnaire asked before (pre) and after (post) a story. Item ids never change once "
                   "used.",
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": QUESTIONNAIRE_ID, "description": "Also the file name: <id>.yaml"},
        "version": {"anyOf": [{"type": "string", "minLength": 1, "maxLength": 20}, {"type": "number"}],
                    "description": "Raise it whenever wording changes, e.g. \"2\""},
        "title": {"type": "string", "minLength": 1, "maxLength": 600},
        "intro": {"type": "string", "maxLength": 600, "description": "Shown above the first question"},
        "licence": {"type": "string", "minLength": 1, "maxLength": 600,
                    "description": "Who wrote it and under which licence. Published instruments need the "
                                   "holder's licence."},
        "higher_means": {"type": "string", "minLength": 1, "maxLength": 80,
                         "description": "What a higher score means after reverse-scoring, e.g. 'more stigma'"},
        "scale": {
            "type": "object",
            "properties": {
                "labels": {"type": "array", "minItems": 2, "maxItems": 11,
                           "items": {"type": "string", "minLength": 1, "maxLength": 60},
                           "description": "Lowest first; scored 1, 2, 3 ..."},
                "prefer_not_to_say": {"anyOf": [{"type": "boolean", "enum": [False]},
                                                {"type": "string", "minLength": 1, "maxLength": 60}],
                                      "description": "Label of the 'prefer not to say' answer, or false to not "
                                                     "offer it"},
            },
            "required": ["labels"],
            "additionalProperties": False,
        },
        "subscales": {"type": "object", "propertyNames": {"pattern": QUESTIONNAIRE_ID},
                      "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 80},
                      "description": "Each subscale id with its label."},
        "items": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": QUESTIONNAIRE_ID,
                           "description": "Stable id: never change it once answers were recorded."},
                    "subscale": {"type": "string", "minLength": 1},
                    "text": {"type": "string", "minLength": 1, "maxLength": 300},
                    "reverse": {"type": "boolean",
                                "description": "true when agreeing means less of what higher_means says"},
                },
                "required": ["id", "subscale", "text"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["id", "version", "title", "licence", "scale", "higher_means", "subscales", "items"],
    "additionalProperties": False,
}

SCHEMAS = {"narrative": NARRATIVE_SCHEMA, "scene": SCENE_SCHEMA, "questionnaire": QUESTIONNAIRE_SCHEMA}


def schema_json(kind: str) -> str:
    return json.dumps(SCHEMAS[kind], indent=2, ensure_ascii=False) + "\n"

from .map_schema import add_map_keys  # noqa: E402 - map scenes' keys live in their own module

add_map_keys(SCENE_SCHEMA)
