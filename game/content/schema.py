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
MARKUP = ("Text may hold `{energy}` (a value), `{if flag then yes|no}`, `{seq a|b}`, `{cycle a|b}`, "
          "`{shuffle a|b}`, `{once a|b}`, `*italic*` and `**bold**`; `{{`, `}}`, `{*}` and `{|}` write the sign "
          "itself. Text that starts with `{` or `*` must be in quotes.")
TEXT_OR_VARIANTS = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    ],
    "description": "The words shown. A list gives variants: one is picked at random (repeatably, from the seed). "
                   + MARKUP,
}
CUE_ID = {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$",
          "description": "A sound id declared under `sounds:` in the narrative."}
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
DEBRIEF_PROMPT = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {"type": "object",
         "properties": {
             "text": _text("The prompt, e.g. `Sam told Ms Okafor in the end. What made that possible?`"),
             "when": dict(EXPRESSION, description="Shown only when this holds at the end of the play, e.g. "
                          "`ending == \"asked-for-help\"` or `talked_to_jo and ending != \"went-home\"`: flags, "
                          "stats, words, visited(\"scene.beat\"), seen(\"scene.beat.line\") and `ending`, the id "
                          "of the ending reached (\"\" when the student left before an ending).")},
         "required": ["text"], "additionalProperties": False},
    ],
    "description": "A discussion prompt: a text (always shown), or `text` and `when`.",
}
LINT_ALLOW = {
    "type": "object",
    "description": "Let this line (or choice) use wording `vantage lint` would flag, on purpose: a character may say "
                   "something hurtful because the story shows why it hurts. The reason is required.",
    "properties": {
        "allow": {"type": "array", "items": {"type": "string", "pattern": r"^L[0-9]{3}$"}, "minItems": 1,
                  "description": "The lint codes allowed here, e.g. [L002]."},
        "reason": {"type": "string", "minLength": 10,
                   "description": "Why the story needs this wording here (for the reviewers)."},
    },
    "required": ["allow", "reason"],
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
        "pause": {"type": "number", "minimum": 0.1, "maximum": 10,
                  "description": "A silence of this many seconds before the next line (0.1 to 10). Skipped when "
                                 "text is instant; never a time limit on a choice."},
        "show": _id("Bring a character on stage (with `expression:`, or their first expression)."),
        "hide": _id("Take a character off stage."),
        "expression": _id("With `say` or `show`: the character's expression from now on, one of their `portraits`."),
        "sound": dict(CUE_ID, description="Play a sound once: an id declared under `sounds:`."),
        "music": {"anyOf": [CUE_ID,
                            {"type": "object", "properties": {
                                "track": CUE_ID,
                                "fade": {"type": "number", "minimum": 0, "maximum": 30,
                                         "description": "Seconds to fade in (default 1)."}},
                             "required": ["track"], "additionalProperties": False}],
                  "description": "Start music (looped): `music: rain` or `music: {track: rain, fade: 2}`."},
        "stop_music": {"anyOf": [{"type": "boolean", "enum": [True]}, {"type": "number", "minimum": 0, "maximum": 30}],
                       "description": "Stop the music: `true`, or the seconds to fade out."},
        "slow": {"type": "boolean", "description": "Show this line slowly (still instant when text speed is instant)."},
        "if": EXPRESSION,
        "lint": LINT_ALLOW,
    },
    "additionalProperties": False,
}
CHOICE = {
    "type": "object",
    "description": "A choice in the beat's menu.",
    "properties": {
        "id": _id("Stable id of the choice, used by saves and telemetry. Never reuse it for another meaning."),
        "text": _text("What the player sees. " + MARKUP),
        "if": dict(EXPRESSION, description="Show the choice only when this holds (otherwise it is hidden)."),
        "requires": dict(EXPRESSION, description="Show the choice always, but lock it unless this holds."),
        "locked_reason": _text("Shown (and spoken) when the choice is locked: `You can't make yourself do it.`"),
        "once": {"type": "boolean", "description": "The choice disappears after it has been taken once."},
        "effects": EFFECTS,
        "lines": {"type": "array", "items": LINE, "description": "Lines shown right after the choice is made."},
        "goto": GOTO,
        "call": dict(GOTO, description="Run this subroutine (a beat that ends in `return: true`) first, then go on "
                                        "to `goto`."),
        "ending": _id("End the story here with this ending id."),
        "lint": LINT_ALLOW,
    },
    "required": ["id", "text"],
    # what `check` also says (V011, V041, V013), so the editor underlines it as it is typed
    "dependencies": {"requires": ["locked_reason"]},  # draft-07's spelling
    "dependentRequired": {"requires": ["locked_reason"]},  # the same for editors on newer drafts
    "oneOf": [{"required": ["goto"]}, {"required": ["ending"]}],
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
        "prompt": _text("A short question shown above the choices. " + MARKUP),
        "choices": {"type": "array", "items": CHOICE, "minItems": 1, "maxItems": 9},
        "goto": GOTO,
        "call": dict(GOTO, description="Run this subroutine (a run of beats ending in `return: true`), then go on "
                                        "to this beat's `goto`. Like ink's tunnels and ChoiceScript's *gosub."),
        "return": {"type": "boolean", "enum": [True],
                   "description": "The end of a subroutine: go back to the `goto` of the `call` that started it."},
        "branch": {"type": "array", "items": BRANCH, "minItems": 1},
        "ending": _id("End the story here with this ending id."),
    },
    "required": ["id"],
    # exactly one way on (V041 when there is none, V013 when there are two)
    # at most one way on: one of these keys, or none (a subroutine's `return`, or a map scene's beat, which goes back
    # to walking; `vantage check` says when a beat that needs one has none)
    "oneOf": [{"required": [k]} for k in ("choices", "goto", "branch", "ending", "return")]
             + [{"not": {"anyOf": [{"required": [k]} for k in ("choices", "goto", "branch", "ending", "return")]}}],
    "additionalProperties": False,
}
TEACHING_TEST = {
    "type": "object",
    "description": "A teaching assertion `vantage test` checks over random playthroughs. One of: `ending` + "
                   "`min_percent`; `beat` + `min_percent`; `stat` + `range` + `min_percent`; `max_minutes`.",
    "properties": {
        "ending": _id("An ending that random players should reach."),
        "beat": dict(GOTO, description="A beat (`scene.beat`) that random players should see."),
        "stat": _id("A stat whose value at the end should fall within `range`."),
        "range": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
                  "description": "[lowest, highest], both included."},
        "min_percent": {"type": "number", "minimum": 0, "maximum": 100,
                        "description": "At least this share of random playthroughs (0-100)."},
        "max_minutes": {"type": "number", "exclusiveMinimum": 0,
                        "description": "No path may take longer than this to read."},
    },
    "additionalProperties": False,
}
REVIEW = {
    "type": "array",
    "description": "Sign-offs by reviewers, written by `vantage review sign`. Each covers the content as it was "
                   "when signed (its hash); changing the story afterwards makes `vantage check` warn.",
    "items": {
        "type": "object",
        "properties": {
            "role": {"type": "string", "enum": ["lived-experience", "educator", "clinician"],
                     "description": "lived-experience, educator or clinician."},
            "name": _text("Optional: who reviewed it."),
            "date": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD."},
            "content_hash": {"type": "string", "pattern": "^[0-9a-f]{16,64}$",
                             "description": "What was reviewed (written by `vantage review sign`)."},
        },
        "required": ["role", "date", "content_hash"],
        "additionalProperties": False,
    },
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
        "shared": {"type": "boolean",
                   "description": "A scene of subroutines (beats entered with `call:`): running them keeps the "
                                  "caller's scene, picture and characters, so one breathing exercise can serve "
                                  "every scene."},
        "ambient": dict(CUE_ID, description="A sound (declared under `sounds:`) looped quietly under the whole "
                                             "scene, e.g. a room's murmur."),
        "beats": {"type": "array", "items": BEAT, "minItems": 1},
        "review": REVIEW,
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
                           "condition": _text("The condition, in person-first words (e.g. `social anxiety`)."),
                           "about": _text("Optional: how the story picker and the debrief say it after the "
                                          "character's name, e.g. `who hears voices` (default: `who lives with` "
                                          "and the condition).")},
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
                       "description": "Who speaks: each id with a name, and optionally a colour, a side and "
                                      "portraits with expressions.",
                       "additionalProperties": {"type": "object",
                                                "properties": {
                                                    "name": _text("Display name; `{id}` in a text writes it."),
                                                    "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$",
                                                               "description": "Colour of the name, `#rrggbb` (the "
                                                                              "name is also marked without colour)."},
                                                    "side": {"type": "string", "enum": ["left", "right"],
                                                             "description": "Where the portrait stands (default "
                                                                            "left)."},
                                                    "portraits": {
                                                        "type": "object", "propertyNames": {"pattern": ID_PATTERN},
                                                        "description": "Expression id -> picture. The first is the "
                                                                       "default expression.",
                                                        "additionalProperties": {
                                                            "type": "object",
                                                            "properties": {
                                                                "image": {"type": "string", "minLength": 1,
                                                                          "description": "A PNG under assets/, e.g. "
                                                                                         "`portraits/jo-happy.png`."},
                                                                "description": _text(
                                                                    "What the picture shows, in words: read aloud "
                                                                    "and shown by the terminal player."),
                                                            },
                                                            "required": ["image", "description"],
                                                            "additionalProperties": False}},
                                                },
                                                "required": ["name"], "additionalProperties": False}},
        "words": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                  "description": "Stats whose value is a word from a fixed set, e.g. `mood: {one_of: [calm, tense, "
                                 "numb], start: calm}`. Compare with `mood == \"calm\"`, set with "
                                 "`mood = \"tense\"`, show with `{mood}`.",
                  "additionalProperties": {"type": "object", "properties": {
                      "one_of": {"type": "array", "minItems": 2, "items": {"type": "string", "pattern": ID_PATTERN},
                                 "description": "Every word the value can be."},
                      "start": {"type": "string", "description": "The word at the start (one of `one_of`)."}},
                      "required": ["one_of", "start"], "additionalProperties": False}},
        "sounds": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                   "description": "Sound and music cues: each id with an OGG file under assets/ and a caption.",
                   "additionalProperties": {"type": "object", "properties": {
                       "file": {"type": "string", "minLength": 1,
                                "description": "An OGG file under assets/, e.g. `sounds/alarm.ogg` (case matters)."},
                       "caption": _text("Shown when Captions are on, e.g. `[An alarm beeps, again and again]`.")},
                       "required": ["file", "caption"], "additionalProperties": False}},
        "stats": {"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": STAT},
        "flags": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                  "additionalProperties": {"type": "boolean", "description": "The flag's value at the start."}},
        "start": dict(GOTO, description="The first beat: `scene.beat`."),
        "scenes": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1,
                   "description": "Scene files, relative to this file."},
        "endings": {"type": "object", "propertyNames": {"pattern": ID_PATTERN},
                    "additionalProperties": {"type": "object",
                                             "properties": {"title": _text("Shown at the ending."),
                                                            "text": _text("A closing paragraph. " + MARKUP)},
                                             "required": ["title", "text"], "additionalProperties": False}},
        "questionnaires": {"type": "object",
                           "properties": {"pre": _id("Instrument asked before the story."),
                                          "post": _id("Instrument asked after the story.")},
                           "additionalProperties": False},
        "debrief": {
            "type": "object",
            "properties": {
                "prompts": {"type": "array", "minItems": 1, "items": DEBRIEF_PROMPT,
                            "description": "Discussion prompts after the story: a text (always shown) or `text` with "
                                           "`when`, shown only when the condition holds at the end of the play."},
                "help": {"type": "array", "minItems": 1, "items": {
                    "type": "object",
                    "properties": {"name": _text("Who can help."), "contact": _text("How to reach them."),
                                   "note": _text("When to use it.")},
                    "required": ["name", "contact"], "additionalProperties": False}},
                "facts": {"type": "array", "minItems": 1, "maxItems": 5,
                          "description": "Myth/fact cards shown in the debrief, each fact with the page it comes from.",
                          "items": {
                              "type": "object",
                              "properties": {
                                  "myth": _text("A common belief about the condition, in plain words."),
                                  "fact": _text("What is true instead, as the source says it."),
                                  "source": _text("Who says so and where: the organisation and its page's address "
                                                  "(https://...)."),
                                  "checked": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                              "description": "When the fact was checked on that page (YYYY-MM-DD)."}},
                              "required": ["myth", "fact", "source", "checked"], "additionalProperties": False}},
            },
            "required": ["prompts", "help"],
            "additionalProperties": False,
        },
        "tests": {"type": "array", "items": TEACHING_TEST,
                  "description": "Teaching assertions checked by `vantage test` (a failure exits 1, for CI)."},
        "review": REVIEW,
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


