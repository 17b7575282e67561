"""Perception effects, implemented once: each has an intensity (0..1) and a plain-language caption.

Static effects (vignette/tunnel vision, blur, desaturation) change the scene picture and are cached until the set of
effects changes. Moving effects (shake, crowding text, heartbeat pulse, intrusive-thought overlays) animate slowly.
Effects apply to the scene, never to the text box: the text stays readable whatever the story does.

"Reduce motion and intensity" scales static effects down and replaces moving ones by their caption. Nothing here
changes brightness faster than MAX_FLASH_HZ (the heartbeat is one smooth pulse per beat, about 1.1 per second).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import pygame

MAX_FLASH_HZ = 3.0
HEARTBEAT_HZ = 1.1  # ~66 beats a minute: calm enough, well under the flash limit
INTRUSIVE_PERIOD = 4.0  # seconds for one intrusive thought to fade in and out
REDUCED_SCALE = 0.35
STATIC = ("vignette", "blur", "desaturate")
MOVING = ("shake", "crowd", "heartbeat", "intrusive")
AUDIO = ("muffle",)


@dataclass
class ActiveEffect:
    name: str
    intensity: float
    started: float
    duration: float | None  # None: until the scene changes
    caption: str


class Effects:
    def __init__(self, reduced: bool = False) -> None:
        self.active: dict[str, ActiveEffect] = {}
        self.reduced = reduced
        self.captioned = False  # the player's Captions setting (the story screen sets it)
        self._vignettes: dict[int, pygame.Surface] = {}
        self._overlay: pygame.Surface | None = None

    # -- state -------------------------------------------------------------------------------------------------
    def add(self, name: str, intensity: float, duration: float | None, caption: str, now: float) -> None:
        intensity = max(0.0, min(1.0, float(intensity)))
        if intensity <= 0.0:
            self.active.pop(name, None)  # intensity 0 switches an effect off
            return
        self.active[name] = ActiveEffect(name, intensity, now, duration, caption)

    def clear(self) -> None:
        self.active.clear()

    def expire(self, now: float) -> bool:
        """Drop effects whose time is over; True when something changed."""
        gone = [k for k, e in self.active.items() if e.duration is not None and now - e.started >= e.duration]
        for k in gone:
            del self.active[k]
        return bool(gone)

    def next_expiry(self) -> float | None:
        ends = [e.started + e.duration for e in self.active.values() if e.duration is not None]
        return min(ends) if ends else None

    def level(self, name: str) -> float:
        """The intensity actually used (0 when the effect is off or replaced by its caption)."""
        e = self.active.get(name)
        if e is None:
            return 0.0
        if self.reduced:
            return 0.0 if name in MOVING else e.intensity * REDUCED_SCALE
        return e.intensity

    def animating(self) -> bool:
        return any(self.level(n) > 0 for n in MOVING)

    def captions(self) -> list[str]:
        """Captions to show: all of them with the Captions setting (on by default: a heartbeat is a faint pulse, and
        a classroom PC is often muted) or when reduced (they describe what is toned down); else sounds and effects
        this player cannot draw."""
        out = []
        for name, e in self.active.items():
            unknown = name not in STATIC and name not in MOVING and name not in AUDIO
            # an effect this player cannot draw still tells the player what it would have been
            if (self.captioned or self.reduced or name in AUDIO or unknown) and e.caption:
                out.append(e.caption)
        return out

    def volume_factor(self) -> float:
        """Multiplier for sound volumes (muffled hearing)."""
        return 1.0 - 0.7 * self.level("muffle")

    def static_key(self) -> tuple:
        return tuple((n, round(self.level(n), 2)) for n in STATIC)

    # -- drawing -----------------------------------------------------------------------------------------------
    def apply_static(self, surface: pygame.Surface) -> None:
        """Blur, desaturate and vignette `surface` in place (call once per change; the result is cached by callers)."""
        blur = self.level("blur")
        if blur > 0:
            blur_surface(surface, blur)
        grey = self.level("desaturate")
        if grey > 0:
            desaturate_surface(surface, grey)
        vig = self.level("vignette")
        if vig > 0:
            surface.blit(self.vignette(vig, surface.get_size()), (0, 0))

    def vignette(self, intensity: float, size: tuple[int, int]) -> pygame.Surface:
        q = max(1, min(20, round(intensity * 20)))  # cache in 5% steps
        key = q * 100000 + size[0] * 10 + size[1] % 10
        surf = self._vignettes.get(key)
        if surf is None:
            if len(self._vignettes) >= 4:  # a full-screen mask is 3.7 MB: keep only a few
                self._vignettes.clear()
            surf = make_vignette(size, q / 20)
            self._vignettes[key] = surf
        return surf

    def heartbeat_alpha(self, t: float) -> int:
        """Darkening (0..255) of the heartbeat pulse at time t: one smooth raised-cosine bump per beat."""
        lvl = self.level("heartbeat")
        if lvl <= 0:
            return 0
        phase = (t * HEARTBEAT_HZ) % 1.0
        bump = 0.5 - 0.5 * math.cos(2 * math.pi * phase)
        return int(70 * lvl * bump)

    def apply_dynamic(self, surface: pygame.Surface, t: float) -> None:
        """The heartbeat pulse over the scene picture (a soft darkening of the edges in time with the beat)."""
        a = self.heartbeat_alpha(t)
        if a <= 0:
            return
        if self._overlay is None or self._overlay.get_size() != surface.get_size():
            self._overlay = make_vignette(surface.get_size(), 0.9)
        self._overlay.set_alpha(min(255, a * 3))  # one cached surface; only its alpha changes per frame
        surface.blit(self._overlay, (0, 0))

    def shake_offset(self, t: float) -> tuple[int, int]:
        lvl = self.level("shake")
        if lvl <= 0:
            return (0, 0)
        amp = 7.0 * lvl
        # two slow incommensurate sines: a tremor, not a strobe
        return (round(amp * math.sin(t * 2 * math.pi * 1.7)), round(amp * 0.6 * math.sin(t * 2 * math.pi * 2.3 + 1)))

    def crowd_positions(self, t: float, count: int, area: pygame.Rect, seed: int = 7) -> list[tuple[int, int]]:
        """Where crowding words drift at time t (slow orbits around fixed anchors)."""
        lvl = self.level("crowd")
        if lvl <= 0:
            return []
        rng = random.Random(seed)
        n = max(1, round(count * lvl))
        out = []
        for i in range(n):
            ax = area.x + rng.random() * area.w
            ay = area.y + rng.random() * area.h
            sp = 0.15 + rng.random() * 0.2
            out.append((int(ax + 18 * math.sin(t * sp * 2 * math.pi + i)), int(ay + 12 * math.cos(t * sp * 2 * math.pi + i))))
        return out

    def intrusive_alpha(self, t: float) -> int:
        """Opacity of the current intrusive thought: fades in and out over INTRUSIVE_PERIOD."""
        lvl = self.level("intrusive")
        if lvl <= 0:
            return 0
        phase = (t / INTRUSIVE_PERIOD) % 1.0
        return int((0.35 + 0.55 * lvl) * 255 * math.sin(math.pi * phase))

    def intrusive_index(self, t: float) -> int:
        return int(t / INTRUSIVE_PERIOD)


def make_vignette(size: tuple[int, int], intensity: float) -> pygame.Surface:
    """Black with alpha growing towards the edges; stronger intensity narrows the clear centre (tunnel vision)."""
    w, h = size
    ys = np.linspace(-1.0, 1.0, h, dtype=np.float32)[None, :]
    xs = np.linspace(-1.0, 1.0, w, dtype=np.float32)[:, None]
    d = np.sqrt(xs * xs + ys * ys) / math.sqrt(2)
    r0 = 0.62 - 0.42 * intensity
    a = np.clip((d - r0) / max(0.05, 1.0 - r0), 0.0, 1.0) ** 1.4 * (150 + 105 * intensity)
    surf = pygame.Surface(size, pygame.SRCALPHA)
    surf.fill((0, 0, 0, 0))
    alpha = pygame.surfarray.pixels_alpha(surf)
    alpha[:, :] = a.astype(np.uint8)
    del alpha
    return surf


def blur_surface(surface: pygame.Surface, intensity: float) -> None:
    w, h = surface.get_size()
    f = 1.0 + 11.0 * intensity
    small = pygame.transform.smoothscale(surface, (max(1, int(w / f)), max(1, int(h / f))))
    pygame.transform.smoothscale(small, (w, h), surface)


def desaturate_surface(surface: pygame.Surface, intensity: float) -> None:
    grey = pygame.transform.grayscale(surface)
    grey.set_alpha(int(255 * intensity))
    surface.blit(grey, (0, 0))
