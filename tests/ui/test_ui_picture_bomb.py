"""A picture whose header claims 30000 x 30000 pixels (a real, valid PNG of 0.9 MB that decodes to 900 MB) is refused
from its header before pygame decodes it: the window shows the mood's backdrop, in bounded memory."""
from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """\
import json, os, resource, sys
os.environ["SDL_VIDEODRIVER"] = "dummy"
sys.path.insert(0, {root!r})
from pathlib import Path
import pygame
from game import paths
paths.ASSETS_DIR = Path({assets!r})
from game.ui.backdrops import Backdrops
from game.ui.display import Display
from game.ui.theme import NORMAL
Display(size=(1280, 720))
b = Backdrops()
got = pygame.image.tobytes(b.scene("bomb.png", "calm", "home", NORMAL), "RGB")
mood = pygame.image.tobytes(b.scene(None, "calm", "home", NORMAL), "RGB")
with open("/proc/self/status") as fh:
    peak = next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:"))
print(json.dumps({{"fell_back": got == mood, "peak_kb": peak}}))
"""


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(path: Path, side: int = 30000) -> None:
    """A valid 8-bit greyscale PNG of side x side black pixels, compressed row by row."""
    comp = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte + pixels
    parts = [comp.compress(row) for _ in range(side)]
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(parts))
                     + _chunk(b"IEND", b""))


def test_a_png_bomb_falls_back_to_the_backdrop_without_decoding(tmp_path):
    png_bomb(tmp_path / "bomb.png")
    assert (tmp_path / "bomb.png").stat().st_size < 2 << 20
    proc = subprocess.run([sys.executable, "-c", CHILD.format(root=str(ROOT), assets=str(tmp_path))],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["fell_back"]
    assert result["peak_kb"] < 300 * 1024, f"{result['peak_kb'] / 1024:.0f} MB"
    assert "its header says 30000 x 30000 pixels" in proc.stderr  # the logged warning names the reason
