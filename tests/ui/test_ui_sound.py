"""Generated sound: ambience per scene mood at the music volume, quieter when hearing is muffled."""
import numpy as np
import pygame

from game.ui.settings import Settings
from game.ui.sound import AMBIENT_SHARE, RATE, Sound, _ambience
from tests.ui.ui_helpers import go_to_story, make_app


def test_ambience_loops_without_a_click_and_stays_soft():
    for mood in ("calm", "tense", "dark"):
        a = _ambience(mood).astype(np.int32)
        assert np.abs(a).max() <= 0.26 * 32767
        # the last sample leads smoothly into the first (no jump bigger than between neighbours)
        assert abs(int(a[-1]) - int(a[0])) <= np.abs(np.diff(a)).max()
        assert len(a) == RATE * 6


def test_story_plays_ambience_and_muffle_lowers_it():
    app = make_app(settings=Settings(music_volume=0.8))
    if not app.ctx.sound.ok:  # the dummy audio driver gives a mixer; a machine without one plays silently
        assert app.ctx.sound.music is None
        return
    go_to_story(app)
    story = app.top
    assert app.ctx.sound.music is not None and app.ctx.sound.music.get_busy()
    # morning-bus scenes bring their own ambient file, mixed under the music volume
    assert abs(app.ctx.sound.music.get_volume() - 0.8 * AMBIENT_SHARE) < 0.02
    story.effects.add("muffle", 1.0, None, "Sounds far away.", app.ctx.now())
    app.tick()
    assert app.ctx.sound.music.get_volume() < 0.4 * AMBIENT_SHARE
    app.ctx.apply_settings(app.ctx.settings.replace(music_volume=0.0))
    assert app.ctx.sound.music.get_volume() == 0.0


def test_sound_off_without_mixer(monkeypatch):
    def broken(*a, **k):
        raise pygame.error("no audio device")
    pygame.mixer.quit()
    monkeypatch.setattr(pygame.mixer, "init", broken)
    s = Sound()
    assert not s.ok
    s.play_ambience("calm")
    s.thump(1.0)
    s.stop()  # nothing raises
