"""The bundled map is ours: tools/draw_map.py writes exactly the .tmx and .tsx that are shipped (so a writer who
edits the script and runs it gets the map the game plays), and the tiles picture has one tile per tile of the set."""
from __future__ import annotations

import pygame

from game import paths
from tools import draw_map
from tools.tmx_write import TILE_NAMES, tmx_text, tsx_text

MAPS = paths.ASSETS_DIR / "maps"


def test_the_shipped_map_and_tileset_are_what_the_script_writes():
    assert (MAPS / "school-corridor.tmx").read_text(encoding="utf-8") == tmx_text(draw_map.CORRIDOR, draw_map.PLACES)
    assert (MAPS / "school.tsx").read_text(encoding="utf-8") == tsx_text("school-tiles.png", draw_map.T, 8)


def test_the_tiles_picture_matches_the_tileset():
    img = pygame.image.load(str(MAPS / "school-tiles.png"))
    assert img.get_size() == (8 * draw_map.T, draw_map.T * -(-len(TILE_NAMES) // 8))
    for name in ("figure.png", "person.png"):
        assert pygame.image.load(str(MAPS / name)).get_size() == (draw_map.T, draw_map.T)
