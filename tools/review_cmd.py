"""`vantage review sign NARRATIVE --role ROLE` and `vantage review status [NARRATIVE...]`: reviewers' sign-off.

Signing writes (or renews) a `review:` entry at the end of the narrative file: the role, an optional name, the
date and the hash of the content as it is now. Comments and everything else in the file are kept as written.
"""
from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from game.content import load_narrative
from game.content.load import narrative_files
from game.content.review import ROLES, review_status, scene_review_hash, scene_status, without_review_block
from game.files import write_atomic

from .check import _kind, _owners
from .story_arg import load_or_explain


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    sign = sub.add_parser("sign", help="sign off a story's content as it is now, in a role",
                          description="sign off a story's content as it is now, in a role")
    sign.add_argument("narrative", metavar="NARRATIVE", help="a story's id or its narrative file (the whole story), "
                      "or one scene file (that scene only)")
    sign.add_argument("--role", required=True, choices=ROLES, help="the reviewer's role")
    sign.add_argument("--name", help="the reviewer's name (optional; it is written into the story file)")
    sign.add_argument("--date", help="YYYY-MM-DD (default today)")
    status = sub.add_parser("status", help="which stories are reviewed, and which are drafts",
                            description="which stories are reviewed, and which are drafts")
    status.add_argument("narratives", nargs="*", metavar="NARRATIVE", help="ids or files (default: bundled stories)")


def run(args: argparse.Namespace) -> int:
    if args.action == "sign":
        return _sign(args)
    if args.action == "status":
        return _status(args)
    print("vantage review: say `sign` or `status` (vantage review --help)", file=sys.stderr)
    return 2


def _sign(args: argparse.Namespace) -> int:
    date = args.date or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        print(f"vantage review: --date must be YYYY-MM-DD, not `{date}`", file=sys.stderr)
        return 2
    if args.name is not None and (not args.name.strip() or "\n" in args.name or len(args.name) > 80):
        print("vantage review: --name must be one line of at most 80 characters", file=sys.stderr)
        return 2
    scene_file = _scene_file(args.narrative)
    n = load_or_explain(str(_owner(scene_file)) if scene_file else args.narrative, "review", use_cache=False)
    if n is None:
        return 1
    if scene_file is not None:  # a scene's own sign-off: that file only
        sid = next(sc.id for sc in n.scenes.values() if Path(sc.path).resolve() == scene_file.resolve())
        info = n.extra.get("scene_reviews", {}).get(sid, {})
        path, old, what = scene_file, info.get("review", []), f"scene {sid}"
        signed = scene_review_hash(scene_file.read_text(encoding="utf-8-sig"))
    else:
        path, old, what, signed = Path(n.path), n.extra.get("review", ()), n.id, n.extra["review_hash"]
    text = path.read_text(encoding="utf-8-sig")
    entries = [dict(e) for e in old if not (e.get("role") == args.role and e.get("name") == args.name)]
    entries.append({"role": args.role, **({"name": args.name} if args.name else {}), "date": date,
                    "content_hash": signed})
    body = without_review_block(text).rstrip("\n") + "\n" + _review_yaml(entries)
    try:
        write_atomic(path, body)
    except OSError as exc:
        print(f"vantage review: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    after = load_narrative(n.path, use_cache=False)
    print(f"Signed {what} as {args.role} on {date} (content {signed}).")
    if after.narrative is not None:
        status = (scene_status(after.narrative).get(sid) if scene_file is not None else
                  review_status(after.narrative))
        if status is not None:
            print(f"Status: {status.label}")
    return 0


def _scene_file(ref: str) -> Path | None:
    """The scene file named on the command line, or None when it names a narrative (by file or id)."""
    p = Path(ref)
    if p.suffix not in (".yaml", ".yml") or not p.is_file():
        return None
    return p if _kind(p) == "scene" else None


def _owner(scene: Path) -> Path:
    owners = _owners(scene)
    return owners[0] if owners else scene  # no owner: loading it says what is wrong


def _review_yaml(entries: list[dict]) -> str:
    out = ["review:"]
    for e in entries:
        first = True
        for key in ("role", "name", "date", "content_hash"):
            if key in e:
                out.append(f"  {'- ' if first else '  '}{key}: {json.dumps(str(e[key]), ensure_ascii=False)}")
                first = False
    return "\n".join(out) + "\n"


def _status(args: argparse.Namespace) -> int:
    refs = args.narratives or [str(p) for p in narrative_files()]
    worst = 0
    for ref in refs:
        res = load_narrative(ref)
        if res.narrative is None:
            print(f"{ref}: cannot be loaded (vantage check {ref})")
            worst = 1
            continue
        s = review_status(res.narrative)
        print(f"{res.narrative.id}: {s.label}" + (f" (earlier sign-off: {', '.join(s.stale)})" if s.stale else ""))
        for sid, ss in scene_status(res.narrative).items():
            print(f"  scene {sid}: {ss.label}")
    return worst
