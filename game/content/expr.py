"""The condition and effect language, parsed by a small parser and compiled to closures: no eval, no exec.

Conditions: numbers, "strings", true/false, declared stat and flag names, == != < <= > >=, and/or/not,
+ - * /, parentheses and visited("beat") / visited("scene.beat"). Nothing else parses, so nothing else can run.
Effects: `stat = expr`, `stat += expr`, `stat -= expr`, `flag = true|false|condition`.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

MAX_SOURCE = 500
MAX_DEPTH = 32
MAX_DIGITS = 12


class ExprError(Exception):
    """A problem in an expression, with the 1-based column inside the expression text."""

    def __init__(self, message: str, col: int, hint: str | None = None, code: str = "V030"):
        super().__init__(message)
        self.message = message
        self.col = col
        self.hint = hint
        self.code = code


_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>[0-9]+(?:\.[0-9]+)?)
  | (?P<str>"[^"\\\n]*"|'[^'\\\n]*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|\+=|-=|&&|\|\||\*\*|[<>+\-*/()=!.,\[\]{}@%&|^~:;])
""", re.VERBOSE)

_BAD_OPS = {
    "&&": ("`&&` is not part of the language", "write `and`"),
    "||": ("`||` is not part of the language", "write `or`"),
    "!": ("`!` is not part of the language", "write `not`"),
    "**": ("powers (`**`) are not allowed", "use * to multiply"),
    "=": ("`=` compares nothing", "to compare, write `==`"),
    ".": ("attributes (`.`) are not allowed", "use a stat or flag name"),
    "[": ("indexing (`[ ]`) is not allowed", None),
    "]": ("indexing (`[ ]`) is not allowed", None),
    "{": ("braces are not allowed", None),
    "}": ("braces are not allowed", None),
    ",": ("a comma is only allowed between arguments, and visited() takes one", None),
}
_KEYWORDS = {"and", "or", "not", "true", "false", "visited", "seen"}
# the id of the ending reached ("" when the student left before one): known only in a debrief prompt's `when`
ENDING = "ending"
_FORBIDDEN_NAMES = {"lambda", "import", "for", "if", "else", "in", "is", "None", "def", "class", "yield", "await"}


def tokenize(src: str) -> list[tuple[str, str, int]]:
    if len(src) > MAX_SOURCE:
        raise ExprError(f"expression is longer than {MAX_SOURCE} characters", 1)
    tokens = []
    pos = 0
    while pos < len(src):
        m = _TOKEN.match(src, pos)
        if not m:
            raise ExprError(f"unexpected character `{src[pos]}`", pos + 1)
        kind = m.lastgroup
        text = m.group()
        if kind != "ws":
            if kind == "num" and len(text.replace(".", "")) > MAX_DIGITS:
                raise ExprError(f"number `{text[:20]}` is too long", pos + 1)
            tokens.append((kind, text, pos + 1))
        pos = m.end()
    tokens.append(("end", "", len(src) + 1))
    return tokens


