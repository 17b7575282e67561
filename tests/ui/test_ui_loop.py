"""The loop redraws only on change; steady frames create no fonts and render no text."""
import pygame

from tests.ui.ui_helpers import advance_lines, go_to_story, make_app, press


def test_waiting_for_input_does_not_redraw():
    app = make_app()
    go_to_story(app)
    advance_lines(app)  # a menu: nothing moves unless an effect does
    story = app.top
    story.effects.clear()
    app.ctx.now.t += 10  # the scene's title card and sound captions have gone (each takes one redraw to go)
    app.tick()
    draws = app.draws
    for _ in range(20):
        app.ctx.now.t += 0.5
        app.pump()
    assert app.draws == draws
    assert app.loop._wait_ms() > 0  # and the loop would sleep in event.wait
    press(app, pygame.K_DOWN)
    assert app.draws == draws + 1  # one key, one redraw


def test_animated_frames_render_no_new_text_or_fonts():
    app = make_app()
    go_to_story(app)
    advance_lines(app)
    story = app.top
    story.effects.add("shake", 1.0, None, "Your hands shake.", app.ctx.now())
    story.effects.add("heartbeat", 1.0, None, "Your heart pounds.", app.ctx.now())
    for _ in range(3):
        app.ctx.now.t += 1 / 30
        app.tick()
    fonts, renders, draws = app.ctx.fonts.created, app.ctx.text.renders, app.draws
    for _ in range(60):
        app.ctx.now.t += 1 / 30
        app.tick()
    assert app.draws == draws + 60  # it animates...
    assert app.ctx.fonts.created == fonts and app.ctx.text.renders == renders  # ...from cached text only


def test_typewriter_reveals_over_time_and_a_key_completes_then_advances():
    app = make_app()
    go_to_story(app)
    story = app.top
    assert story.mode == "line" and not story.textbox.complete
    text = story.textbox.text
    app.ctx.now.t += 0.1
    app.tick()
    shown = story.textbox.shown
    assert 0 < shown < len(text.replace(" ", "")) + len(text)
    renders = app.ctx.text.renders
    app.ctx.now.t += 0.05
    app.tick()
    assert app.ctx.text.renders == renders  # revealing more letters renders nothing new
    press(app, pygame.K_SPACE)
    assert story.textbox.complete and story.textbox.text == text
    press(app, pygame.K_SPACE)
    assert story.textbox.text != text or story.mode != "line"


def test_moving_effects_redraw_only_when_the_picture_changes():
    app = make_app()
    go_to_story(app)
    advance_lines(app)
    story = app.top
    story.effects.clear()
    story.effects.add("shake", 0.3, None, "Your hands shake a little.", app.ctx.now())
    app.tick()
    draws = app.draws
    for _ in range(90):
        app.ctx.now.t += 1 / 30
        app.tick()
    drawn = app.draws - draws
    assert 0 < drawn < 90  # the tremor moves, but repeated offsets are not redrawn


def test_text_cache_keeps_the_wraps_in_use_when_full():
    """Both caches evict the least recently used entry: a wrap used every frame must not be re-wrapped."""
    from game.ui.fonts import FontBank
    from game.ui.textcache import TextCache

    font = FontBank().get("body")
    cache = TextCache(max_items=2)
    first = cache.wrap(font, "the line on screen", 300)
    cache.wrap(font, "another", 300)
    assert cache.wrap(font, "the line on screen", 300) is first  # used again: now the most recent
    cache.wrap(font, "a third", 300)  # evicts "another", not the line in use
    assert cache.wrap(font, "the line on screen", 300) is first
