"""Story translations: every player-visible string of a story under a stable key, and a story in another language.

Keys (a .po entry's `msgctxt`) never depend on wording or position where the author gave an id: a line is known
by its string id (`bus.stop.l1`, see `vantage ids`), a variant of a line by `bus.aisle.l3#2`, a choice by
`choice:bus.stop.find-seat`, its locked reason by `locked:…`, a beat's prompt by `prompt:bus.aisle`, a scene's title
by `scene:bus`, and the story's own texts by `story:title`, `character:jo`, `stat:energy`, `ending:went-home.text`,
`debrief:prompt.2`, `debrief:help.1.contact` and so on.

`source_strings` reads them from the YAML files (with file and line, for translators and diagnostics);
`translate` gives the same story in another language from a compiled catalogue (game.content.catalogue): the runner
then plays it unchanged, so game.story stays pure. A string without a usable translation keeps its source text.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import catalogue
from .model import BeatDef, Debrief, HelpResource, LineDef, Narrative
from .text import Rich, TextError, has_markup, parse_text
from .yamlwalk import MDict, value_mark

LINE_KINDS = ("narrate", "say", "thought", "perceive")
TRANSLATIONS = "translations"


@dataclass(frozen=True)
class SourceString:
    ctx: str  # the stable key
    text: str
    path: str  # the YAML file, as shown in diagnostics
    line: int
    col: int
    comment: str | None = None  # for the translator: who speaks, what kind of text


def translations_dir(narrative: Narrative) -> Path:
    """Where a story's catalogues live: `translations/<story id>/` beside the narrative file."""
    return Path(narrative.path).resolve().parent / TRANSLATIONS / narrative.id


def find_compiled(folder: Path, locale: str) -> Path | None:
    """The compiled catalogue for `locale` in a folder: exact (`es_MX.json`), else its language (`es.json`)."""
    code = locale.split(".")[0].replace("-", "_")
    for c in (code, code.split("_")[0]):
        if catalogue.is_locale(c) and (folder / f"{c}.json").is_file():
            return folder / f"{c}.json"
    return None


def story_languages(n: Narrative) -> list[catalogue.Compiled]:
    """The compiled translations of a story that can be read (damaged ones are `vantage check`'s to report)."""
    out = []
    folder = translations_dir(n)
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            out.append(catalogue.read(p))
        except catalogue.CatalogueError:
            continue
    return out


def in_language(n: Narrative, locale: str | None, engine: Callable[[str], str] = lambda s: s
                ) -> tuple[Narrative, str | None]:
    """The story in `locale` when it has a translation (else the source), and a note for the facilitator when a
    translation was asked for but could not be used. The result's `extra["locale"]` says which language it is."""
    n = n.extra.get("source", n)
    source_locale = n.extra.get("locale", "en")
    if not locale or locale.split("_")[0] == source_locale.split("_")[0]:
        return n, None
    path = find_compiled(translations_dir(n), locale)
    if path is None:
        return n, f"`{n.id}` has no {locale} translation: it is shown in its own language"
    try:
        compiled = catalogue.read(path)
    except catalogue.CatalogueError as exc:
        return n, f"{exc}: `{n.id}` is shown in its own language"
    out = translate(n, compiled, engine)
    out.extra.update({"locale": compiled.locale, "reviewed": compiled.reviewed, "language": compiled.language,
                      "source": n})  # the original, to translate again into another language
    return out, None


# --- reading the keys from the YAML files -------------------------------------------------------------------------

