"""Draw the character portraits of the bundled story (assets/portraits/*.png): head-and-shoulders figures in flat,
calm shapes, one picture per expression. Faces differ by brows, eyes and mouth, so each expression reads at a glance
(and every portrait also has a text description in the narrative). Our own work, CC0 (see assets/CREDITS.md).

Run: python tools/draw_portraits.py   (rewrites the PNGs; deterministic)
"""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from game import paths  # noqa: E402

W, H = 360, 480
OUT = paths.ASSETS_DIR / "portraits"
INK = (44, 36, 40)


@dataclass(frozen=True)
class Person:
    skin: tuple[int, int, int]
    hair: tuple[int, int, int]
    top: tuple[int, int, int]
    hair_style: str  # bun | short | curls | cap
    glasses: bool = False
    scarf: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class Face:
    brow_tilt: float  # >0 raised in the middle (worried), <0 lowered in the middle (stern)
    brow_lift: int  # pixels above the usual place
    eye_open: float  # 1 open, 0.4 half closed
    mouth: float  # curve: >0 smile, <0 frown, 0 flat
    mouth_open: float = 0.0  # 0 closed .. 1 open
    cheeks: bool = False  # a warm flush with a smile


def shade(c: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(v * k))) for v in c)  # type: ignore[return-value]


