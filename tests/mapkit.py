"""Small map stories for tests: a narrative whose scene `m` is a Tiled map drawn from a character picture
(tools/tmx_write.py), with the bundled tileset copied next to it, laid out like the repository.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from game import paths
from tests.storykit import NARRATIVE, dedent, write_story
from tools.tmx_write import Obj, write_map

ROOM = [
    "########",
    "#......#",
    "#......#",
    "#......#",
    "########",
]
OBJECTS = [Obj("", "spawn", 1, 1), Obj("desk", "zone", 3, 2), Obj("jo", "person", 5, 1), Obj("door", "exit", 6, 3)]

# scene m: arrive -> walking; desk (on_enter, once), jo (talk), door (exit to ending good, locked unless brave)
MAP_SCENE = """\
id: m
title: A room
map: maps/room.tmx
zones:
  - name: desk
    label: The desk
    on_enter: sit
    once: true
people:
  - name: jo
    label: Jo
    talk: chat
exits:
  - name: door
    label: The door
    ending: good
    requires: brave
    locked_reason: Not yet.
beats:
  - id: arrive
    lines:
      - narrate: You come in.
  - id: sit
    lines:
      - narrate: You sit a moment.
  - id: chat
    effects:
      - brave = true
    lines:
      - say: Hi!
        speaker: jo
"""
START_AT_MAP = (NARRATIVE.replace("start: s.a", "start: m.arrive")
                .replace("  bad:\n    title: Bad\n    text: It went badly.\n", ""))


def copy_tileset(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("school.tsx", "school-tiles.png"):
        shutil.copy(paths.ASSETS_DIR / "maps" / name, folder / name)


def write_map_story(root: Path, scene: str = MAP_SCENE, rows: list[str] | None = None,
                    objects: list[Obj] | None = None, **map_kwargs) -> Path:
    """narratives/t.yaml starting in map scene m (scenes/m.yaml), its map assets/maps/room.tmx."""
    path = write_story(root, scene=None, narrative=START_AT_MAP, scenes={"m.yaml": dedent(scene)})
    maps = root / "assets" / "maps"
    copy_tileset(maps)
    write_map(maps, "room.tmx", rows or ROOM, OBJECTS if objects is None else objects, **map_kwargs)
    return path
