"""`vantage lint [NARRATIVE...]`: responsible language and safe messaging in the stories (L codes, documented in
docs/diagnostics.md). `vantage check` runs the same rules; this command shows only them, and the guidance behind them.

Exit codes: 0 nothing found (or only what `lint: allow` allows), 1 findings or a story with errors, 2 bad arguments.
"""
from __future__ import annotations

import argparse
import json
import sys

from game.content.load import find_narrative, narrative_files

from .lint import lint_narrative, load_rules


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("narratives", nargs="*", metavar="NARRATIVE",
                   help="story ids or narrative files (default: every bundled story)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="json for editors and CI")
    p.add_argument("--sources", action="store_true", help="list the guidance each rule comes from, and stop")


def run(args: argparse.Namespace) -> int:
    rules = load_rules()
    if args.sources:
        for code, r in sorted(rules.rules.items()):
            print(f"{code}  {r.title}")
            for s in r.sources:
                src = rules.sources[s]
                print(f"      {src['title']}, {src['edition']} ({src['where']}; cited {src['cited']})")
        return 0
    refs = args.narratives or [str(p) for p in narrative_files()]
    for ref in refs:
        found, problems = find_narrative(ref)
        if found is None:
            print(f"vantage lint: {problems[0].message if problems else 'not found'}: {ref}", file=sys.stderr)
            return 2
    findings = []
    broken = False
    for ref in refs:
        n, diags = lint_narrative(ref)
        if n is None or any(d.is_error for d in diags):
            broken = True
            print(f"vantage lint: {ref} has errors; run `vantage check {ref}` first", file=sys.stderr)
            continue
        findings.extend(diags)
    if args.format == "json":
        print(json.dumps({"diagnostics": [d.to_json() | {"title": rules.rules[d.code].title} for d in findings],
                          "findings": len(findings)}, indent=2, ensure_ascii=False))
    else:
        for d in findings:
            print(d.format())
        print(f"{len(findings)} finding(s)" if findings else "No problems found.")
    return 1 if findings or broken else 0
