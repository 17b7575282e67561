"""Diagnostics: every problem found in content, as a value with a place, a code and a hint for the writer.

Errors for people are collected and reported together; exceptions are only for programming errors.
Every code here is documented in docs/diagnostics.md (a test keeps the two in step).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]

# code -> short title (docs/diagnostics.md explains each with an example)
CODES: dict[str, str] = {
    "V001": "file cannot be read",
    "V002": "YAML syntax error",
    "V003": "anchors, aliases and tags are not allowed",
    "V004": "nesting too deep",
    "V005": "duplicate key",
    "V006": "path outside the story's folders",
    "V007": "not a regular file",
    "V008": "absurdly long text",
    "V009": "character that cannot be shown",
    "V026": "picture that cannot be shown",
    "V010": "unknown key",
    "V011": "missing key",
    "V012": "wrong type",
    "V013": "invalid value",
    "V020": "duplicate id",
    "V021": "goto to an unknown beat or scene",
    "V022": "unknown speaker",
    "V023": "unknown ending",
    "V024": "unknown narrative",
    "V025": "unknown questionnaire",
    "V030": "expression syntax error",
    "V031": "undeclared stat or flag",
    "V032": "expression type mismatch",
    "V033": "visited() names an unknown beat",
    "V040": "unreachable beat",
    "V041": "flow runs out without an ending",
    "V042": "no way to an ending",
    "V043": "all choices can be locked at once",
    "V044": "effect pushes a stat outside its range",
    "V045": "ending never reached",
    "V046": "once-only choices can run out",
    "V050": "missing asset file",
    "V051": "asset file name differs in case",
    "V060": "scene file listed twice or not listed",
    # writer tools (issue 12)
    "V047": "teaching assertion cannot be measured",
    "V048": "content changed after review sign-off",
    "V049": "text after ` #` is a comment and is lost",
    # storytelling (issue 11): text markup, words, the stage, sound, subroutines
    "V070": "unknown name in text",
    "V071": "braces in text do not match",
    "V072": "alternative or `{if}` in text is malformed",
    "V073": "emphasis never closed",
    "V074": "word not in the declared set",
    "V075": "unknown expression (or a character without portraits)",
    "V076": "show or hide names no character",
    "V077": "unknown sound",
    "V078": "call without a goto to come back to",
    "V079": "return reachable without a call",
    "V080": "subroutine never returns",
    "V081": "seen() names an unknown line",
    "V082": "line option that does not fit the line",
    "V083": "subroutine calls itself",
    # debrief prompts that fit the path taken (`when`, with `ending`)
    "V084": "debrief prompt compares `ending` with an unknown ending",
    "V085": "`ending` used outside a debrief prompt",
    "V086": "`ending` declared as a stat, flag or word",
    "V087": "an ending (or leaving early) gets no debrief prompt",
    # maps (game.content.maps, game.content.places)
    "V100": "map file cannot be read",
    "V101": "not a readable Tiled map",
    "V102": "map orientation not supported",
    "V103": "infinite map",
    "V104": "tile data stored as XML",
    "V105": "tile data compression not supported",
    "V106": "object template",
    "V107": "tileset file missing",
    "V108": "tileset or layer image missing",
    "V109": "DOCTYPE or entities in a map",
    "V110": "map has no spawn point, or two",
    "V111": "place named in the scene is not on the map",
    "V112": "place on the map is not used by the scene",
    "V113": "place cannot be reached from the spawn point",
    "V114": "no way out of the map",
    "V115": "spawn point on a blocked tile",
    "V116": "map place without a name, or named twice",
    "V117": "map size out of range",
    "V118": "tileset is not a .tsx file",
    "V119": "class or list custom property",
    "V120": "image layer without an image",
    "V130": "help line last checked more than 12 months ago",
    "V131": "help line's `checked` date is not a real, past date",
    "V132": "help line's `source` is not a web address",
    "V133": "help file named for a different country",
    "V134": "no international help file",
    # translations (checked by `vantage check`, from the .po catalogues in a `translations/` folder)
    "V140": "string not translated",
    "V141": "translation out of date (fuzzy)",
    "V142": "translation catalogue cannot be read",
    "V143": "compiled catalogue missing or out of date",
    "V144": "characters the fonts cannot show",
    "V145": "translation changes a {placeholder}",
}

# titles of codes defined outside game.content (the lint's L codes come from its rules file): filled by their owner
OTHER_TITLES: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int  # 1-based; 0 when the whole file is meant
    col: int  # 1-based; 0 when the whole file is meant
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path  # no "line 0" for a whole file
        text = f"{where}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line, "col": self.col, "severity": self.severity,
                "code": self.code, "title": CODES.get(self.code) or OTHER_TITLES.get(self.code, ""), "message": self.message, "hint": self.hint}

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A 'did you mean `x`?' hint for a misspelt name, or None when nothing is close."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in options}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"did you mean `{close[0]}`?" if close else None


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.col, d.code, d.message)  # the message too: output must not vary between runs
