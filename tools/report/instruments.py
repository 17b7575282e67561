"""What the report needs to know about a questionnaire: its items, which are reverse-worded, their subscales, the scale
range, and which direction of change is the unwanted one (more stigma).

Read from the questionnaire file (questionnaires/<id>.yaml, safe YAML only). When no file is found the report still
runs from the recorded answers alone, but then it cannot reverse-score or say which way is "wrong", and it says so.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from game import paths

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Words a questionnaire may use for what a higher (reverse-scored) score means.
_HIGHER_IS_STIGMA = {"stigma", "more-stigma", "more stigma", "social-distance", "distance", "negative"}
_HIGHER_IS_ACCEPTANCE = {"acceptance", "less-stigma", "less stigma", "positive", "empathy", "openness"}


@dataclass(frozen=True)
class ItemSpec:
    id: str
    text: str | None
    reverse: bool  # reverse-worded: scored as (min + max - value)
    subscale: str | None


@dataclass(frozen=True)
class InstrumentSpec:
    id: str
    title: str
    scale_min: int
    scale_max: int
    # +1: a higher (reverse-scored) score means more stigma, so an increase is unwanted; -1 the other way round;
    # 0: unknown (no questionnaire file), so no backfire check is possible.
    unwanted_sign: int
    items: tuple[ItemSpec, ...]
    source: str  # the file it came from, or "recorded answers only"

    @property
    def subscales(self) -> tuple[str, ...]:
        seen: list[str] = []
        for item in self.items:
            if item.subscale and item.subscale not in seen:
                seen.append(item.subscale)
        return tuple(seen)

    def item(self, item_id: str) -> ItemSpec | None:
        return next((i for i in self.items if i.id == item_id), None)


class InstrumentError(Exception):
    """A questionnaire file exists but cannot be used; the message says which and why."""


def _direction(raw: Any) -> int:
    if raw is None:
        return 0
    word = str(raw).strip().lower()
    if word in _HIGHER_IS_STIGMA:
        return +1
    if word in _HIGHER_IS_ACCEPTANCE:
        return -1
    return 0


def _text(raw: Any) -> str | None:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, dict):  # translations: {en: "..."}
        value = raw.get("en") or next(iter(raw.values()), None)
        return value if isinstance(value, str) else None
    return None


def parse_instrument(data: Any, source: str) -> InstrumentSpec:
    """Build a spec from a questionnaire file's parsed YAML (tolerant of the few shapes the file may take)."""
    if not isinstance(data, dict):
        raise InstrumentError(f"{source}: a questionnaire file must be a mapping")
    scale = data.get("scale") or {}
    if isinstance(scale, dict):
        lo, hi = scale.get("min", 1), scale.get("max", 5)
    elif isinstance(scale, (list, tuple)) and scale:
        lo, hi = 1, len(scale)
    else:
        lo, hi = 1, 5
    direction = 0
    for key in ("higher_means", "higher_score_means", "higher_is", "direction", "polarity"):
        if key in data:
            direction = _direction(data[key])
            break
    items: list[ItemSpec] = []
    for i, raw in enumerate(data.get("items") or []):
        if not isinstance(raw, dict) or "id" not in raw:
            raise InstrumentError(f"{source}: item {i + 1} has no id")
        reverse = bool(raw.get("reverse", raw.get("reversed", raw.get("reverse_scored", False))))
        sub = raw.get("subscale")
        items.append(ItemSpec(str(raw["id"]), _text(raw.get("text")), reverse, str(sub) if sub else None))
    if not items:
        raise InstrumentError(f"{source}: the questionnaire has no items")
    if not (isinstance(lo, int) and isinstance(hi, int) and lo < hi):
        raise InstrumentError(f"{source}: the scale must go from a smaller to a larger whole number")
    return InstrumentSpec(str(data.get("id", Path(source).stem)), str(_text(data.get("title")) or data.get("id", "")),
                          lo, hi, direction, tuple(items), source)


def find_instrument(instrument_id: str, folders: Iterable[Path] | None = None) -> InstrumentSpec | None:
    """The questionnaire file for an instrument id, or None when there is none."""
    for folder in (folders if folders is not None else [paths.QUESTIONNAIRES_DIR]):
        for suffix in (".yaml", ".yml"):
            path = Path(folder) / f"{instrument_id}{suffix}"
            if path.is_file():
                try:
                    with open(path, encoding="utf-8") as fh:
                        data = yaml.load(fh, Loader=_Loader)
                except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
                    raise InstrumentError(f"{path}: cannot read the questionnaire ({exc.__class__.__name__})") from None
                return parse_instrument(data, str(path))
    return None


def from_answers(instrument_id: str, item_ids: Iterable[str], lo: int = 1, hi: int = 5) -> InstrumentSpec:
    """A stand-in when no questionnaire file is available: items as recorded, none reversed, direction unknown."""
    return InstrumentSpec(instrument_id, instrument_id, lo, hi, 0,
                          tuple(ItemSpec(i, None, False, None) for i in sorted(item_ids)), "recorded answers only")