def source_strings(manifest: MDict, manifest_path: str, scenes: list[tuple[str, MDict]]) -> list[SourceString]:
    """Every translatable string of a story, in file order, read from its (already checked) YAML documents."""
    out: list[SourceString] = []

    def add(ctx: str, container, key, path: str, comment: str | None = None) -> None:
        value = container.get(key) if isinstance(container, dict) else container[key]
        if isinstance(value, str) and value.strip():
            line, col = value_mark(container, key)
            out.append(SourceString(ctx, value, path, line, col, comment))

    m, mp = manifest, manifest_path
    add("story:title", m, "title", mp, "the story's title")
    add("story:summary", m, "summary", mp)
    p = m.get("perspective")
    if isinstance(p, MDict):
        add("story:perspective.character", p, "character", mp, "whose eyes the player sees through")
        add("story:perspective.condition", p, "condition", mp, "the condition the story is about")
        if p.get("about"):
            add("story:perspective.about", p, "about", mp, "said after the character's name, e.g. 'who hears voices'")
    for i, _ in enumerate(m.get("content_notes") or ()):
        add(f"story:content_notes.{i + 1}", m["content_notes"], i, mp, "a content note shown before the story")
    for cid, c in (m.get("characters") or {}).items():
        if isinstance(c, MDict):
            add(f"character:{cid}", c, "name", mp, "a character's name")
            for expression, p in (c.get("portraits") or {}).items():
                if isinstance(p, MDict):
                    add(f"portrait:{cid}.{expression}", p, "description", mp,
                        "describes a character's picture (read aloud, and shown in the terminal)")
    for wid, w in (m.get("words") or {}).items():
        if isinstance(w, MDict) and isinstance(w.get("one_of"), list):
            for i, word in enumerate(w["one_of"]):
                if isinstance(word, str):
                    line, col = value_mark(w["one_of"], i)
                    out.append(SourceString(f"word:{wid}.{word}", word, mp, line, col,
                                            "a word the story shows in place of `{" + wid + "}`"))
    for sid, snd in (m.get("sounds") or {}).items():
        if isinstance(snd, MDict):
            add(f"sound:{sid}", snd, "caption", mp, "a sound's caption, shown when captions are on")
    for sid, s in (m.get("stats") or {}).items():
        if isinstance(s, MDict):
            add(f"stat:{sid}", s, "label", mp, "the name of a meter the player sees")
    for eid, e in (m.get("endings") or {}).items():
        if isinstance(e, MDict):
            add(f"ending:{eid}.title", e, "title", mp)
            add(f"ending:{eid}.text", e, "text", mp)
    d = m.get("debrief")
    if isinstance(d, MDict):
        for i, item in enumerate(d.get("prompts") or ()):  # `{text, when}`: the key is the same, by position
            if isinstance(item, MDict):
                when = item.get("when")
                add(f"debrief:prompt.{i + 1}", item, "text", mp, "a discussion prompt after the story"
                    + (f", shown only when `{when}` at the end (not translated)" if isinstance(when, str) else ""))
            else:
                add(f"debrief:prompt.{i + 1}", d["prompts"], i, mp, "a discussion prompt after the story")
        for i, h in enumerate(d.get("help") or ()):
            if isinstance(h, MDict):
                for key in ("name", "contact", "note"):
                    add(f"debrief:help.{i + 1}.{key}", h, key, mp,
                        "where to find help: give the resources of the players' own country" if key == "name"
                        else None)
        for i, f in enumerate(d.get("facts") or ()):
            if isinstance(f, MDict):
                add(f"debrief:fact.{i + 1}.myth", f, "myth", mp,
                    "a myth/fact card: the common belief the card answers (its source stays as written)")
                add(f"debrief:fact.{i + 1}.fact", f, "fact", mp,
                    "a myth/fact card: what the source says; keep to the source's meaning, add nothing")
    chars = m.get("characters") or {}
    for path, doc in scenes:
        sid = doc.get("id")
        add(f"scene:{sid}", doc, "title", path, "a scene's title")
        for b in doc.get("beats") or ():
            if not isinstance(b, MDict) or b.get("id") is None:
                continue
            full = f"{sid}.{b['id']}"
            _lines(out, add, full, b.get("lines"), path, chars)
            add(f"prompt:{full}", b, "prompt", path, "asked above the choices")
            for c in b.get("choices") or ():
                if not isinstance(c, MDict) or c.get("id") is None:
                    continue
                add(f"choice:{full}.{c['id']}", c, "text", path, "a choice the player can make")
                add(f"locked:{full}.{c['id']}", c, "locked_reason", path, "why this choice is out of reach")
                _lines(out, add, f"{full}.{c['id']}", c.get("lines"), path, chars)
    return out