def draw(person: Person, face: Face) -> pygame.Surface:
    s = pygame.Surface((W, H), pygame.SRCALPHA)
    cx, cy = W // 2, 200
    # shoulders and top
    pygame.draw.ellipse(s, person.top, (20, 330, W - 40, 300))
    pygame.draw.ellipse(s, shade(person.top, 0.8), (20, 330, W - 40, 300), 4)
    if person.scarf:
        pygame.draw.ellipse(s, person.scarf, (cx - 90, 320, 180, 70))
    pygame.draw.rect(s, shade(person.skin, 0.92), (cx - 34, 270, 68, 80), border_radius=20)  # neck
    # hair behind the head
    if person.hair_style == "curls":
        for ang in range(0, 360, 30):
            x = cx + int(118 * math.cos(math.radians(ang)))
            y = cy - 10 + int(118 * math.sin(math.radians(ang)) * 0.95)
            pygame.draw.circle(s, person.hair, (x, y), 44)
    elif person.hair_style == "bun":
        pygame.draw.circle(s, person.hair, (cx, cy - 128), 42)
        pygame.draw.ellipse(s, person.hair, (cx - 112, cy - 120, 224, 230))
    elif person.hair_style == "short":
        pygame.draw.ellipse(s, person.hair, (cx - 108, cy - 122, 216, 190))
    # the head
    head = pygame.Rect(cx - 95, cy - 110, 190, 230)
    pygame.draw.ellipse(s, person.skin, head)
    pygame.draw.ellipse(s, shade(person.skin, 0.85), head, 3)
    pygame.draw.ellipse(s, person.skin, (cx - 108, cy - 10, 26, 44))  # ears
    pygame.draw.ellipse(s, person.skin, (cx + 82, cy - 10, 26, 44))
    # hair in front
    if person.hair_style in ("bun", "short"):
        pygame.draw.ellipse(s, person.hair, (cx - 98, cy - 118, 196, 92))
        pygame.draw.rect(s, person.skin, (cx - 70, cy - 52, 140, 30))
    elif person.hair_style == "curls":
        for x in range(cx - 80, cx + 81, 32):
            pygame.draw.circle(s, person.hair, (x, cy - 92), 30)
    elif person.hair_style == "cap":
        pygame.draw.ellipse(s, person.hair, (cx - 100, cy - 126, 200, 110))
        pygame.draw.rect(s, person.top, (cx - 100, cy - 80, 200, 30), border_radius=8)
        pygame.draw.ellipse(s, shade(person.top, 0.7), (cx - 30, cy - 66, 150, 26))  # the peak
    # eyes
    eye_y = cy + 10
    for side in (-1, 1):
        ex = cx + side * 40
        h = max(4, int(22 * face.eye_open))
        pygame.draw.ellipse(s, (250, 248, 244), (ex - 18, eye_y - h // 2, 36, h))
        pygame.draw.circle(s, INK, (ex, eye_y), min(9, h // 2 + 1))
        pygame.draw.circle(s, (255, 255, 255), (ex + 3, eye_y - 3), 2)
        if face.eye_open < 0.7:  # heavy lids
            pygame.draw.line(s, INK, (ex - 19, eye_y - h // 2), (ex + 19, eye_y - h // 2), 3)
        # brows: inner end raised (worried) or lowered (stern)
        by = eye_y - 30 - face.brow_lift
        inner = (ex - side * 16, by - int(face.brow_tilt * 10))
        outer = (ex + side * 20, by + int(face.brow_tilt * 6))
        pygame.draw.line(s, shade(person.hair, 0.8) if person.hair_style != "cap" else INK, inner, outer, 7)
    if person.glasses:
        for side in (-1, 1):
            pygame.draw.circle(s, INK, (cx + side * 40, eye_y), 27, 3)
        pygame.draw.line(s, INK, (cx - 13, eye_y), (cx + 13, eye_y), 3)
    # nose
    pygame.draw.arc(s, shade(person.skin, 0.7), (cx - 12, eye_y + 14, 24, 34), math.pi * 1.1, math.pi * 1.9, 3)
    # cheeks
    if face.cheeks:
        for side in (-1, 1):
            blush = pygame.Surface((44, 24), pygame.SRCALPHA)
            pygame.draw.ellipse(blush, (230, 120, 120, 90), blush.get_rect())
            s.blit(blush, (cx + side * 56 - 22, eye_y + 30))
    # mouth: a curve through three points, optionally open
    my = cy + 78
    half = 34
    bend = int(face.mouth * 16)  # screen y grows downwards: a smile has its middle lower than its corners
    pts = [(cx - half + i * 2, my + bend - int(bend * ((i * 2 - half) / half) ** 2)) for i in range(half + 1)]
    if face.mouth_open > 0:
        lower = [(x, y + int(18 * face.mouth_open * (1 - ((x - cx) / half) ** 2))) for x, y in pts]
        pygame.draw.polygon(s, (96, 36, 46), pts + lower[::-1])
    pygame.draw.lines(s, (96, 36, 46), False, pts, 6)
    return s


PEOPLE = {
    "mum": Person(skin=(224, 182, 150), hair=(92, 62, 44), top=(150, 120, 170), hair_style="bun"),
    "jo": Person(skin=(150, 104, 76), hair=(40, 30, 30), top=(214, 140, 60), hair_style="curls"),
    "driver": Person(skin=(200, 160, 130), hair=(60, 70, 100), top=(70, 90, 130), hair_style="cap"),
    "ms-okafor": Person(skin=(110, 72, 52), hair=(30, 24, 24), top=(60, 120, 110), hair_style="short",
                        glasses=True, scarf=(210, 180, 90)),
    # *Seen at 11:52* (the-feed)
    "priya": Person(skin=(176, 124, 92), hair=(28, 22, 26), top=(90, 150, 200), hair_style="bun"),
    "dad": Person(skin=(232, 196, 170), hair=(120, 96, 70), top=(110, 130, 90), hair_style="short", glasses=True),
    "mr-hale": Person(skin=(196, 150, 118), hair=(70, 60, 60), top=(150, 90, 80), hair_style="short",
                      scarf=(90, 110, 150)),
    # *The Saturday Shift* (hearing-voices)
    "theo": Person(skin=(120, 84, 62), hair=(26, 20, 20), top=(200, 96, 70), hair_style="curls"),
    "rosa": Person(skin=(214, 170, 132), hair=(64, 40, 34), top=(70, 70, 80), hair_style="bun",
                   scarf=(200, 150, 60)),
    "gran": Person(skin=(196, 140, 104), hair=(196, 196, 200), top=(120, 90, 140), hair_style="short",
                   glasses=True),
    "dee": Person(skin=(236, 200, 176), hair=(170, 70, 50), top=(70, 130, 150), hair_style="short"),
    "mrs-delaney": Person(skin=(240, 210, 190), hair=(220, 220, 226), top=(150, 170, 130), hair_style="bun",
                          glasses=True, scarf=(180, 90, 110)),
    # *Until It Feels Right* (just-right)
    "ana": Person(skin=(168, 116, 86), hair=(34, 26, 26), top=(44, 62, 110), hair_style="curls"),
    "kemi": Person(skin=(96, 62, 46), hair=(22, 18, 20), top=(226, 186, 70), hair_style="short"),
    "mr-doyle": Person(skin=(226, 190, 160), hair=(214, 220, 206), top=(90, 150, 110), hair_style="cap"),
    "callum": Person(skin=(240, 206, 184), hair=(190, 90, 50), top=(130, 90, 170), hair_style="short"),
    "ms-price": Person(skin=(222, 186, 160), hair=(170, 170, 176), top=(90, 140, 190), hair_style="bun",
                       glasses=True),
    # *The Morning Bus* (morning-bus): the school counsellor
    "mr-novak": Person(skin=(214, 172, 142), hair=(150, 148, 146), top=(120, 80, 110), hair_style="short"),
}
FACES = {
    "neutral": Face(brow_tilt=0.0, brow_lift=0, eye_open=1.0, mouth=0.1),
    "happy": Face(brow_tilt=0.2, brow_lift=4, eye_open=0.8, mouth=1.0, mouth_open=0.5, cheeks=True),
    "worried": Face(brow_tilt=1.2, brow_lift=6, eye_open=1.1, mouth=-0.6),
    "kind": Face(brow_tilt=0.4, brow_lift=2, eye_open=0.85, mouth=0.6, cheeks=True),
    "busy": Face(brow_tilt=-0.8, brow_lift=-2, eye_open=0.6, mouth=-0.1),
    "surprised": Face(brow_tilt=0.3, brow_lift=12, eye_open=1.3, mouth=0.0, mouth_open=0.9),
}
WHO_LOOKS_HOW = {
    "mum": ("neutral", "worried", "kind"),
    "jo": ("neutral", "happy", "worried", "surprised"),
    "driver": ("busy", "kind"),
    "ms-okafor": ("neutral", "kind", "worried"),
    "priya": ("neutral", "happy", "worried", "kind"),
    "dad": ("neutral", "worried", "kind"),
    "mr-hale": ("neutral", "kind"),
    # *The Saturday Shift* (hearing-voices)
    "theo": ("neutral", "happy", "worried", "kind"),
    "rosa": ("neutral", "busy", "kind"),
    "gran": ("neutral", "worried", "kind"),
    "dee": ("neutral", "kind"),
    "mrs-delaney": ("neutral", "happy"),
    # *Until It Feels Right* (just-right)
    "ana": ("neutral", "worried", "kind"),
    "kemi": ("neutral", "happy", "worried", "kind"),
    "mr-doyle": ("busy", "kind"),
    "callum": ("happy", "surprised"),
    "ms-price": ("neutral", "kind"),
    # *The Morning Bus* (morning-bus)
    "mr-novak": ("neutral", "kind"),
}


def main() -> int:
    pygame.display.init()
    OUT.mkdir(parents=True, exist_ok=True)
    for who, faces in WHO_LOOKS_HOW.items():
        for face in faces:
            target = OUT / f"{who}-{face}.png"
            pygame.image.save(draw(PEOPLE[who], FACES[face]), str(target))
            print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
