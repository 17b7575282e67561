"""Questionnaire instruments: the YAML format (docs/schema/questionnaire.schema.json), loading and scoring.

An instrument has an id and version, a Likert scale with labels (values 1..n), optional "prefer not to say", named
subscales, and items with stable ids, each in one subscale and possibly reverse-scored. YAML is read with the safe
walker that reads story files (game.content.yamlwalk: no aliases, no tags, duplicate keys caught, `no` stays text);
every mistake is reported as `file:line:col: message`, never a traceback.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


from game import paths
from game.content.diagnostics import Diagnostic, did_you_mean
from game.files import TooLarge, read_capped

# the YAML walker and the schema are imported where a questionnaire is read, not with this module: the window
# imports it before its first frame, and reads a questionnaire only after consent
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
    translation: str | None = None  # the locale of a translated copy (instrument_translation), None for the original

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


def check_instrument_text(text: str, source: str = "<questionnaire>") -> tuple[Instrument | None, list[Diagnostic]]:
    """The instrument and every problem in it, as diagnostics (file:line:col, code, hint), like story files."""
    from game.content.schema import QUESTIONNAIRE_SCHEMA
    from game.content.yamlwalk import MDict, load_text, value_mark
    diags: list[Diagnostic] = []
    data = load_text(text, source, QUESTIONNAIRE_SCHEMA, diags, "the questionnaire")
    if not isinstance(data, MDict) or any(d.is_error for d in diags):
        if data is not None and not isinstance(data, MDict) and not diags:
            diags.append(Diagnostic(source, 1, 1, "error", "V012", "a questionnaire is a mapping with id, version, "
                                    "scale, subscales and items"))
        return None, diags
    items: list[Item] = []
    seen: dict[str, int] = {}
    subscales = {k: v.strip() for k, v in data["subscales"].items()}
    if not subscales:
        line, col = value_mark(data, "subscales")
        diags.append(Diagnostic(source, line, col, "error", "V011", "`subscales` lists no subscale",
                                "give each subscale an id and a label"))
    for i, it in enumerate(data["items"]):
        line, col = value_mark(it, "id")
        if it["id"] in seen:
            diags.append(Diagnostic(source, line, col, "error", "V020",
                                    f"item id `{it['id']}` is used twice (first on line {seen[it['id']]})",
                                    "item ids must stay unique and never change once answers were recorded"))
            continue
        seen[it["id"]] = line
        if it["subscale"] not in subscales:
            line, col = value_mark(it, "subscale")
            diags.append(Diagnostic(source, line, col, "error", "V021",
                                    f"subscale `{it['subscale']}` is not listed under `subscales`",
                                    did_you_mean(it["subscale"], subscales)))
            continue
        items.append(Item(it["id"], it["text"].strip(), it["subscale"], bool(it.get("reverse", False))))
    if any(d.is_error for d in diags):
        return None, diags
    scale = data["scale"]
    pnts = scale.get("prefer_not_to_say")
    inst = Instrument(data["id"], str(data["version"]), data["title"].strip(), (data.get("intro") or "").strip(),
                      data["licence"].strip(), tuple(lab.strip() for lab in scale["labels"]),
                      pnts.strip() if isinstance(pnts, str) else None, data["higher_means"].strip(), subscales,
                      tuple(items))
    return inst, diags


def parse_instrument(text: str, source: str = "<questionnaire>") -> Instrument:
    """The instrument in `text`; InstrumentError (its first problem, as file:line:col: message) otherwise."""
    inst, diags = check_instrument_text(text, source)
    errors = [d for d in diags if d.is_error]
    if inst is None:
        d = errors[0]
        raise InstrumentError(f"{d.path}:{d.line}:{d.col}: {d.message}", d.code, d.path, d.line, d.col, d.message)
    return inst


def load_instrument(ref: str | Path, folder: Path | None = None) -> Instrument:
    """Load an instrument by id (questionnaires/<id>.yaml) or by path. Raises InstrumentError."""
    ref_s = str(ref)
    if ref_s.endswith((".yaml", ".yml")) or "/" in ref_s or "\\" in ref_s:
        path = Path(ref_s)
    else:
        from game.content.schema import QUESTIONNAIRE_ID
        if not re.match(QUESTIONNAIRE_ID, ref_s):
            raise InstrumentError(f"{ref_s}: not a questionnaire id")
        path = (folder or paths.QUESTIONNAIRES_DIR) / f"{ref_s}.yaml"
    try:
        text = read_capped(path, MAX_BYTES).decode("utf-8")  # a pipe or device is refused, never opened
    except TooLarge:
        raise InstrumentError(f"{path}:1:1: too large for a questionnaire", "V001", str(path), 0, 0,
                              "too large for a questionnaire") from None
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
