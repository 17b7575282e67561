"""The stage in the window, with the bundled story: characters with expressions, the speaker marked without colour
alone, title cards, the fade (none with Reduce motion), sound captions, pauses any key ends, emphasis in real faces
and in the voice."""
import numpy as np
import pygame

from game.story import events as ev
from game.ui.settings import Settings
from game.ui.stage import TITLE_SECONDS
from tests.ui.ui_helpers import RecordingSpeaker, advance_lines, go_to_story, make_app, press


def _to_mum(app):
    """From the alarm to Mum's first line (the story's fourth event that shows words)."""
    story = app.top
    for _ in range(10):
        if story.mode == "line" and story.textbox.speaker == "Mum":
            return story
        press(app, pygame.K_RETURN)
    raise AssertionError("Mum never spoke")


def test_speaker_stands_on_stage_with_expression_and_a_marker():
    app = make_app()
    go_to_story(app)
    story = _to_mum(app)
    assert story.stage.on["mum"].expression == "neutral"
    assert story.textbox.name_mark  # the diamond by the name: a cue that is not colour
    app.ctx.now.t += 10  # past the fade and the title card
    story.t = app.ctx.now()
    face = story.stage.portrait_rects((1280, 720), 720)["mum"].clip(pygame.Rect(0, 0, 1280, 500))
    story.draw(app.ctx.canvas)
    with_mum = pygame.surfarray.array3d(app.ctx.canvas.subsurface(face)).astype(int)
    story.stage.on.clear()
    story._bg_key = None
    story.draw(app.ctx.canvas)
    without = pygame.surfarray.array3d(app.ctx.canvas.subsurface(face)).astype(int)
    assert np.abs(with_mum - without).mean() > 20  # the portrait is really drawn


def test_expression_changes_on_the_next_line_that_asks_for_one():
    app = make_app()
    go_to_story(app)
    story = _to_mum(app)
    press(app, pygame.K_RETURN, 2)  # finish the line, then the menu
    press(app, pygame.K_1)  # get up: to Sam's desk,
    advance_lines(app)
    press(app, pygame.K_2)  # whisper the notes: to the kitchen, where Mum looks worried
    for _ in range(6):
        if story.textbox.text.startswith("You look pale"):
            break
        press(app, pygame.K_RETURN)
    assert story.stage.on["mum"].expression == "worried"


def test_title_card_shows_then_goes_and_reduce_motion_has_no_fade():
    app = make_app()
    go_to_story(app)
    story = app.top
    assert story.stage.title == "Monday, 7:10"
    now = app.ctx.now()
    assert story.stage.busy(now)  # the fade moves
    assert not story.stage.busy(now + 1) and story.stage.next_change(now + 1) is not None  # the card only waits
    assert not story.stage.motion_key(now + TITLE_SECONDS + 6)[1]  # the card has gone
    canvas = pygame.Surface((64, 64))
    canvas.fill((200, 200, 200))
    story.stage.title_at = now
    story.stage.draw_fade(canvas, now)
    assert canvas.get_at((5, 5))[0] < 150  # the new scene comes up out of the dark
    reduced = make_app(settings=Settings(reduce_motion=True))
    go_to_story(reduced)
    canvas.fill((200, 200, 200))
    reduced.top.stage.draw_fade(canvas, reduced.ctx.now())
    assert canvas.get_at((5, 5))[0] == 200  # no fade at all with Reduce motion


def test_sound_cues_are_captioned_and_spoken():
    speaker = RecordingSpeaker()
    app = make_app(settings=Settings(tts=True), speaker=speaker)
    go_to_story(app)
    story = app.top
    captions = [c for c, _ in story.stage.captions]
    assert "Sound: A phone alarm beeps, again and again" in captions
    assert any("A quiet house" in c for c in captions)  # the scene's ambient sound, in words
    assert "Sound: A phone alarm beeps, again and again." in speaker.said[-1]


def test_emphasis_is_drawn_in_italic_and_stressed_by_the_voice():
    speaker = RecordingSpeaker()
    app = make_app(settings=Settings(tts=True), speaker=speaker)
    go_to_story(app)
    story = app.top
    assert story.textbox.text == "The alarm goes off for the third time."
    start = story.textbox.text.index("third")
    assert story.textbox.styles[start:start + 5] == "iiiii" and story.textbox.styles[0] == " "
    assert "<emphasis>third</emphasis>" in speaker.marked[-1]
    story.textbox.finish()
    story.draw(app.ctx.canvas)
    fonts = app.ctx.fonts
    assert (fonts.family, "italic", fonts.size_for("body")) in fonts._fonts  # the real italic face was used
    made = fonts.created
    story.draw(app.ctx.canvas)
    assert fonts.created == made  # and made only once


def _pause_then_line(settings: Settings, text: str):
    """The story screen, given a 3-second pause and then a line, as the runner would."""
    app = make_app(settings=settings)
    go_to_story(app)
    story = app.top
    story.queue.clear()
    story.queue.extend([ev.Pause(3.0, "x.1"), ev.Line("x.2", text, None, None)])
    story.mode = "busy"
    story.process()
    return app, story


def test_a_pause_waits_and_any_key_ends_it():
    app, story = _pause_then_line(Settings(), "After the pause.")
    assert story.mode == "pause"
    app.ctx.now.t += 1.0
    app.tick()
    assert story.mode == "pause"  # still waiting
    press(app, pygame.K_a)  # any key
    assert story.mode == "line" and story.textbox.text == "After the pause."


def test_instant_text_skips_pauses():
    _, story = _pause_then_line(Settings(text_speed="instant"), "At once.")
    assert story.mode == "line" and story.textbox.text == "At once."


def test_two_characters_wanting_the_same_side_do_not_hide_each_other():
    app = make_app()
    go_to_story(app)
    stage = app.top.stage
    stage.on.clear()
    for cid in ("ms-okafor", "jo"):  # both are drawn standing right
        stage.on[cid] = ev.CharacterShown(cid, cid, "neutral", f"portraits/{cid}-neutral.png", "", "right", None)
    rects = stage.portrait_rects((1280, 720), 720)
    assert not rects["ms-okafor"].colliderect(rects["jo"])
    assert rects["ms-okafor"].centerx > 640 > rects["jo"].centerx  # the first keeps its side


def test_after_a_crash_the_stage_comes_back_with_the_story():
    app = make_app()
    go_to_story(app)
    story = _to_mum(app)
    press(app, pygame.K_RETURN, 2)
    press(app, pygame.K_1)  # get up: to Sam's desk,
    advance_lines(app)
    press(app, pygame.K_2)  # whisper the notes: on to the kitchen, where the music starts
    advance_lines(app)
    press(app, pygame.K_3)  # say "I'm fine": saved here, with Mum on stage, the music on and Jo's message to show
    assert app.top.stage.music is not None and app.top.stage.on["mum"].expression == "worried"
    del app, story  # a crash: nothing else is written
    pygame.quit()
    app2 = make_app()
    press(app2, pygame.K_RETURN)  # "continue where you left off"
    story2 = app2.top
    assert story2.name == "story" and "mum" in story2.stage.on  # Mum is still there
    assert story2.stage.music is not None  # and the kitchen's music plays again
