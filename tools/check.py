"""`vantage check [PATH...]`: every problem in the stories at once, as `path:line:col: error[CODE]: message`."""
from __future__ import annotations

import argparse
import json
import re
import stat
import sys
from pathlib import Path

from game import paths
from game.content import Diagnostic, load_narrative
from game.content.diagnostics import sort_key
from game.content.helplines import check_help_files, read_help_file
from game.content.load import find_narrative, narrative_files
from game.content.maps import read_map
from game.content.schema import SCENE_SCHEMA
from game.i18n import _
from game.content.yamlwalk import MAX_FILE_BYTES, load_document
from game.files import read_capped


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="narrative or scene files, folders, or a story's id (default: all bundled stories)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (json for editors/CI)")


def run(args: argparse.Namespace) -> int:
    targets: list[Path] = []
    for raw in args.paths:
        p = Path(raw)
        if not p.exists():
            looks_like_path = p.suffix in (".yaml", ".yml", ".tmx") or "/" in raw or "\\" in raw
            found, problems = (None, []) if looks_like_path else find_narrative(raw)  # an id, as `play` takes
            if found is None and looks_like_path:
                print(f"vantage check: no such file or folder: {raw}", file=sys.stderr)
                return 2
            if found is None:
                hint = problems[0].hint if problems and problems[0].hint else None
                print(f"vantage check: no such file or folder, and no story with the id `{raw}`"
                      + (f" ({hint})" if hint else ""), file=sys.stderr)
                return 2
            p = found
        if p.is_dir():
            found_in = sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml", ".tmx") and x.is_file())
            if not found_in:  # "No problems found" would reassure a writer who named the wrong folder
                print(f"vantage check: no story files (.yaml) in the folder {raw}", file=sys.stderr)
                return 2
            targets.extend(found_in)
        else:
            targets.append(p)
    diags = check(targets if args.paths else None)
    errors = sum(1 for d in diags if d.is_error or args.strict)
    warnings = len(diags) - sum(1 for d in diags if d.is_error)
    if args.format == "json":
        print(json.dumps({"diagnostics": [d.to_json() for d in diags],
                          "errors": sum(1 for d in diags if d.is_error), "warnings": warnings,
                          "strict": args.strict}, indent=2, ensure_ascii=False))
    else:
        for d in diags:
            print(d.format())
        n_err = sum(1 for d in diags if d.is_error)
        if diags:
            # the English wording is what scripts and other tools already read: kept as it was
            print(_("{errors} error(s), {warnings} warning(s)").format(errors=n_err, warnings=warnings)
                  + (" " + _("(--strict: warnings count as errors)") if args.strict and warnings else ""))
        else:
            print(_("No problems found."))
    return 1 if errors else 0


_TOP_KEY = re.compile(r"^(scenes|beats|items|resources)\s*:", re.MULTILINE)


def _kind(path: Path) -> str:
    """narrative, scene, questionnaire or map, guessed from the file's top-level keys (narrative when unsure)."""
    if path.suffix.lower() == ".tmx":
        return "map"
    try:  # only a regular file, only its head: a pipe or device is refused later, with a message, never opened
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            return "narrative"
        with open(path, "rb") as fh:  # the file may be huge: it is refused later, with a message
            head = fh.read(200_000).decode("utf-8", errors="replace")
    except OSError:
        return "narrative"
    keys = set(_TOP_KEY.findall(head))
    if "scenes" in keys:
        return "narrative"
    if "beats" in keys:
        return "scene"
    if "items" in keys:
        return "questionnaire"
    if "resources" in keys:
        return "help"
    return "narrative"


def _owners(scene: Path) -> list[Path]:
    """Narratives (bundled, or in a sibling narratives/ folder) that list this scene file."""
    scene = scene.resolve()
    folders = {paths.NARRATIVES_DIR}
    for parent in scene.parents:
        if (parent / "narratives").is_dir():
            folders.add(parent / "narratives")
            break
    owners = []
    for folder in folders:
        for manifest in narrative_files(folder):
            try:
                text = read_capped(manifest, MAX_FILE_BYTES).decode("utf-8", errors="replace")
            except OSError:
                continue  # it is checked (and its problem told) on its own
            for rel in re.findall(r"^\s*-\s*['\"]?([^'\"\n#]+?\.ya?ml)", text, re.MULTILINE):
                if (manifest.parent / rel.strip()).resolve() == scene:
                    owners.append(manifest)
                    break
    return owners


