"""Colours of the player (normal and high-contrast themes) and the WCAG contrast ratio computed from them.

Colours are plain RGB tuples so tests can check the contrast of the very colours the screens use.
"""
from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    background: RGB  # screens without a scene picture
    panel: RGB  # text box, menus (drawn opaque enough that the scene never lowers contrast)
    panel_alpha: int  # 255 = opaque
    text: RGB
    muted: RGB  # secondary text (summaries, hints) — still meets the theme's contrast target on `panel`
    accent: RGB  # focus ring, speaker names
    focus_bg: RGB  # the focused menu row
    focus_text: RGB
    thought_panel: RGB  # the inner voice: a different panel and text colour, not only italic
    thought_text: RGB
    locked_text: RGB  # crossed-out choices and their reason
    meter_fill: RGB
    meter_empty: RGB
    caption_bg: RGB
    caption_text: RGB
    # one colour per stat, in order (Anxiety and Energy were the same green); the label and value say it in words
    meter_fills: tuple[RGB, ...] = ()
    # which pairs are text on a background: (text field, background field)
    TEXT_PAIRS = (
        ("text", "panel"), ("muted", "panel"), ("accent", "panel"), ("focus_text", "focus_bg"),
        ("thought_text", "thought_panel"), ("locked_text", "panel"), ("caption_text", "caption_bg"),
        ("text", "background"), ("muted", "background"),
    )

    def pairs(self) -> list[tuple[str, RGB, str, RGB]]:
        return [(t, getattr(self, t), b, getattr(self, b)) for t, b in self.TEXT_PAIRS]


NORMAL = Theme(
    name="normal",
    background=(28, 34, 48),
    panel=(20, 24, 34), panel_alpha=255,  # opaque: contrast never depends on the picture, and fills are cheap
    text=(238, 236, 228),
    muted=(184, 190, 204),
    accent=(255, 206, 120),
    focus_bg=(255, 206, 120),
    focus_text=(20, 24, 34),
    thought_panel=(48, 30, 66),
    thought_text=(232, 214, 255),
    locked_text=(176, 176, 186),
    meter_fill=(120, 200, 170),
    meter_empty=(70, 76, 92),
    caption_bg=(12, 14, 20),
    caption_text=(238, 236, 228),
    meter_fills=((120, 200, 170), (244, 150, 110), (150, 172, 255), (230, 200, 90)),
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    background=(0, 0, 0),
    panel=(0, 0, 0), panel_alpha=255,
    text=(255, 255, 255),
    muted=(235, 235, 235),
    accent=(255, 255, 0),
    focus_bg=(255, 255, 0),
    focus_text=(0, 0, 0),
    thought_panel=(0, 0, 64),
    thought_text=(255, 255, 255),
    locked_text=(220, 220, 220),
    meter_fill=(255, 255, 0),
    meter_empty=(90, 90, 90),
    caption_bg=(0, 0, 0),
    caption_text=(255, 255, 0),
    meter_fills=((255, 255, 0), (0, 255, 255), (255, 140, 255), (255, 255, 255)),
)


def theme_for(high_contrast: bool) -> Theme:
    return HIGH_CONTRAST if high_contrast else NORMAL


def _channel(c: int) -> float:
    s = c / 255.0
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    r, g, b = (_channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio (1..21) between two colours."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def blend(fg: RGB, bg: RGB, alpha: int) -> RGB:
    """The colour seen when `fg` is drawn with `alpha` (0..255) over `bg`."""
    a = alpha / 255.0
    return tuple(round(f * a + g * (1 - a)) for f, g in zip(fg, bg))  # type: ignore[return-value]