def _lines(out, add: Callable, prefix: str, items, path: str, chars) -> None:
    for i, item in enumerate(items or ()):
        if not isinstance(item, MDict):
            continue
        kinds = [k for k in LINE_KINDS if k in item]
        if len(kinds) != 1:
            continue
        kind = kinds[0]
        lid = item.get("id")
        sid = f"{prefix}.{lid}" if lid else f"{prefix}.{i + 1}"
        if kind == "perceive":
            if isinstance(item["perceive"], MDict) and "caption" in item["perceive"]:
                add(sid, item["perceive"], "caption", path, "describes what the player's senses do")
            continue
        speaker = item.get("speaker")
        who = chars.get(speaker) if isinstance(chars, dict) else None
        comment = {"narrate": "narration", "thought": "the inner voice (a thought)",
                   "say": f"spoken by {who.get('name') if isinstance(who, dict) else speaker}"}[kind]
        value = item[kind]
        if isinstance(value, list):
            for k, _ in enumerate(value):
                add(f"{sid}#{k + 1}", value, k, path, f"{comment}; variant {k + 1} of {len(value)}")
        else:
            add(sid, item, kind, path, comment)


# --- the same story in another language ---------------------------------------------------------------------------

def model_strings(n: Narrative) -> list[tuple[str, str]]:
    """(key, source text) of every string the story shows, read from the model: the keys `source_strings` gives."""
    seen: list[tuple[str, str]] = []
    _walk(n, lambda key, text: seen.append((key, text)) or text)
    return seen


def translate(n: Narrative, compiled: catalogue.Compiled, engine: Callable[[str], str] = lambda s: s) -> Narrative:
    """The story with every string the catalogue translates replaced; `engine` translates the engine's default
    perception captions. Ids, conditions, effects and the content hash stay the same (telemetry and saves match)."""
    return _walk(n, lambda key, text: compiled.text(key, text) or text, engine)


