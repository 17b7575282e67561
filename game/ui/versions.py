"""The versions of pygame-ce and SDL in use (for `vantage --version` and bug reports); the only pygame import it needs."""
from __future__ import annotations

import os


def pygame_versions() -> dict[str, str]:
    """{"pygame-ce": ..., "SDL": ...}; "not installed" or the import error in words when pygame-ce cannot load."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except Exception as exc:  # a broken or missing install is exactly what a bug report should show
        return {"pygame-ce": f"cannot be loaded ({type(exc).__name__}: {exc})", "SDL": "unknown"}
    sdl = ".".join(str(n) for n in pygame.get_sdl_version())
    return {"pygame-ce": str(pygame.version.ver), "SDL": sdl}
