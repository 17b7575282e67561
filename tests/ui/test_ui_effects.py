"""Perception effects: each changes the picture in its own way, scales with intensity, tones down with
"reduce motion", and nothing changes brightness more than 3 times a second."""
import numpy as np
import pygame
import pytest

from game.ui.effects import MAX_FLASH_HZ, MOVING, Effects

SIZE = (320, 180)


def _scene() -> pygame.Surface:
    s = pygame.Surface(SIZE)
    s.fill((150, 120, 90))
    for x in range(0, SIZE[0], 16):
        pygame.draw.line(s, (240, 240, 240), (x, 0), (x, SIZE[1]), 3)  # detail that blur must soften
    pygame.draw.rect(s, (200, 40, 40), (120, 60, 80, 60))
    return s


def _arr(s):
    return pygame.surfarray.array3d(s).astype(np.float64)


def _static(name, intensity, reduced=False):
    fx = Effects(reduced=reduced)
    fx.add(name, intensity, None, "caption", 0.0)
    s = _scene()
    fx.apply_static(s)
    return _arr(s)


def _lum(a):
    return (0.2126 * a[..., 0] + 0.7152 * a[..., 1] + 0.0722 * a[..., 2])


def test_vignette_darkens_edges_not_centre_and_grows_with_intensity():
    base = _lum(_arr(_scene()))
    weak, strong = _lum(_static("vignette", 0.3)), _lum(_static("vignette", 1.0))
    cx, cy = SIZE[0] // 2, SIZE[1] // 2
    assert strong[0, 0] < weak[0, 0] < base[0, 0]
    assert abs(strong[cx, cy] - base[cx, cy]) < 2


def test_blur_softens_detail_and_desaturate_removes_colour():
    base = _arr(_scene())
    blurred = _static("blur", 0.8)
    assert np.abs(np.diff(_lum(blurred), axis=0)).mean() < 0.6 * np.abs(np.diff(_lum(base), axis=0)).mean()
    grey = _static("desaturate", 1.0)
    spread = lambda a: (a.max(axis=2) - a.min(axis=2)).mean()  # noqa: E731
    assert spread(grey) < 0.1 * spread(base)
    half = _static("desaturate", 0.5)
    assert spread(grey) < spread(half) < spread(base)


def test_intensity_zero_switches_an_effect_off():
    fx = Effects()
    fx.add("blur", 0.7, None, "", 0.0)
    fx.add("blur", 0.0, None, "", 1.0)
    assert "blur" not in fx.active


def test_duration_expires():
    fx = Effects()
    fx.add("heartbeat", 0.5, 6.0, "Your heart is racing.", 10.0)
    assert not fx.expire(15.9) and fx.animating()
    assert fx.expire(16.0) and not fx.animating()


def test_reduced_motion_scales_down_static_and_replaces_moving_with_captions():
    base = _arr(_scene())
    full = np.abs(_static("desaturate", 1.0) - base).mean()
    reduced = np.abs(_static("desaturate", 1.0, reduced=True) - base).mean()
    assert 0 < reduced < 0.5 * full
    fx = Effects(reduced=True)
    for i, name in enumerate(MOVING):
        fx.add(name, 1.0, None, f"caption {i}", 0.0)
    assert not fx.animating()
    assert fx.shake_offset(1.3) == (0, 0) and fx.heartbeat_alpha(0.4) == 0 and fx.intrusive_alpha(1.0) == 0
    assert sorted(fx.captions()) == sorted(f"caption {i}" for i in range(len(MOVING)))
    fx.reduced = False
    assert fx.animating() and fx.captions() == []


def test_muffle_lowers_volume_and_is_always_captioned():
    fx = Effects()
    fx.add("muffle", 1.0, None, "Sounds are far away.", 0.0)
    assert fx.volume_factor() < 0.5
    assert fx.captions() == ["Sounds are far away."]


def _flashes_per_second(values, fps):
    """Count opposing luminance swings of at least 1% of full scale (a generous reading of WCAG's flash)."""
    swings, direction, anchor = 0, 0, values[0]
    for v in values[1:]:
        if direction >= 0 and v < anchor - 2.55:
            swings += direction > 0
            direction, anchor = -1, v
        elif direction <= 0 and v > anchor + 2.55:
            swings += direction < 0
            direction, anchor = 1, v
        else:
            anchor = max(anchor, v) if direction > 0 else min(anchor, v) if direction < 0 else anchor
    return swings / 2 / (len(values) / fps)


