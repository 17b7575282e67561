"""Questionnaire instruments: the YAML format (docs/schema/questionnaire.schema.json), loading and scoring.

An instrument has an id and version, a Likert scale with labels (values 1..n), optional "prefer not to say", named
subscales, and items with stable ids, each in one subscale and possibly reverse-scored. YAML is read with the safe
loader only; every mistake is reported as `file:line:col: message`, never a traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from game import paths

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")
MAX_BYTES = 256 * 1024


class InstrumentError(Exception):
    """A questionnaire file cannot be used; str() is 'file:line:col: message'. `code` is the diagnostic code
    (docs/diagnostics.md) used by `vantage check`; line/col are 0 when the whole file is meant."""

    def __init__(self, text: str, code: str = "V013", source: str = "", line: int = 0, col: int = 0,
                 message: str = "") -> None:
        super().__init__(text)
        self.code, self.source, self.line, self.col, self.message = code, source, line, col, message or text


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: str
    subscale: str
    reverse: bool


@dataclass(frozen=True, slots=True)
class Instrument:
    id: str
    version: str
    title: str
    intro: str
    licence: str
    labels: tuple[str, ...]  # labels[i] is the label of scale value i + 1
    prefer_not_to_say: str | None  # its label, or None when it is not offered
    higher_means: str
    subscales: dict[str, str]  # id -> label
    items: tuple[Item, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(range(1, len(self.labels) + 1))

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def score(self, item_id: str, value: int | None) -> int | None:
        """The scored value (reverse-scored where marked); None stays None ('prefer not to say')."""
        if value is None:
            return None
        if value not in self.values:
            raise ValueError(f"{value} is not on the scale of {self.id}")
        return (len(self.labels) + 1 - value) if self.item(item_id).reverse else value


def _mark(node: yaml.Node | None, path: tuple) -> tuple[int, int]:
    """Line and column (1-based) of the node at `path` (keys / indexes), or of the nearest parent found."""
    best = (1, 1)
    for step in path:
        if node is None:
            break
        best = (node.start_mark.line + 1, node.start_mark.column + 1)
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == step:
                    nxt = v
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            nxt = node.value[step]
        node = nxt
    if node is not None:
        best = (node.start_mark.line + 1, node.start_mark.column + 1)
    return best


def parse_instrument(text: str, source: str = "<questionnaire>") -> Instrument:
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        m = exc.problem_mark
        where = f"{m.line + 1}:{m.column + 1}" if m else "1:1"
        line, col = (m.line + 1, m.column + 1) if m else (1, 1)
        raise InstrumentError(f"{source}:{where}: not valid YAML: {exc.problem}", "V002", source, line, col,
                              f"not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise InstrumentError(f"{source}:1:1: not valid YAML: {exc}", "V002", source, 1, 1,
                              f"not valid YAML: {exc}") from None
    except RecursionError:
        raise InstrumentError(f"{source}:1:1: nested too deeply", "V004", source, 1, 1, "nested too deeply") from None

    def fail(path: tuple, message: str, code: str = "V013") -> InstrumentError:
        line, col = _mark(root, path)
        return InstrumentError(f"{source}:{line}:{col}: {message}", code, source, line, col, message)

    def text_at(d: dict, key: str, path: tuple, required: bool = True, limit: int = 600) -> str:
        v = d.get(key)
        if v is None and not required:
            return ""
        if isinstance(v, (int, float)) and not isinstance(v, bool) and key == "version":
            v = str(v)
        if not isinstance(v, str) or not v.strip():
            raise fail(path + (key,), f"'{key}' must be some text", "V011" if v is None else "V012")
        if len(v) > limit:
            raise fail(path + (key,), f"'{key}' is longer than {limit} characters")
        return v.strip()

    if not isinstance(data, dict):
        raise fail((), "a questionnaire is a mapping with id, version, scale, subscales and items", "V012")
    known = {"id", "version", "title", "intro", "licence", "scale", "higher_means", "subscales", "items"}
    for key in data:
        if key not in known:
            raise fail((key,), f"unknown key '{key}' (expected one of: {', '.join(sorted(known))})", "V010")
    iid = text_at(data, "id", ())
    if not _ID.match(iid):
        raise fail(("id",), "'id' must be lower-case letters, digits, '-' or '_'")
    version = text_at(data, "version", ())
    if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,19}$", version):
        raise fail(("version",), "'version' must be short, like \"1\" or \"2.1\"")
    title = text_at(data, "title", ())
    intro = text_at(data, "intro", (), required=False)
    licence = text_at(data, "licence", ())
    higher = text_at(data, "higher_means", (), limit=80)

    scale = data.get("scale")
    if not isinstance(scale, dict) or not isinstance(scale.get("labels"), list):
        raise fail(("scale",), "'scale' needs 'labels': a list of 2 to 11 labels, lowest first")
    for key in scale:
        if key not in ("labels", "prefer_not_to_say"):
            raise fail(("scale", key), f"unknown key '{key}' in scale (labels, prefer_not_to_say)", "V010")
    labels = scale["labels"]
    if not 2 <= len(labels) <= 11:
        raise fail(("scale", "labels"), "a scale has 2 to 11 labels")
    for i, lab in enumerate(labels):
        if not isinstance(lab, str) or not lab.strip() or len(lab) > 60:
            raise fail(("scale", "labels", i), "each scale label is short text")
    pnts = scale.get("prefer_not_to_say")
    if pnts is False or pnts is None:
        pnts = None
    elif not isinstance(pnts, str) or not pnts.strip():
        raise fail(("scale", "prefer_not_to_say"), "'prefer_not_to_say' is its label (text) or false")

    subs = data.get("subscales")
    if not isinstance(subs, dict) or not subs:
        raise fail(("subscales",), "'subscales' maps each subscale id to its label")
    subscales: dict[str, str] = {}
    for k, v in subs.items():
        if not isinstance(k, str) or not _ID.match(k):
            raise fail(("subscales", k), f"subscale id {k!r} must be lower-case letters, digits, '-' or '_'")
        if not isinstance(v, str) or not v.strip():
            raise fail(("subscales", k), f"subscale '{k}' needs a label")
        subscales[k] = v.strip()

    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise fail(("items",), "'items' is a list of questions")
    items: list[Item] = []
    seen: set[str] = set()
    for i, it in enumerate(raw_items):
        p = ("items", i)
        if not isinstance(it, dict):
            raise fail(p, "each item is a mapping with id, subscale, text (and reverse: true when agreeing means "
                          "less of what the instrument measures)")
        for key in it:
            if key not in ("id", "subscale", "text", "reverse"):
                raise fail(p + (key,), f"unknown key '{key}' in an item (id, subscale, text, reverse)", "V010")
        item_id = text_at(it, "id", p, limit=64)
        if not _ID.match(item_id):
            raise fail(p + ("id",), "item ids are lower-case letters, digits, '-' or '_'")
        if item_id in seen:
            raise fail(p + ("id",), f"item id '{item_id}' is used twice", "V020")
        seen.add(item_id)
        sub = text_at(it, "subscale", p, limit=64)
        if sub not in subscales:
            raise fail(p + ("subscale",), f"subscale '{sub}' is not listed under 'subscales'")
        reverse = it.get("reverse", False)
        if not isinstance(reverse, bool):
            raise fail(p + ("reverse",), "'reverse' is true or false")
        items.append(Item(item_id, text_at(it, "text", p, limit=300), sub, reverse))
    return Instrument(iid, version, title, intro, licence, tuple(lab.strip() for lab in labels),
                      pnts.strip() if pnts else None, higher, subscales, tuple(items))


def load_instrument(ref: str | Path, folder: Path | None = None) -> Instrument:
    """Load an instrument by id (questionnaires/<id>.yaml) or by path. Raises InstrumentError."""
    ref_s = str(ref)
    if ref_s.endswith((".yaml", ".yml")) or "/" in ref_s or "\\" in ref_s:
        path = Path(ref_s)
    else:
        if not _ID.match(ref_s):
            raise InstrumentError(f"{ref_s}: not a questionnaire id")
        path = (folder or paths.QUESTIONNAIRES_DIR) / f"{ref_s}.yaml"
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InstrumentError(f"{path}:1:1: too large for a questionnaire", "V001", str(path), 0, 0,
                                  "too large for a questionnaire")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstrumentError(f"{path}: no such questionnaire", "V001", str(path), 0, 0,
                              "no such questionnaire") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstrumentError(f"{path}: cannot read it ({exc})", "V001", str(path), 0, 0,
                              f"cannot read it ({exc})") from None
    inst = parse_instrument(text, str(path))
    if path.parent == (folder or paths.QUESTIONNAIRES_DIR) and path.stem != inst.id:
        raise InstrumentError(f"{path}:1:1: the file name must be the id ('{inst.id}.yaml')", "V013", str(path), 1, 1,
                              f"the file name must be the id ('{inst.id}.yaml')")
    return inst


def bundled_instruments() -> list[Instrument]:
    return [load_instrument(p) for p in sorted(paths.QUESTIONNAIRES_DIR.glob("*.yaml"))]