# AST: tuples. ("num", v) ("bool", v) ("str", v) ("name", n, col) ("visited", ref, col)
# ("not", a) ("neg", a) ("arith", op, a, b) ("cmp", op, a, b) ("and", a, b) ("or", a, b)
class _Parser:
    def __init__(self, src: str):
        self.src = src
        self.toks = tokenize(src)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail_at(self, tok: tuple[str, str, int]) -> ExprError:
        kind, text, col = tok
        if kind == "end":
            return ExprError("the expression ends too early", col, "something is missing at the end")
        after = self.toks[self.toks.index(tok) + 1][1] if kind != "end" else ""
        if kind == "op" and text == "=" and after in ("<", ">"):
            return ExprError(f"`={after}` is written the other way round", col, f"write `{after}=`")
        if kind == "op" and text in _BAD_OPS:
            msg, hint = _BAD_OPS[text]
            return ExprError(msg, col, hint)
        if kind == "op" and text in ("+=", "-="):
            return ExprError(f"`{text}` changes a stat: it belongs in `effects`, not in a condition", col)
        if kind == "name" and text in ("True", "False"):
            return ExprError(f"`{text}` is written in lower case here", col, f"write `{text.lower()}`")
        if kind == "name" and text in _FORBIDDEN_NAMES:
            return ExprError(f"`{text}` is not part of the condition language", col)
        return ExprError(f"unexpected `{text}`", col)

    def parse(self) -> tuple:
        node = self.or_()
        if self.peek()[0] != "end":
            tok = self.peek()
            if tok[0] == "op" and tok[1] == "(":
                raise ExprError("calls are not allowed (only visited(\"beat\"))", tok[2])
            raise self.fail_at(tok)
        return node

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nests deeper than {MAX_DEPTH} levels", self.peek()[2])

    def or_(self) -> tuple:
        left = self.and_()
        while self.peek()[1] == "or" and self.peek()[0] == "name":
            self.take()
            left = ("or", left, self.and_())
        return left

    def and_(self) -> tuple:
        left = self.not_()
        while self.peek()[1] == "and" and self.peek()[0] == "name":
            self.take()
            left = ("and", left, self.not_())
        return left

    def not_(self) -> tuple:
        if self.peek()[0] == "name" and self.peek()[1] == "not":
            col = self.take()[2]
            self.nest()
            inner = self.not_()
            self.depth -= 1
            return ("not", inner, col)
        return self.cmp()

    def cmp(self) -> tuple:
        left = self.sum()
        tok = self.peek()
        if tok[0] == "op" and tok[1] in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.sum()
            nxt = self.peek()
            if nxt[0] == "op" and nxt[1] in ("==", "!=", "<", "<=", ">", ">="):
                raise ExprError("comparisons cannot be chained", nxt[2], "join two comparisons with `and`")
            return ("cmp", tok[1], left, right, tok[2])
        return left

    def sum(self) -> tuple:
        left = self.prod()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-"):
            op = self.take()
            left = ("arith", op[1], left, self.prod(), op[2])
        return left

    def prod(self) -> tuple:
        left = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/"):
            op = self.take()
            left = ("arith", op[1], left, self.unary(), op[2])
        return left

    def unary(self) -> tuple:
        tok = self.peek()
        if tok[0] == "op" and tok[1] == "-":
            self.take()
            self.nest()
            inner = self.unary()
            self.depth -= 1
            return ("neg", inner, tok[2])
        return self.atom()

    def atom(self) -> tuple:
        kind, text, col = tok = self.take()
        if kind == "num":
            return ("num", float(text) if "." in text else int(text), col)
        if kind == "str":
            return ("str", text[1:-1], col)
        if kind == "name":
            if text in ("true", "false"):
                return ("bool", text == "true", col)
            if text in ("visited", "seen"):
                what, example = ("beat", 'visited("beat")') if text == "visited" else ("line", 'seen("beat.line")')
                if self.peek()[1] != "(":
                    raise ExprError(f"{text} needs a {what} in brackets", self.peek()[2], f"write {example}")
                self.take()
                arg = self.take()
                if arg[0] != "str":
                    raise ExprError(f"{text}() takes a {what} name in quotes", arg[2], f"write {example}")
                close = self.take()
                if close[1] != ")":
                    raise self.fail_at(close) if close[0] == "end" or close[1] != "," else ExprError(
                        f"{text}() takes one {what}", close[2])
                return (text, arg[1][1:-1], arg[2])
            if text in _KEYWORDS or text in _FORBIDDEN_NAMES or text in ("True", "False"):
                raise self.fail_at(tok)
            if self.peek()[1] == "(":
                raise ExprError(f"calls are not allowed: `{text}(...)`", col, 'the only call is visited("beat")')
            if self.peek()[1] == ".":
                raise ExprError("attributes (`.`) are not allowed", self.peek()[2])
            return ("name", text, col)
        if kind == "op" and text == "(":
            self.nest()
            inner = self.or_()
            self.depth -= 1
            close = self.take()
            if close[1] != ")":
                raise ExprError("`(` is never closed", col, "add a `)`") if close[0] == "end" else self.fail_at(close)
            return inner
        raise self.fail_at(tok)


def parse(src: str) -> tuple:
    """The syntax tree of a condition; ExprError with a column on any problem."""
    return _Parser(src).parse()


_EFFECT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\+=|-=|=)(?!=)\s*")


def parse_effect(src: str) -> tuple[str, str, tuple, int]:
    """(target, op, value tree, column where the value starts) of `stat += expr` and friends."""
    m = _EFFECT.match(src)
    if not m:
        stripped = src.lstrip()
        if re.match(r"[A-Za-z_]\w*\s*(==|!=|<|>)", stripped):
            raise ExprError("an effect changes a stat or flag; this compares", len(src) - len(stripped) + 1,
                            "write `energy -= 1`, `anxiety += 2` or `called_friend = true`")
        raise ExprError("an effect looks like `energy -= 1`, `anxiety += 2` or `called_friend = true`",
                        len(src) - len(stripped) + 1)
    value_src = src[m.end():]
    try:
        tree = parse(value_src)
    except ExprError as exc:
        raise ExprError(exc.message, exc.col + m.end(), exc.hint) from None
    return m.group(1), m.group(2), tree, m.end() + 1


