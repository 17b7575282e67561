"""The storytelling half of the builder: characters with portraits, words as values, sound cues, the text
mini-language, stage lines (pause, show, hide, sound, music) and subroutine calls, each checked with a located
diagnostic (codes V070-V099). Mixed into game.content.build.Builder.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import expr as ex
from .diagnostics import did_you_mean
from .model import Character, LineDef, Portrait, SoundDef, WordDef
from .text import Rich, TextError, parse_text
from .yamlwalk import key_mark, value_mark

STAGE_KINDS = ("pause", "show", "hide", "sound", "music", "stop_music")


class StagingMixin:
    """Needs from the Builder: err, expr_mark, check_asset, kinds, stats, flags, path, checks, _memo."""

    # -- declarations in the narrative ---------------------------------------------------------------------------
    def declare_staging(self, m: dict, assets_root: Path) -> None:
        self.assets_root = assets_root
        chars: dict[str, Character] = {}
        section = m.get("characters") or {}
        for cid, c in section.items():
            if "name" not in c:
                continue
            portraits = []
            for expr_id, p in (c.get("portraits") or {}).items():
                if "image" not in p or "description" not in p:
                    continue
                self.check_asset(assets_root, p["image"], value_mark(p, "image"))
                portraits.append(Portrait(expr_id, p["image"], p["description"]))
            chars[cid] = Character(cid, c["name"], c.get("colour"), c.get("side", "left"), tuple(portraits))
        self.characters = chars
        words: dict[str, WordDef] = {}
        for wid, w in (m.get("words") or {}).items():
            if "one_of" not in w or "start" not in w:
                continue
            choices = tuple(w["one_of"])
            dupes = sorted({x for x in choices if choices.count(x) > 1})
            if dupes:
                self.err(value_mark(w, "one_of"), "V074", f"word `{dupes[0]}` is listed twice in `{wid}`")
            if w["start"] not in choices:
                self.err(value_mark(w, "start"), "V074",
                         f"`{wid}` starts as `{w['start']}`, which is not one of its words ({', '.join(choices)})",
                         did_you_mean(w["start"], choices))
            if wid in self.kinds:
                self.err(key_mark(m["words"], wid), "V020", f"`{wid}` is declared both as a word and as a stat or flag")
            words[wid] = WordDef(wid, choices, w["start"])
            self.kinds.setdefault(wid, ex.WORD)
        self.words = words
        self.word_sets = {k: w.words for k, w in words.items()}
        sounds: dict[str, SoundDef] = {}
        self.declared_sounds = set(getattr(m.get("sounds"), "key_marks", None) or m.get("sounds") or ())
        for sid, snd in (m.get("sounds") or {}).items():
            if "file" not in snd or "caption" not in snd:
                continue
            self.check_asset(assets_root, snd["file"], value_mark(snd, "file"), picture=False)
            sounds[sid] = SoundDef(sid, snd["file"], snd["caption"])
        self.sounds = sounds

    def collect_line_ids(self, scenes: list[tuple[str, dict]]) -> None:
        """Every line with its own id, by full string id, so seen("beat.line") can be checked before building."""
        ids: set[str] = set()
        for _, doc in scenes:
            sid = doc.get("id")
            for b in doc.get("beats") or ():
                bid = b.get("id")
                for ln in b.get("lines") or ():
                    if ln.get("id"):
                        ids.add(f"{sid}.{bid}.{ln['id']}")
                for c in b.get("choices") or ():
                    for ln in c.get("lines") or ():
                        if ln.get("id"):
                            ids.add(f"{sid}.{bid}.{c.get('id')}.{ln['id']}")
        self.line_ids = ids

    def seen_problem(self, scene: str):
        def check(ref: str) -> tuple[str, str | None] | None:
            full = ref if ref.count(".") >= 2 else f"{scene}.{ref}"
            if full in self.line_ids:
                return None
            hint = did_you_mean(full, self.line_ids) or ("give the line an `id:` and write seen(\"beat.line\")"
                                                          if ref.count(".") >= 1 else
                                                          "write seen(\"beat.line\"): the beat, a dot, the line's id")
            return f"seen(\"{ref}\") names no line with that id", hint
        return check

    # -- the text mini-language ----------------------------------------------------------------------------------
    def text_kind(self, name: str) -> str | None:
        if name in self.stats:
            return "stat"
        if name in self.words:
            return "word"
        if name in self.characters:
            return "char"
        return None

    def parse_rich(self, scene: str, container: Any, key: Any) -> Rich | None:
        """The parsed text at container[key] (None when plain or broken: broken is reported at its column)."""
        text = container[key]
        if not isinstance(text, str) or ("{" not in text and "}" not in text and "*" not in text):
            return None

        def check_name(name: str, col: int) -> str:
            kind = self.text_kind(name)
            if kind is not None:
                return kind
            if name in self.flags or self.kinds.get(name) == ex.BOOL:
                raise TextError(f"`{{{name}}}`: `{name}` is a flag (true or false), which reads badly in a "
                                "sentence", col, "V070", f"write `{{if {name}: words when true|words when false}}`")
            known = list(self.stats) + list(self.words) + list(self.characters)
            raise TextError(f"`{{{name}}}` names no stat, word or character", col, "V070",
                            did_you_mean(name, known) or "write `{{` for a brace, or declare it in the narrative")

        def check_cond(src: str, col: int) -> None:
            if self._memo.get((src, scene, "if"), False) is None:
                return  # this condition was already checked clean in this scene
            try:
                tree = ex.parse(src)
                kind = ex.check_types(tree, self.kinds, self.visit_problem(scene), self.word_sets,
                                      self.seen_problem(scene))
            except ex.ExprError as exc:
                raise TextError(exc.message, col + exc.col - 1, exc.code, exc.hint) from None
            if kind != ex.BOOL and not ex.is_count(tree):
                raise TextError(f"`{{if {src} then ...}}` needs a condition that is true or false", col, "V032",
                                f"compare it, e.g. `{src} > 0`")
            self._memo[(src, scene, "if")] = None

        # the same text in the same scene always parses to the same answer: parse it once (only clean texts are
        # kept, so each place a broken text is written is still reported)
        memo_key = (text, scene, "text")
        hit = self._memo.get(memo_key)
        if hit is not None:
            return hit
        if not self.checks:
            rich = _as_rich(parse_text(text, lambda n, c: self.text_kind(n) or "stat"))
        else:
            try:
                rich = _as_rich(parse_text(text, check_name, check_cond))
            except TextError as exc:
                self.err(self.expr_mark(container, key, exc.col), exc.code, exc.message, exc.hint)
                return None
        self._memo[memo_key] = rich
        return rich

    def rich_texts(self, scene: str, item: Any, kind: str) -> tuple | None:
        value = item[kind]
        if isinstance(value, list):
            parsed = tuple(self.parse_rich(scene, value, i) for i in range(len(value)))
        else:
            parsed = (self.parse_rich(scene, item, kind),)
        return parsed if any(p is not None for p in parsed) else None

    # -- stage lines ---------------------------------------------------------------------------------------------
    def stage_line(self, scene: str, item: Any, kind: str, string_id: str, cond: Any, mark: Any) -> LineDef | None:
        """A pause, show, hide, sound, music or stop_music line."""
        if kind == "pause":
            return LineDef(string_id, kind, (), None, cond, seconds=float(item["pause"]))
        if kind in ("show", "hide"):
            cid = item[kind]
            char = self.characters.get(cid)
            if char is None:
                self.err(value_mark(item, kind), "V076", f"`{kind}: {cid}` names no character",
                         did_you_mean(cid, self.characters) or "declare them under `characters:`")
                return None
            expression = item.get("expression")
            if kind == "show" and not self.expression_ok(char, expression, item, "show"):
                return None
            return LineDef(string_id, kind, (), None, cond, target=cid, expression=expression)
        if kind == "sound":
            cue = item["sound"]
            if not self.cue_ok(cue, item, "sound"):
                return None
            return LineDef(string_id, kind, (), None, cond, target=cue)
        if kind == "music":
            value = item["music"]
            holder, key = (value, "track") if isinstance(value, dict) else (item, "music")
            cue = holder.get(key) if isinstance(holder, dict) else None
            if cue is None or not self.cue_ok(cue, holder, key):
                return None
            fade = float(value.get("fade", 1)) if isinstance(value, dict) else 1.0
            return LineDef(string_id, kind, (), None, cond, target=cue, seconds=fade)
        value = item["stop_music"]
        return LineDef(string_id, kind, (), None, cond, seconds=1.0 if value is True else float(value))

    def cue_ok(self, cue: str, holder: Any, key: str) -> bool:
        if cue in self.sounds:
            return True
        if self.checks and not self.sounds_broken(cue):
            self.err(value_mark(holder, key), "V077", f"no sound called `{cue}`",
                     did_you_mean(cue, self.sounds) or "declare it under `sounds:` in the narrative, with its file "
                                                       "and caption")
        return False

    def sounds_broken(self, cue: str) -> bool:
        """A cue declared with a mistake (already reported there) is not also reported where it is used."""
        return cue in (getattr(self, "declared_sounds", None) or ())

    def expression_ok(self, char: Character, expression: str | None, item: Any, kind: str) -> bool:
        if not char.portraits:
            if expression is not None or kind == "show":
                self.err(key_mark(item, "expression") if expression is not None else value_mark(item, kind),
                         "V075", f"`{char.id}` has no portraits, so it cannot be shown with an expression",
                         f"add `portraits:` to `{char.id}` under `characters:`")
                return False
            return True
        if expression is not None and char.portrait(expression) is None:
            self.err(value_mark(item, "expression"), "V075",
                     f"`{char.id}` has no expression `{expression}` "
                     f"(it has {', '.join(p.expression for p in char.portraits)})",
                     did_you_mean(expression, [p.expression for p in char.portraits]))
            return False
        return True

    def line_extras(self, kind: str, item: Any) -> None:
        """`slow` only goes with words; `expression` only with say or show."""
        if "slow" in item and kind not in ("narrate", "say", "thought"):
            self.err(key_mark(item, "slow"), "V082", f"`slow` goes with `narrate`, `say` or `thought`, not `{kind}`")
        if "expression" in item and kind not in ("say", "show"):
            self.err(key_mark(item, "expression"), "V082",
                     f"`expression` goes with `say` or `show`, not `{kind}`",
                     "to change a face without words, write `show: NAME` with `expression:`")


def _as_rich(parsed: str | Rich) -> Rich | None:
    return parsed if isinstance(parsed, Rich) else None
