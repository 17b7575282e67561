"""The windowed player (pygame-ce): screens, widgets, perception effects, theme, settings, autosave and text-to-speech.

This package is the only place pygame is imported. It presents the story runner's events and sends back choice ids;
it holds no story rules of its own. Entry point: `game.ui.app.run_window`; screens receive a `game.ui.context.ScreenContext`.
"""

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # keep the terminal for messages meant for the player