def _load_and_lint(manifest: Path) -> list[Diagnostic]:
    """A narrative's diagnostics, and (when it has no errors) the responsible-language lint's findings."""
    res = load_narrative(manifest)
    if not res.ok:
        return res.diagnostics
    from .lint import lint_narrative
    return res.diagnostics + lint_narrative(manifest)[1]


def check(targets: list[Path] | None) -> list[Diagnostic]:
    """All diagnostics for these files (None: every bundled narrative and scene), lint findings included."""
    diags: list[Diagnostic] = []
    narratives: list[Path] = []
    scenes: list[Path] = []
    others: list[Path] = []
    if targets is None:
        narratives = narrative_files()
        scenes = sorted(paths.SCENES_DIR.rglob("*.yaml")) if paths.SCENES_DIR.is_dir() else []
        listed = set()
        for m in narratives:
            res = load_narrative(m)
            diags.extend(_load_and_lint(m) if res.ok else res.diagnostics)
            if res.narrative:
                listed.update(Path(s.path).resolve() for s in res.narrative.scenes.values())
        for s in scenes:
            if s.resolve() not in listed and not _owners(s):
                diags.append(Diagnostic(str(s), 0, 0, "warning", "V060", "scene file is not listed in any "
                                        "narrative's `scenes`", "add it to a narrative, or remove it"))
        questionnaires = sorted(paths.QUESTIONNAIRES_DIR.glob("*.yaml")) if paths.QUESTIONNAIRES_DIR.is_dir() else []
        for q in questionnaires:
            diags.extend(_check_other(q))
        diags.extend(check_help_files())  # the help lines every debrief shows: stale ones are a warning (V130)
        return _dedupe(diags + _translations(narratives + questionnaires, diags, engine=True))
    maps: list[Path] = []
    helps: list[Path] = []
    for t in targets:
        kind = _kind(t)
        (narratives if kind == "narrative" else scenes if kind == "scene" else maps if kind == "map"
         else helps if kind == "help" else others).append(t)
    for h in helps:  # a country's help lines (assets/help/GB.yaml)
        diags.extend(read_help_file(h)[1])
    done: set[Path] = set()
    for m in narratives:
        done.add(m.resolve())
        diags.extend(_load_and_lint(m))
    for s in scenes:
        owners = _owners(s)
        if not owners:
            sub: list[Diagnostic] = []
            load_document(s, SCENE_SCHEMA, sub, "the scene")
            diags.extend(sub)
            diags.append(Diagnostic(str(s), 0, 0, "warning", "V060", "scene file is not listed in any narrative, "
                                    "so its gotos, names and conditions were not checked",
                                    "add it to a narrative's `scenes` list"))
        for m in owners:
            if m.resolve() not in done:
                done.add(m.resolve())
                diags.extend(_load_and_lint(m))
    for q in others:
        diags.extend(_check_other(q))
    for mp in maps:  # a map on its own: does it load? (its places are checked with the scene that uses it)
        diags.extend(read_map(mp, str(mp))[1])
    return _dedupe(diags + _translations([Path(x) for x in done] + others, diags))


def _translations(files: list[Path], diags: list[Diagnostic], engine: bool = False) -> list[Diagnostic]:
    """V140-V145 for the files that have translations and no errors of their own (their keys need a sound file)."""
    from tools.translate_check import check_engine, check_path_translations
    broken = {Path(d.path).resolve() for d in diags if d.is_error}
    out = check_path_translations([f for f in files if f.resolve() not in broken])
    return out + (check_engine() if engine else [])


def _check_other(path: Path) -> list[Diagnostic]:
    from game.telemetry.questionnaire import check_questionnaire_file
    return list(check_questionnaire_file(path))


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags), key=sort_key)
