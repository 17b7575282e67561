"""Reading YAML safely and checking its shape against a JSON Schema in one pass.

Why not `yaml.safe_load` + jsonschema: PyYAML silently keeps the last of duplicate keys, turns `No`, `off` and `12:30`
into booleans and numbers (YAML 1.1), expands aliases (billion laughs), and loses line numbers; jsonschema is slow on
large stories and reports no positions. Here libyaml only composes the node tree (no tag resolution: every plain scalar
stays the text the writer typed) and one walk over the nodes, guided by the schema, builds plain Python values, turns a
scalar into a number or boolean only where the schema asks for one, and reports every problem with its place.
Nothing is ever constructed from tags; anchors, aliases and explicit tags are refused.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..files import NotRegularFile, TooLarge, read_capped
from .diagnostics import Diagnostic, did_you_mean

try:  # libyaml: the C parser
    _Base = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - wheels without libyaml
    _Base = yaml.BaseLoader

_KIND_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
              yaml.MappingNode: "tag:yaml.org,2002:map"}


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Composes nodes only; every implicit tag is the plain default (types come from the schema, not from YAML)."""

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML hook, called once per node
        return _KIND_TAGS[kind]

MAX_FILE_BYTES = 8 * 1024 * 1024  # a story file is text; anything bigger is a mistake or an attack
MAX_DEPTH = 48  # story files nest about 8 deep; deeper is a mistake or an attack
MAX_NODES = 50_000  # a long scene holds a few thousand values; each costs ~600 bytes while checking

# Characters no font draws: C0 and C1 controls (but tab and new line), DEL, lone surrogates, U+FFFE/U+FFFF.
UNDRAWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {"\x00": "NUL", "\x07": "bell", "\x08": "backspace", "\x0b": "vertical tab", "\x0c": "form feed",
                  "\r": "carriage return", "\x1b": "escape", "\x7f": "delete"}
MAX_TEXT_CHARS = 10_000  # a whole debrief is a few thousand characters; more is a paste gone wrong
MAX_WORD_CHARS = 200  # the longest web address in a help line is about 100
LONG_WORD = re.compile(r"\S{%d}" % (MAX_WORD_CHARS + 1))
_SUSPECT = re.compile(UNDRAWABLE.pattern[:-1] + "]|" + LONG_WORD.pattern)


def _fine(text: str) -> bool:
    """True for the common text that needs neither V008 nor V009 (the fast paths skip the full check)."""
    return len(text) <= MAX_TEXT_CHARS and _SUSPECT.search(text) is None


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_STR_TAG = "tag:yaml.org,2002:str"
_DEFAULT_TAGS = {yaml.ScalarNode: _STR_TAG, yaml.SequenceNode: "tag:yaml.org,2002:seq",
                 yaml.MappingNode: "tag:yaml.org,2002:map"}

Mark = tuple[int, int]  # 1-based line, column


class MDict(dict):
    """A mapping from YAML that remembers where it and each of its keys and values stood."""
    __slots__ = ("start_mark", "key_marks", "value_marks")

    @property
    def start(self) -> Mark:
        return _pos(self.start_mark)


class MList(list):
    """A sequence from YAML that remembers where it and each of its items stood."""
    __slots__ = ("start_mark", "item_marks")

    @property
    def start(self) -> Mark:
        return _pos(self.start_mark)


