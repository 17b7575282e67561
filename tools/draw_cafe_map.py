"""Draw the café map of *The Saturday Shift* (hearing-voices): its own tiles (wooden floor, counter, till, coffee
machine, sink, cake cabinet, tables, chairs, windows, doors) and the Tiled map of the café floor at lunchtime
(assets/maps/cafe-tiles.png, cafe.tsx, cafe-floor.tmx). The figure and the people reuse figure.png and person.png
from tools/draw_map.py. Our own work, CC0 (see assets/CREDITS.md); Tiled opens the map.

Run: python tools/draw_cafe_map.py   (rewrites the three files; deterministic)
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from game import paths  # noqa: E402
from tools.draw_map import T, shade, tile_sheet  # noqa: E402  (the school map's tile size, shading and sheet)
from tools.tmx_write import Obj, tmx_text, tsx_text  # noqa: E402

COLUMNS = 8
OUT = paths.ASSETS_DIR / "maps"

# one tile per name, in this order (tile ids 0..n-1, gids 1..n); the characters of the picture below
TILE_NAMES = ["floor", "wall", "counter", "till", "machine", "sink", "cakes", "shelf", "table", "chair", "window",
              "door", "backdoor", "plant", "mat"]
CHARS = {".": 1, "#": 2, "C": 3, "$": 4, "M": 5, "K": 6, "c": 7, "S": 8, "T": 9, "h": 10, "W": 11, "D": 12,
         "B": 13, "P": 14, ",": 15}
BLOCKING = {"wall", "counter", "till", "machine", "sink", "cakes", "shelf", "table", "window", "plant"}

# the café floor: staff work behind the counter (top), customers sit below; the back door (top right) leads out to
# the yard where the staff take their break
CAFE = [
    "##########################",
    "#SS##MMM###KK######S###BB#",
    "#........................#",
    "#CC$CCCcccCCCCCC.........#",
    "#........................#",
    "#.hTh....hTh....hTh..P...#",
    "#........................#",
    "#hTh.....hTh....hTh...hTh#",
    "#WWWWWWWWWW,DD,WWWWWWWWWW#",
    "##########################",
]
PLACES = [
    Obj("", "spawn", 9, 2),
    Obj("till", "zone", 2, 2, 2, 1),
    Obj("machine", "zone", 5, 2, 3, 1),
    Obj("sink", "zone", 11, 2, 2, 1),
    Obj("cupboard", "zone", 19, 2, 2, 1),
    Obj("table-four", "zone", 16, 6, 3, 1),
    Obj("front-door", "zone", 12, 7, 3, 1),
    Obj("theo", "person", 14, 2),
    Obj("mrs-delaney", "person", 1, 7),
    Obj("back-door", "exit", 23, 1, 2, 1),
]


FLOOR, WALL, WOOD = (156, 126, 98), (118, 98, 92), (104, 76, 58)


def tile(name: str) -> pygame.Surface:
    s = pygame.Surface((T, T))
    s.fill(FLOOR)
    for y in (7, 15, 23, 31):  # floorboards
        pygame.draw.line(s, shade(FLOOR, 0.9), (0, y), (T, y))
    pygame.draw.line(s, shade(FLOOR, 0.88), (11, 0), (11, 7))
    pygame.draw.line(s, shade(FLOOR, 0.88), (24, 16), (24, 23))
    if name == "wall":
        s.fill(WALL)
        pygame.draw.line(s, shade(WALL, 0.85), (0, T - 4), (T, T - 4), 2)
    elif name in ("counter", "till", "cakes"):
        s.fill(WOOD)
        pygame.draw.rect(s, shade(WOOD, 1.35), (0, 0, T, 9))  # the worktop
        pygame.draw.line(s, shade(WOOD, 0.8), (0, 9), (T, 9), 2)
        if name == "till":
            pygame.draw.rect(s, (70, 74, 82), (6, 2, 20, 14), border_radius=2)
            pygame.draw.rect(s, (150, 190, 170), (9, 4, 14, 6))
        elif name == "cakes":
            pygame.draw.rect(s, (196, 214, 220), (2, 1, T - 4, 16), 2, border_radius=3)  # glass
            for x, c in ((5, (214, 160, 120)), (14, (236, 214, 170)), (23, (170, 110, 90))):
                pygame.draw.circle(s, c, (x + 3, 11), 4)
    elif name == "machine":
        s.fill(WALL)
        pygame.draw.rect(s, (176, 180, 186), (3, 4, T - 6, T - 8), border_radius=4)
        pygame.draw.rect(s, (120, 124, 132), (3, 4, T - 6, T - 8), 2, border_radius=4)
        pygame.draw.rect(s, (60, 60, 66), (12, 14, 8, 6))  # the group head
        pygame.draw.rect(s, (240, 236, 226), (13, 21, 6, 5))  # a cup
    elif name == "sink":
        s.fill(WALL)
        pygame.draw.rect(s, (168, 176, 182), (2, 8, T - 4, T - 10), border_radius=3)
        pygame.draw.rect(s, (120, 136, 150), (6, 12, T - 12, T - 18), border_radius=3)
        pygame.draw.line(s, (190, 196, 200), (T // 2, 2), (T // 2, 10), 3)  # the tap
    elif name == "shelf":
        s.fill(WALL)
        for y in (10, 22):
            pygame.draw.line(s, WOOD, (2, y), (T - 2, y), 3)
        for x, c in ((5, (200, 150, 90)), (13, (150, 100, 70)), (21, (220, 200, 150))):
            pygame.draw.rect(s, c, (x, 2, 6, 8), border_radius=2)
            pygame.draw.rect(s, shade(c, 0.85), (x + 1, 14, 6, 8), border_radius=2)
    elif name == "table":
        pygame.draw.circle(s, (122, 92, 70), (T // 2, T // 2), 13)
        pygame.draw.circle(s, (140, 108, 82), (T // 2, T // 2), 13, 2)
        pygame.draw.circle(s, (238, 234, 226), (T // 2 - 4, T // 2 - 2), 3)  # a cup
    elif name == "chair":
        pygame.draw.rect(s, (98, 120, 104), (8, 8, T - 16, T - 16), border_radius=4)
    elif name == "window":
        s.fill(WALL)
        pygame.draw.rect(s, (182, 204, 214), (2, 6, T - 4, T - 12))
        pygame.draw.line(s, WALL, (T // 2, 6), (T // 2, T - 6), 2)
    elif name == "door":
        s.fill(WALL)
        pygame.draw.rect(s, (170, 196, 206), (3, 2, T - 6, T - 4))
        pygame.draw.rect(s, (90, 80, 70), (3, 2, T - 6, T - 4), 2)
    elif name == "backdoor":
        s.fill(WALL)
        pygame.draw.rect(s, (92, 120, 96), (3, 2, T - 6, T - 2))
        pygame.draw.circle(s, (210, 196, 150), (T - 9, T // 2 + 2), 2)
    elif name == "plant":
        pygame.draw.rect(s, (140, 96, 70), (10, 18, 12, 12), border_radius=2)
        for dx, dy in ((-5, -2), (5, -2), (0, -7), (-3, 3), (4, 3)):
            pygame.draw.circle(s, (88, 128, 92), (T // 2 + dx, 14 + dy), 5)
    elif name == "mat":
        pygame.draw.rect(s, (120, 104, 90), (0, 0, T, T))
        pygame.draw.rect(s, (104, 90, 78), (0, 0, T, T), 1)
    return s


def main() -> int:
    pygame.init()
    OUT.mkdir(parents=True, exist_ok=True)
    pygame.image.save(tile_sheet(TILE_NAMES, tile, COLUMNS), str(OUT / "cafe-tiles.png"))
    (OUT / "cafe.tsx").write_text(tsx_text("cafe-tiles.png", T, COLUMNS, names=TILE_NAMES, blocking=BLOCKING,
                                           tileset_name="cafe"), encoding="utf-8")
    (OUT / "cafe-floor.tmx").write_text(tmx_text(CAFE, PLACES, tileset="cafe.tsx", chars=CHARS), encoding="utf-8")
    print(f"wrote {OUT}/cafe-tiles.png, cafe.tsx, cafe-floor.tmx")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
