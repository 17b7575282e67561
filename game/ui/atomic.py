"""Crash-safe file writes for the player (settings, autosaves): the engine's shared helper, game.files."""
from game.files import write_atomic

__all__ = ["write_atomic"]
