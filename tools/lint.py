"""The responsible-language and safe-messaging lint: rules from tools/lint_rules/language.yaml (words with the
guidance they come from) applied to every text a player sees, as L-coded diagnostics. `vantage lint` prints them;
`vantage check` includes them.

Narration, choices and the story's own words (endings, notes, debrief) are the story's voice; dialogue and thoughts
are a character's, and some rules treat them differently. A line or choice can allow a code with a reason:

    - say: You're such a psycho.
      speaker: kid
      lint: {allow: [L002], reason: "Jo's taunt; Sam's thought answers it and the debrief asks about it."}
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from game import paths
from game.content import Diagnostic
from game.content.diagnostics import OTHER_TITLES
from game.content.load import load_narrative
from game.content.model import Narrative
from game.content.schema import NARRATIVE_SCHEMA, SCENE_SCHEMA
from game.content.yamlwalk import MDict, load_document, value_mark
from game.files import write_atomic

RULES_FILE = Path(__file__).resolve().parent / "lint_rules" / "language.yaml"
KINDS = ("narration", "choice", "story", "dialogue", "thought")

_ID = {"type": "string", "pattern": r"^[a-z][a-z0-9-]*$"}
_WORDS = {"type": "array", "items": {"type": "string", "minLength": 2}, "minItems": 1}
RULES_SCHEMA = {
    "type": "object",
    "properties": {
        "sources": {"type": "object", "additionalProperties": {
            "type": "object", "properties": {"title": {"type": "string"}, "where": {"type": "string"},
                                             "edition": {"type": "string"}, "cited": {"type": "string"}},
            "required": ["title", "where", "edition", "cited"], "additionalProperties": False}},
        "rules": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "pattern": r"^L[0-9]{3}$"}, "title": {"type": "string"},
                "applies_to": {"type": "array", "items": {"type": "string", "enum": list(KINDS)}},
                "sources": {"type": "array", "items": _ID}, "why": {"type": "string"},
                "terms": {"type": "array", "items": {
                    "type": "object", "properties": {"term": {"type": "string", "minLength": 2},
                                                     "instead": {"type": "string"}},
                    "required": ["term", "instead"], "additionalProperties": False}},
                "terms_from": {"type": "string", "pattern": r"^L[0-9]{3}$"},
            },
            "required": ["code", "title", "sources", "why"], "additionalProperties": False}},
        "themes": {"type": "array", "items": {
            "type": "object", "properties": {"id": _ID, "sources": {"type": "array", "items": _ID},
                                             "terms": _WORDS, "notes_mention": _WORDS},
            "required": ["id", "sources", "terms", "notes_mention"], "additionalProperties": False}},
    },
    "required": ["sources", "rules", "themes"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    applies_to: tuple[str, ...]
    sources: tuple[str, ...]
    why: str
    pattern: re.Pattern | None  # all its terms, longest first, as whole words
    instead: dict[str, str]  # lower-cased term -> the suggested alternative


@dataclass(frozen=True)
class Rules:
    rules: dict[str, Rule]
    sources: dict[str, dict]
    themes: list[dict]
    digest: str  # changes whenever the rules file does (part of the lint cache key)


def _words_pattern(terms: list[str]) -> re.Pattern:
    parts = [r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


_RULES: Rules | None = None


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The rules file, read with the project's safe YAML walker. A broken rules file is a bug of ours: it raises."""
    global _RULES
    if _RULES is not None and path == RULES_FILE:
        return _RULES
    diags: list[Diagnostic] = []
    doc, text = load_document(path, RULES_SCHEMA, diags, "lint rules")
    if diags or doc is None:
        raise ValueError("lint rules file is broken:\n" + "\n".join(d.format() for d in diags))
    raw = {r["code"]: r for r in doc["rules"]}
    rules: dict[str, Rule] = {}
    for code, r in raw.items():
        terms = r.get("terms") or (raw[r["terms_from"]].get("terms") if "terms_from" in r else None) or []
        for s in r["sources"]:
            if s not in doc["sources"]:
                raise ValueError(f"lint rule {code} cites unknown source `{s}`")
        rules[code] = Rule(code, r["title"], tuple(r.get("applies_to") or ()), tuple(r["sources"]), r["why"],
                           _words_pattern([t["term"] for t in terms]) if terms else None,
                           {" ".join(t["term"].lower().split()): t["instead"] for t in terms})
    result = Rules(rules, dict(doc["sources"]), list(doc["themes"]),
                   hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:16])
    if path == RULES_FILE:
        _RULES = result
        OTHER_TITLES.update({code: r.title for code, r in rules.items()})
    return result


