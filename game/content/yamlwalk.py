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

from .diagnostics import Diagnostic, did_you_mean

try:  # libyaml: the C parser
    _Loader = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - wheels without libyaml
    _Loader = yaml.BaseLoader

MAX_FILE_BYTES = 8 * 1024 * 1024  # a story file is text; anything bigger is a mistake or an attack
MAX_DEPTH = 48  # story files nest about 8 deep; deeper is a mistake or an attack

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_BOOLS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_STR_TAG = "tag:yaml.org,2002:str"
_DEFAULT_TAGS = {yaml.ScalarNode: _STR_TAG, yaml.SequenceNode: "tag:yaml.org,2002:seq",
                 yaml.MappingNode: "tag:yaml.org,2002:map"}

Mark = tuple[int, int]  # 1-based line, column


class MDict(dict):
    """A mapping from YAML that remembers where it and each of its keys and values stood."""
    __slots__ = ("start", "key_marks", "value_marks")


class MList(list):
    """A sequence from YAML that remembers where it and each of its items stood."""
    __slots__ = ("start", "item_marks")


def mark_of(node: yaml.Node) -> Mark:
    return node.start_mark.line + 1, node.start_mark.column + 1


def value_mark(container: Any, key: Any) -> Mark:
    """Where the value under `key` (a dict key or list index) stood, or the container's own place."""
    if isinstance(container, MDict):
        return container.value_marks.get(key, container.start)
    if isinstance(container, MList):
        return container.item_marks[key] if 0 <= key < len(container.item_marks) else container.start
    return (0, 0)


def key_mark(container: Any, key: str) -> Mark:
    if isinstance(container, MDict):
        return container.key_marks.get(key, container.start)
    return (0, 0)


class _TooDeep(Exception):
    pass


def read_text(path: Path, diags: list[Diagnostic]) -> str | None:
    """The file as text, or None with a diagnostic saying why it cannot be read."""
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.append(Diagnostic(shown, 1, 1, "error", "V001",
                                    f"file is {size / 1048576:.1f} MB; story files may be at most "
                                    f"{MAX_FILE_BYTES // 1048576} MB",
                                    "split it into several scene files"))
            return None
        data = path.read_bytes()
    except FileNotFoundError:
        diags.append(Diagnostic(shown, 0, 0, "error", "V001", "file not found"))
        return None
    except IsADirectoryError:
        diags.append(Diagnostic(shown, 0, 0, "error", "V001", "this is a folder, not a file"))
        return None
    except OSError as exc:
        diags.append(Diagnostic(shown, 0, 0, "error", "V001", f"cannot read the file: {exc.strerror or exc}"))
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
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
        diags.append(Diagnostic(shown, text.count("\n", 0, idx) + 1, 1, "error", "V001",
                                "file contains a NUL character: it looks binary, not text"))
        return None
    return text


