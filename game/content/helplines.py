"""Help resources by place: one YAML file per country under assets/help/, read safely, checked, and chosen.

Every story's debrief shows, after the story's own `help:`, the help lines of the place where the class is: the country
a facilitator gave the classroom (`vantage cohort new --country GB`), else the country of the machine's locale
(`en_GB.UTF-8` -> GB), else the international file (INT.yaml). Each entry carries the page it was checked on
(`source`) and when (`checked`): a crisis number that has changed does harm, so `vantage check` warns (V130) when an
entry was last checked more than 12 months ago.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from game import paths

from .diagnostics import Diagnostic
from .yamlwalk import load_document, value_mark

HELP_DIR = paths.ASSETS_DIR / "help"
FALLBACK = "INT"  # the international file: used when the country is unknown or has no file
STALE_AFTER_DAYS = 365  # older than this and `vantage check` asks for a re-check (V130)

_COUNTRY = r"^([A-Z]{2}|INT)$"  # ISO 3166-1 alpha-2 (GB, not UK), or INT
_text = {"type": "string", "minLength": 1, "maxLength": 300}

HELP_SCHEMA: dict = {
    "type": "object",
    "additionalProperties": False,
    "required": ["country", "name", "resources"],
    "properties": {
        "country": {"type": "string", "pattern": _COUNTRY,
                    "description": "The country's two-letter ISO code (GB for the United Kingdom), or INT."},
        "name": dict(_text, description="The country's name, as a teacher would say it."),
        "resources": {
            "type": "array", "minItems": 1, "maxItems": 12,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["organisation", "contact", "for", "source", "checked"],
                "properties": {
                    "organisation": dict(_text, description="Who answers."),
                    "contact": dict(_text, description="How to reach them: number, text code, web address."),
                    "for": dict(_text, description="Who it is for."),
                    "source": dict(_text, description="The organisation's own page the contact was checked on."),
                    "checked": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                                "description": "The date the contact was checked on that page (YYYY-MM-DD)."},
                },
            },
        },
    },
}


@dataclass(frozen=True, slots=True)
class PlaceResource:
    organisation: str
    contact: str
    for_whom: str
    source: str
    checked: str  # YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class PlaceHelp:
    country: str
    name: str
    resources: tuple[PlaceResource, ...]


def read_help_file(path: Path, today: _dt.date | None = None) -> tuple[PlaceHelp | None, list[Diagnostic]]:
    """One country's help file and its diagnostics (errors make it None; V130 staleness is only a warning)."""
    diags: list[Diagnostic] = []
    doc, _ = load_document(Path(path), HELP_SCHEMA, diags, "a help file (country, name, resources)")
    if doc is None or any(d.is_error for d in diags):
        return None, diags
    where = str(path)
    expected = Path(path).stem
    if re.fullmatch(_COUNTRY, expected) and doc["country"] != expected:
        m = value_mark(doc, "country")
        diags.append(Diagnostic(where, *m, "error", "V133",
                                f"the file {Path(path).name} says `country: {doc['country']}`",
                                f"name the file {doc['country']}.yaml, or write `country: {expected}`"))
    today = today or _dt.date.today()
    out = []
    for entry in doc["resources"]:
        m = value_mark(entry, "checked")
        try:
            checked = _dt.date.fromisoformat(entry["checked"])
        except ValueError:
            diags.append(Diagnostic(where, *m, "error", "V131",
                                    f"`checked: {entry['checked']}` is not a real date", "write it as YYYY-MM-DD"))
            continue
        if checked > today:
            diags.append(Diagnostic(where, *m, "error", "V131",
                                    f"`checked: {entry['checked']}` is in the future",
                                    "write the date you opened the source page and checked the contact"))
        elif (today - checked).days > STALE_AFTER_DAYS:
            diags.append(Diagnostic(where, *m, "warning", "V130",
                                    f"{entry['organisation']}: last checked {entry['checked']}, more than 12 months "
                                    "ago; numbers and services change",
                                    f"open {entry['source']}, check the contact still holds, and update `checked`"))
        if not entry["source"].startswith("https://"):
            s = value_mark(entry, "source")
            diags.append(Diagnostic(where, *s, "error", "V132",
                                    f"{entry['organisation']}: `source` must be the web address (https://...) of "
                                    "the page the contact was checked on",
                                    "a contact nobody can re-check is not safe to show to students"))
        out.append(PlaceResource(entry["organisation"], entry["contact"], entry["for"], entry["source"],
                                 entry["checked"]))
    if any(d.is_error for d in diags):
        return None, diags
    return PlaceHelp(doc["country"], doc["name"], tuple(out)), diags


def help_files(folder: Path | None = None) -> list[Path]:
    folder = folder or HELP_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def check_help_files(folder: Path | None = None, today: _dt.date | None = None) -> list[Diagnostic]:
    """Diagnostics for every help file (what `vantage check` adds), including a missing international file."""
    folder = folder or HELP_DIR
    diags: list[Diagnostic] = []
    for p in help_files(folder):
        diags.extend(read_help_file(p, today)[1])
    if folder.is_dir() and not (folder / f"{FALLBACK}.yaml").is_file():
        diags.append(Diagnostic(str(folder), 0, 0, "error", "V134",
                                f"no {FALLBACK}.yaml: students whose country has no help file would see no help lines",
                                f"add {FALLBACK}.yaml with help that works anywhere (see docs/facilitator.md)"))
    return diags


def normalise_country(text: str | None) -> str | None:
    """'gb', 'GB', 'uk' -> 'GB'; 'int' -> 'INT'; anything else that is not a two-letter code -> None."""
    if not text:
        return None
    code = text.strip().upper()
    if code == "UK":  # the common name; ISO says GB
        return "GB"
    return code if re.fullmatch(_COUNTRY, code) else None


def country_from_locale(locale_name: str | None) -> str | None:
    """The country of a locale name such as 'en_GB.UTF-8' or 'fr-CA' (None for 'C', 'POSIX' or no country)."""
    if not locale_name:
        return None
    m = re.match(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b", locale_name)
    return m.group(1).upper() if m else None


def machine_country() -> str | None:
    """The country of this machine's locale, from LC_ALL, LC_MESSAGES or LANG (as gettext reads them)."""
    import os
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return country_from_locale(value)
    return None


def place_help(country: str | None, folder: Path | None = None) -> PlaceHelp | None:
    """The help for this country (None: the machine's locale), falling back to the international file.

    A file with errors is never shown (its numbers cannot be trusted); the fallback is shown instead."""
    folder = folder or HELP_DIR
    wanted = normalise_country(country) or machine_country()
    for code in ([wanted] if wanted and wanted != FALLBACK else []) + [FALLBACK]:
        path = folder / f"{code}.yaml"
        if path.is_file():
            found, _ = read_help_file(path)
            if found is not None:
                return found
    return None


def known_countries(folder: Path | None = None) -> list[str]:
    return [p.stem for p in help_files(folder) if re.fullmatch(_COUNTRY, p.stem)]