# -- the texts of a story -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    path: str
    line: int
    col: int
    kind: str  # one of KINDS
    text: str
    allow: frozenset[str]
    allow_mark: tuple[int, int] | None  # where `lint:` stands, for L030


def _variants(container: Any, key: Any) -> Iterator[tuple[tuple[int, int], str]]:
    value = container.get(key) if isinstance(container, dict) else None
    if isinstance(value, str):
        yield value_mark(container, key), value
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                yield value_mark(value, i), v


def _allow(item: Any) -> tuple[frozenset[str], tuple[int, int] | None]:
    lint = item.get("lint") if isinstance(item, dict) else None
    if isinstance(lint, dict) and isinstance(lint.get("allow"), list):
        return frozenset(lint["allow"]), value_mark(item, "lint")
    return frozenset(), None


_LINE_KINDS = {"narrate": "narration", "say": "dialogue", "thought": "thought"}


def _scene_texts(path: str, doc: MDict) -> Iterator[Text]:
    for mark, t in _variants(doc, "title"):
        yield Text(path, *mark, "story", t, frozenset(), None)

    def lines(items: Any) -> Iterator[Text]:
        for ln in items if isinstance(items, list) else ():
            if not isinstance(ln, dict):
                continue
            allow, amark = _allow(ln)
            for key, kind in _LINE_KINDS.items():
                for mark, t in _variants(ln, key):
                    yield Text(path, *mark, kind, t, allow, amark)
            p = ln.get("perceive")
            if isinstance(p, dict):
                for mark, t in _variants(p, "caption"):
                    yield Text(path, *mark, "narration", t, allow, amark)

    for beat in doc.get("beats") or ():
        if not isinstance(beat, dict):
            continue
        yield from lines(beat.get("lines"))
        for mark, t in _variants(beat, "prompt"):
            yield Text(path, *mark, "choice", t, frozenset(), None)
        for c in beat.get("choices") or ():
            if not isinstance(c, dict):
                continue
            allow, amark = _allow(c)
            for key in ("text", "locked_reason"):
                for mark, t in _variants(c, key):
                    yield Text(path, *mark, "choice", t, allow, amark)
            yield from lines(c.get("lines"))


def _narrative_texts(path: str, doc: MDict) -> Iterator[Text]:
    for key in ("title", "summary"):
        yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(doc, key))
    yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(doc, "content_notes"))
    for key in ("character", "condition"):  # "Sam, 15, a schizophrenic" is the story's voice too
        yield from (Text(path, *m, "story", t, frozenset(), None)
                    for m, t in _variants(doc.get("perspective") or {}, key))
    for c in (doc.get("characters") or {}).values():
        yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(c, "name"))
    for e in (doc.get("endings") or {}).values():
        for key in ("title", "text"):
            yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(e, key))
    d = doc.get("debrief") or {}
    yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(d, "prompts"))
    for item in d.get("prompts") if isinstance(d.get("prompts"), list) else ():  # `{text, when}` prompts
        if isinstance(item, dict):
            yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(item, "text"))
    for f in d.get("facts") or ():  # the fact, not the myth: a myth card quotes the belief it answers, on purpose
        if isinstance(f, dict):
            yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(f, "fact"))
    for h in d.get("help") or ():
        for key in ("name", "note"):
            yield from (Text(path, *m, "story", t, frozenset(), None) for m, t in _variants(h, key))


# -- linting ----------------------------------------------------------------------------------------------------------

def _place(text: Text, start: int, source_lines: list[str]) -> tuple[int, int]:
    """The line and column of a match: exact when the text sits on its line as written, else the text's start."""
    before = text.text[:start]
    if "\n" not in before and 0 < text.line <= len(source_lines):
        src = source_lines[text.line - 1]
        word = text.text[start:].split()[0] if text.text[start:].split() else ""
        at = src.find(word, text.col - 1) if word else -1
        if at != -1:
            return text.line, at + 1
    return text.line, text.col


