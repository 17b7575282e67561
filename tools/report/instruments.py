"""What the report needs to know about a questionnaire: its items, which are reverse-worded, their subscales, the scale
range, and which direction of change is the unwanted one (more stigma).

Read from the questionnaire file (questionnaires/<id>.yaml) through game.telemetry.instruments (safe YAML only). When
no file is found the report still runs from the recorded answers alone, but then it cannot reverse-score or say which
way is "wrong", and it says so.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from game import paths
from game.telemetry import instruments as questionnaire

# Words a questionnaire's `higher_means` may use for what a higher (reverse-scored) score means.
_HIGHER_IS_STIGMA = {"stigma", "more stigma", "more-stigma", "more social distance", "social distance", "negative"}
_HIGHER_IS_ACCEPTANCE = {"acceptance", "less stigma", "less-stigma", "positive", "empathy", "openness"}


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
    # 0: unknown (no questionnaire file, or it does not say), so no backfire check is possible.
    unwanted_sign: int
    items: tuple[ItemSpec, ...]
    source: str  # the file it came from, or "recorded answers only"
    subscale_labels: dict[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] = ()  # labels[i] is the label of scale point scale_min + i (empty: not known)

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


def direction(higher_means: str | None) -> int:
    """+1 when a higher score means more stigma, -1 when it means less, 0 when it cannot be told."""
    if higher_means is None:
        return 0
    word = " ".join(str(higher_means).strip().lower().split())
    if word in _HIGHER_IS_STIGMA or word.startswith("more stigma"):
        return +1
    if word in _HIGHER_IS_ACCEPTANCE or word.startswith("less stigma"):
        return -1
    return 0


def from_instrument(inst: questionnaire.Instrument, source: str) -> InstrumentSpec:
    """The report's view of a questionnaire loaded by game.telemetry.instruments (scale values 1..len(labels))."""
    return InstrumentSpec(inst.id, inst.title, 1, len(inst.labels), direction(inst.higher_means),
                          tuple(ItemSpec(i.id, i.text, i.reverse, i.subscale) for i in inst.items), source,
                          dict(inst.subscales), tuple(inst.labels))


def find_instrument(instrument_id: str, folders: Iterable[Path] | None = None) -> InstrumentSpec | None:
    """The questionnaire file for an instrument id, or None when there is none. InstrumentError if it is broken."""
    for folder in (folders if folders is not None else [paths.QUESTIONNAIRES_DIR]):
        path = Path(folder) / f"{instrument_id}.yaml"
        if path.is_file():
            try:
                return from_instrument(questionnaire.load_instrument(path), str(path))
            except questionnaire.InstrumentError as exc:
                raise InstrumentError(f"{exc} (the report cannot score this questionnaire)") from None
    return None


def from_answers(instrument_id: str, item_ids: Iterable[str], lo: int = 1, hi: int = 5) -> InstrumentSpec:
    """A stand-in when no questionnaire file is available: items as recorded, none reversed, direction unknown."""
    return InstrumentSpec(instrument_id, instrument_id, lo, hi, 0,
                          tuple(ItemSpec(i, None, False, None) for i in sorted(item_ids)), "recorded answers only")
