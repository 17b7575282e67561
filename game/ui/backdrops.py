"""Scene pictures: an image from assets/ when the scene names one, else a calm generated backdrop from its mood.

Everything is built once per (scene picture, theme) and cached; a missing or broken image falls back to the
generated backdrop with a logged warning, never a crash.
"""
from __future__ import annotations

import io
import logging
import random

import pygame

from game import paths
from game.pictures import BadPicture, check_picture
from game.ui.theme import Theme

log = logging.getLogger(__name__)
SIZE = (1280, 720)

# mood -> (top colour, bottom colour): muted, low-saturation pairs so text panels stay readable on top
MOODS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "calm": ((64, 96, 122), (30, 46, 66)),
    "tense": ((92, 62, 82), (36, 26, 40)),
    "warm": ((128, 96, 70), (52, 38, 36)),
    "cold": ((80, 92, 108), (34, 40, 52)),
    "hopeful": ((96, 122, 104), (40, 58, 58)),
    "dark": ((40, 44, 58), (14, 16, 24)),
    "bright": ((128, 142, 150), (70, 84, 98)),
}
DEFAULT_MOOD = "calm"
MAX_BACKDROPS = 8


def gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int],
             seed: int = 0, shapes: bool = True) -> pygame.Surface:
    """A vertical gradient with a few soft, blurred circles (calm, never busy)."""
    w, h = size
    surf = pygame.Surface(size)
    # one fill per row (no numpy: importing it cost the first frame 160 ms)
    for y in range(h):
        t = y / (h - 1) if h > 1 else 0.0
        surf.fill(tuple(int(a * (1 - t) + b * t) for a, b in zip(top, bottom)), (0, y, w, 1))
    if shapes:
        rng = random.Random(seed)
        glow = pygame.Surface((w // 4, h // 4), pygame.SRCALPHA)
        for _ in range(7):
            r = rng.randint(h // 20, h // 7)
            c = tuple(min(255, int(v * 1.35) + 12) for v in top)
            pygame.draw.circle(glow, (*c, rng.randint(18, 40)), (rng.randint(0, w // 4), rng.randint(0, h // 4)), r)
        glow = pygame.transform.smoothscale(pygame.transform.smoothscale(glow, (w // 16, h // 16)), size)
        surf.blit(glow, (0, 0))
    return surf.convert() if pygame.display.get_surface() is not None else surf


def cover(image: pygame.Surface, size: tuple[int, int] = SIZE) -> pygame.Surface:
    """Scale an image to fill `size`, cropping the overflow (no stretching)."""
    iw, ih = image.get_size()
    scale = max(size[0] / iw, size[1] / ih)
    scaled = pygame.transform.smoothscale(image, (max(1, round(iw * scale)), max(1, round(ih * scale))))
    out = pygame.Surface(size)
    out.blit(scaled, ((size[0] - scaled.get_width()) // 2, (size[1] - scaled.get_height()) // 2))
    return out


class Backdrops:
    def __init__(self) -> None:
        self._cache: dict[tuple, pygame.Surface] = {}

    def plain(self, theme: Theme) -> pygame.Surface:
        key = ("plain", theme.name)
        s = self._cache.get(key)
        if s is None:
            if theme.name == "high-contrast":
                s = pygame.Surface(SIZE)
                s.fill(theme.background)
            else:
                bg = theme.background
                s = gradient(SIZE, tuple(min(255, v + 18) for v in bg), tuple(max(0, v - 14) for v in bg), seed=3)
            self._cache[key] = s
        return s

    def scene(self, background: str | None, mood: str | None, scene_id: str, theme: Theme) -> pygame.Surface:
        key = ("scene", background, mood, scene_id, theme.name)
        s = self._cache.pop(key, None)
        if s is not None:
            self._cache[key] = s  # most recently used last
            return s
        s = None
        if background:
            path = (paths.ASSETS_DIR / background).resolve()
            # only files inside assets/: a story cannot point the player at arbitrary files
            if paths.ASSETS_DIR.resolve() in path.parents and path.is_file():
                try:  # size and declared dimensions first: the decoder never sees a 30000 x 30000 claim
                    data = check_picture(path)
                    s = cover(pygame.image.load(io.BytesIO(data), path.name))
                except (BadPicture, pygame.error, OSError, ValueError) as exc:
                    log.warning("could not load background %s: %s", path, exc)
            else:
                log.warning("background %s not found under assets/; using a generated backdrop", background)
        if s is None:
            top, bottom = MOODS.get((mood or DEFAULT_MOOD).lower(), MOODS[DEFAULT_MOOD])
            s = gradient(SIZE, top, bottom, seed=sum(map(ord, scene_id)))
        if theme.name == "high-contrast":
            # darken the picture so white text panels keep their contrast even where panels are not opaque
            dark = pygame.Surface(SIZE)
            dark.fill((0, 0, 0))
            dark.set_alpha(110)
            s.blit(dark, (0, 0))
        self._cache[key] = s
        # a backdrop is a whole canvas (3.5 MB): keep the few in use, dropping the least recently used
        while len(self._cache) > MAX_BACKDROPS:
            self._cache.pop(next(iter(self._cache)))
        return s
