"""`vantage new story ID`: a small, complete story to start from, which passes `vantage check --strict`,
`vantage lint` and `vantage test` as written.

Writes narratives/ID.yaml and scenes/ID/morning.yaml under the story folder (the bundled one, or --root DIR), and
never overwrites a file.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from game import paths
from game.content.schema import ID_PATTERN
from game.files import write_atomic

NARRATIVE = """\
# yaml-language-server: $schema=../docs/schema/narrative.schema.json
# A new story, written by `vantage new story {id}`. docs/authoring.md explains every key.
format: 1
id: {id}
title: {title}
version: "0.1"
summary: >-
  Robin, who lives with social anxiety, has to ask a question in class. (Say in a sentence or two what the
  story is about: it is shown in the story picker.)
perspective:
  character: Robin, 14
  condition: social anxiety
audience:
  min_age: 13
  minutes: 5
content_notes:
  - Anxiety symptoms, described from the inside
characters:
  teacher:
    name: Mr Shah
stats:
  worry:
    label: Worry
    min: 0
    max: 10
    start: 5
    show: meter
flags:
  asked: false
start: morning.desk
scenes:
  - ../scenes/{id}/morning.yaml
endings:
  asked:
    title: You asked
    text: >-
      Your voice was quiet, but Mr Shah heard it and explained again. Two other people wrote the answer down too.
  waited:
    title: You waited
    text: >-
      You copied the answer from the board later. Next time you might try writing the question down first.
debrief:
  prompts:
    - What made asking feel hard for Robin?
    - What could a classmate or a teacher do to make it easier?
    # shown only when its `when` holds at the end: `ending` is the ending reached ("" if the student left early)
    - text: Robin asked in the end. What helped Robin do it?
      when: ending == "asked"
    - text: Robin waited this time. What might make asking easier next time?
      when: ending == "waited"
  help:
    # Add help lines for where your players live, each with where you found it and the date you checked it.
    - name: Your school counsellor or a teacher you trust
      contact: Ask at the school office
      note: If anything in this story felt close to home.
# Teaching assertions, checked by `vantage test {id}` (a failure exits 1, so CI can run it).
tests:
  - ending: asked
    min_percent: 20
  - ending: waited
    min_percent: 20
  - max_minutes: 5
"""

SCENE = """\
# yaml-language-server: $schema=../../docs/schema/scene.schema.json
id: morning
title: Second period
mood: calm
beats:
  - id: desk
    lines:
      - narrate: Mr Shah finishes the example and asks if there are any questions.
      - thought: You didn't follow the last step. Everyone else seems to have.
    prompt: What do you do?
    choices:
      - id: breathe
        text: Take a slow breath first
        effects:
          - worry -= 2
        lines:
          - narrate: In for four, out for six. The room gets a little quieter.
        goto: hand
      - id: wait
        text: Wait and hope someone else asks
        effects:
          - worry += 1
        goto: hand

  - id: hand
    lines:
      - thought: If you ask, everyone will turn round.
    choices:
      - id: ask
        text: Put your hand up
        requires: worry < 5
        locked_reason: Your arm won't move. The moment feels too big right now.
        effects:
          - asked = true
        lines:
          - say: Good question, Robin. Let's go through it again.
            speaker: teacher
        ending: asked
      - id: copy
        text: Copy it down and work it out later
        ending: waited
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", choices=("story",), help="what to create (only `story` for now)")
    p.add_argument("id", metavar="ID", help="the new story's id: lower case letters, digits, - and _")
    p.add_argument("--title", help="the story's title (default: made from the id)")
    p.add_argument("--root", metavar="DIR",
                   help="the folder that holds narratives/ and scenes/ (default: the bundled stories' folder)")


def run(args: argparse.Namespace) -> int:
    if not re.match(ID_PATTERN, args.id) or len(args.id) > 64:
        print(f"vantage new: `{args.id}` is not a valid id: use lower case letters, digits, - and _, starting "
              "with a letter (e.g. `first-day`)", file=sys.stderr)
        return 2
    title = args.title or args.id.replace("-", " ").replace("_", " ").capitalize()
    if "\n" in title or not title.strip() or len(title) > 120:
        print("vantage new: --title must be one line of at most 120 characters", file=sys.stderr)
        return 2
    root = Path(args.root) if args.root else paths.ROOT
    narrative = root / "narratives" / f"{args.id}.yaml"
    scene = root / "scenes" / args.id / "morning.yaml"
    existing = [p for p in (narrative, scene) if p.exists()]
    if existing:
        print(f"vantage new: {existing[0]} already exists; nothing was written (choose another id)", file=sys.stderr)
        return 1
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    try:
        write_atomic(scene, SCENE)
        write_atomic(narrative, NARRATIVE.format(id=args.id, title=quoted))
    except OSError as exc:
        print(f"vantage new: cannot write into {root}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {narrative}\nWrote {scene}")
    print(f"Next: vantage check {args.id} --strict; vantage test {args.id}; vantage play --text --no-record {args.id}"
          if not args.root else f"Next: vantage check {narrative} --strict; vantage test {narrative}")
    return 0
