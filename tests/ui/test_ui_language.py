"""The window in the player's language: the Language setting, the game's own words, and stories translated when
they are opened, with the picker saying when a translation has not been reviewed by a native reader."""
from __future__ import annotations

import pygame

from game import i18n
from game.content import load_narrative
from game.ui.settings import Settings, load_settings
from tests.ui.ui_helpers import focus_and_enter, make_app, press


def _labels(app) -> list[str]:
    return [item.label for item in app.top.menu.items]


def test_choosing_spanish_in_settings_changes_the_words_and_is_kept():
    app = make_app()
    focus_and_enter(app, "settings")
    menu = app.top.menu
    assert _labels(app)[menu.find("language")] == "Language: English"
    while app.top.menu.focus != menu.find("language"):
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)
    assert app.ctx.settings.language == "es" and load_settings().language == "es"
    language = app.top.menu.items[app.top.menu.find("language")]
    assert language.label == "Idioma: Español"
    assert language.detail == "Traducción todavía sin revisar por una persona nativa"
    assert "Volver" in _labels(app) and "Pantalla completa: no" in _labels(app)
    focus_and_enter(app, "back")
    assert "Elegir una historia" in _labels(app)


def test_a_story_without_that_translation_is_shown_as_written_and_says_so(monkeypatch):
    from game.content import translation
    monkeypatch.setattr(translation, "find_compiled", lambda folder, locale: None)
    app = make_app(Settings(language="es"))
    focus_and_enter(app, "choose")
    picker = app.top
    while picker.menu.focus != picker.menu.find("morning-bus"):  # the picker lists stories by id: focus this one
        press(app, pygame.K_DOWN)
    story = picker.narratives[picker.menu.find("morning-bus")]
    assert story.title == "The Morning Bus"
    assert ("small", "Esta historia todavía no está traducida a este idioma: se muestra en su idioma original.") \
        in picker.paragraphs()


def test_a_damaged_language_setting_falls_back_to_english():
    assert Settings(language="../../etc").replace().language == "en"
def test_a_story_opened_in_spanish_is_the_translation_and_says_it_is_unreviewed():
    app = make_app(Settings(language="es"))
    assert i18n.language() == "es"
    focus_and_enter(app, "choose")
    picker = app.top
    while picker.menu.focus != picker.menu.find("morning-bus"):  # the picker lists stories by id: focus this one
        press(app, pygame.K_DOWN)
    story = picker.narratives[picker.menu.find("morning-bus")]
    assert story.extra["locale"] == "es" and story.title != load_narrative("morning-bus").narrative.title
    picker.menu.focus = picker.menu.find("morning-bus")  # the picker lists every bundled story; look at this one
    assert ("small", "Traducción todavía sin revisar por una persona nativa.") in picker.paragraphs()