def _walk(n: Narrative, tr: Callable[[str, str], str], engine: Callable[[str], str] = lambda s: s) -> Narrative:
    """The story with `tr(key, text)` applied to every string it shows (the same walk reads and translates)."""
    def t(key: str, text: str | None) -> str | None:
        return text if text is None or not text.strip() else tr(key, text)

    def kind_of(name: str, col: int) -> str:
        """What `{name}` in a translation shows: a character's name, a word, or a stat (as the build decides)."""
        return "char" if name in n.characters else "word" if name in n.words else "stat"

    def rich_t(key: str, text: str | None, rich) -> tuple:
        """A text with markup and its parsed form: a translation is parsed again (if it does not parse, the
        source is kept: `vantage check` says why, V145)."""
        new = t(key, text)
        if new == text:
            return text, rich
        if not has_markup(new):
            return new, None
        try:
            parsed = parse_text(new, check_name=kind_of)
        except TextError:
            return text, rich
        return new, parsed if isinstance(parsed, Rich) else None

    def lines(ls: tuple[LineDef, ...]) -> tuple[LineDef, ...]:
        out = []
        for ln in ls:
            if ln.perceive is not None:
                p = ln.perceive
                if ln.string_id in explicit_captions:
                    cap = t(ln.string_id, p.caption)
                else:
                    cap = engine(p.caption)
                out.append(dataclasses.replace(ln, texts=(cap,), perceive=dataclasses.replace(p, caption=cap)))
            elif ln.texts:
                keys = [ln.string_id] if len(ln.texts) == 1 else [f"{ln.string_id}#{k + 1}"
                                                                   for k in range(len(ln.texts))]
                riches = ln.rich or (None,) * len(ln.texts)
                pairs = [rich_t(k, x, r) for k, x, r in zip(keys, ln.texts, riches)]
                rich = tuple(r for _x, r in pairs)
                out.append(dataclasses.replace(ln, texts=tuple(x for x, _r in pairs),
                                               rich=rich if any(r is not None for r in rich) else None))
            else:
                out.append(ln)  # a pause, a character shown or hidden, a sound: nothing to read
        return tuple(out)

    explicit_captions = _explicit_captions(n)
    title = t("story:title", n.title)
    summary = t("story:summary", n.summary)
    persp = dataclasses.replace(n.perspective, character=t("story:perspective.character", n.perspective.character),
                                condition=t("story:perspective.condition", n.perspective.condition),
                                about=t("story:perspective.about", n.perspective.about) if n.perspective.about else "")
    notes = tuple(t(f"story:content_notes.{i + 1}", x) for i, x in enumerate(n.content_notes))
    chars = {k: dataclasses.replace(c, name=t(f"character:{k}", c.name), portraits=tuple(
        dataclasses.replace(p, description=t(f"portrait:{k}.{p.expression}", p.description)) for p in c.portraits))
        for k, c in n.characters.items()}
    sounds = {k: dataclasses.replace(snd, caption=t(f"sound:{k}", snd.caption)) for k, snd in n.sounds.items()}
    word_text = {f"{k}.{w}": t(f"word:{k}.{w}", w) for k, wd in n.words.items() for w in wd.words}
    stats = {k: dataclasses.replace(s, label=t(f"stat:{k}", s.label)) for k, s in n.stats.items()}
    endings = {}
    for k, e in n.endings.items():
        text, rich = rich_t(f"ending:{k}.text", e.text, e.rich)
        endings[k] = dataclasses.replace(e, title=t(f"ending:{k}.title", e.title), text=text, rich=rich)
    # a translated prompt keeps its condition (`when`); fact cards are translated, their sources and dates are not
    debrief = Debrief(tuple(dataclasses.replace(p, text=t(f"debrief:prompt.{i + 1}", p.text))
                            for i, p in enumerate(n.debrief.prompts)),
                      tuple(HelpResource(t(f"debrief:help.{i + 1}.name", h.name),
                                         t(f"debrief:help.{i + 1}.contact", h.contact),
                                         t(f"debrief:help.{i + 1}.note", h.note))
                            for i, h in enumerate(n.debrief.help)),
                      tuple(dataclasses.replace(f, myth=t(f"debrief:fact.{i + 1}.myth", f.myth),
                                                fact=t(f"debrief:fact.{i + 1}.fact", f.fact))
                            for i, f in enumerate(n.debrief.facts)))
    scenes = {}
    beats: dict[str, BeatDef] = {}
    for sid, sc in n.scenes.items():
        scenes[sid] = dataclasses.replace(sc, title=t(f"scene:{sid}", sc.title))
        for full in sc.beats:
            b = n.beats[full]
            blines = lines(b.lines)
            prompt, rich_prompt = rich_t(f"prompt:{full}", b.prompt, b.rich_prompt)
            choices = []
            for c in b.choices:
                text, rich = rich_t(f"choice:{full}.{c.id}", c.text, c.rich)
                choices.append(dataclasses.replace(c, text=text, rich=rich, lines=lines(c.lines),
                                                   locked_reason=t(f"locked:{full}.{c.id}", c.locked_reason)))
            beats[full] = dataclasses.replace(b, lines=blines, prompt=prompt, rich_prompt=rich_prompt,
                                              choices=tuple(choices))
    return dataclasses.replace(n, title=title, summary=summary, perspective=persp, content_notes=notes,
                               characters=chars, stats=stats, endings=endings, debrief=debrief, scenes=scenes,
                               beats=beats, sounds=sounds,
                               extra={**n.extra, "word_text": {k: v for k, v in word_text.items() if k.split(".", 1)[1] != v}})


def _explicit_captions(n: Narrative) -> set[str]:
    """String ids of perception lines whose caption the author wrote (the others use the engine's default)."""
    from .build import DEFAULT_CAPTIONS
    defaults = set(DEFAULT_CAPTIONS.values())
    out = set()
    for b in n.beats.values():
        for ls in (b.lines, *(c.lines for c in b.choices)):
            for ln in ls:
                if ln.perceive is not None and ln.perceive.caption not in defaults:
                    out.add(ln.string_id)
    return out
