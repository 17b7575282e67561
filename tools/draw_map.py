"""Draw the bundled maps (the school corridor of morning-bus, the food-room corridor of just-right): their tiles,
the student's figure and the people, and write the Tiled maps that use them (assets/maps/). Our own work, CC0 (see assets/CREDITS.md); Tiled opens the map.

Run: python tools/draw_map.py   (rewrites the files; deterministic)
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from game import paths  # noqa: E402
from tools.tmx_write import TILE_NAMES, Obj, tmx_text, tsx_text  # noqa: E402

T = 32
OUT = paths.ASSETS_DIR / "maps"

# the school corridor: the student comes in on the left; the classroom door is top right
CORRIDOR = [
    "##############################",
    "#LLLLLLLLL####BB####WWW#####D#",
    "#............................#",
    "#.,,,........................#",
    "#.,,,........................#",
    "#............P.........TT....#",
    "#LLLLLLLL#####################",
    "##############################",
]
PLACES = [
    Obj("", "spawn", 2, 3),
    Obj("lockers", "zone", 2, 2, 8, 1),
    Obj("noticeboard", "zone", 14, 2, 2, 1),
    Obj("window", "zone", 20, 2, 3, 1),
    Obj("jo", "person", 17, 4),
    Obj("classroom", "exit", 28, 1),
]

# *Until It Feels Right* (just-right): the corridor from the food room to the field. The toilets door (left), the
# nurse's door with its drop-in sign (middle), Kemi by the doors to the field (right).
FOOD_CORRIDOR = [
    "########################",
    "#WW##D#####BD######WW#D#",
    "#......................#",
    "#......................#",
    "#..,,,.............T...#",
    "#LLLLLLLL###############",
    "########################",
]
FOOD_PLACES = [
    Obj("", "spawn", 2, 3),
    Obj("toilets", "zone", 4, 2, 3, 1),
    Obj("nurse", "zone", 11, 2, 2, 1),
    Obj("kemi", "person", 20, 3),
    Obj("field", "exit", 22, 1),
]


def shade(c: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(v * k))) for v in c)  # type: ignore[return-value]


FLOOR, WALL = (150, 146, 138), (92, 104, 124)


def tile(name: str) -> pygame.Surface:
    s = pygame.Surface((T, T))
    s.fill(FLOOR)
    pygame.draw.line(s, shade(FLOOR, 0.92), (0, T - 1), (T, T - 1))  # floor tiles, faint seams
    pygame.draw.line(s, shade(FLOOR, 0.92), (T - 1, 0), (T - 1, T))
    if name == "wall":
        s.fill(WALL)
        pygame.draw.line(s, shade(WALL, 0.85), (0, T - 4), (T, T - 4), 2)
    elif name == "lockers":
        s.fill((84, 110, 132))
        pygame.draw.rect(s, (64, 86, 106), (1, 1, T - 2, T - 2), 2)
        pygame.draw.line(s, (64, 86, 106), (T // 2, 2), (T // 2, T - 2), 2)
        for x in (T // 2 - 5, T // 2 + 3):
            pygame.draw.line(s, (180, 186, 190), (x, 12), (x, 16), 2)  # handles
    elif name == "door":
        s.fill(WALL)
        pygame.draw.rect(s, (128, 92, 64), (4, 2, T - 8, T - 2))
        pygame.draw.circle(s, (210, 196, 150), (T - 10, T // 2 + 2), 2)
    elif name == "window":
        s.fill(WALL)
        pygame.draw.rect(s, (176, 198, 214), (3, 4, T - 6, T - 10))
        pygame.draw.line(s, WALL, (T // 2, 4), (T // 2, T - 6), 2)
    elif name == "desk":
        pygame.draw.rect(s, (122, 100, 80), (2, 6, T - 4, T - 12), border_radius=3)
    elif name == "mat":
        pygame.draw.rect(s, (120, 128, 112), (0, 0, T, T))
        pygame.draw.rect(s, (108, 116, 100), (0, 0, T, T), 1)
    elif name == "plant":
        pygame.draw.rect(s, (120, 96, 76), (10, 18, 12, 12), border_radius=2)
        for dx, dy in ((-5, -2), (5, -2), (0, -7), (-3, 3), (4, 3)):
            pygame.draw.circle(s, (88, 128, 92), (T // 2 + dx, 14 + dy), 5)
    elif name == "board":
        s.fill(WALL)
        pygame.draw.rect(s, (170, 140, 104), (2, 4, T - 4, T - 10))
        for i, c in enumerate(((230, 230, 214), (204, 220, 232), (236, 214, 206))):
            pygame.draw.rect(s, c, (5 + i * 8, 7 + (i % 2) * 5, 7, 9))
    return s


def figure(body: tuple[int, int, int], hair: tuple[int, int, int]) -> pygame.Surface:
    """A simple, friendly figure seen from above and a little in front: no face details, no age or gender cues."""
    s = pygame.Surface((T, T), pygame.SRCALPHA)
    pygame.draw.ellipse(s, (0, 0, 0, 50), (7, T - 8, T - 14, 6))  # shadow
    pygame.draw.rect(s, body, (9, 14, T - 18, 14), border_radius=6)
    pygame.draw.circle(s, (224, 190, 160), (T // 2, 10), 7)
    pygame.draw.arc(s, hair, (T // 2 - 7, 3, 14, 14), 0.2, 2.95, 4)
    pygame.draw.rect(s, shade(body, 0.7), (9, 14, T - 18, 14), 2, border_radius=6)
    return s


def tile_sheet(names: list[str], draw: Callable[[str], pygame.Surface], columns: int = 8) -> pygame.Surface:
    """The tiles picture a Tiled tileset points at: tile i (drawn by `draw(names[i])`) in row-major order."""
    sheet = pygame.Surface((T * columns, T * -(-len(names) // columns)))
    sheet.fill((0, 0, 0))
    for i, name in enumerate(names):
        sheet.blit(draw(name), ((i % columns) * T, (i // columns) * T))
    return sheet


def main() -> None:
    pygame.init()
    OUT.mkdir(parents=True, exist_ok=True)
    columns = 8
    pygame.image.save(tile_sheet(TILE_NAMES, tile, columns), str(OUT / "school-tiles.png"))
    pygame.image.save(figure((46, 128, 120), (60, 44, 36)), str(OUT / "figure.png"))
    pygame.image.save(figure((150, 104, 150), (30, 30, 34)), str(OUT / "person.png"))
    (OUT / "school.tsx").write_text(tsx_text("school-tiles.png", T, columns), encoding="utf-8")
    (OUT / "school-corridor.tmx").write_text(tmx_text(CORRIDOR, PLACES), encoding="utf-8")
    (OUT / "food-corridor.tmx").write_text(tmx_text(FOOD_CORRIDOR, FOOD_PLACES), encoding="utf-8")  # just-right
    print(f"wrote {OUT}/school-tiles.png, figure.png, person.png, school.tsx, school-corridor.tmx, food-corridor.tmx")


if __name__ == "__main__":
    main()