def compose(text: str, path: str, diags: list[Diagnostic]) -> yaml.Node | None:
    """The YAML node tree, or None with a syntax diagnostic."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        hint = None
        if "'\\t'" in problem or "\t" in (text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""):
            hint = "YAML indentation must use spaces, not tabs"
        elif "expected a single document" in str(exc):
            hint = "a story file holds one document: remove the `---` line"
        elif "mapping values are not allowed" in problem:
            hint = "text containing `: ` must be in quotes"
        message = problem if not exc.context else f"{exc.context}; {problem}"
        diags.append(Diagnostic(path, line, col, "error", "V002", message, hint))
    except RecursionError:
        diags.append(Diagnostic(path, 1, 1, "error", "V004", f"nesting is deeper than {MAX_DEPTH} levels"))
    except yaml.YAMLError as exc:
        diags.append(Diagnostic(path, 1, 1, "error", "V002", str(exc).splitlines()[0]))
    return None


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


class SchemaWalker:
    """Builds plain values from a node tree, checking them against a (subset of) JSON Schema on the way."""

    def __init__(self, path: str, diags: list[Diagnostic]):
        self.path = path
        self.diags = diags
        self._seen: set[int] = set()

    def error(self, mark: Mark, code: str, message: str, hint: str | None = None) -> None:
        self.diags.append(Diagnostic(self.path, mark[0], mark[1], "error", code, message, hint))

    def walk(self, node: yaml.Node, schema: dict, where: str, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise _TooDeep
        if node.tag != _DEFAULT_TAGS[type(node)] and node.tag != _STR_TAG:
            self.error(mark_of(node), "V003", f"YAML tag `{node.tag}` is not allowed in {where}",
                       "story files hold plain text, numbers, lists and mappings only")
            return None
        if "anyOf" in schema:
            return self._any_of(node, schema, where, depth)
        expected = schema.get("type")
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, schema, expected, where)
        if id(node) in self._seen:
            self.error(mark_of(node), "V003", "anchors and aliases (`&name`, `*name`) are not allowed",
                       "write the content out where it is used")
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            if expected not in (None, "object"):
                self._wrong_type(node, expected, where)
                return None
            return self._mapping(node, schema, where, depth)
        if expected not in (None, "array"):
            self._wrong_type(node, expected, where)
            return None
        return self._sequence(node, schema, where, depth)

    def _wrong_type(self, node: yaml.Node, expected: str | None, where: str) -> None:
        hint = None
        if expected == "string" and not isinstance(node, yaml.ScalarNode):
            hint = "if the text contains `: ` or starts with `[`, `{`, `-` or `*`, put it in quotes"
        self.error(mark_of(node), "V012",
                   f"{where} should be {_TYPE_WORDS.get(expected, expected)}, not {_node_word(node)}", hint)

    def _scalar(self, node: yaml.ScalarNode, schema: dict, expected: str | None, where: str) -> Any:
        raw = node.value
        plain = not node.style
        value: Any
        if expected == "string" or expected is None:
            if plain and raw == "" and expected == "string":
                self.error(mark_of(node), "V012", f"{where} is empty", "write the text after the colon")
                return None
            value = raw
        elif expected == "integer":
            if not (plain and _INT.match(raw)):
                self._wrong_type(node, expected, where)
                return None
            value = int(raw)
        elif expected == "number":
            if not plain or not _FLOAT.match(raw) or len(raw) > 40:
                self._wrong_type(node, expected, where)
                return None
            value = int(raw) if _INT.match(raw) else float(raw)
        elif expected == "boolean":
            b = _BOOLS.get(raw.lower()) if plain else None
            if b is None:
                self._wrong_type(node, expected, where)
                return None
            value = b
        else:
            self._wrong_type(node, expected, where)
            return None
        return self._check_value(node, schema, value, where)

    def _check_value(self, node: yaml.Node, schema: dict, value: Any, where: str) -> Any:
        mark = mark_of(node)
        enum = schema.get("enum")
        if enum is not None and value not in enum:
            hint = did_you_mean(str(value), [str(e) for e in enum]) or "one of: " + ", ".join(map(str, enum))
            self.error(mark, "V013", f"{where} cannot be `{_short(str(value))}`", hint)
            return None
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0):
                self.error(mark, "V012", f"{where} is empty")
                return None
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                self.error(mark, "V013", f"{where} is longer than {schema['maxLength']} characters")
                return None
            pattern = schema.get("pattern")
            if pattern is not None and not re.match(pattern, value):
                self.error(mark, "V013", f"`{_short(value)}` is not a valid {where}",
                           "ids use lower-case letters, digits, `-` and `_`, and start with a letter"
                           + (f" (e.g. `{_slug(value)}`)" if _slug(value) else ""))
                return None
        elif not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                self.error(mark, "V013", f"{where} must be at least {schema['minimum']}, not {value}")
                return None
            if "maximum" in schema and value > schema["maximum"]:
                self.error(mark, "V013", f"{where} must be at most {schema['maximum']}, not {value}")
                return None
            if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
                self.error(mark, "V013", f"{where} must be more than {schema['exclusiveMinimum']}, not {value}")
                return None
        return value

    def _any_of(self, node: yaml.Node, schema: dict, where: str, depth: int) -> Any:
        branches = schema["anyOf"]
        kind = {yaml.MappingNode: "object", yaml.SequenceNode: "array"}.get(type(node))
        if kind:
            for branch in branches:
                if branch.get("type") == kind:
                    return self.walk(node, branch, where, depth)
        else:
            scalar_branches = [b for b in branches if b.get("type") not in ("object", "array")]
            for branch in scalar_branches:
                probe: list[Diagnostic] = []
                sub = SchemaWalker(self.path, probe)
                value = sub._scalar(node, branch, branch.get("type"), where)
                if not probe:
                    return value
            if len(scalar_branches) == 1:
                return self._scalar(node, scalar_branches[0], scalar_branches[0].get("type"), where)
        words = " or ".join(_TYPE_WORDS.get(b.get("type"), str(b.get("enum", ""))) for b in branches)
        self.error(mark_of(node), "V012", f"{where} should be {words}, not {_node_word(node)}")
        return None

    def _mapping(self, node: yaml.MappingNode, schema: dict, where: str, depth: int) -> MDict:
        result = MDict()
        result.start = mark_of(node)
        result.key_marks = {}
        result.value_marks = {}
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR_TAG,):
                self.error(mark_of(key_node), "V012", f"keys in {where} must be plain words")
                continue
            key = key_node.value
            kmark = mark_of(key_node)
            if key in result.key_marks:
                first = result.key_marks[key]
                self.error(kmark, "V005", f"`{key}` appears twice in {where} (first on line {first[0]})",
                           "YAML would silently keep only the last one: remove or rename one of them")
                continue
            result.key_marks[key] = kmark
            result.value_marks[key] = mark_of(value_node)
            sub = props.get(key)
            if sub is None:
                if isinstance(extra, dict):
                    if names and not re.match(names["pattern"], key):
                        self.error(kmark, "V013", f"`{_short(key)}` is not a valid id in {where}",
                                   "ids use lower-case letters, digits, `-` and `_`, and start with a letter"
                                   + (f" (e.g. `{_slug(key)}`)" if _slug(key) else ""))
                        continue
                    sub = extra
                    child_where = f"`{key}`"
                elif extra is False:
                    self.error(kmark, "V010", f"unknown key `{_short(key)}` in {where}",
                               did_you_mean(key, props) or ("known keys: " + ", ".join(props)))
                    continue
                else:
                    sub = {}
                    child_where = f"`{key}`"
            else:
                child_where = f"`{key}`"
            value = self.walk(value_node, sub, child_where, depth + 1)
            if value is not None:
                result[key] = value
        for req in schema.get("required", ()):
            if req not in result.key_marks:
                self.error(result.start, "V011", f"{where} is missing `{req}`",
                           (props.get(req) or {}).get("description"))
        return result

    def _sequence(self, node: yaml.SequenceNode, schema: dict, where: str, depth: int) -> MList:
        result = MList()
        result.start = mark_of(node)
        result.item_marks = []
        items = schema.get("items", {})
        item_where = f"an item of {where}"
        for child in node.value:
            value = self.walk(child, items, item_where, depth + 1)
            if value is not None:
                result.append(value)
                result.item_marks.append(mark_of(child))
        n = len(node.value)
        if n < schema.get("minItems", 0):
            self.error(result.start, "V012", f"{where} needs at least {schema['minItems']} item(s)")
        if "maxItems" in schema and n > schema["maxItems"]:
            self.error(result.start, "V013", f"{where} has {n} items; at most {schema['maxItems']} are allowed",
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
    node = compose(text, str(path), diags)
    if node is None:
        if not any(d.path == str(path) for d in diags):
            diags.append(Diagnostic(str(path), 1, 1, "error", "V012", f"the file is empty; expected {what}",
                                    "start from the example in docs/authoring.md"))
        return None, text
    walker = SchemaWalker(str(path), diags)
    try:
        return walker.walk(node, schema, what), text
    except (_TooDeep, RecursionError):
        diags.append(Diagnostic(str(path), 1, 1, "error", "V004", f"nesting is deeper than {MAX_DEPTH} levels",
                                "story files need only a few levels of indentation"))
        return None, text
