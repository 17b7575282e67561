"""The window's debrief shows the help lines of the class's country after the story's own help."""
from __future__ import annotations

import pygame

from tests.ui.ui_helpers import advance_lines, focus_and_enter, go_to_story, make_app, press


def _debrief_text(country):
    app = make_app(help_country=country)
    go_to_story(app)
    advance_lines(app)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    assert app.top.name == "debrief"
    return " ".join(t for _, t in app.top.paragraphs()), app.top.essentials()


def test_window_debrief_shows_country_help_after_story_help():
    text, essentials = _debrief_text("CA")
    assert text.index("Childline") < text.index("Kids Help Phone")  # the story's own help comes first
    assert "686868" in text
    assert any("686868" in line for line in essentials)  # help lines are never pushed to a later page


def test_window_debrief_unknown_country_shows_international_help():
    text, _ = _debrief_text("FR")
    assert "findahelpline.com" in text