# --- type checking -----------------------------------------------------------------------------------------------

NUMBER = "number"
BOOL = "true/false"
WORD = "a word"


_YAML_BOOLS = {"yes": True, "no": False, "on": True, "off": False, "y": True, "n": False}


def check_types(tree: tuple, kinds: Mapping[str, str], visit_ok: Callable[[str], str | None],
                words: Mapping[str, tuple[str, ...]] | None = None,
                seen_ok: Callable[[str], tuple[str, str | None] | None] | None = None) -> str:
    """The type of a tree, raising ExprError on undeclared names, unknown beats and mismatches.

    kinds: name -> NUMBER (stats), BOOL (flags) or WORD (words, whose sets are in `words`).
    visit_ok(ref) / seen_ok(ref) return (message, hint) for an unknown beat / line, or None.
    """
    return _TypeCheck(kinds, visit_ok, words or {}, seen_ok).check(tree)


class _TypeCheck:
    """What type checking needs to know, passed down the recursion as one object."""

    def __init__(self, kinds: Mapping[str, str], visit_ok: Callable, words: Mapping[str, tuple[str, ...]],
                 seen_ok: Callable | None):
        self.kinds, self.visit_ok, self.words, self.seen_ok = kinds, visit_ok, words, seen_ok

    def check(self, tree: tuple) -> str:
        return _check(tree, self)


def word_problem(name: str, word: str, words: Mapping[str, tuple[str, ...]], col: int) -> ExprError | None:
    """An error when `word` is not one of the declared words of `name`."""
    allowed = words.get(name)
    if allowed is None or word in allowed:
        return None
    from .diagnostics import did_you_mean
    if name == ENDING:
        ids = [w for w in allowed if w]
        return ExprError(f"`{word}` is not an ending of this story", col,
                         did_you_mean(word, ids) or f"its endings are {', '.join(ids)}; \"\" means the student "
                         "left before an ending", code="V084")
    return ExprError(f"`{word}` is not one of the words of `{name}` ({', '.join(allowed)})", col,
                     did_you_mean(word, allowed) or f"add it to `one_of` of `{name}` under `words:`", code="V074")


def _check(tree: tuple, tc: "_TypeCheck") -> str:
    kinds, visit_ok = tc.kinds, tc.visit_ok
    tag = tree[0]
    if tag == "num":
        return NUMBER
    if tag == "bool":
        return BOOL
    if tag == "str":
        if not tc.words:
            raise ExprError("text in quotes only goes inside visited(\"...\") or seen(\"...\")", tree[2],
                            code="V032")
        return WORD
    if tag == "name":
        kind = kinds.get(tree[1])
        if kind is None and tree[1].lower() in _YAML_BOOLS:
            word = "true" if _YAML_BOOLS[tree[1].lower()] else "false"
            raise ExprError(f"`{tree[1]}` is not a value conditions know", tree[2],
                            f"flags are `true` or `false`: write `{word}` (or just the flag's name, or `not` and "
                            "its name)", code="V031")
        if kind is None and tree[1] == ENDING:
            raise ExprError("`ending` (the ending reached) is only known in the `when` of a debrief prompt", tree[2],
                            "the story is still going on here: use a flag or visited(\"scene.beat\") instead",
                            code="V085")
        if kind is None:
            from .diagnostics import did_you_mean
            raise ExprError(f"`{tree[1]}` is not a declared stat or flag", tree[2],
                            did_you_mean(tree[1], kinds) or "declare it under `stats:` or `flags:` in the narrative",
                            code="V031")
        return kind
    if tag == "visited":
        problem = visit_ok(tree[1])
        if problem:
            raise ExprError(problem[0], tree[2], problem[1], code="V033")
        return NUMBER
    if tag == "seen":
        problem = tc.seen_ok(tree[1]) if tc.seen_ok else None
        if problem:
            raise ExprError(problem[0], tree[2], problem[1], code="V081")
        return NUMBER
    if tag == "not":
        if _check(tree[1], tc) != BOOL and not is_count(tree[1]):
            raise ExprError("`not` needs true/false, not a number", tree[2], "compare the number, e.g. `energy > 0`",
                            code="V032")
        return BOOL
    if tag == "neg":
        if _check(tree[1], tc) != NUMBER:
            raise ExprError("`-` needs a number", tree[2], code="V032")
        return NUMBER
    if tag in ("and", "or"):
        for side in tree[1:3]:
            if _check(side, tc) != BOOL and not is_count(side):
                raise ExprError(f"`{tag}` joins true/false conditions, not numbers", _col(side),
                                "compare the number, e.g. `energy > 0`", code="V032")
        return BOOL
    if tag == "arith":
        for side in tree[2:4]:
            if _check(side, tc) != NUMBER:
                raise ExprError(f"`{tree[1]}` works on numbers, not true/false", tree[4], code="V032")
        return NUMBER
    if tag == "cmp":
        left = _check(tree[2], tc)
        right = _check(tree[3], tc)
        if left != right:
            raise ExprError(f"`{tree[1]}` compares {left} with {right}", tree[4], code="V032")
        if left == WORD:
            if tree[1] not in ("==", "!="):
                raise ExprError(f"`{tree[1]}` needs numbers; words are compared with == or !=", tree[4], code="V032")
            for a, b in ((tree[2], tree[3]), (tree[3], tree[2])):
                if a[0] == "name" and b[0] == "str":
                    problem = word_problem(a[1], b[1], tc.words, b[2])
                    if problem:
                        raise problem
        if left == BOOL and tree[1] not in ("==", "!="):
            raise ExprError(f"`{tree[1]}` needs numbers; flags are true or false", tree[4],
                            "write `flag` or `not flag`", code="V032")
        return BOOL
    raise AssertionError(tag)


