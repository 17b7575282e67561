"""*Until It Feels Right* (just-right) in the window at 200% text, both fonts: every line, choice (the locked ones
with their reasons), stat, caption and the corridor map's Places list fits its box on a walk through the story to each of its three endings, and
the ending is the one the choices lead to."""
import pygame
import pytest

from game.ui.settings import Settings
from tests.ui.test_ui_text_fits import _check_pairs, _check_story
from tests.ui.ui_helpers import go_to_story, make_app, press

# choice ids to prefer at each menu, per ending; otherwise the first open choice
ROUTES = {
    "a-name-for-it": {"click-again", "click-more", "tell-true", "to-nurse", "phone-mum", "bake", "ask-sure",
                      "leaflet"},
    "kemi-knows": {"click-again", "ask-hob", "go-back", "reply-lie", "say-nothing", "say-maybe", "to-maths",
                   "answer-kemi"},
    "told-mum": {"call-mum", "bye-three", "photo-hob", "look-photo", "say-family", "to-maths", "bed-early",
                 "check-hob-night", "tell-mum"},
}


@pytest.mark.parametrize("dyslexic", [False, True])
@pytest.mark.parametrize("ending", sorted(ROUTES))
def test_story_fits_at_200_percent_on_the_way_to_each_ending(ending, dyslexic):
    app = make_app(settings=Settings(text_scale=2.0, dyslexic_font=dyslexic))
    go_to_story(app, "just-right")
    locked_reasons = 0
    maps = 0
    for step in range(400):
        story = app.top
        if story.name == "map":  # the corridor to the field: its Places list fits too; then take the doors out
            story.draw(app.ctx.canvas)
            _check_pairs(story.text_rects, f"{ending} step {step} map")
            maps += 1
            names = [o.choice_id for o in story.menu.options]
            press(app, pygame.K_1 + names.index("field"))
            continue
        if story.name != "story":
            break
        if story.mode == "pause":
            app.ctx.now.t += 5
            app.tick()
            continue
        _check_story(app, f"{ending} step {step}")
        if story.mode in ("line", "pause"):
            press(app, pygame.K_RETURN)
            continue
        options = story.choices.options
        locked_reasons += sum(1 for o in options if not o.available and o.locked_reason)
        avail = [i for i, o in enumerate(options) if o.available]
        pick = next((i for i in avail if options[i].choice_id in ROUTES[ending]), avail[0])
        press(app, pygame.K_1 + pick)
    assert app.top.name == "ending"
    assert app.top.session.ending.ending_id == ending
    assert maps >= 1  # the walkable corridor was on the way
    assert locked_reasons >= 3  # "You can't leave until it feels right", and others, shown on the way
