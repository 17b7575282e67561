"""Small stories written into a temporary folder, for tests of the loader, the runner and the tools.

`write_story(tmp_path, scene=..., narrative=...)` lays files out like the repository (narratives/, scenes/, assets/)
so that asset checks and `vantage check`'s scene-owner lookup behave as they do for real content.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

# A small valid narrative. {scenes} is replaced by the list of scene files; {extra} by extra top-level keys.
NARRATIVE = """\
id: t
title: Test story
version: "1"
summary: A story for tests.
perspective:
  character: Alex
  condition: test anxiety
audience:
  min_age: 13
  minutes: 5
content_notes:
  - None
characters:
  jo:
    name: Jo
stats:
  energy:
    label: Energy
    min: 0
    max: 10
    start: 5
flags:
  brave: false
start: s.a
scenes:
{scenes}
endings:
  good:
    title: Good
    text: It went well.
  bad:
    title: Bad
    text: It went badly.
debrief:
  prompts:
    - What happened?
  help:
    - name: A teacher
      contact: Ask at the office
{extra}"""

# A small valid scene (file s.yaml): beat a offers two choices, each to an ending.
SCENE = """\
id: s
title: Scene S
beats:
  - id: a
    choices:
      - id: go
        text: Go
        ending: good
      - id: stay
        text: Stay
        ending: bad
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def write_story(root: Path, scene: str | None = SCENE, narrative: str | None = None,
                scenes: dict[str, str] | None = None, extra: str = "") -> Path:
    """Write a narrative (narratives/t.yaml) and its scenes (scenes/NAME); return the narrative's path.

    `scene` is the text of scenes/s.yaml; `scenes` maps more file names to texts (all are listed, in order).
    `narrative` replaces the whole manifest text (use {scenes} in it to get the list).
    """
    files: dict[str, str] = {}
    if scene is not None:
        files["s.yaml"] = scene
    files.update(scenes or {})
    (root / "narratives").mkdir(parents=True, exist_ok=True)
    (root / "scenes").mkdir(parents=True, exist_ok=True)
    (root / "assets").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / "scenes" / name).write_text(text, encoding="utf-8")
    listing = "\n".join(f"  - ../scenes/{name}" for name in files)
    manifest = (narrative if narrative is not None else NARRATIVE).replace("{scenes}", listing)
    manifest = manifest.replace("{extra}", extra)
    path = root / "narratives" / "t.yaml"
    path.write_text(manifest, encoding="utf-8")
    return path


def tiny_png() -> bytes:
    """A whole, valid 1 x 1 PNG. Asset checks read a picture's header (V026), so a stand-in picture must be real."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def stand_in_asset(rel: str) -> bytes:
    """Bytes for a stand-in asset file: a real tiny PNG for pictures, a few bytes for anything else."""
    return tiny_png() if rel.lower().endswith((".png", ".jpg", ".jpeg")) else b"OggS"


def random_play_to(n, ending: str, first_seed: int = 1, tries: int = 4000):
    """A random play (seeded, choosing among the open choices) that reaches `ending`: the story at its end, and the
    numbers a player would have typed at each menu to make the same choices (for the terminal player)."""
    import random

    from game.story import Story
    for seed in range(first_seed, first_seed + tries):
        rng = random.Random(seed)
        story = Story(n, seed)
        story.start()
        typed = []
        while story.ending is None:
            options = story.menu.options
            pick = rng.choice([i for i, o in enumerate(options) if o.available])
            typed.append(str(pick + 1))
            story.choose(options[pick].choice_id)
        if story.ending.ending_id == ending:
            return story, typed
    raise AssertionError(f"no random play reached {ending}")