def is_count(tree: tuple) -> bool:
    """A bare visited("...") or seen("...") where true/false is wanted: it holds once the beat or line was met
    (a count of 0 is false). Everywhere else it is the number of times."""
    return tree[0] in ("visited", "seen")


def _col(tree: tuple) -> int:
    last = tree[-1]
    if isinstance(last, int) and not isinstance(last, bool) and tree[0] not in ("num",):
        return last
    for part in tree[1:]:
        if isinstance(part, tuple):
            return _col(part)
    return tree[2] if len(tree) > 2 and isinstance(tree[2], int) else 1


def constants_in(tree: tuple) -> dict[str, set]:
    """name -> constants it is compared with (used to search for states where every choice is locked)."""
    found: dict[str, set] = {}

    def visit(t: tuple) -> None:
        if t[0] == "cmp":
            a, b = t[2], t[3]
            for x, y in ((a, b), (b, a)):
                if x[0] in ("name", "visited") and y[0] == "num":
                    found.setdefault(x[1] if x[0] == "name" else "visited:" + x[1], set()).add(y[1])
        for part in t[1:]:
            if isinstance(part, tuple):
                visit(part)
    visit(tree)
    return found


def could_hold(tree: tuple, known: Mapping[str, Any]) -> bool | None:
    """Whether a (type-checked) condition holds when only the names in `known` have values: True or False when
    the known names decide it whatever the rest are, None when it depends on the rest (three-valued logic)."""
    value = _partial(tree, known)
    return None if value is _UNKNOWN else bool(value)


_UNKNOWN = object()


def _partial(t: tuple, known: Mapping[str, Any]) -> Any:
    tag = t[0]
    if tag in ("num", "bool", "str"):
        return t[1]
    if tag == "name":
        return known.get(t[1], _UNKNOWN)
    if tag in ("visited", "seen"):
        return _UNKNOWN
    if tag == "not":
        v = _partial(t[1], known)
        return _UNKNOWN if v is _UNKNOWN else not v
    if tag in ("and", "or"):
        a, b = _partial(t[1], known), _partial(t[2], known)
        decisive = tag == "or"  # `or` is decided by a true side, `and` by a false one
        if (a is not _UNKNOWN and bool(a) == decisive) or (b is not _UNKNOWN and bool(b) == decisive):
            return decisive
        return _UNKNOWN if _UNKNOWN in (a, b) else (not decisive)
    if tag == "neg":
        a = _partial(t[1], known)
        return _UNKNOWN if a is _UNKNOWN else -a
    a, b = _partial(t[2], known), _partial(t[3], known)  # arith and cmp: (tag, op, left, right, col)
    if a is _UNKNOWN or b is _UNKNOWN:
        return _UNKNOWN
    return (_ARITH if tag == "arith" else _CMP)[t[1]](a, b)


