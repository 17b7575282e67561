"""Neutral defaults: nothing is chosen for the student, and nothing moves on that they have not seen."""
from __future__ import annotations

import pygame

from game.ui.settings import Settings
from game.ui.widgets import NO_FOCUS
from tests.ui.screen_tour import recording_app
from tests.ui.ui_helpers import RecordingSpeaker, focus_and_enter, make_app, press


def _to(app, *keys):
    for k in keys:
        focus_and_enter(app, k)


def test_consent_opens_with_nothing_highlighted_and_enter_records_nothing(tmp_path):
    app = recording_app(tmp_path, Settings(), participant=False)
    _to(app, "choose", "morning-bus", "continue")
    consent = app.top
    assert consent.name == "consent" and consent.menu.focus == NO_FOCUS
    press(app, pygame.K_RETURN, times=3)
    assert app.top is consent, "Enter with nothing highlighted agrees to nothing"
    assert not any(tmp_path.iterdir()), "nothing written"
    app.telemetry.close()


def test_consent_yes_wakes_only_on_the_last_page(tmp_path):
    app = recording_app(tmp_path, Settings(text_scale=2.0, dyslexic_font=True), participant=False)
    _to(app, "choose", "morning-bus", "continue")
    consent = app.top
    consent.draw(app.ctx.canvas)
    assert len(consent.pages) > 1, "at 200% the consent is longer than a screen"
    yes = consent.menu.find("consent-yes")
    press(app, pygame.K_1)  # the number key of "yes"
    assert app.top is consent and not consent.menu.items[yes].enabled
    while not consent.read_to_end:
        press(app, pygame.K_PAGEDOWN)
    assert consent.menu.items[consent.menu.find("consent-yes")].enabled
    focus_and_enter(app, "consent-yes")
    assert app.top.name == "questionnaire"
    app.telemetry.close()


def test_content_notes_continue_waits_for_the_last_page_and_is_not_highlighted():
    app = make_app(settings=Settings(text_scale=2.0, dyslexic_font=True))
    _to(app, "choose", "morning-bus")
    notes = app.top
    notes.draw(app.ctx.canvas)
    assert len(notes.pages) > 1
    cont = notes.menu.find("continue")
    assert notes.menu.focus != cont and not notes.menu.items[cont].enabled
    press(app, pygame.K_1)
    assert app.top is notes
    # a mouse-only student: a click on the text turns the page
    from tests.ui.ui_helpers import click
    while not notes.read_to_end:
        click(app, notes.body_rect.center)
    assert notes.menu.items[notes.menu.find("continue")].enabled


def test_text_size_stops_at_200_on_right_and_says_so_when_enter_goes_round():
    speaker = RecordingSpeaker()
    app = make_app(settings=Settings(text_scale=2.0, tts=True), speaker=speaker)
    focus_and_enter(app, "settings")
    menu = app.top.menu
    while app.top.menu.focus != menu.find("text_scale"):
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)
    assert app.ctx.settings.text_scale == 2.0, "Right at the largest size stays there"
    assert "largest" in speaker.said[-1].lower()
    item = app.top.menu.items[app.top.menu.find("text_scale")]
    assert "Enter goes back to 100%" in (item.detail or ""), "the screen says where Enter leads"
    press(app, pygame.K_RETURN)
    assert app.ctx.settings.text_scale == 1.0
    assert any("back to the smallest" in s.lower() for s in speaker.said[-2:])
