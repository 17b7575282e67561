"""Text-to-speech runs in a subprocess: it never blocks, a new line stops the previous one."""
import sys
import time

import pygame

from game.ui.settings import Settings
from game.ui.tts import Speaker
from tests.ui.ui_helpers import RecordingSpeaker, advance_lines, go_to_story, make_app, press

SLOW = [sys.executable, "-c", "import time, sys; time.sleep(30)"]


def test_say_returns_at_once_and_the_next_line_stops_the_previous():
    sp = Speaker(enabled=True, command=SLOW)
    t0 = time.perf_counter()
    assert sp.say("The bus is late again.")
    assert time.perf_counter() - t0 < 2.0  # did not wait for the 30-second "speech"
    first = sp._proc
    assert sp.speaking
    assert sp.say("Are you getting on or not?")
    assert first.poll() is not None  # killed
    assert sp.speaking and sp.last_text == "Are you getting on or not?"
    sp.stop()
    assert not sp.speaking


def test_disabled_or_missing_voice_says_nothing():
    assert not Speaker(enabled=False, command=SLOW).say("hello")
    sp = Speaker(enabled=True, command=None)
    sp._program = None
    assert not sp.available and not sp.say("hello")
    bad = Speaker(enabled=True, command=["/no/such/program"])
    assert not bad.say("hello")  # a broken voice does not stop the game
    assert not bad.available


def test_the_story_speaks_lines_choices_and_locked_reasons():
    from tests.ui.fakes import FakeNarrative, FakeStory
    speaker = RecordingSpeaker()
    n = FakeNarrative()
    app = make_app(settings=Settings(tts=True), speaker=speaker, catalogue=lambda: [n], new_story=FakeStory,
                   load_story=FakeStory.load)
    go_to_story(app, n.id)
    assert "The bus is late again." in speaker.said[-1]
    advance_lines(app)
    said = speaker.said[-1]
    assert "Choice 1: Wait for the next bus" in said
    assert "out of reach" in said and "Too anxious to speak right now" in said
    press(app, pygame.K_3)  # the locked one
    assert "Too anxious to speak right now" in speaker.said[-1]
    app.ctx.apply_settings(app.ctx.settings.replace(tts=False))
    count = len(speaker.said)
    press(app, pygame.K_DOWN)
    assert len(speaker.said) == count  # silent once switched off


def test_screens_read_themselves_aloud():
    speaker = RecordingSpeaker()
    app = make_app(settings=Settings(tts=True), speaker=speaker)
    from tests.ui.ui_helpers import focus_and_enter
    focus_and_enter(app, "choose")
    focus_and_enter(app, "morning-bus")
    said = speaker.said[-1]
    assert "Before you start" in said and "Anxiety, panic and harsh self-criticism" in said  # the content notes, read out
    press(app, pygame.K_DOWN)
    assert "Another story" in speaker.said[-1]


def test_stat_changes_and_effects_are_spoken_before_the_next_line():
    from tests.ui.fakes import FakeNarrative, FakeStory
    speaker = RecordingSpeaker()
    n = FakeNarrative()
    app = make_app(settings=Settings(tts=True), speaker=speaker, catalogue=lambda: [n], new_story=FakeStory,
                   load_story=FakeStory.load)
    go_to_story(app, n.id)
    advance_lines(app)
    press(app, pygame.K_2)  # the fake raises anxiety to 5 and makes the hands shake
    said = speaker.said[-1]
    assert "Anxiety rises: 5 of 10." in said and "Your hands are shaking." in said
    assert said.endswith("You find a spot on the bus.")
