"""Keeping a long-running player's memory flat (a kiosk runs all day).

Two things made the resident size climb during autoplay: screens that reference each other (a pause menu and its
story, menu items calling back their screen) are freed only by the cyclic garbage collector, which runs its full
pass rarely, so each play's canvas-sized surfaces waited for it; and glibc raises its mmap threshold after freeing
a large block, so later canvas-sized buffers came from the heap, which fragments and is not given back. The
player collects once when a play ends (a moment nobody notices) and fixes the threshold at start-up.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import sys

log = logging.getLogger(__name__)
M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
MMAP_THRESHOLD = 128 * 1024  # glibc's own default; setting it explicitly stops it from growing


def fix_allocator() -> bool:
    """On Linux with glibc: large buffers always mapped (returned to the system when freed). False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError) as exc:  # not glibc (musl has no mallopt): nothing to fix
        log.debug("mallopt unavailable: %s", exc)
        return False


def release_after_play() -> None:
    """Free what the play that just ended left in reference cycles."""
    gc.collect()
