"""Scene pictures: an image under assets/, else a calm backdrop from the mood; never a file outside assets/."""
import pygame

from game.ui.backdrops import Backdrops
from game.ui.display import Display
from game.ui.theme import HIGH_CONTRAST, NORMAL


def test_bundled_background_is_loaded_and_fills_the_canvas():
    Display(size=(1280, 720))
    b = Backdrops()
    pic = b.scene("backgrounds/bus.png", "tense", "bus", NORMAL)
    gen = b.scene(None, "tense", "bus", NORMAL)
    assert pic.get_size() == (1280, 720)
    assert pygame.image.tobytes(pic, "RGB") != pygame.image.tobytes(gen, "RGB")
    # high contrast darkens the picture behind the panels
    dark = b.scene("backgrounds/bus.png", "tense", "bus", HIGH_CONTRAST)
    assert sum(dark.get_at((640, 100))[:3]) < sum(pic.get_at((640, 100))[:3])


def test_missing_or_outside_pictures_fall_back_to_the_mood(caplog):
    Display(size=(1280, 720))
    b = Backdrops()
    gen = pygame.image.tobytes(b.scene(None, "calm", "home", NORMAL), "RGB")
    for bad in ("backgrounds/nope.png", "../narratives/morning-bus.yaml", "/etc/hostname", "fonts/LICENSE-DejaVu.txt"):
        got = b.scene(bad, "calm", "home", NORMAL)
        assert pygame.image.tobytes(got, "RGB") == gen, bad
    assert "not found under assets" in caplog.text or "could not load" in caplog.text


def test_moods_give_different_calm_backdrops():
    Display(size=(1280, 720))
    b = Backdrops()
    calm = b.scene(None, "calm", "x", NORMAL).get_at((640, 360))
    tense = b.scene(None, "tense", "x", NORMAL).get_at((640, 360))
    unknown = b.scene(None, "no-such-mood", "x", NORMAL).get_at((640, 360))
    assert calm != tense and unknown == calm