@pytest.mark.parametrize("name", ["heartbeat", "intrusive", "shake", "crowd"])
def test_nothing_flashes_faster_than_three_times_a_second(name):
    fx = Effects()
    fx.add(name, 1.0, None, "Everyone is staring.", 0.0)
    fps, seconds = 60, 6
    lums = []
    for k in range(fps * seconds):
        t = k / fps
        s = _scene()
        fx.apply_dynamic(s, t)
        a = fx.intrusive_alpha(t)
        if a:
            overlay = pygame.Surface((200, 40))
            overlay.fill((255, 255, 255))
            overlay.set_alpha(a)
            s.blit(overlay, (50, 50))
        dx, dy = fx.shake_offset(t)
        for (x, y) in fx.crowd_positions(t, 8, pygame.Rect(0, 0, *SIZE)) + [(100 + dx, 100 + dy)]:
            pygame.draw.rect(s, (255, 255, 255), (x, y, 30, 10))
        lums.append(_lum(_arr(s)).mean())
    assert _flashes_per_second(lums, fps) <= MAX_FLASH_HZ


def test_story_screen_effects_do_not_touch_text_box():
    """Effects change the scene picture; the text box is drawn on top, unblurred (only the translucent panel's
    tint may shift by a few levels)."""
    from tests.ui.ui_helpers import go_to_story, make_app
    app = make_app()
    go_to_story(app)
    story = app.top
    story.textbox.finish()
    story.draw(app.ctx.canvas)
    rect = story.textbox.text_rects[0]
    plain = pygame.surfarray.array3d(app.ctx.canvas.subsurface(rect)).astype(int)
    scene_area = pygame.Rect(300, 250, 400, 100)  # picture only: between the top bar and the text box
    scene_before = pygame.surfarray.array3d(app.ctx.canvas.subsurface(scene_area)).astype(int)
    for name in ("blur", "desaturate", "vignette"):
        story.effects.add(name, 1.0, None, "", 0.0)
    story.draw(app.ctx.canvas)
    after = pygame.surfarray.array3d(app.ctx.canvas.subsurface(rect)).astype(int)
    assert np.abs(plain - after).max() <= 12
    scene_after = pygame.surfarray.array3d(app.ctx.canvas.subsurface(scene_area)).astype(int)
    assert np.abs(scene_before - scene_after).mean() > 3  # while the picture behind really changed


def test_whole_story_screen_with_every_effect_does_not_flash():
    """The real screen, every effect at full intensity, sampled 60 times a second for 4 seconds."""
    from game.story.events import PERCEPTION_EFFECTS
    from tests.ui.ui_helpers import go_to_story, make_app
    app = make_app()
    go_to_story(app)
    story = app.top
    story.thoughts.append("Everyone is looking at you.")
    for name in PERCEPTION_EFFECTS:
        story.effects.add(name, 1.0, None, name, app.ctx.now())
    story.textbox.finish()
    lums = []
    for k in range(60 * 4):
        t = app.ctx.now() + k / 60
        story.update(t, 1 / 60)
        story.draw(app.ctx.canvas)
        r, g, b = pygame.transform.average_color(app.ctx.canvas)[:3]
        lums.append(0.2126 * r + 0.7152 * g + 0.0722 * b)
    assert _flashes_per_second(lums, 60) <= MAX_FLASH_HZ


def test_the_flash_counter_catches_real_flashing():
    import math
    fps = 60
    five_hz = [200.0 if (k * 10 // fps) % 2 else 40.0 for k in range(fps * 4)]  # 5 dark-light cycles a second
    slow = [120 + 60 * math.sin(2 * math.pi * 1.1 * k / fps) for k in range(fps * 4)]
    assert _flashes_per_second(five_hz, fps) > MAX_FLASH_HZ
    assert _flashes_per_second(slow, fps) <= MAX_FLASH_HZ


def test_an_effect_the_player_does_not_know_still_shows_its_caption():
    fx = Effects()
    fx.add("tinnitus", 0.8, None, "A high ringing fills your ears.", 0.0)
    assert fx.captions() == ["A high ringing fills your ears."]
    assert not fx.animating()
