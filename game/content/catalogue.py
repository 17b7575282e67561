"""Compiled translation catalogues: the JSON that `vantage translate compile` writes and the game reads.

Translators edit .po files (tools/translate reads them with Babel); the game never parses .po at run time. It reads
this small JSON format of our own instead, because it is plain data loaded with `json` (no code, no pickle, no
gettext plural expressions to evaluate: plurals use Babel's CLDR rules, see game.i18n) and it keeps, for every
entry, the source text it translates: a story line changed after the catalogue was compiled is shown in its new
source wording, never with a translation of the old one.

    {"format": "vantage-catalogue", "version": 1, "locale": "es", "language": "Español", "reviewed": false,
     "source": "morning-bus", "po_sha256": "…",
     "messages": [{"ctx": "bus.stop.l1", "id": "The bus pulls up.", "str": ["El autobús para."]},
                  {"id": "%(n)d student", "plural": "%(n)d students", "str": ["…", "…", "…"]}]}
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "vantage-catalogue"
VERSION = 1
# a catalogue holds a whole story twice (its text and the translation) with keys: a 5 MB story makes about 10 MB;
# a bigger file is refused rather than read into memory
MAX_BYTES = 32 * 1024 * 1024
LOCALE_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")


class CatalogueError(Exception):
    """A compiled catalogue that cannot be used; str() names the file and says why."""


@dataclass(frozen=True)
class Entry:
    source: str  # the source text this translates (msgid)
    strings: tuple[str, ...]  # one translation, or the plural forms in CLDR order
    plural: str | None = None  # msgid_plural


@dataclass(frozen=True)
class Compiled:
    locale: str
    language: str  # the language's own name, for the picker ("Español")
    reviewed: bool  # has a native reader reviewed it?
    source: str  # what it translates: a story id, a questionnaire id, or "vantage" (the engine)
    po_sha256: str
    by_context: dict[str, Entry] = field(default_factory=dict)
    by_id: dict[str, Entry] = field(default_factory=dict)  # entries without a context (the engine's strings)

    def text(self, ctx: str, source: str) -> str | None:
        """The translation of `source` under the stable id `ctx`, or None (untranslated, or the source changed)."""
        e = self.by_context.get(ctx)
        if e is None or e.source != source or not e.strings or not e.strings[0]:
            return None
        return e.strings[0]


def is_locale(code: object) -> bool:
    return isinstance(code, str) and bool(LOCALE_RE.match(code))


def dumps(compiled: Compiled) -> str:
    messages = []
    for ctx, e in sorted(compiled.by_context.items()):
        messages.append({"ctx": ctx, "id": e.source, "str": list(e.strings)})
    for msgid, e in sorted(compiled.by_id.items()):
        m: dict = {"id": msgid, "str": list(e.strings)}
        if e.plural is not None:
            m["plural"] = e.plural
        messages.append(m)
    return json.dumps({"format": FORMAT, "version": VERSION, "locale": compiled.locale,
                       "language": compiled.language, "reviewed": compiled.reviewed, "source": compiled.source,
                       "po_sha256": compiled.po_sha256, "messages": messages},
                      ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def read_limited(path: Path, limit: int) -> bytes:
    """A translation file's bytes, never more than `limit` (a bigger file is refused, not read into memory);
    CatalogueError('path: why') when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise CatalogueError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > limit:
        raise CatalogueError(f"{path}: larger than {limit // (1024 * 1024)} MB, so it was not read")
    return raw


def read(path: Path) -> Compiled:
    """A compiled catalogue, checked; CatalogueError (naming the file) when it cannot be used."""
    raw = read_limited(path, MAX_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CatalogueError(f"{path}: damaged (not JSON: {exc}); run `vantage translate compile` again") from None
    return parse(data, str(path))


def parse(data: object, where: str) -> Compiled:
    def bad(why: str) -> CatalogueError:
        return CatalogueError(f"{where}: {why}; run `vantage translate compile` again")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad("not a Vantage compiled catalogue")
    if data.get("version") != VERSION:
        raise bad(f"format version {data.get('version')!r}, this Vantage reads version {VERSION}")
    locale = data.get("locale")
    if not is_locale(locale):
        raise bad(f"locale {locale!r} is not a language code like 'es' or 'pt_BR'")
    strs = {k: data.get(k) for k in ("language", "source", "po_sha256")}
    if not all(isinstance(v, str) for v in strs.values()) or not isinstance(data.get("reviewed"), bool):
        raise bad("language, source, po_sha256 (text) and reviewed (true/false) are required")
    messages = data.get("messages")
    if not isinstance(messages, list):
        raise bad("`messages` is not a list")
    by_context: dict[str, Entry] = {}
    by_id: dict[str, Entry] = {}
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            raise bad(f"message {i + 1} is not an object")
        ctx, msgid, plural, forms = m.get("ctx"), m.get("id"), m.get("plural"), m.get("str")
        if (not isinstance(msgid, str) or not isinstance(forms, list) or not forms
                or not all(isinstance(s, str) for s in forms) or not isinstance(ctx, (str, type(None)))
                or not isinstance(plural, (str, type(None)))):
            raise bad(f"message {i + 1} is malformed")
        entry = Entry(msgid, tuple(forms), plural)
        if ctx is None:
            by_id[msgid] = entry
        else:
            by_context[ctx] = entry
    return Compiled(locale, strs["language"], data["reviewed"], strs["source"], strs["po_sha256"], by_context, by_id)
