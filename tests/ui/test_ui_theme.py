"""Contrast of the themes, computed from the colours the screens actually draw with (WCAG 2.x formula)."""
from game.ui.settings import Settings
from game.ui.theme import HIGH_CONTRAST, NORMAL, blend, contrast_ratio
from tests.ui.ui_helpers import go_to_story, make_app

WHITE = (255, 255, 255)


def test_contrast_formula_known_values():
    assert round(contrast_ratio((0, 0, 0), WHITE), 2) == 21.0
    assert contrast_ratio((120, 120, 120), (120, 120, 120)) == 1.0
    assert round(contrast_ratio((118, 118, 118), WHITE), 1) == 4.5  # the classic AA grey


def _worst_background(theme, name, colour):
    # a translucent panel over the brightest possible picture is the worst case
    if name == "panel" and theme.panel_alpha < 255:
        return blend(colour, WHITE, theme.panel_alpha)
    return colour


def test_high_contrast_text_is_at_least_7_to_1():
    for text_name, text, bg_name, bg in HIGH_CONTRAST.pairs():
        ratio = contrast_ratio(text, _worst_background(HIGH_CONTRAST, bg_name, bg))
        assert ratio >= 7.0, f"{text_name} on {bg_name}: {ratio:.2f}"


def test_normal_theme_text_meets_aa_even_over_a_white_picture():
    for text_name, text, bg_name, bg in NORMAL.pairs():
        ratio = contrast_ratio(text, _worst_background(NORMAL, bg_name, bg))
        assert ratio >= 4.5, f"{text_name} on {bg_name}: {ratio:.2f}"


def test_story_screen_in_high_contrast_draws_with_those_colours():
    """Sample the rendered text box: the panel and the text pixels are the theme's colours, ≥ 7:1 apart."""
    app = make_app(settings=Settings(high_contrast=True))
    go_to_story(app)
    story = app.top
    story.textbox.finish()
    story.draw(app.ctx.canvas)
    box = story.textbox.box
    inner = box.inflate(-8, -8)
    panel_px = tuple(app.ctx.canvas.get_at((inner.x + 2, inner.bottom - 3)))[:3]
    assert panel_px == HIGH_CONTRAST.panel
    line = story.textbox.text_rects[0]
    sub = app.ctx.canvas.subsurface(line)
    seen = {tuple(sub.get_at((x, y)))[:3] for x in range(0, sub.get_width(), 2) for y in range(sub.get_height())}
    assert HIGH_CONTRAST.text in seen or HIGH_CONTRAST.accent in seen
    brightest = max(seen, key=lambda c: sum(c))
    assert contrast_ratio(brightest, panel_px) >= 7.0
