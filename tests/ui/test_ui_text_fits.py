"""At 200% text (both fonts) every line drawn lies wholly inside its box and the canvas: nothing is clipped."""
import pygame
import pytest

from game.story.events import ChoiceOption, ChoicesOffered, Line, SceneEntered
from game.ui.settings import Settings
from tests.ui.ui_helpers import focus_and_enter, go_to_story, make_app, press

CANVAS = pygame.Rect(0, 0, 1280, 720)


def _check_pairs(pairs, what):
    assert pairs, f"nothing drawn on {what}"
    for r, box in pairs:
        assert box.contains(r), f"{what}: text {r} leaves its box {box}"
        assert CANVAS.contains(r), f"{what}: text {r} leaves the screen"


def _check_story(app, where):
    story = app.top
    if story.mode == "line":
        story.textbox.finish()  # check the whole page, as it is once revealed
    story.draw(app.ctx.canvas)
    regions = story.layout_regions()
    _check_pairs(story.stats.text_rects, f"{where} stats")
    assert not regions["stats"].colliderect(regions["history"])
    assert not regions["history"].colliderect(regions["pause"])
    if story.mode == "line":
        _check_pairs([(r, story.textbox.box) for r in story.textbox.text_rects], f"{where} line")
        assert story.textbox.box.top >= regions["content"].top - 10  # below the stats and buttons
    elif story.mode == "choices":
        _check_pairs(story.choices.text_rects, f"{where} choices")
        for r in story.choices.menu.rows:
            if r.h:
                assert story.choice_rect.inflate(20, 20).contains(r)
                assert r.top >= regions["content"].top - 10


@pytest.mark.parametrize("dyslexic", [False, True])
def test_story_text_fits_at_200_percent(dyslexic):
    app = make_app(settings=Settings(text_scale=2.0, dyslexic_font=dyslexic))
    go_to_story(app)
    maps = 0
    for step in range(200):
        story = app.top
        if story.name == "map":  # the corridor map: its title, hint, captions and Places list fit too
            story.draw(app.ctx.canvas)
            _check_pairs(story.text_rects, f"step {step} map")
            maps += 1
            avail = [i for i, o in enumerate(story.menu.options) if o.available]
            press(app, pygame.K_1 + avail[-1])
            continue
        if story.name != "story":
            break
        if story.mode == "pause":  # a silence the writer asked for: the (fake) clock moves on
            app.ctx.now.t += 5
            app.tick()
            continue
        _check_story(app, f"step {step}")
        if story.mode in ("line", "pause"):
            press(app, pygame.K_RETURN)
        else:
            avail = [i for i, o in enumerate(story.choices.options) if o.available]
            ids = [story.choices.options[i].choice_id for i in avail]
            # the headphones lead to the corridor map; elsewhere vary the path
            pick = avail[ids.index("headphones")] if "headphones" in ids else avail[step % len(avail)]
            press(app, pygame.K_1 + pick)
    assert app.top.name == "ending"


@pytest.mark.parametrize("dyslexic", [False, True])
def test_the_map_screen_fits_at_200_percent(dyslexic):
    """The corridor map of morning-bus: its title, hint, captions and Places list (every place focused in turn,
    so the list scrolls) lie inside their boxes at 200% text."""
    from game.content import load_narrative
    n = load_narrative("morning-bus").narrative
    app = make_app(settings=Settings(text_scale=2.0, dyslexic_font=dyslexic), start_at="hallway",
                   catalogue=lambda: [n])
    go_to_story(app, "morning-bus")
    while app.top.name == "story" and app.top.mode == "line":
        press(app, pygame.K_RETURN)
    m = app.top
    assert m.name == "map"
    for i in range(len(m.menu.options) + 1):
        m.draw(app.ctx.canvas)
        _check_pairs(m.text_rects, f"map, focus {m.focus}")
        press(app, pygame.K_TAB)


def test_very_long_line_and_many_long_choices_still_fit_at_200_percent():
    from tests.ui.fakes import FakeNarrative, FakeStory
    n = FakeNarrative()
    app = make_app(settings=Settings(text_scale=2.0, dyslexic_font=True), catalogue=lambda: [n],
                   new_story=FakeStory, load_story=FakeStory.load)
    go_to_story(app, n.id)
    story = app.top
    long_text = " ".join(["Everyone on the bus seems to be looking at the same spot on the floor as you."] * 6)
    opts = tuple(ChoiceOption(f"c{i}", f"s{i}", "Say something quietly to the person next to you about the "
                              "weather, the late bus, anything at all", i, i != 2,
                              None if i != 2 else "Your throat is too tight to speak; the words will not come out")
                 for i in range(1, 7))
    story.queue.clear()
    story.queue.extend([SceneEntered("x", "X", None, "calm"), Line("l", long_text, "s", "A very long speaker name"),
                        ChoicesOffered("x.menu", opts)])
    story.mode = "busy"
    story.process()
    pages = 0
    while story.mode == "line":
        _check_story(app, "long line")
        pages += 1
        press(app, pygame.K_RETURN)
    assert pages >= 2  # the line was split into pages rather than clipped
    assert story.mode == "choices"
    seen = set()
    for _ in range(len(opts) + 1):  # from no focus to the last option
        _check_story(app, "long choices")
        seen |= {i for i, r in enumerate(story.choices.menu.rows) if r.h}
        press(app, pygame.K_DOWN)
    assert seen == set(range(len(opts)))  # every option can be brought into view with the keyboard


@pytest.mark.parametrize("language", ["en", "es"])  # Spanish takes about a fifth more room than English
@pytest.mark.parametrize("screen", ["title", "picker", "notes", "settings", "debrief", "history", "pause", "break",
                                    "ending"])
def test_menu_screens_fit_at_200_percent(screen, language):
    app = make_app(settings=Settings(text_scale=2.0, dyslexic_font=True, language=language))
    if screen == "picker":
        focus_and_enter(app, "choose")
    elif screen == "notes":
        focus_and_enter(app, "choose")
        focus_and_enter(app, "morning-bus")
    elif screen == "settings":
        focus_and_enter(app, "settings")
    elif screen == "ending":
        from tests.ui.ui_helpers import play_to_end
        go_to_story(app)
        play_to_end(app)
    elif screen in ("debrief", "history", "pause", "break"):
        go_to_story(app)
        press(app, pygame.K_RETURN, 6)
        press(app, pygame.K_ESCAPE)
        if screen != "pause":
            focus_and_enter(app, {"debrief": "leave", "history": "history", "break": "break"}[screen])
    assert app.top.name == screen
    top = app.top
    for _ in range(12):  # scroll through everything: every position must fit
        top.draw(app.ctx.canvas)
        _check_pairs(top.text_rects, screen)
        if screen == "pause":  # every item of the pause menu is on screen, without scrolling
            assert all(top.menu.visible(i) for i in range(len(top.menu.items)))
        if screen == "break":
            break
        for r, box in top.text_rects:
            if box is top.body_rect:
                assert not top.menu.area.colliderect(r), f"{screen}: body text under the menu"
        press(app, pygame.K_PAGEDOWN)
        if screen == "settings":
            press(app, pygame.K_DOWN)
