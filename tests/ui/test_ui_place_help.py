"""The window's debrief shows the help lines of the class's country after the story's own help."""
from __future__ import annotations

import pygame

from tests.ui.ui_helpers import advance_lines, focus_and_enter, go_to_story, make_app, press


def _debrief(country, scale=1.0):
    from game.ui.settings import Settings
    app = make_app(help_country=country, settings=Settings(text_scale=scale))
    go_to_story(app)
    advance_lines(app)
    press(app, pygame.K_ESCAPE)
    focus_and_enter(app, "leave")
    assert app.top.name == "debrief"
    return app


def _debrief_text(country):
    app = _debrief(country)
    return " ".join(t for _, t in app.top.paragraphs()), app.top.essentials()


def test_window_debrief_shows_country_help_after_story_help():
    text, _ = _debrief_text("CA")
    assert text.index("Your doctor (GP)") < text.index("Kids Help Phone")  # the story's own help comes first
    assert "686868" in text


def test_country_help_is_on_the_first_page_at_normal_size():
    app = _debrief("AU")
    app.tick()
    assert app.top.page == 0
    assert any("13 11 14" in line for line in app.top.drawn)


def test_country_help_is_shown_before_the_way_out_wakes_at_200_percent():
    app = _debrief("GB", scale=2.0)
    seen = []
    for _ in range(20):
        app.tick()
        seen += app.top.drawn
        if app.top.read_to_end:
            break
        press(app, pygame.K_PAGEDOWN)
    assert app.top.read_to_end
    assert any("116 123" in line for line in seen) and any("85258" in line for line in seen)


def test_window_debrief_unknown_country_shows_international_help():
    text, _ = _debrief_text("FR")
    assert "findahelpline.com" in text


def test_window_debrief_shows_myth_fact_cards_with_their_source():
    from game.content import load_narrative
    from game.ui.screens.closing import DebriefScreen
    from game.ui.flow import PlaySession
    app = make_app()
    feed = load_narrative("the-feed").narrative
    session = PlaySession(feed)
    session.story = object()  # the student met the story: prompts and cards are shown
    screen = DebriefScreen(app.ctx, session)
    paragraphs = screen.paragraphs()
    text = " ".join(t for _, t in paragraphs)
    assert "Myth: Depression is just being fed up" in text
    assert ("small", next(t for _, t in paragraphs if t.startswith("Source: NHS Devon"))) in paragraphs


def test_picker_shows_who_the_story_is_about():
    app = make_app()
    from game.content.load import bundled_narratives
    from game.ui.screens.title import PickerScreen
    screen = PickerScreen(app.ctx, bundled_narratives())
    while screen.focused() is not None and screen.focused().id != "the-feed":
        screen.menu.focus += 1
    text = " ".join(t for _, t in screen.paragraphs())
    assert "Maya, 15, who lives with depression" in text and "Draft: not yet reviewed" in text
