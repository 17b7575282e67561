"""The inline text mini-language, parsed once at load into plain tuples the runner resolves without parsing.

Inside any player-visible text (lines, choice texts, prompts, ending texts):
  {energy} {mood} {jo}          a stat's value, a word's value, a character's name
  {if cond then yes|no}          conditional text (the `|no` part is optional)
  {seq a|b|c}                    per visit: a, then b, then c, then c again (ink's "stopping")
  {cycle a|b}                    per visit: a, b, a, b, ...
  {shuffle a|b|c}                per visit: one at random (repeatably, from the story's seed)
  {once a|b}                     per visit: a, then b, then nothing ("once only")
No `: ` is needed anywhere, so plain (unquoted) YAML text stays valid; `{if cond: a|b}` and `{seq: a|b}` also work
in quoted text. Only a text that *starts* with `{` or `*` must be quoted (YAML reads those signs itself).
  *italic*  **bold**             emphasis
  {{  }}  {*}  {|}               a literal {, }, * or |
Spaces around each `|` option are dropped; write spaces outside the braces.

A parsed text is a tuple of nodes: str (literal), EM_I / EM_B (toggle emphasis), ("v", name, kind),
("if", expr_source, then_nodes, else_nodes), ("alt", mode, index, (option_nodes, ...)). Texts without any markup stay
plain strings (the fast path: the runner never looks at them twice).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

EM_I = ("*",)
EM_B = ("**",)
ALT_MODES = ("seq", "cycle", "shuffle", "once")
MAX_TEXT_DEPTH = 8  # braces inside braces: far beyond any real line, and bounded so nothing recurses without end
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_MARKUP = re.compile(r"[{}*]")
_BRACES = re.compile(r"[{}]")
_BARS = re.compile(r"[{}|]")
_THEN = re.compile(r"\s+then\s+|:")  # `{if cond then a|b}`; a colon also works inside quoted text
_ESCAPES = {"{{": "{", "}}": "}", "{*}": "*", "{|}": "|"}
_INNER_ESCAPES = {"{*}": "*", "{|}": "|"}

Nodes = tuple


class TextError(Exception):
    """A problem in a text's markup, with the 1-based column inside the text and a diagnostic code."""

    def __init__(self, message: str, col: int, code: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.col = col
        self.code = code
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Rich:
    """A text with markup: its parsed nodes, and how many per-visit alternatives it holds (each keeps a count)."""
    source: str
    nodes: Nodes
    alts: int
    emphasis: bool
    static: bool = False  # emphasis only (no values, conditions or alternatives): resolves the same every time
    gaps: bool = False  # has `{if}` or alternatives, which can leave double spaces to tidy


def has_markup(text: str) -> bool:
    return _MARKUP.search(text) is not None


def parse_text(text: str, check_name: Callable[[str, int], str] | None = None,
               check_cond: Callable[[str, int], None] | None = None) -> str | Rich:
    """The text itself when it has no markup, else a Rich. Raises TextError at the first problem.

    check_name(name, col) returns the value's kind ("stat", "word", "char") or raises TextError;
    check_cond(source, col) raises TextError when a condition is wrong. Both default to accepting everything
    (the compiled cache rebuilds texts that were already checked).
    """
    if not has_markup(text):
        return text
    parser = _TextParser(text, check_name or (lambda name, col: "stat"), check_cond or (lambda src, col: None))
    nodes = parser.sequence(0, len(text), 0)
    # a character's name never changes during a play: a text with only names and emphasis reads the same each time
    static = all(type(n) is str or n in (EM_I, EM_B) or (n[0] == "v" and n[2] == "char") for n in nodes)
    return Rich(text, nodes, parser.alts, parser.emphasis, static, bool(parser.alts or parser.ifs))


class _TextParser:
    def __init__(self, text: str, check_name: Callable[[str, int], str], check_cond: Callable[[str, int], None]):
        self.text = text
        self.check_name = check_name
        self.check_cond = check_cond
        self.alts = 0
        self.ifs = 0
        self.emphasis = False

    def sequence(self, start: int, end: int, depth: int) -> Nodes:
        """Nodes of text[start:end], where emphasis must open and close within the same stretch."""
        s = self.text
        out: list = []
        buf: list[str] = []
        open_em: dict[str, int] = {}
        i = start
        while i < end:
            m = _MARKUP.search(s, i, end)  # jump over plain words: only {, } and * mean anything
            if m is None:
                buf.append(s[i:end])
                break
            if m.start() > i:
                buf.append(s[i:m.start()])
                i = m.start()
            ch = s[i]
            # `{{` and `}}` are braces only outside braces: inside, `}}` closes two groups (`{if x: {jo}}`)
            esc = next((e for e in (_ESCAPES if depth == 0 else _INNER_ESCAPES)
                        if s.startswith(e, i) and i + len(e) <= end), None)
            if esc is not None:
                buf.append(_ESCAPES[esc])
                i += len(esc)
                continue
            if ch == "}":
                raise TextError("a `}` closes nothing", i + 1, "V071", "to write a brace, write `}}`")
            if ch == "*":
                marker = "**" if s.startswith("**", i) and i + 1 < end else "*"
                if buf:
                    out.append("".join(buf))
                    buf = []
                out.append(EM_B if marker == "**" else EM_I)
                self.emphasis = True
                if marker in open_em:
                    del open_em[marker]
                else:
                    open_em[marker] = i + 1
                i += len(marker)
                continue
            if ch == "{":
                close = self.matching(i, end)
                if buf:
                    out.append("".join(buf))
                    buf = []
                out.append(self.group(i, close, depth + 1))
                i = close + 1
                continue
            buf.append(ch)
            i += 1
        if open_em:
            marker, col = min(open_em.items(), key=lambda kv: kv[1])
            word = "bold" if marker == "**" else "italic"
            raise TextError(f"`{marker}` starts {word} text that never ends", col, "V073",
                            f"close it with another `{marker}`, or write `{{*}}` for a literal asterisk")
        if buf:
            out.append("".join(buf))
        return tuple(out)

    def matching(self, i: int, end: int) -> int:
        """Index of the `}` that closes the `{` at i."""
        s = self.text
        depth = 0
        j = i
        while j < end:
            m = _BRACES.search(s, j, end)
            if m is None:
                break
            j = m.start()
            if s.startswith("{*}", j) or s.startswith("{|}", j):
                j += 3
                continue
            if s[j] == "{":
                depth += 1
            elif s[j] == "}":
                depth -= 1
                if depth == 0:
                    return j
            j += 1
        raise TextError("a `{` is never closed", i + 1, "V071", "close it with `}`, or write `{{` for a brace")

    def group(self, open_i: int, close: int, depth: int) -> tuple:
        s = self.text
        if depth > MAX_TEXT_DEPTH:
            raise TextError(f"braces nest deeper than {MAX_TEXT_DEPTH} levels", open_i + 1, "V071")
        inner = s[open_i + 1:close]
        lead = len(inner) - len(inner.lstrip())
        body = inner.strip()
        col = open_i + 2 + lead  # column of the first character inside the braces
        if not body:
            raise TextError("empty braces `{}`", open_i + 1, "V071",
                            "write a name inside, like `{energy}`, or `{{}}` for braces")
        m = _NAME.match(body)
        if m and m.end() == len(body):
            kind = self.check_name(body, col)
            return ("v", body, kind)
        base = open_i + 1 + lead  # index in the text of body[0]
        word = re.match(r"[A-Za-z_]+", body)
        head = word.group() if word else ""
        after = body[len(head):len(head) + 1]
        if head == "if" and after in (" ", "\t"):
            sep = _THEN.search(body, 2)
            if sep is None:
                raise TextError("`{if ...}` needs `then` after its condition", col, "V072",
                                "e.g. `{if texted_jo then Jo waves.|Nobody looks up.}`")
            cond_raw = body[2:sep.start()]
            cond = cond_raw.strip()
            if not cond:
                raise TextError("`{if ...}` needs a condition before `then`", col, "V072",
                                "e.g. `{if texted_jo then Jo waves.|Nobody looks up.}`")
            self.check_cond(cond, col + 2 + len(cond_raw) - len(cond_raw.lstrip()))
            self.ifs += 1
            options = self.options(base + sep.end(), close, depth)
            if len(options) > 2:
                raise TextError("`{if ...}` has one `|`: the text when it holds, then the text when it does not",
                                col, "V072", "for more than two cases, put another `{if ...}` in the second part")
            return ("if", cond, options[0], options[1] if len(options) > 1 else ())
        if head in ALT_MODES and after in (" ", "\t", ":"):
            options = self.options(base + len(head) + (after == ":"), close, depth)
            index = self.alts
            self.alts += 1
            return ("alt", head, index, tuple(options))
        if head and after in (" ", ":"):
            raise TextError(f"`{head}` is not a kind of alternative", col, "V072",
                            "write `{seq a|b}`, `{cycle a|b}`, `{shuffle a|b}`, `{once a}` or "
                            "`{if condition then a|b}`")
        raise TextError(f"`{{{_short(body)}}}` is neither a name nor an alternative", col, "V072",
                        "write `{energy}` for a value, `{if flag then a|b}` or `{seq a|b}`; `{{` writes a brace")

    def options(self, start: int, end: int, depth: int) -> list[Nodes]:
        """The `|`-separated options of text[start:end], each parsed, spaces at their edges dropped."""
        s = self.text
        parts: list[tuple[int, int]] = []
        level = 0
        i = part_start = start
        while i < end:
            m = _BARS.search(s, i, end)
            if m is None:
                break
            i = m.start()
            if s.startswith("{|}", i) or s.startswith("{*}", i):
                i += 3
                continue
            ch = s[i]
            if ch == "{":
                level += 1
            elif ch == "}":
                level -= 1
            elif ch == "|" and level == 0:
                parts.append((part_start, i))
                part_start = i + 1
            i += 1
        parts.append((part_start, end))
        out = []
        for a, b in parts:
            while a < b and s[a] == " ":
                a += 1
            while b > a and s[b - 1] == " ":
                b -= 1
            out.append(self.sequence(a, b, depth))
        return out


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def plain_source(text: str | Rich) -> str:
    return text.source if isinstance(text, Rich) else text


def cond_sources(nodes: Nodes) -> list[str]:
    """Every `{if ...}` condition in the nodes (for tools that look at conditions, e.g. graph checks)."""
    out: list[str] = []
    for n in nodes:
        if type(n) is tuple and n and n[0] == "if":
            out.append(n[1])
            out += cond_sources(n[2]) + cond_sources(n[3])
        elif type(n) is tuple and n and n[0] == "alt":
            for opt in n[3]:
                out += cond_sources(opt)
    return out
