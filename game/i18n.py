"""The engine's own words in the player's language: `_()`, `ngettext()` and `N_()` over compiled catalogues.

Engine strings (menus, consent, settings, debrief headings, the terminal player, tools) are written in English in the
code and wrapped in `_("…")`; `vantage translate extract --engine` collects them into game/locale/vantage.pot, a
translator fills game/locale/<lang>.po, and `vantage translate compile --engine` writes game/locale/<lang>.json
(game.content.catalogue). Plural forms are chosen with Babel's CLDR rules for the language, in CLDR order
(zero, one, two, few, many, other: the order of the Plural-Forms header our .po files carry).

One language is active at a time (`set_language`), chosen once at start-up from --locale, the window's setting or
the environment; with no catalogue every string stays English. Nothing here touches pygame.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # game.content marks its own strings with N_, so it is imported late here, not at the top
    from .content import catalogue

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
SOURCE_LANGUAGE_NAME = "English"
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")

_active: catalogue.Compiled | None = None
_plural_index = None  # n -> index into a plural entry's forms, for the active language


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translate it with `_()` where it is shown."""
    return message


def _(message: str) -> str:
    """The active language's translation of an engine string (the English when there is none)."""
    if _active is not None:
        e = _active.by_id.get(message)
        if e is not None and e.plural is None and e.strings[0]:
            return e.strings[0]
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The right plural form for n in the active language: `ngettext("%(n)d student", "%(n)d students", n)`."""
    if _active is not None:
        e = _active.by_id.get(singular)
        if e is not None and e.plural == plural:
            i = _plural_index(n)
            if i < len(e.strings) and e.strings[i]:
                return e.strings[i]
            if e.strings[-1]:
                return e.strings[-1]
    return singular if n == 1 else plural


def language() -> str:
    """The active language code ('en' when the engine speaks its source language)."""
    return _active.locale if _active is not None else SOURCE_LANGUAGE


def normalise(code: str) -> str:
    """'es-ES', 'es_ES.UTF-8' -> 'es_ES'; '' -> ''."""
    return code.split(".")[0].split("@")[0].replace("-", "_")


def engine_languages() -> dict[str, catalogue.Compiled]:
    """Every compiled engine catalogue shipped (locale -> catalogue); damaged ones are left out."""
    from .content import catalogue
    out = {}
    for p in sorted(LOCALE_DIR.glob("*.json")) if LOCALE_DIR.is_dir() else ():
        try:
            c = catalogue.read(p)
        except catalogue.CatalogueError:
            continue
        out[c.locale] = c
    return out


def find_language(code: str, available) -> str | None:
    """The best available match for a requested language: exact ('es_MX'), then its language alone ('es')."""
    code = normalise(code)
    if code in available:
        return code
    base = code.split("_")[0]
    return base if base in available else None


def set_language(code: str | None) -> str:
    """Make `code` the engine's language; returns the language now active ('en' if there is no catalogue for it).
    Raises catalogue.CatalogueError (naming the file) for a damaged catalogue."""
    global _active, _plural_index
    from .content import catalogue
    if not code or normalise(code).split("_")[0] == SOURCE_LANGUAGE:
        _active, _plural_index = None, None
        return SOURCE_LANGUAGE
    code = normalise(code)
    candidates = [code, code.split("_")[0]]
    for c in candidates:
        path = LOCALE_DIR / f"{c}.json"
        if path.is_file():
            compiled = catalogue.read(path)
            _plural_index = plural_index(compiled.locale)
            _active = compiled
            return compiled.locale
    _active, _plural_index = None, None
    return SOURCE_LANGUAGE


def plural_index(locale: str):
    """n -> the index of its plural form in `locale`, by Babel's CLDR plural rules (the order of CLDR_ORDER)."""
    from babel import Locale, UnknownLocaleError  # only when a translated language is used
    try:
        rule = Locale.parse(locale).plural_form
    except (UnknownLocaleError, ValueError):  # a catalogue for a language CLDR does not know: English's rule
        rule = Locale.parse(SOURCE_LANGUAGE).plural_form
    tags = [t for t in CLDR_ORDER if t in rule.tags or t == "other"]
    return lambda n: tags.index(rule(n))

