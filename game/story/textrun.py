"""Resolving a parsed text (game.content.text.Rich) against the story's state: values, conditions, per-visit
alternatives and emphasis, into the words shown and their emphasis runs. Pure and deterministic.
"""
from __future__ import annotations

import re
from typing import Any

from ..content.expr import Expr
from ..content.text import EM_B, EM_I, Rich

Runs = tuple[tuple[str, str], ...]  # (text, style) with style "", "i", "b" or "bi"


def show_value(value: Any) -> str:
    """A stat or word as a reader sees it: 3 rather than 3.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class TextResolver:
    """Resolves texts for one story; holds nothing but references to the story's own state."""

    __slots__ = ("story",)

    def __init__(self, story: Any):
        self.story = story  # read for values, visits, alts, scene and its seeded random numbers

    def resolve(self, rich: Rich, key: str) -> tuple[str, Runs | None]:
        """(plain text, emphasis runs or None when the text has no emphasis). `key` names the text's counters."""
        if rich.static:  # emphasis only: the same answer every time, worked out once per process
            hit = _STATIC.get(rich.source)
            if hit is None:
                hit = _STATIC[rich.source] = self._resolve(rich, key)
            return hit
        return self._resolve(rich, key)

    def _resolve(self, rich: Rich, key: str) -> tuple[str, Runs | None]:
        out: list[tuple[str, str]] = []
        if not rich.emphasis:  # the common case: one style, so only the words matter
            self._walk(rich.nodes, key, out, [False, False])
            text = "".join(t for t, _ in out)
            return (_clean(text) if rich.gaps else text), None
        self._walk(rich.nodes, key, out, [False, False])
        runs = _tidy(out)
        text = "".join(t for t, _ in runs)
        return text, (runs if rich.emphasis else None)

    def _walk(self, nodes: tuple, key: str, out: list[tuple[str, str]], style: list[bool]) -> None:
        for n in nodes:
            if type(n) is str:
                out.append((n, ("i" if style[0] else "") + ("b" if style[1] else "")))
                continue
            tag = n[0]
            if n is EM_I or n == EM_I:
                style[0] = not style[0]
            elif n is EM_B or n == EM_B:
                style[1] = not style[1]
            elif tag == "v":
                name = n[1]
                narrative = self.story.narrative
                if n[2] == "char":
                    word = narrative.characters[name].name
                elif n[2] == "word" and narrative.extra.get("word_text"):  # a word's value in the story's language
                    value = self.story.values[name]
                    word = narrative.extra["word_text"].get(f"{name}.{value}", show_value(value))
                else:
                    word = show_value(self.story.values[name])
                out.append((word, ("i" if style[0] else "") + ("b" if style[1] else "")))
            elif tag == "if":
                story = self.story
                # visited("beat") in a text is relative to the text's own scene (the first part of its id)
                holds = Expr(n[1], key.split(".", 1)[0]).compiled()(story.values, story.visits)
                self._walk(n[2] if holds else n[3], key, out, style)
            else:  # ("alt", mode, index, options)
                mode, options = n[1], n[3]
                counter = f"{key}#{n[2]}"
                alts = self.story.alts
                seen = alts.get(counter, 0)
                alts[counter] = seen + 1
                count = len(options)
                if mode == "seq":
                    pick = options[min(seen, count - 1)]
                elif mode == "cycle":
                    pick = options[seen % count]
                elif mode == "shuffle":
                    pick = options[self.story._rand(count)]
                else:  # once: each option once, in order, then nothing
                    pick = options[seen] if seen < count else ()
                self._walk(pick, key, out, style)


_STATIC: dict[str, tuple[str, Runs | None]] = {}
_SPACES = re.compile(r" {2,}")
_BEFORE_PUNCT = re.compile(r" +([.,!?;:])")


def _clean(text: str) -> str:
    """Collapses the double spaces (and the space before punctuation) an empty alternative leaves behind."""
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if " " in text:
        text = _BEFORE_PUNCT.sub(r"\1", text)
    return text.strip(" ")


def _tidy(runs: list[tuple[str, str]]) -> Runs:
    """Joins runs of the same style and cleans spaces across them, keeping each word's style."""
    merged: list[list[str]] = []
    for text, style in runs:
        if not text:
            continue
        if merged and merged[-1][1] == style:
            merged[-1][0] += text
        else:
            merged.append([text, style])
    if len(merged) == 1:
        text = _clean(merged[0][0])
        return ((text, merged[0][1]),) if text else ()
    out: list[tuple[str, str]] = []
    last_space = True  # drops spaces at the very start
    for i, (text, style) in enumerate(merged):
        text = _SPACES.sub(" ", text)
        if last_space:
            text = text.lstrip(" ")
        if i + 1 < len(merged) and merged[i + 1][0][:1] in ".,!?;:":
            text = text.rstrip(" ")
        text = _BEFORE_PUNCT.sub(r"\1", text)
        if text:
            out.append((text, style))
            last_space = text.endswith(" ")
    if out and out[-1][0].endswith(" "):
        text, style = out.pop()
        if text.rstrip(" "):
            out.append((text.rstrip(" "), style))
    return tuple(out)
