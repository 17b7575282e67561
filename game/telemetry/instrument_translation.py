"""Translated questionnaires: the keys of an instrument's texts, and the instrument in another language.

Keys: `title`, `intro`, `scale.1`…`scale.N`, `prefer_not_to_say`, `subscale:<id>`, `item:<id>`. Item ids, scale
values and scoring never change with the language, so answers stay comparable by id; but a translated instrument
has not been shown to measure the same thing as the original, and says so (EQUIVALENCE_NOTE) wherever its answers
are reported.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from game.content import catalogue
from game.content.translation import TRANSLATIONS, SourceString
from game.content.yamlwalk import MDict, value_mark

from .instruments import Instrument

EQUIVALENCE_NOTE = ("This questionnaire is a translation. Its measurement equivalence with the original has not "
                    "been established, so answers in different languages may not be directly comparable.")


def translations_dir(questionnaire_path: Path) -> Path:
    """`translations/<questionnaire id>/` beside the questionnaire file."""
    p = Path(questionnaire_path).resolve()
    return p.parent / TRANSLATIONS / p.stem


def in_language(inst: Instrument, locale: str, folder: Path | None = None) -> Instrument:
    """A bundled instrument in `locale` when it has a readable compiled translation; else the original."""
    from game import paths
    from game.content.translation import find_compiled
    path = find_compiled((folder or paths.QUESTIONNAIRES_DIR) / TRANSLATIONS / inst.id, locale)
    if path is None:
        return inst
    try:
        return translate_instrument(inst, catalogue.read(path))
    except catalogue.CatalogueError:
        return inst  # `vantage check` reports a damaged catalogue; the student still gets the questions


def instrument_strings(doc: MDict, path: str) -> list[SourceString]:
    """Every translatable text of a questionnaire document (already checked), with its line."""
    out: list[SourceString] = []

    def add(ctx: str, container, key, comment: str | None = None) -> None:
        value = container.get(key) if isinstance(container, dict) else container[key]
        if isinstance(value, str) and value.strip():
            line, col = value_mark(container, key)
            out.append(SourceString(ctx, value.strip(), path, line, col, comment))

    add("title", doc, "title", "the questionnaire's title")
    add("intro", doc, "intro")
    scale = doc.get("scale") or {}
    for i, _ in enumerate(scale.get("labels") or ()):
        add(f"scale.{i + 1}", scale["labels"], i, f"answer {i + 1} on the agreement scale")
    add("prefer_not_to_say", scale, "prefer_not_to_say", "the answer for not saying")
    for sid in doc.get("subscales") or {}:
        add(f"subscale:{sid}", doc["subscales"], sid, "a group of items, named in reports")
    for it in doc.get("items") or ():
        if isinstance(it, MDict) and "id" in it:
            add(f"item:{it['id']}", it, "text", "keep the meaning and the direction (agree = the same stance)")
    return out


def translate_instrument(inst: Instrument, compiled: catalogue.Compiled) -> Instrument:
    """The instrument in the catalogue's language (ids, scale and scoring unchanged), marked as a translation."""
    def t(key: str, text: str | None) -> str | None:
        return text if not text else compiled.text(key, text) or text
    return dataclasses.replace(
        inst, title=t("title", inst.title), intro=t("intro", inst.intro),
        labels=tuple(t(f"scale.{i + 1}", lab) for i, lab in enumerate(inst.labels)),
        prefer_not_to_say=t("prefer_not_to_say", inst.prefer_not_to_say),
        subscales={k: t(f"subscale:{k}", v) for k, v in inst.subscales.items()},
        items=tuple(dataclasses.replace(it, text=t(f"item:{it.id}", it.text)) for it in inst.items),
        translation=compiled.locale)
