"""Draw the bundled scene backdrops (assets/backgrounds/*.png): flat, muted, low-contrast shapes of a bedroom,
a full bus and a school corridor, so text panels stay readable on top. Our own work, CC0 (see assets/CREDITS.md).

Run: python tools/draw_backdrops.py   (rewrites the PNGs; deterministic)
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from game import paths  # noqa: E402
from game.ui.backdrops import gradient  # noqa: E402

W, H = 1280, 720
OUT = paths.ASSETS_DIR / "backgrounds"


def shade(c: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(v * k))) for v in c)  # type: ignore[return-value]


def home() -> pygame.Surface:
    s = gradient((W, H), (92, 104, 124), (52, 58, 74), seed=1, shapes=False)
    wall = (78, 88, 108)
    s.fill(wall, (0, 0, W, 500))
    s.fill((58, 52, 60), (0, 500, W, 220))  # floor
    # a window with early light
    win = pygame.Rect(760, 90, 330, 260)
    s.blit(gradient(win.size, (168, 176, 190), (120, 132, 156), shapes=False), win.topleft)
    pygame.draw.rect(s, shade(wall, 0.7), win, 14)
    pygame.draw.line(s, shade(wall, 0.7), (win.centerx, win.y), (win.centerx, win.bottom), 10)
    pygame.draw.line(s, shade(wall, 0.7), (win.x, win.centery), (win.right, win.centery), 10)
    # bed and pillow, desk
    pygame.draw.rect(s, (70, 78, 110), (80, 380, 560, 170), border_radius=18)
    pygame.draw.rect(s, (150, 150, 168), (100, 350, 170, 70), border_radius=24)
    pygame.draw.rect(s, (96, 80, 72), (860, 420, 300, 24))
    pygame.draw.rect(s, (96, 80, 72), (880, 444, 20, 130))
    pygame.draw.rect(s, (96, 80, 72), (1120, 444, 20, 130))
    return s


def bus() -> pygame.Surface:
    s = gradient((W, H), (88, 92, 104), (44, 46, 56), seed=2, shapes=False)
    # windows along the side, a blurred street beyond
    for x in range(40, W, 300):
        r = pygame.Rect(x, 80, 260, 200)
        s.blit(gradient(r.size, (150, 158, 170), (104, 112, 126), shapes=False), r.topleft)
        pygame.draw.rect(s, (60, 62, 72), r, 10, border_radius=12)
    s.fill((66, 68, 80), (0, 300, W, 30))  # rail
    # rows of seats
    for x in range(60, W, 300):
        pygame.draw.rect(s, (72, 86, 120), (x, 360, 200, 150), border_radius=16)
        pygame.draw.rect(s, (60, 72, 104), (x, 490, 200, 60), border_radius=10)
    # the bus is full: seated passengers as simple muted shapes (heads and shoulders, no faces)
    skins = [(150, 122, 104), (112, 86, 72), (176, 146, 124), (92, 70, 60), (160, 132, 112)]
    coats = [(84, 70, 78), (70, 84, 80), (96, 92, 84), (64, 70, 92), (100, 80, 70), (78, 78, 90)]
    for i, x in enumerate(range(60, W, 300)):
        for j, dx in enumerate((48, 152)):
            k = i * 2 + j
            cx = x + dx
            pygame.draw.rect(s, coats[k % len(coats)], (cx - 42, 330, 84, 130), border_radius=30)
            pygame.draw.circle(s, skins[k % len(skins)], (cx, 300), 30)
            pygame.draw.circle(s, shade(skins[(k + 2) % len(skins)], 0.55), (cx, 288), 30, draw_top_left=True,
                               draw_top_right=True)  # hair
    for x in range(200, W, 300):  # grab poles
        pygame.draw.rect(s, (170, 150, 90), (x, 0, 10, 720))
    s.fill((50, 50, 58), (0, 600, W, 120))  # floor
    # standing passengers in the aisle, in front, holding the poles
    for i, x in enumerate(range(200, W, 300)):
        if i % 2:
            continue
        cx = x + 52
        pygame.draw.rect(s, shade(coats[(i + 3) % len(coats)], 0.9), (cx - 50, 330, 100, 330), border_radius=36)
        pygame.draw.circle(s, skins[(i + 1) % len(skins)], (cx, 280), 36)
        pygame.draw.circle(s, shade(skins[(i + 4) % len(skins)], 0.5), (cx, 266), 36, draw_top_left=True,
                           draw_top_right=True)
        pygame.draw.rect(s, shade(coats[(i + 3) % len(coats)], 0.75), (x + 4, 300, 40, 22), border_radius=10)  # arm
    return s


def school() -> pygame.Surface:
    s = gradient((W, H), (110, 116, 120), (64, 68, 74), seed=3, shapes=False)
    s.fill((84, 92, 96), (0, 470, W, 250))  # floor
    # lockers in muted blues, doors of a classroom
    for x in range(0, 760, 76):
        pygame.draw.rect(s, (70, 96, 120), (x + 4, 170, 68, 300))
        pygame.draw.rect(s, (56, 78, 100), (x + 4, 170, 68, 300), 3)
        pygame.draw.rect(s, (150, 160, 170), (x + 56, 300, 6, 26))
    door = pygame.Rect(880, 150, 220, 320)
    pygame.draw.rect(s, (120, 96, 76), door)
    pygame.draw.rect(s, (170, 180, 190), (door.x + 40, door.y + 40, 140, 90))
    pygame.draw.rect(s, (90, 72, 58), door, 8)
    s.fill((150, 154, 158), (0, 0, W, 40))  # ceiling lights
    for x in range(100, W, 300):
        pygame.draw.rect(s, (210, 212, 200), (x, 8, 160, 18), border_radius=6)
    return s


# *The Saturday Shift* (hearing-voices)
def cafe() -> pygame.Surface:
    """A small café seen from behind the counter: warm walls, a chalkboard menu, shelves of cups, a window."""
    s = gradient((W, H), (132, 108, 96), (76, 62, 58), seed=4, shapes=False)
    s.fill((128, 104, 92), (0, 0, W, 470))  # wall
    s.fill((96, 72, 58), (0, 470, W, 250))  # counter front
    s.fill((150, 118, 92), (0, 450, W, 28))  # worktop
    board = pygame.Rect(90, 80, 360, 240)  # the chalkboard menu, lines of chalk without words
    pygame.draw.rect(s, (52, 58, 56), board, border_radius=8)
    pygame.draw.rect(s, (110, 86, 66), board, 10, border_radius=8)
    for i, w in enumerate((220, 170, 250, 140, 200)):
        pygame.draw.line(s, (170, 176, 170), (board.x + 40, board.y + 50 + i * 36), (board.x + 40 + w, board.y + 50 + i * 36), 4)
    for y in (150, 250):  # shelves of cups
        pygame.draw.rect(s, (104, 80, 62), (540, y, 300, 12))
        for x in range(556, 830, 46):
            pygame.draw.rect(s, (226, 220, 206), (x, y - 30, 30, 30), border_radius=5)
    win = pygame.Rect(920, 70, 300, 300)
    s.blit(gradient(win.size, (190, 198, 196), (150, 164, 170), shapes=False), win.topleft)
    pygame.draw.rect(s, (100, 82, 72), win, 14)
    pygame.draw.line(s, (100, 82, 72), (win.centerx, win.y), (win.centerx, win.bottom), 10)
    pygame.draw.rect(s, (172, 176, 182), (600, 330, 200, 120), border_radius=12)  # the coffee machine
    pygame.draw.rect(s, (120, 124, 132), (600, 330, 200, 120), 4, border_radius=12)
    for x in (640, 730):
        pygame.draw.rect(s, (60, 60, 66), (x, 400, 30, 24))
    return s


# *Until It Feels Right* (just-right): the food room and the school nurse's room
def foodroom() -> pygame.Surface:
    s = gradient((W, H), (120, 124, 116), (70, 74, 70), seed=4, shapes=False)
    s.fill((150, 150, 140), (0, 0, W, 300))  # tiled wall
    for x in range(0, W, 64):
        pygame.draw.line(s, (136, 136, 128), (x, 0), (x, 300), 2)
    for y in range(0, 300, 64):
        pygame.draw.line(s, (136, 136, 128), (0, y), (W, y), 2)
    # worktops with sinks and hobs, cupboards under
    s.fill((96, 110, 104), (0, 300, W, 40))
    s.fill((82, 88, 96), (0, 340, W, 200))
    for x in range(20, W, 214):
        pygame.draw.rect(s, (70, 76, 84), (x, 360, 190, 160), 4, border_radius=6)
    for x in (120, 760):  # sinks with taps
        pygame.draw.rect(s, (170, 176, 180), (x, 304, 200, 30), border_radius=8)
        pygame.draw.rect(s, (150, 156, 160), (x + 90, 260, 14, 44), border_radius=4)
    for x in (440, 1040):  # hobs: four rings each
        for dx in (0, 44, 88, 132):
            pygame.draw.circle(s, (60, 60, 66), (x + dx, 318), 16, 4)
    s.fill((58, 62, 64), (0, 540, W, 180))  # floor
    return s


def nurse() -> pygame.Surface:
    s = gradient((W, H), (128, 140, 150), (80, 90, 100), seed=5, shapes=False)
    s.fill((136, 148, 158), (0, 0, W, 480))
    s.fill((92, 100, 110), (0, 480, W, 240))  # floor
    # a noticeboard with leaflets, a window, two low chairs, a plant
    board = pygame.Rect(120, 110, 380, 230)
    pygame.draw.rect(s, (150, 120, 90), board, border_radius=6)
    for i, (x, y) in enumerate(((150, 130), (260, 140), (370, 126), (170, 240), (300, 236), (400, 244))):
        pygame.draw.rect(s, ((200, 190, 150), (160, 190, 200), (200, 170, 180))[i % 3], (x, y, 80, 86))
    win = pygame.Rect(800, 90, 320, 240)
    s.blit(gradient(win.size, (176, 190, 200), (136, 156, 176), shapes=False), win.topleft)
    pygame.draw.rect(s, (104, 114, 124), win, 12)
    for x in (560, 760):
        pygame.draw.rect(s, (90, 120, 130), (x, 400, 150, 110), border_radius=20)
        pygame.draw.rect(s, (80, 108, 118), (x, 350, 150, 70), border_radius=20)
    pygame.draw.rect(s, (140, 100, 80), (1150, 430, 60, 70), border_radius=6)
    for dx in (-30, 0, 30):
        pygame.draw.ellipse(s, (90, 130, 90), (1160 + dx, 350, 40, 90))
    return s


def main() -> int:
    pygame.display.init()
    pygame.display.set_mode((1, 1), pygame.HIDDEN) if os.environ.get("SDL_VIDEODRIVER") != "dummy" else None
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in (("home", home), ("bus", bus), ("school", school), ("cafe", cafe),
                       ("foodroom", foodroom), ("nurse", nurse)):
        pygame.image.save(draw(), str(OUT / f"{name}.png"))
        print(f"wrote {OUT / f'{name}.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