def names_in(tree: tuple) -> set[str]:
    out: set[str] = set()

    def visit(t: tuple) -> None:
        if t[0] == "name":
            out.add(t[1])
        elif t[0] == "visited":
            out.add("visited:" + t[1])
        elif t[0] == "seen":
            out.add("seen:" + t[1])
        for part in t[1:]:
            if isinstance(part, tuple):
                visit(part)
    visit(tree)
    return out


# --- compiling to closures ---------------------------------------------------------------------------------------

_LIMIT = 10 ** 15  # far beyond any stat: every result is kept within it, so nothing overflows or becomes NaN


def _bound(x: float) -> float:
    if -_LIMIT <= x <= _LIMIT:
        return x
    if x != x:  # NaN (only from a non-finite input)
        return 0
    return _LIMIT if x > 0 else -_LIMIT


def _div(a: float, b: float) -> float:
    if not b:
        return 0  # a story never crashes on division by zero: it counts as 0 (documented)
    try:
        return _bound(a / b)
    except OverflowError:
        return _LIMIT if (a > 0) == (b > 0) else -_LIMIT


# a product of twelve-digit numbers fits in 500 characters and would overflow a float: results are bounded
_ARITH = {"+": lambda a, b: _bound(a + b), "-": lambda a, b: _bound(a - b), "*": lambda a, b: _bound(a * b),
          "/": _div}
_CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
        ">=": operator.ge}

Fn = Callable[[Mapping[str, Any], Mapping[str, int]], Any]


def compile_tree(tree: tuple, resolve_visit: Callable[[str], str]) -> Fn:
    """A closure (values, visits) -> result. `values` maps stat and flag names to values."""
    tag = tree[0]
    if tag in ("num", "bool", "str"):
        const = tree[1]
        return lambda v, c: const
    if tag == "name":
        name = tree[1]
        return lambda v, c: v[name]
    if tag == "visited":
        key = resolve_visit(tree[1])
        return lambda v, c: c.get(key, 0)
    if tag == "seen":  # lines with an id are counted in the same table as beats, under their full string id
        ref = tree[1]
        # "beat.line" is in this scene: resolve_visit("beat") gives "scene.beat", and the line id follows
        key = ref if ref.count(".") >= 2 else resolve_visit(ref.split(".", 1)[0]) + ref[ref.index("."):] \
            if "." in ref else ref
        return lambda v, c: c.get(key, 0)
    if tag == "not":
        inner = compile_tree(tree[1], resolve_visit)
        return lambda v, c: not inner(v, c)
    if tag == "neg":
        inner = compile_tree(tree[1], resolve_visit)
        return lambda v, c: -inner(v, c)
    if tag == "and":
        a, b = compile_tree(tree[1], resolve_visit), compile_tree(tree[2], resolve_visit)
        return lambda v, c: a(v, c) and b(v, c)
    if tag == "or":
        a, b = compile_tree(tree[1], resolve_visit), compile_tree(tree[2], resolve_visit)
        return lambda v, c: a(v, c) or b(v, c)
    if tag in ("arith", "cmp"):
        fn = (_ARITH if tag == "arith" else _CMP)[tree[1]]
        a, b = compile_tree(tree[2], resolve_visit), compile_tree(tree[3], resolve_visit)
        if tree[3][0] == "num":  # the common `energy >= 3`: one closure call fewer
            const = tree[3][1]
            return lambda v, c: fn(a(v, c), const)
        return lambda v, c: fn(a(v, c), b(v, c))
    raise AssertionError(tag)


@dataclass(frozen=True, slots=True)
class Expr:
    """A condition as the writer wrote it, compiled on first use (so a cached story loads without parsing)."""
    source: str
    scene: str  # for visited("beat") relative to this scene

    def compiled(self) -> Fn:
        fn = _COMPILED.get((self.source, self.scene))
        if fn is None:
            fn = compile_tree(parse(self.source), lambda ref: ref if "." in ref else f"{self.scene}.{ref}")
            _COMPILED[(self.source, self.scene)] = fn
        return fn


@dataclass(frozen=True, slots=True)
class Effect:
    """`target op value`, e.g. energy -= 2."""
    source: str
    scene: str

    def compiled(self) -> tuple[str, str, Fn]:
        hit = _EFFECTS.get((self.source, self.scene))
        if hit is None:
            target, op, tree, _ = parse_effect(self.source)
            hit = (target, op, compile_tree(tree, lambda ref: ref if "." in ref else f"{self.scene}.{ref}"))
            _EFFECTS[(self.source, self.scene)] = hit
        return hit


_COMPILED: dict[tuple[str, str], Fn] = {}
_EFFECTS: dict[tuple[str, str], tuple[str, str, Fn]] = {}
