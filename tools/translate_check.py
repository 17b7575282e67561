"""`vantage check` for translations: missing and out-of-date strings, damaged or stale catalogues, missing glyphs.

Run for every story and questionnaire that has a `translations/` folder (codes V140-V144, docs/diagnostics.md), and
for the engine's own catalogues when every bundled file is checked. A story without translations costs nothing.
"""
from __future__ import annotations

from pathlib import Path

from game.content import catalogue
from game.content.diagnostics import Diagnostic
from game.content.load import _display

from . import translate_po as po
from .glyphs import missing_glyphs


def check_domain(d: po.Domain) -> list[Diagnostic]:
    """Every problem of a domain's catalogues, and glyphs the fonts lack in its source strings."""
    out: list[Diagnostic] = []
    for s in d.strings:
        lacking = missing_glyphs(s.text)
        if lacking:
            out.append(_glyph_diag(s.path, s.line, s.col, lacking, s.ctx or s.text))
    for lang in d.languages():
        out.extend(_check_language(d, lang))
    return out


def _check_language(d: po.Domain, lang: str) -> list[Diagnostic]:
    path = d.po(lang)
    shown = _display(path)
    out: list[Diagnostic] = []
    try:
        cat = po.read_catalog(path, lang)
    except po.PoProblem as exc:
        where, _, why = str(exc).partition(": ")
        line = int(where.rsplit(":", 1)[1]) if where.rsplit(":", 1)[-1].isdigit() else 0
        return [Diagnostic(shown, line, 1 if line else 0, "error", "V142", why,
                           "open it in Poedit (or a text editor) and fix it, or make it again with "
                           f"`vantage translate update --locale {lang}`")]
    prog = po.progress(d, lang, cat)
    for s in prog.missing:
        out.append(Diagnostic(s.path, s.line, s.col, "warning", "V140",
                              f"no {lang} translation for `{s.ctx or s.text[:40]}`: players see it in the source "
                              "language", f"translate it in {shown}, then `vantage translate compile`"))
    for s, why in prog.fuzzy:
        out.append(Diagnostic(s.path, s.line, s.col, "warning", "V141",
                              f"the {lang} translation of `{s.ctx or s.text[:40]}` is out of date: {why}",
                              f"run `vantage translate update --locale {lang}`, review the entries marked fuzzy in "
                              f"{shown}, then `vantage translate compile`; until then players see the source"))
    compiled = d.compiled(lang)
    why = None
    if not compiled.is_file():
        why = f"{_display(compiled)} is missing: players cannot choose this language yet"
    else:
        try:
            catalogue.read(compiled)
            if po.compiled_is_stale(d, lang, cat):
                why = f"{_display(compiled)} was compiled from an older {path.name}: players see the old translation"
        except catalogue.CatalogueError as exc:
            out.append(Diagnostic(_display(compiled), 0, 0, "error", "V142", str(exc).split(": ", 1)[-1],
                                  "make it again with `vantage translate compile`"))
    if why:
        out.append(Diagnostic(shown, 0, 0, "warning", "V143", why, "run `vantage translate compile`"))
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        why = po.placeholder_problem(m, d)
        if why:
            out.append(Diagnostic(shown, m.lineno or 0, 1 if m.lineno else 0, "error", "V145",
                                  f"the {lang} translation of `{m.context or _first(m.id)[:40]}`: {why}",
                                  "keep every `{name}` exactly as in the source (translate the words around it); "
                                  "until then the source is shown"))
        texts = m.string if isinstance(m.string, tuple) else (m.string,)
        lacking = sorted({c for t in texts if t for c in missing_glyphs(t)})
        if lacking:
            out.append(_glyph_diag(shown, m.lineno or 0, 1 if m.lineno else 0, lacking,
                                   m.context or _first(m.id)[:40]))
    return out


def _first(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _glyph_diag(path: str, line: int, col: int, lacking: dict[str, list[str]] | list, what: str) -> Diagnostic:
    if isinstance(lacking, list):
        lacking = {c: missing_glyphs(c)[c] for c in lacking}
    chars = ", ".join(f"`{c}` (U+{ord(c):04X}, not in {', '.join(fonts)})" for c, fonts in sorted(lacking.items()))
    return Diagnostic(path, line, col, "warning", "V144", f"`{what}` has characters the game's fonts cannot show: "
                      f"{chars}", "players would see an empty box: use another character (the fonts are in "
                      "assets/fonts), or ship a font that has it")


def check_path_translations(paths_checked: list[Path]) -> list[Diagnostic]:
    """Translation diagnostics for the stories and questionnaires among these files that have translations."""
    from .translate import _Refused, questionnaire_domain, story_domain
    from game.telemetry.instrument_translation import translations_dir as q_dir
    out: list[Diagnostic] = []
    for p in paths_checked:
        try:
            if p.suffix in (".yaml", ".yml") and q_dir(p).is_dir() and "items" in _top_keys(p):
                out.extend(check_domain(questionnaire_domain(p)))
            elif "scenes" in _top_keys(p) and (p.resolve().parent / "translations").is_dir():
                import contextlib
                import io
                with contextlib.redirect_stderr(io.StringIO()):  # its errors are check's own, reported already
                    out.extend(check_domain(story_domain(p)))
        except _Refused:
            continue
    return out


def check_engine() -> list[Diagnostic]:
    """Damaged, stale or unusable engine catalogues. Engine strings not yet translated are not reported here
    (`vantage translate status engine` lists them): they are the developers' and translators' to-do, not a
    writer's problem, and a new string in the code must not make every story's check fail."""
    from .translate import engine_domain
    d = engine_domain()
    out = []
    for lang in d.languages():
        out.extend(x for x in _check_language(d, lang) if x.code not in ("V140", "V141"))
    return out


def _top_keys(p: Path) -> set[str]:
    import re
    try:
        head = p.read_text(encoding="utf-8", errors="replace")[:200_000]
    except OSError:
        return set()
    return set(re.findall(r"^([a-z_]+)\s*:", head, re.MULTILINE))
