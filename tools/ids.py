"""`vantage ids SCENE_FILE...`: give every line that has no `id` a stable one, written into the file.

Lines without an id are known by their position in the beat (`home.alarm.2`), which shifts when a line is inserted
above. Before a story is translated (or its lines are referred to anywhere), run this once: each line gets an
`id: l<N>` of its own, and its string id (`home.alarm.l4`) never changes again, whatever is edited around it.
Only the new `id:` lines are added; comments, quoting and layout stay exactly as they were.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.content.diagnostics import Diagnostic
from game.content.schema import SCENE_SCHEMA
from game.content.yamlwalk import MDict, load_document, load_text
from game.files import write_atomic


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="SCENE_FILE", help="scene files to give line ids")
    p.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")


def _line_lists(doc: MDict):
    """Every `lines` list in a scene: the beats' and the choices'."""
    for beat in doc.get("beats") or ():
        if isinstance(beat, MDict):
            yield beat.get("lines") or ()
            for choice in beat.get("choices") or ():
                if isinstance(choice, MDict):
                    yield choice.get("lines") or ()


def plan_ids(text: str, doc: MDict) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """(insertions as (offset, text), flow-style lines that cannot be given an id as (line, col))."""
    inserts: list[tuple[int, str]] = []
    skipped: list[tuple[int, int]] = []
    eol = "\r\n" if "\r\n" in text else "\n"  # keep the file's own line ends
    for lines in _line_lists(doc):
        taken = {ln.get("id") for ln in lines if isinstance(ln, MDict)}
        n = 1
        for ln in lines:
            if not isinstance(ln, MDict) or "id" in ln:
                continue
            mark = ln.start_mark
            if text[mark.index] in "{[":
                skipped.append((mark.line + 1, mark.column + 1))
                continue
            while f"l{n}" in taken:
                n += 1
            taken.add(f"l{n}")
            inserts.append((mark.index, f"id: l{n}{eol}" + " " * mark.column))
    return inserts, skipped


def run(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        path = Path(name)
        diags: list[Diagnostic] = []
        doc, text = load_document(path, SCENE_SCHEMA, diags, "the scene")
        errors = [d for d in diags if d.is_error]
        if errors or not isinstance(doc, MDict) or text is None:
            for d in errors or diags:
                print(d.format(), file=sys.stderr)
            print(f"vantage ids: {name}: fix these first (nothing was changed)", file=sys.stderr)
            status = 1
            continue
        inserts, skipped = plan_ids(text, doc)
        for line, col in skipped:
            print(f"{name}:{line}:{col}: a line written as {{...}} gets no id: give it `id:` by hand", file=sys.stderr)
        if not inserts:
            print(f"{name}: every line already has an id")
            continue
        new = text
        for offset, piece in sorted(inserts, reverse=True):
            new = new[:offset] + piece + new[offset:]
        check: list[Diagnostic] = []
        if load_text(new, path, SCENE_SCHEMA, check, "the scene") is None or any(d.is_error for d in check):
            print(f"vantage ids: {name}: could not add ids safely (nothing was changed)", file=sys.stderr)
            status = 1
            continue
        if args.dry_run:
            print(f"{name}: would give {len(inserts)} line(s) an id")
        else:
            write_atomic(path, new, newline="")
            print(f"{name}: gave {len(inserts)} line(s) an id")
    return status