def lint_documents(narrative_path: str, manifest: MDict, scenes: list[tuple[str, MDict]], sources: dict[str, str],
                   rules: Rules | None = None) -> list[Diagnostic]:
    rules = rules or load_rules()
    texts = list(_narrative_texts(narrative_path, manifest))
    for spath, doc in scenes:
        texts.extend(_scene_texts(spath, doc))
    lines_of = {p: t.split("\n") for p, t in sources.items()}
    out: list[Diagnostic] = []
    used: dict[tuple[str, tuple[int, int]], set[str]] = {}
    declared: dict[tuple[str, tuple[int, int]], frozenset[str]] = {}
    for t in texts:
        if t.allow_mark is not None:
            declared[(t.path, t.allow_mark)] = t.allow
        for rule in rules.rules.values():
            if rule.pattern is None or t.kind not in rule.applies_to:
                continue
            for m in rule.pattern.finditer(t.text):
                if rule.code in t.allow:
                    used.setdefault((t.path, t.allow_mark), set()).add(rule.code)
                    continue
                line, col = _place(t, m.start(), lines_of.get(t.path, []))
                found = m.group(0)
                instead = rule.instead.get(" ".join(found.lower().split()), "")
                who = {"dialogue": "a character says", "thought": "a character thinks"}.get(t.kind, "the story says")
                hint = f"instead: {instead}" if instead else None
                if rule.code == "L002":
                    hint = (hint + "; " if hint else "") + ("if the story shows why it hurts, keep it with "
                                                            "`lint: {allow: [L002], reason: ...}`")
                out.append(Diagnostic(t.path, line, col, "warning", rule.code,
                                      f"{rule.title}: {who} `{found}`", hint))
    for key, allowed in declared.items():
        for code in sorted(allowed - used.get(key, set())):
            out.append(Diagnostic(key[0], key[1][0], key[1][1], "warning", "L030",
                                  f"`lint: allow` lists {code}, but {code} finds nothing here",
                                  f"remove {code} from `allow` (or the whole `lint:` when nothing is left)"))
    out.extend(_themes(narrative_path, manifest, texts, rules))
    return out


_REACHABLE = re.compile(r"[0-9]{3}|\.[a-z]{2,}|https?://", re.IGNORECASE)


def _themes(path: str, manifest: MDict, texts: list[Text], rules: Rules) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    notes = " ".join(manifest.get("content_notes") or ()).lower()
    help_items = (manifest.get("debrief") or {}).get("help") or ()
    for theme in rules.themes:
        pattern = _words_pattern(theme["terms"])
        where = next((t for t in texts if t.kind != "story" and pattern.search(t.text)), None)
        if where is None:
            continue
        word = pattern.search(where.text).group(0)
        if not any(w.lower() in notes for w in theme["notes_mention"]):
            line, col = value_mark(manifest, "content_notes")
            out.append(Diagnostic(path, line, col, "warning", "L021",
                                  f"the story touches {theme['id']} (`{word}` at {where.path}:{where.line}) but the "
                                  "content notes do not say so",
                                  f"add a note such as \"Mentions of {theme['id']}\" so players can choose"))
        if not any(_REACHABLE.search(str(h.get("contact", ""))) for h in help_items if isinstance(h, dict)):
            line, col = value_mark(manifest, "debrief")
            out.append(Diagnostic(path, line, col, "warning", "L020",
                                  f"the story touches {theme['id']} (`{word}` at {where.path}:{where.line}) but the "
                                  "debrief's help names no service with a phone number or web address",
                                  "add a help line for young people, with its number or address (and check it)"))
    return out


# -- a whole narrative, with a cache ------------------------------------------------------------------------------------

def lint_narrative(ref: str | Path, use_cache: bool = True) -> tuple[Narrative | None, list[Diagnostic]]:
    """(the narrative, its lint findings), or (None, load errors) when it does not load. Findings for content
    already linted with the same rules come from the cache."""
    res = load_narrative(ref)
    if res.narrative is None or res.errors:
        return res.narrative, res.errors
    n = res.narrative
    rules = load_rules()
    cache = paths.cache_dir() / "lint" / f"{n.content_hash[:32]}-{rules.digest}.json"
    if use_cache:
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("path") == n.path:
                return n, [Diagnostic(**{k: d[k] for k in ("path", "line", "col", "severity", "code", "message",
                                                          "hint")}) for d in data["diagnostics"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    diags: list[Diagnostic] = []
    manifest, mtext = load_document(Path(n.path), NARRATIVE_SCHEMA, diags, "the narrative")
    sources = {n.path: mtext or ""}
    scenes = []
    for sc in n.scenes.values():
        doc, stext = load_document(Path(sc.path), SCENE_SCHEMA, diags, "the scene")
        if isinstance(doc, MDict):
            scenes.append((sc.path, doc))
            sources[sc.path] = stext or ""
    if not isinstance(manifest, MDict):
        return n, []
    found = sorted(set(lint_documents(n.path, manifest, scenes, sources, rules)),
                   key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    try:
        write_atomic(cache, json.dumps({"path": n.path, "diagnostics": [d.to_json() for d in found]}))
    except OSError:
        pass  # only an optimisation
    return n, found


def lint_codes(rules: Rules | None = None) -> dict[str, str]:
    rules = rules or load_rules()
    return {code: r.title for code, r in sorted(rules.rules.items())}