# The loader reads `yes`/`no`/`on`/`off` (any case) as true/false where a field wants true or false; editors read
# YAML 1.2, where those words are text. The published schema accepts them too, so the editor and `check` agree.
_BOOL_WORDS = sorted({v for w in ("true", "false", "yes", "no", "on", "off") for v in (w, w.capitalize(), w.upper())})


def _as_published(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "boolean":
            rest = {k: v for k, v in node.items() if k != "type"}
            return {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": _BOOL_WORDS}], **rest}
        return {k: _as_published(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_published(v) for v in node]
    return node


def schema_json(kind: str) -> str:
    return json.dumps(_as_published(SCHEMAS[kind]), indent=2, ensure_ascii=False) + "\n"

from .map_schema import add_map_keys  # noqa: E402 - map scenes' keys live in their own module

add_map_keys(SCENE_SCHEMA)

# Outside a map scene, every beat needs its one way on (`vantage check`: V041); on a map, a beat may just end: the
# student goes back to walking. The beat schema above allows "at most one"; this adds "at least one" off maps.
SCENE_SCHEMA["if"] = {"required": ["map"]}
SCENE_SCHEMA["else"] = {"properties": {"beats": {"items": {
    "anyOf": [{"required": [k]} for k in ("choices", "goto", "branch", "ending", "return")]}}}}
