"""`vantage translate extract|update|compile|status [TARGET...]`: translating stories, questionnaires and the engine.

A TARGET is a story (its id or narrative file), a questionnaire file, or the word `engine`; no TARGET means every
bundled story and questionnaire and the engine. The workflow (docs/authoring.md, "Translating a story"):
extract the template (.pot), `update --locale es` to create or refresh es.po, translate it in Poedit/Weblate/Crowdin,
`compile` to the JSON the game reads, and `status` to see what is left.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game import i18n, paths
from game.content import catalogue
from game.content.load import find_narrative, load_narrative
from game.content.schema import NARRATIVE_SCHEMA, QUESTIONNAIRE_SCHEMA, SCENE_SCHEMA
from game.content.translation import source_strings, translations_dir
from game.content.yamlwalk import MDict, load_document
from game.files import write_atomic
from game.i18n import _, ngettext

from . import translate_po as po


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=type(p))
    for name, help_text in (("extract", "write the templates (.pot) translators start from"),
                            ("update", "create or refresh LANG.po from the source, marking changed lines fuzzy"),
                            ("compile", "LANG.po -> LANG.json, what the game reads"),
                            ("status", "how much is translated, what is fuzzy or missing")):
        a = sub.add_parser(name, help=help_text, description=help_text)
        a.add_argument("targets", nargs="*", metavar="TARGET",
                       help="a story id or narrative file, a questionnaire file, or `engine` (default: all bundled)")
        if name != "extract":
            a.add_argument("--locale", "-l", metavar="LANG", required=name == "update",
                           help="the language, e.g. es" + ("" if name == "update" else " (default: every language)"))


class _Refused(Exception):
    """A target that cannot be translated as it stands (its problems were printed)."""


def story_domain(ref: str | Path) -> po.Domain:
    res = load_narrative(ref, use_cache=False)
    if not res.ok:
        for d in res.errors or res.diagnostics:
            print(d.format(), file=sys.stderr)
        raise _Refused(_("vantage translate: {ref}: fix these problems first (`vantage check`)").format(ref=ref))
    n = res.narrative
    diags: list = []
    manifest, _text = load_document(Path(n.path), NARRATIVE_SCHEMA, diags, "the narrative")
    scenes = []
    for sc in n.scenes.values():
        doc, _t = load_document(Path(sc.path), SCENE_SCHEMA, diags, "the scene")
        if isinstance(doc, MDict):
            scenes.append((sc.path, doc))
    strings = source_strings(manifest, n.path, scenes)
    return po.Domain("story", n.id, translations_dir(n), strings + built_only(n, {s.ctx for s in strings}))


def built_only(n, found: set[str]) -> list:
    """Strings the story shows that are not written as such in its files (a map scene's places become choices):
    known by the scene file they come from."""
    from game.content.translation import SourceString, model_strings
    out = []
    for key, text in model_strings(n):
        if key not in found:
            scene = key.split(":", 1)[-1].split(".", 1)[0]
            path = n.scenes[scene].path if scene in n.scenes else n.path
            out.append(SourceString(key, text, path, 0, 0, "from a map scene's places"))
            found.add(key)
    return out


def questionnaire_domain(path: Path) -> po.Domain:
    from game.telemetry.instrument_translation import instrument_strings
    from game.telemetry.instrument_translation import translations_dir as q_dir
    from game.telemetry.questionnaire import check_questionnaire_file
    problems = [d for d in check_questionnaire_file(path) if d.is_error]
    if problems:
        for d in problems:
            print(d.format(), file=sys.stderr)
        raise _Refused(_("vantage translate: {ref}: fix these problems first (`vantage check`)").format(ref=path))
    doc, _t = load_document(path, QUESTIONNAIRE_SCHEMA, [], "the questionnaire")
    return po.Domain("questionnaire", path.stem, q_dir(path), instrument_strings(doc, str(path)))


def engine_domain() -> po.Domain:
    return po.Domain("engine", "vantage", i18n.LOCALE_DIR, po.engine_strings(), keyed_by_context=False)


def domains(targets: list[str]) -> list[po.Domain]:
    if not targets:
        from game.content.load import narrative_files
        out = [story_domain(p) for p in narrative_files()]
        out += [questionnaire_domain(q) for q in sorted(paths.QUESTIONNAIRES_DIR.glob("*.yaml"))]
        return out + [engine_domain()]
    out = []
    for t in targets:
        p = Path(t)
        if t == "engine":
            out.append(engine_domain())
        elif p.is_file() and _is_questionnaire(p):
            out.append(questionnaire_domain(p))
        else:
            found, problems = find_narrative(t)
            if found is None:
                for d in problems:
                    print(d.format(), file=sys.stderr)
                raise _Refused(_("vantage translate: `{t}` is not a story, a questionnaire file or `engine`")
                               .format(t=t))
            out.append(story_domain(found))
    return out


def _is_questionnaire(p: Path) -> bool:
    return p.resolve().parent == paths.QUESTIONNAIRES_DIR.resolve() or "\nitems:" in p.read_text(
        encoding="utf-8", errors="replace")[:200_000]


def run(args: argparse.Namespace) -> int:
    args.locale = getattr(args, "locale", None)
    if args.locale is not None:
        why = po.check_locale(args.locale)
        if why:
            print(f"vantage translate: {why}", file=sys.stderr)
            return 2
        args.locale = i18n.normalise(args.locale)
    try:
        targets = domains(args.targets)
    except _Refused as exc:
        print(exc, file=sys.stderr)
        return 1
    status = 0
    for d in targets:
        try:
            status = max(status, ACTIONS[args.action](d, args.locale))
        except po.PoProblem as exc:
            print(f"{exc}", file=sys.stderr)
            status = 1
    return status


def _extract(d: po.Domain, _locale: str | None) -> int:
    cat = po.engine_template(d.strings) if not d.keyed_by_context else po.template(d)
    po.write_catalog(d.template(), cat)
    n = sum(1 for m in cat if m.id)
    print(ngettext("{path}: {n} string to translate", "{path}: {n} strings to translate", n).format(
        path=_shown(d.template()), n=n))
    return 0


def _update(d: po.Domain, locale: str) -> int:
    existed = d.po(locale).is_file()
    cat, counts = po.update(d, locale)
    po.write_catalog(d.po(locale), cat)
    verb = _("updated") if existed else _("created")
    print(_("{path}: {verb}; {new} new, {fuzzy} to review (source changed), {obsolete} no longer used").format(
        path=_shown(d.po(locale)), verb=verb, **counts))
    return 0


def _compile(d: po.Domain, locale: str | None) -> int:
    for lang in [locale] if locale else d.languages():
        path = d.po(lang)
        if not path.is_file():
            print(_("{path}: no such catalogue (create it with `vantage translate update --locale {lang}`)")
                  .format(path=_shown(path), lang=lang), file=sys.stderr)
            return 1
        cat = po.read_catalog(path, lang)
        compiled = po.compile_catalog(d, lang, cat, path.read_bytes())
        write_atomic(d.compiled(lang), catalogue.dumps(compiled))
        prog = po.progress(d, lang, cat)
        print(_("{path}: {n} translations ({pct:.0f}% of {total})").format(
            path=_shown(d.compiled(lang)), n=len(compiled.by_context) + len(compiled.by_id), pct=prog.percent,
            total=prog.total))
    return 0


def _status(d: po.Domain, locale: str | None) -> int:
    langs = [locale] if locale else d.languages()
    if not langs:
        print(_("{kind} {name}: no translations yet").format(kind=d.kind, name=d.name))
        return 0
    for lang in langs:
        path = d.po(lang)
        if not path.is_file():
            print(_("{kind} {name} [{lang}]: no catalogue yet").format(kind=d.kind, name=d.name, lang=lang))
            continue
        cat = po.read_catalog(path, lang)
        prog = po.progress(d, lang, cat)
        review = _("reviewed by a native reader") if prog.reviewed else _("not yet reviewed by a native reader")
        print(_("{kind} {name} [{lang}]: {pct:.0f}% translated ({done} of {total}), {fuzzy} to review, "
                "{missing} missing; {review}").format(kind=d.kind, name=d.name, lang=lang, pct=prog.percent,
                                                     done=prog.translated, total=prog.total,
                                                     fuzzy=len(prog.fuzzy), missing=len(prog.missing),
                                                     review=review))
        for s, why in prog.fuzzy:
            print(f"  {s.path}:{s.line}: {s.ctx or s.text[:40]}: {why}")
        for s in prog.missing:
            print(f"  {s.path}:{s.line}: {s.ctx or s.text[:40]}: " + _("not translated"))
        if d.compiled(lang).is_file():
            if po.compiled_is_stale(d, lang, cat):
                print("  " + _("{path} is older than the .po: run `vantage translate compile`").format(
                    path=_shown(d.compiled(lang))))
        else:
            print("  " + _("not compiled yet: run `vantage translate compile`"))
    return 0


def _shown(p: Path) -> str:
    from game.content.load import _display
    return _display(p)


ACTIONS = {"extract": _extract, "update": _update, "compile": _compile, "status": _status}
