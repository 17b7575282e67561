"""Pictures checked before anything decodes them: a byte cap, and the dimensions the file's own header declares
(PNG IHDR, JPEG SOF), so a small file that claims 30000 x 30000 pixels never reaches the decoder (it would need 3.6 GB).

Pure Python and no pygame: `vantage check` (V026) and the window (game/ui/backdrops.py) apply the same rule, so a
picture that passes check is one the window shows.
"""
from __future__ import annotations

import struct
from pathlib import Path

from game.files import read_capped

MAX_PICTURE_BYTES = 16 * 1024 * 1024
MAX_SIDE = 4096  # 4096 x 4096 decodes to 64 MB; a 1280 x 720 window at 200 % needs 2560 x 1440
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, ...): they carry the height and width
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class BadPicture(Exception):
    """Why a picture file will not be decoded, in words for a writer (the path is added by the caller)."""


def declared_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG or JPEG header; BadPicture for anything else or a broken header."""
    if data.startswith(_PNG_MAGIC):
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise BadPicture("the PNG header is broken")
        return struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 <= len(data):
            if data[i] != 0xFF:
                raise BadPicture("the JPEG header is broken")
            marker = data[i + 1]
            if marker == 0xFF:  # fill byte
                i += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
                i += 2
                continue
            (length,) = struct.unpack(">H", data[i + 2:i + 4])
            if marker in _SOF:
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                return width, height
            if length < 2:
                raise BadPicture("the JPEG header is broken")
            i += 2 + length
        raise BadPicture("the JPEG header gives no size")
    raise BadPicture("it is not a PNG or JPEG picture")


def check_picture(path: Path | str) -> bytes:
    """The bytes of a picture that may be decoded; BadPicture (size, dimensions, format) or OSError otherwise."""
    from game.files import TooLarge

    try:
        data = read_capped(path, MAX_PICTURE_BYTES)
    except TooLarge:
        raise BadPicture(f"the file is larger than {MAX_PICTURE_BYTES // 1048576} MB") from None
    width, height = declared_size(data)
    if width == 0 or height == 0:
        raise BadPicture("its header says it has no pixels")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise BadPicture(f"its header says {width} x {height} pixels; pictures may be at most {MAX_SIDE} x "
                         f"{MAX_SIDE}")
    return data