def mark_of(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _pos(mark: Any) -> Mark:
    return mark.line + 1, mark.column + 1


def value_mark(container: Any, key: Any) -> Mark:
    """Where the value under `key` (a dict key or list index) stood, or the container's own place."""
    if isinstance(container, MDict):
        return _pos(container.value_marks.get(key, container.start_mark))
    if isinstance(container, MList):
        marks = container.item_marks
        return _pos(marks[key] if 0 <= key < len(marks) else container.start_mark)
    return (0, 0)


def key_mark(container: Any, key: str) -> Mark:
    if isinstance(container, MDict):
        return _pos(container.key_marks.get(key, container.start_mark))
    return (0, 0)


_CONSTRAINTS = ("enum", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum")


class Spec:
    """A JSON Schema node compiled once into attributes, so the walk does no dictionary digging per YAML node."""
    __slots__ = ("schema", "type", "plain", "props", "extra", "names", "required", "items", "branches",
                 "scalar_branches", "enum", "min_len", "max_len", "pattern", "minimum", "maximum", "excl_min",
                 "min_items", "max_items", "plain_text")

    def __init__(self, schema: dict):
        self.schema = schema
        self.type = schema.get("type")
        self.enum = schema.get("enum")
        self.min_len = schema.get("minLength", 0)
        self.max_len = schema.get("maxLength")
        self.pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        self.minimum = schema.get("minimum")
        self.maximum = schema.get("maximum")
        self.excl_min = schema.get("exclusiveMinimum")
        self.min_items = schema.get("minItems", 0)
        self.max_items = schema.get("maxItems")
        keys = {k for k in _CONSTRAINTS if k in schema}
        self.plain = not keys or (keys == {"minLength"} and self.min_len <= 1)
        self.plain_text = self.type == "string" and self.plain
        self.props = {k: compile_spec(v) for k, v in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        self.extra = compile_spec(extra) if isinstance(extra, dict) else extra
        names = schema.get("propertyNames")
        self.names = re.compile(names["pattern"]) if names else None
        self.required = tuple(schema.get("required", ()))
        self.items = compile_spec(schema["items"]) if "items" in schema else (globals().get("ANY") or self)
        self.branches = [compile_spec(b) for b in schema["anyOf"]] if "anyOf" in schema else None
        self.scalar_branches = [b for b in self.branches or () if b.type not in ("object", "array")]

    @property
    def description(self) -> str | None:
        return self.schema.get("description")


_SPECS: dict[int, Spec] = {}


def compile_spec(schema: dict) -> Spec:
    spec = _SPECS.get(id(schema))
    if spec is None:
        spec = Spec.__new__(Spec)
        _SPECS[id(schema)] = spec  # before filling in, for recursive schemas
        spec.__init__(schema)
        _KEEP.append(schema)
    return spec


_KEEP: list[dict] = []  # the schemas behind _SPECS stay alive, so their ids are never reused
ANY = Spec({})
_QUOTED: dict[str, str] = {}


def _quoted(key: str) -> str:
    q = _QUOTED.get(key)
    if q is None:
        q = f"`{key}`"
        if len(_QUOTED) < 10_000:
            _QUOTED[key] = q
    return q


class _TooDeep(Exception):
    pass


def read_text(path: Path, diags: list[Diagnostic]) -> str | None:
    """The file as text, or None with a diagnostic saying why it cannot be read. Reads at most MAX_FILE_BYTES + 1
    bytes whatever the file claims (/dev/zero ends here), and never opens a pipe or a device (V007)."""
    shown = str(path)
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        diags.append(Diagnostic(shown, 0, 0, "error", "V001", "file not found"))
        return None
    except TooLarge:
        try:
            size = f"{Path(path).stat().st_size / 1048576:.1f} MB"
        except OSError:
            size = "too large"
        diags.append(Diagnostic(shown, 1, 1, "error", "V001",
                                f"file is {size}; story files may be at most {MAX_FILE_BYTES // 1048576} MB",
                                "split it into several scene files"))
        return None
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            diags.append(Diagnostic(shown, 0, 0, "error", "V001", "this is a folder, not a file"))
        else:
            diags.append(Diagnostic(shown, 0, 0, "error", "V007", f"this is {exc.kind}, not a story file; "
                                    "it was not opened", "story files are ordinary text files"))
        return None
    except OSError as exc:
        diags.append(Diagnostic(shown, 0, 0, "error", "V001", f"cannot read the file: {exc.strerror or exc}"))
        return None
    if _looks_utf16(data):
        diags.append(Diagnostic(shown, 1, 1, "error", "V001", "file is saved as UTF-16",
                                "save it as UTF-8 (in VS Code: the encoding button in the status bar)"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.append(Diagnostic(shown, line, col, "error", "V001",
                                "file is not UTF-8 text" + (" (it looks binary)" if b"\x00" in data[:4096] else ""),
                                "save story files as UTF-8 text"))
        return None
    if "\x00" in text:
        idx = text.index("\x00")
        line, col = text.count("\n", 0, idx) + 1, idx - text.rfind("\n", 0, idx)
        diags.append(Diagnostic(shown, line, col, "error", "V001",
                                "file contains a NUL character: it looks binary, not text"))
        return None
    return text


_DEEP_INDENT = re.compile(r"^ {200}", re.MULTILINE)
_COMPACT_CHAIN = re.compile(r"(?:[-?:][ \t]+){50}")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:])[&*][^\s,\[\]{}]", re.MULTILINE)  # `"key":*alias` in flow


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _bracket_depth(text: str) -> int:
    """How deep `[` and `{` nest (counting any in quotes too, which only errs towards the safe composer)."""
    if text.count("[") + text.count("{") < 200:
        return 0
    depth = deepest = 0
    for ch in _NOT_BRACKET.sub("", text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _shallow_and_plain(text: str) -> bool:
    """True when the text certainly nests only a few hundred levels at most (well below the depth at which
    libyaml's recursive C composer overflows its stack) and has no anchor or alias, so the C composer is safe.

    Nesting needs indentation, compact `- ` / `? ` chains on one line, or brackets: bounding each bounds the depth.
    Anything else goes through the slower composer over events, which never recurses.
    """
    # every value after the first needs a separator: `:` `-` `,` `?` a bracket or a new line
    separators = (2 * text.count(":") + text.count("-") + 2 * text.count(",") + text.count("\n")
                  + text.count("[") + text.count("{") + 2 * text.count("?"))
    return (separators < 4 * MAX_NODES and _bracket_depth(text) < 200
            and _DEEP_INDENT.search(text) is None
            and _COMPACT_CHAIN.search(text) is None and _ANCHOR_OR_ALIAS.search(text) is None)


class _Alias(yaml.ScalarNode):
    """Where an alias (`*name`) stood. Never expanded: it is reported once and then skipped."""


class _DeepAt(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _TooManyAt(_DeepAt):
    pass


def _looks_utf16(data: bytes) -> bool:
    """A BOM, or text whose every other byte is NUL (ASCII in UTF-16). Other NULs mean binary, not UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:64]
    if len(head) < 4:
        return False
    odd_zero = not any(head[1::2]) and all(head[0::2])
    even_zero = not any(head[0::2]) and all(head[1::2])
    return odd_zero or even_zero


def compose(text: str, path: str, diags: list[Diagnostic]) -> yaml.Node | None:
    """The YAML node tree, or None with a syntax diagnostic."""
    try:
        if _shallow_and_plain(text):
            return yaml.compose(text, Loader=_Loader)  # libyaml's composer, in C: the fast path
        if _bracket_depth(text) > MAX_DEPTH:
            # Deep `[`/`{` nesting: libyaml's C scanner looks ahead through the whole nest before it gives the first
            # event, and from libyaml 0.2.6 it stops at 1,000 levels with its own words at the far end. PyYAML's
            # Python parser gives events as it goes, so our depth limit reports V004 at the first bracket too deep,
            # whatever libyaml version is installed.
            return _compose_events(yaml.parse(text, Loader=yaml.BaseLoader), path, diags)
        return _compose_events(yaml.parse(text, Loader=_Loader), path, diags)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if any(w in (exc.context or "") for w in ("quoted scalar", "alias", "anchor")) and exc.context_mark:
            mark = exc.context_mark  # where the quote, `*` or `&` stands, not where the scanner gave up
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        message, hint = _plain_syntax_message(exc, source_line, col)
        follow_on = message in ("more text after a closing quote", "a `: ` (colon and space) where YAML cannot start "
                                                                    "a new key")
        opener = _unclosed_quote_before(lines, line, col) if follow_on else None
        if opener is not None:  # report the quote left open, not the innocent one where YAML noticed
            line, col, quote = opener
            message = (f"a quote ({quote}) opened here is not closed on its line, so YAML read on to the next "
                       f"{quote}, on line {mark.line + 1}")
            hint = f"close the quote at the end of this text (inside '...' write '' for an apostrophe)"
        diags.append(Diagnostic(path, line, col, "error", "V002", message, hint))
    except _TooManyAt as exc:
        diags.append(Diagnostic(path, exc.mark.line + 1, exc.mark.column + 1, "error", "V001",
                                f"the file holds more than {MAX_NODES:,} values; story files are far smaller",
                                "split it into several scene files"))
    except _DeepAt as exc:
        diags.append(Diagnostic(path, exc.mark.line + 1, exc.mark.column + 1, "error", "V004",
                                f"nesting is deeper than {MAX_DEPTH} levels",
                                "story files need only a few levels of indentation"))
    except RecursionError:
        diags.append(Diagnostic(path, 1, 1, "error", "V004", f"nesting is deeper than {MAX_DEPTH} levels"))
    except yaml.YAMLError as exc:
        diags.append(Diagnostic(path, 1, 1, "error", "V002", str(exc).splitlines()[0]))
    return None


_OPENS_QUOTE = re.compile(r"""(?:^|[:\-]\s)\s*(["'])""")


def _unclosed_quote_before(lines: list[str], line: int, col: int) -> tuple[int, int, str] | None:
    """Where a quoted text that YAML carried over several lines was opened, when the error is on a later line that
    closes it: `narrate: "Hello` (no closing quote) makes YAML read on to the next `"`, lines below, and fail there.
    """
    if not 0 < line <= len(lines):
        return None
    before = lines[line - 1][:max(col - 1, 0)]
    for quote in ('"', "'"):
        if before.count(quote) % 2 == 0:
            continue
        for i in range(line - 2, max(-1, line - 60), -1):
            text = lines[i]
            m = _OPENS_QUOTE.search(text)
            if m and m.group(1) == quote and text[m.end():].count(quote) % 2 == 0:
                return i + 1, m.start(1) + 1, quote
            if m and text[m.end() - 1:].count(quote) % 2 == 0:
                continue
        return None
    return None


def _plain_syntax_message(exc: yaml.MarkedYAMLError, source_line: str, col: int) -> tuple[str, str | None]:
    """PyYAML's wording ("while scanning a plain scalar ...") in the plain words a writer needs, with a hint."""
    problem = exc.problem or exc.context or "not valid YAML"
    context = exc.context or ""
    raw = problem if not exc.context else f"{exc.context}; {problem}"
    before = source_line[:max(col - 1, 0)]
    if "'\\t'" in problem or "tab character" in problem or "\t" in source_line:
        return "a tab is used for indentation", "YAML indentation must use spaces, not tabs"
    if "expected a single document" in raw:
        return "a second document starts here (`---`)", "a story file holds one document: remove the `---` line"
    if "mapping values are not allowed" in problem:
        return ("a `: ` (colon and space) where YAML cannot start a new key",
                "if this is text containing `: `, put the whole text in quotes; otherwise check this line's "
                "indentation")
    if "quoted scalar" in context:
        return ("a quote is opened here but never closed",
                "close the quote at the end of the text; inside '...' write '' for an apostrophe")
    if "did not find expected key" in problem and ("'" in before or '"' in before):
        return ("more text after a closing quote",
                "a quoted text ends at its closing quote: put the quotes around the whole text, and inside '...' "
                "write '' for an apostrophe (or use \"...\")")
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return ("this line is not lined up with the lines around it",
                "keys of the same item start in the same column; check the spaces at the start of this line and "
                "the one above")
    if "flow sequence" in context or "flow mapping" in context:
        return ("a `[` or `{` is never closed",
                "text that starts with `[` or `{` must be in quotes")
    if "alias" in context or "anchor" in context:
        return ("text cannot start with `*` or `&` unless it is in quotes", "put the whole text in quotes")
    if "block scalar" in context:
        return ("text cannot start with `|` or `>` unless it is in quotes", "put the whole text in quotes")
    if "cannot start any token" in problem:
        ch = source_line[col - 1:col] or "this character"
        return (f"text cannot start with `{ch}` unless it is in quotes", "put the whole text in quotes")
    return raw, None


def _compose_events(events: Any, path: str, diags: list[Diagnostic]) -> yaml.Node | None:
    """yaml.compose without recursion (libyaml's composer recurses in C and crashes on ~100,000-deep nesting),
    with a depth limit, and with anchors and aliases reported where they stand instead of expanded."""
    root: yaml.Node | None = None
    stack: list[list] = []  # [collection node, pending mapping key or None]
    anchors: set[str] = set()
    aliased: set[str] = set()
    first_doc: yaml.Mark | None = None
    count = 0
    for ev in events:
        kind = type(ev)
        count += 1
        if count > 2 * MAX_NODES:  # events: about two per value
            raise _TooManyAt(ev.start_mark)
        if kind is yaml.ScalarEvent:
            tag = ev.tag if ev.tag not in (None, "!") else _STR_TAG
            node: yaml.Node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise _DeepAt(ev.start_mark)
            seq = kind is yaml.SequenceStartEvent
            tag = ev.tag if ev.tag not in (None, "!") else _DEFAULT_TAGS[yaml.SequenceNode if seq else yaml.MappingNode]
            node = (yaml.SequenceNode if seq else yaml.MappingNode)(tag, [], ev.start_mark, None, ev.flow_style)
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            stack.pop()[0].end_mark = ev.end_mark
            continue
        elif kind is yaml.AliasEvent:
            if ev.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {ev.anchor!r}", ev.start_mark)
            if ev.anchor not in aliased:  # once per name: a billion-laughs file must not give a billion messages
                aliased.add(ev.anchor)
                diags.append(Diagnostic(path, ev.start_mark.line + 1, ev.start_mark.column + 1, "error", "V003",
                                        f"aliases (`*{_short(ev.anchor)}`) are not allowed",
                                        "write the content out where it is used"))
            node = _Alias(_STR_TAG, "", ev.start_mark, ev.end_mark)
        elif kind is yaml.DocumentStartEvent:
            if first_doc is not None:
                raise yaml.composer.ComposerError("expected a single document in the stream", first_doc,
                                                  "but found another document", ev.start_mark)
            first_doc = ev.start_mark
            continue
        else:  # stream start/end, document end
            continue
        anchor = getattr(ev, "anchor", None)
        if anchor is not None and kind is not yaml.AliasEvent:
            anchors.add(anchor)
            diags.append(Diagnostic(path, ev.start_mark.line + 1, ev.start_mark.column + 1, "error", "V003",
                                    f"anchors (`&{_short(anchor)}`) are not allowed",
                                    "write the content out where it is used"))
        if stack:
            top = stack[-1]
            if type(top[0]) is yaml.SequenceNode:
                top[0].value.append(node)
            elif top[1] is None:
                top[1] = node
            else:
                top[0].value.append((top[1], node))
                top[1] = None
        else:
            root = node
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)):
            stack.append([node, None])
    return root


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list (lines starting with `- `)", "object": "a mapping (`key: value` lines)"}


def _node_word(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.value == "" and not node.style:
        return "nothing"
    return f"`{_short(node.value)}`"


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


_SCALAR, _SEQ, _MAP = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_ID_HINT = "ids use lower-case letters, digits, `-` and `_`, and start with a letter"


class SchemaWalker:
    """Builds plain values from a node tree, checking them against a (subset of) JSON Schema on the way."""

    def __init__(self, path: str, diags: list[Diagnostic]):
        self.path = path
        self.diags = diags
        self._seen: set[int] = set()
        self._values = 0

    def error(self, mark: Mark, code: str, message: str, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(self.path, mark[0], mark[1], "error", code, message, hint))

    def walk(self, node: yaml.Node, spec: Spec | dict, where: str, depth: int = 0) -> Any:
        if not isinstance(spec, Spec):
            spec = compile_spec(spec)
        if depth > MAX_DEPTH:
            raise _TooDeep
        kind = type(node)
        if kind is _Alias:
            return None  # reported where it stood, by compose()
        if node.tag != _DEFAULT_TAGS[kind] and node.tag != _STR_TAG:
            self.error(mark_of(node), "V003", f"YAML tag `{node.tag}` is not allowed in {where}",
                       "story files hold plain text, numbers, lists and mappings only")
            return None
        if spec.branches is not None:
            return self._any_of(node, spec, where, depth)
        expected = spec.type
        if kind is _SCALAR:
            if spec.plain_text and node.value and _fine(node.value):
                return node.value
            return self._scalar(node, spec, expected, where)
        if id(node) in self._seen:
            self.error(mark_of(node), "V003", "anchors and aliases (`&name`, `*name`) are not allowed",
                       "write the content out where it is used")
            return None
        self._seen.add(id(node))
        if kind is _MAP:
            if expected not in (None, "object"):
                self._wrong_type(node, expected, where)
                return None
            return self._mapping(node, spec, where, depth)
        if expected not in (None, "array"):
            self._wrong_type(node, expected, where)
            return None
        return self._sequence(node, spec, where, depth)

    def _wrong_type(self, node: yaml.Node, expected: str | None, where: str) -> None:
        hint = None
        if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"') and (
                (expected == "boolean" and node.value.lower() in _BOOLS)
                or (expected in ("integer", "number") and _FLOAT.match(node.value))):
            hint = "in quotes it is text: remove the quotes"
        elif expected == "string" and not isinstance(node, yaml.ScalarNode):
            hint = "if the text contains `: ` or starts with `[`, `{`, `-` or `*`, put it in quotes"
        self.error(mark_of(node), "V012",
                   f"{where} should be {_TYPE_WORDS.get(expected, expected)}, not {_node_word(node)}", hint)

    def _drawable(self, node: yaml.ScalarNode, text: str, where: str) -> bool:
        """False (with V009) when the text holds a character no font draws; V008 (warning) when it is absurdly long.
        The window draws the same characters as a replacement mark (game/ui/textcache.py drawable), never a crash."""
        bad = UNDRAWABLE.search(text)
        if bad is not None:
            ch = bad.group()
            name = _CONTROL_NAMES.get(ch, "a control character")
            self.error(mark_of(node), "V009", f"{where} contains U+{ord(ch):04X} ({name}), which cannot be shown",
                       "remove it (a `\\0` or `\\x..` escape in quotes, or an invisible character pasted in)")
            return False
        if len(text) > MAX_TEXT_CHARS or LONG_WORD.search(text):
            self.diags.append(Diagnostic(self.path, *mark_of(node), "warning", "V008",
                                         f"{where} is {len(text):,} characters long" if len(text) > MAX_TEXT_CHARS
                                         else f"{where} has a word of more than {MAX_WORD_CHARS} characters",
                                         "a line of a story is read on one screen: split it, or add spaces"))
        return True

    def _scalar(self, node: yaml.ScalarNode, spec: Spec, expected: str | None, where: str) -> Any:
        raw = node.value
        plain = not node.style
        value: Any
        if expected == "string" or expected is None:
            if plain and raw == "" and expected == "string":
                self.error(mark_of(node), "V012", f"{where} is empty", "write the text after the colon")
                return None
            value = raw
            if not self._drawable(node, raw, where):
                return None
        elif expected == "integer":
            if not (plain and _INT.match(raw)):
                self._wrong_type(node, expected, where)
                return None
            if len(raw) > 16:  # int() refuses over 4,300 digits; no story number needs more than a few
                self.error(mark_of(node), "V013", f"{where} is too large")
                return None
            value = int(raw)
        elif expected == "number":
            if not plain or not _FLOAT.match(raw) or len(raw) > 40:
                self._wrong_type(node, expected, where)
                return None
            value = int(raw) if _INT.match(raw) else float(raw)
            if not -1e15 <= value <= 1e15:  # 1e400 reads as infinity
                self.error(mark_of(node), "V013", f"{where} is too large")
                return None
        elif expected == "boolean":
            b = _BOOLS.get(raw.lower()) if plain else None
            if b is None:
                self._wrong_type(node, expected, where)
                return None
            value = b
        else:
            self._wrong_type(node, expected, where)
            return None
        if spec.plain and value != "":
            return value
        return self._check_value(node, spec, value, where)

    def _check_value(self, node: yaml.Node, spec: Spec, value: Any, where: str) -> Any:
        mark = mark_of(node)
        enum = spec.enum
        if enum is not None and value not in enum:
            hint = did_you_mean(str(value), [str(e) for e in enum]) or "one of: " + ", ".join(map(str, enum))
            self.error(mark, "V013", f"{where} cannot be `{_short(str(value))}`", hint)
            return None
        if isinstance(value, str):
            if len(value) < spec.min_len:
                self.error(mark, "V012", f"{where} is empty")
                return None
            if spec.max_len is not None and len(value) > spec.max_len:
                self.error(mark, "V013", f"{where} is longer than {spec.max_len} characters")
                return None
            if spec.pattern is not None and not spec.pattern.match(value):
                self.error(mark, "V013", f"`{_short(value)}` is not a valid {where}",
                           _ID_HINT + (f" (e.g. `{_slug(value)}`)" if _slug(value) else ""))
                return None
        elif not isinstance(value, bool):
            if spec.minimum is not None and value < spec.minimum:
                self.error(mark, "V013", f"{where} must be at least {spec.minimum}, not {value}")
                return None
            if spec.maximum is not None and value > spec.maximum:
                self.error(mark, "V013", f"{where} must be at most {spec.maximum}, not {value}")
                return None
            if spec.excl_min is not None and value <= spec.excl_min:
                self.error(mark, "V013", f"{where} must be more than {spec.excl_min}, not {value}")
                return None
        return value

    def _any_of(self, node: yaml.Node, spec: Spec, where: str, depth: int) -> Any:
        kind = {_MAP: "object", _SEQ: "array"}.get(type(node))
        if type(node) is _Alias:
            return None
        if kind:
            for branch in spec.branches:
                if branch.type == kind:
                    return self.walk(node, branch, where, depth)
        else:
            scalar_branches = spec.scalar_branches
            if node.value and scalar_branches[0].plain_text and _fine(node.value):
                return node.value
            for branch in scalar_branches:
                probe: list[Diagnostic] = []
                value = SchemaWalker(self.path, probe)._scalar(node, branch, branch.type, where)
                if not any(d.is_error for d in probe):
                    self.diags.extend(probe)  # a V008 warning
                    return value
            if len(scalar_branches) == 1:
                return self._scalar(node, scalar_branches[0], scalar_branches[0].type, where)
        words = " or ".join(_TYPE_WORDS.get(b.type, str(b.enum or "")) for b in spec.branches)
        self.error(mark_of(node), "V012", f"{where} should be {words}, not {_node_word(node)}")
        return None

    def _mapping(self, node: yaml.MappingNode, spec: Spec, where: str, depth: int) -> MDict:
        self._values += 2 * len(node.value)
        if self._values > MAX_NODES:
            raise _TooManyAt(node.start_mark)
        result = MDict()
        result.start_mark = node.start_mark
        key_marks: dict = {}
        value_marks: dict = {}
        result.key_marks = key_marks
        result.value_marks = value_marks
        props = spec.props
        extra = spec.extra
        names = spec.names
        for key_node, value_node in node.value:
            if type(key_node) is not _SCALAR or key_node.tag != _STR_TAG:
                self.error(mark_of(key_node), "V012", f"keys in {where} must be plain words")
                continue
            key = key_node.value
            if key in key_marks:
                first = key_marks[key].line + 1
                self.error(mark_of(key_node), "V005", f"`{key}` appears twice in {where} (first on line {first})",
                           "if a new item starts here, put `- ` before `id:`" if key == "id" else
                           "YAML would silently keep only the last one: remove or rename one of them")
                continue
            key_marks[key] = key_node.start_mark
            value_marks[key] = value_node.start_mark
            sub = props.get(key)
            if sub is None:
                if extra is False:
                    self.error(mark_of(key_node), "V010", f"unknown key `{_short(key)}` in {where}",
                               did_you_mean(key, props) or ("known keys: " + ", ".join(props)))
                    continue
                if extra is True:
                    sub = ANY
                else:
                    if names is not None and not names.match(key):
                        self.error(mark_of(key_node), "V013", f"`{_short(key)}` is not a valid id in {where}",
                                   _ID_HINT + (f" (e.g. `{_slug(key)}`)" if _slug(key) else ""))
                        continue
                    sub = extra
            if (sub.plain_text and type(value_node) is _SCALAR and value_node.value and value_node.tag == _STR_TAG
                    and _fine(value_node.value)):
                result[key] = value_node.value  # the common case, without a call
                continue
            value = self.walk(value_node, sub, _quoted(key), depth + 1)
            if value is not None:
                result[key] = value
        for req in spec.required:
            if req not in key_marks:
                self.error(result.start, "V011", f"{where} is missing `{req}`",
                           props[req].description if req in props else None)
        return result

    def _sequence(self, node: yaml.SequenceNode, spec: Spec, where: str, depth: int) -> MList:
        self._values += len(node.value)
        if self._values > MAX_NODES:
            raise _TooManyAt(node.start_mark)
        result = MList()
        result.start_mark = node.start_mark
        item_marks: list = []
        result.item_marks = item_marks
        items = spec.items
        item_where = f"an item of {where}"
        plain_text = items.plain_text
        for child in node.value:
            if plain_text and type(child) is _SCALAR and child.value and child.tag == _STR_TAG and _fine(child.value):
                result.append(child.value)
                item_marks.append(child.start_mark)
                continue
            value = self.walk(child, items, item_where, depth + 1)
            if value is not None:
                result.append(value)
                item_marks.append(child.start_mark)
        n = len(node.value)
        if n < spec.min_items:
            self.error(result.start, "V012", f"{where} needs at least {spec.min_items} item(s)")
        if spec.max_items is not None and n > spec.max_items:
            self.error(result.start, "V013", f"{where} has {n} items; at most {spec.max_items} are allowed",
                       "players choose with the keys 1-9: split the menu")
        return result


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", text.strip().lower()).strip("-")
    return slug if re.match(r"^[a-z][a-z0-9_-]*$", slug or "") else ""


def load_document(path: Path, schema: dict, diags: list[Diagnostic], what: str) -> tuple[Any, str | None]:
    """Read, parse and shape-check one YAML file. Returns (value or None, text or None)."""
    text = read_text(path, diags)
    if text is None:
        return None, None
    return load_text(text, path, schema, diags, what), text


def load_text(text: str, path: Path | str, schema: dict, diags: list[Diagnostic], what: str) -> Any:
    """Parse and shape-check YAML text that came from `path`. Returns the value, or None."""
    node = compose(text, str(path), diags)
    if node is None:
        if not any(d.path == str(path) for d in diags):
            diags.append(Diagnostic(str(path), 1, 1, "error", "V012", f"the file is empty; expected {what}",
                                    "start from the example in docs/authoring.md"))
        return None
    walker = SchemaWalker(str(path), diags)
    try:
        return walker.walk(node, schema, what)
    except _TooManyAt as exc:
        diags.append(Diagnostic(str(path), exc.mark.line + 1, exc.mark.column + 1, "error", "V001",
                                f"the file holds more than {MAX_NODES:,} values; story files are far smaller",
                                "split it into several scene files"))
        return None
    except (_TooDeep, RecursionError):
        diags.append(Diagnostic(str(path), 1, 1, "error", "V004", f"nesting is deeper than {MAX_DEPTH} levels",
                                "story files need only a few levels of indentation"))
        return None


def uses_libyaml() -> bool:
    """Whether stories are parsed by libyaml's C loader (fast) or PyYAML's pure-Python one (the wheel lacks libyaml)."""
    return _Base is not yaml.BaseLoader
