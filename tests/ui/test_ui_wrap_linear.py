"""Line wrapping is linear in the text's length: a one-word line of 1 MB (which `vantage check` only warns about)
is cut into pieces that fit, measuring each character a bounded number of times; no character stops the window."""
from __future__ import annotations

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ui.textcache import TextCache, drawable, wrap_text


class CountingFont:
    """A real font that counts the characters it is asked to measure, and stops a runaway with an error."""

    def __init__(self, font: pygame.font.Font, budget: int):
        self.font, self.budget, self.measured = font, budget, 0

    def _spend(self, text: str) -> None:
        self.measured += len(text)
        if self.measured > self.budget:
            raise AssertionError(f"measured {self.measured:,} characters: wrapping is not linear")

    def size(self, text: str):
        self._spend(text)
        return self.font.size(text)

    def metrics(self, text: str):
        self._spend(text)
        return self.font.metrics(text)


@pytest.fixture
def font():
    pygame.font.init()
    return pygame.font.Font("assets/fonts/DejaVuSans.ttf", 24)


@pytest.mark.parametrize("text", ["x" * 1_000_000, "w" * 300_000 + " and then " + "i" * 300_000,
                                  "\u0301" * 200_000 + "a"])
def test_a_huge_word_is_cut_in_linear_work(font, text):
    counting = CountingFont(font, budget=12 * len(text))
    lines = wrap_text(counting, text, 900)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(font.size(ln)[0] <= 900 for ln in lines[:200] + lines[-200:])


def _font() -> pygame.font.Font:
    pygame.font.init()
    return pygame.font.Font("assets/fonts/DejaVuSans.ttf", 24)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300), st.integers(20, 700))
def test_every_wrapped_line_fits_and_no_word_is_lost(text, width):
    font = _font()
    lines = wrap_text(font, text, width)
    for ln in lines:
        assert font.size(ln)[0] <= width or len(ln) == 1  # a single glyph wider than the box stands alone
    assert "".join("".join(lines).split()) == "".join(drawable(text).split())


@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "\ud800lone", "\x1b[31m"])
def test_characters_check_refuses_are_drawn_as_a_mark_never_a_crash(font, bad):
    cache = TextCache()
    surf = cache.render(font, bad, (255, 255, 255))
    assert surf.get_width() > 0
    assert all("\x00" not in ln for ln in wrap_text(font, bad, 300))
